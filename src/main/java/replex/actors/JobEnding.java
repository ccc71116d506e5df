package replex.actors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;

import replex.core.chain.ChainStatistics;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RoundTiming;

/**
 * How an {@link ExchangeCoordinator}'s job ends, and the coordinator's last states. Finished: once a
 * checkpoint write under way has landed (<em>finishing</em>) and, for a cluster job, the result is kept
 * in its shared folder (<em>keeping the result</em>), the client gets the statistics and the
 * {@link JobManager} the end. Suspended at a checkpoint, failed, or cancelled. Each way tells the
 * client and the manager, sends the last draws where there are any, and releases the replicas and
 * hosts. Confined to the coordinator's thread.
 */
final class JobEnding {

    private final ActorContext<ExchangeCoordinator.Command> context;
    private final TimerScheduler<ExchangeCoordinator.Command> timers;
    private final String jobId;
    private final ActorRef<JobClient.Event> client;
    private final ActorRef<JobManager.Command> manager;
    private final Placement placement;
    private final RoundBatches batches;
    private final ChainRun[] runs;
    /** The job's recovery events, shared with the coordinator. */
    private final List<RecoveryEvent> events;
    private final CheckpointWriter writer;
    private final RoundDeadlines deadlines;
    private final int rounds;

    /**
     * @param context the coordinator's context (its log)
     * @param timers the coordinator's timers, cancelled at the end
     * @param jobId the job
     * @param client receives the end
     * @param manager told of the end
     * @param placement releases the replicas
     * @param batches the hosts the job used
     * @param runs the job's chains
     * @param events the job's recovery events
     * @param writer waits for a write under way; keeps the result
     * @param deadlines the job's round times
     * @param rounds the rounds each chain runs
     */
    JobEnding(ActorContext<ExchangeCoordinator.Command> context, TimerScheduler<ExchangeCoordinator.Command> timers,
            String jobId, ActorRef<JobClient.Event> client, ActorRef<JobManager.Command> manager, Placement placement,
            RoundBatches batches, ChainRun[] runs, List<RecoveryEvent> events, CheckpointWriter writer,
            RoundDeadlines deadlines, int rounds) {
        this.context = context;
        this.timers = timers;
        this.jobId = jobId;
        this.client = client;
        this.manager = manager;
        this.placement = placement;
        this.batches = batches;
        this.runs = runs;
        this.events = events;
        this.writer = writer;
        this.deadlines = deadlines;
        this.rounds = rounds;
    }

    /**
     * The checkpoint of the suspension round is written: the job ends as suspended.
     *
     * @param round the suspension round
     * @param file the checkpoint
     * @return the coordinator stopped
     */
    Behavior<ExchangeCoordinator.Command> suspended(long round, Path file) {
        ChainRun.sendNewDraws(runs, client, jobId);
        client.tell(new JobClient.JobSuspended(jobId, round, file.toString()));
        manager.tell(new JobManager.JobEnded(jobId, JobManager.JobState.SUSPENDED, "checkpoint " + file));
        release();
        return Behaviors.stopped();
    }

    /**
     * Every round of every chain is done: the last draws go to the client; a checkpoint write under
     * way is waited for, then the result is kept and announced.
     *
     * @return the coordinator's next state
     */
    Behavior<ExchangeCoordinator.Command> finished() {
        context.getLog().debug("job {}: every round done", jobId);
        ChainRun.sendNewDraws(runs, client, jobId);
        timers.cancelAll();
        if (writer.dropQueued()) {
            // A checkpoint write still under way would land after the caller (or the result below)
            // has removed the job's checkpoints: wait for it.
            return writer.onAnyWritten(Behaviors.receive(ExchangeCoordinator.Command.class), this::keepResult)
                    .onAnyMessage(m -> Behaviors.same())
                    .build();
        }
        return keepResult();
    }

    /** Every round is done and no checkpoint is being written: the result, kept and announced. */
    private Behavior<ExchangeCoordinator.Command> keepResult() {
        if (!writer.keepsResult()) {
            return announceFinished();
        }
        // A cluster job's result stays in its shared folder for `replex fetch` and for a JobManager that
        // takes over; its checkpoints are no longer needed.
        Path dir = writer.keepResult(runs, rounds);
        return writer.onResultKept(Behaviors.receive(ExchangeCoordinator.Command.class), error -> {
                    if (error != null) {
                        context.getLog().error("job {}: cannot keep its result in {}: {} (the client still "
                                + "receives it)", jobId, dir, error.toString());
                    }
                    return announceFinished();
                })
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    private Behavior<ExchangeCoordinator.Command> announceFinished() {
        List<ChainStatistics> statistics = new ArrayList<>();
        for (ChainRun run : runs) {
            statistics.add(run.state.statistics());
        }
        Map<String, Integer> perNode = ChainRun.replicasPerNode(runs);
        String engine = "actors (" + perNode.size() + " node" + (perNode.size() == 1 ? "" : "s") + ")";
        RoundTiming timing = deadlines.timing();
        if (timing != null) {
            context.getLog().debug("job {}: {} chain-rounds, median {} s, 90th percentile {} s", jobId,
                    timing.rounds(), timing.medianSeconds(), timing.p90Seconds());
        }
        client.tell(new JobClient.JobFinished(jobId, statistics, perNode, engine, List.copyOf(events), timing));
        manager.tell(new JobManager.JobEnded(jobId, JobManager.JobState.FINISHED, null));
        release();
        return Behaviors.stopped();
    }

    /**
     * The job fails.
     *
     * @param reason why, for the user
     * @param inputError whether the job's input is at fault
     * @return the coordinator stopped
     */
    Behavior<ExchangeCoordinator.Command> failed(String reason, boolean inputError) {
        client.tell(new JobClient.JobFailed(jobId, reason, inputError));
        manager.tell(new JobManager.JobEnded(jobId, JobManager.JobState.FAILED, reason));
        release();
        return Behaviors.stopped();
    }

    /** @return the coordinator stopped, the job cancelled (the {@link JobManager} asked for it) */
    Behavior<ExchangeCoordinator.Command> cancelled() {
        client.tell(new JobClient.JobFailed(jobId, "cancelled", false));
        release();
        return Behaviors.stopped();
    }

    /** Stops the replicas and lets every host forget the job. */
    private void release() {
        timers.cancelAll();
        placement.release(jobId, List.of(runs), batches.hosts());
    }
}
