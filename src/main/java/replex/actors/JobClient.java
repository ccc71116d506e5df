package replex.actors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;

import replex.core.ConfigurationException;
import replex.core.SamplerSettings;
import replex.core.chain.ChainStatistics;
import replex.core.engine.ProgressListener;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunResult;
import replex.core.engine.RunStoppedException;

/**
 * The client's side of one job: finds the {@link JobManager} through the Receptionist, submits
 * the job, feeds progress to a listener, collects the streamed draws of every chain and completes
 * a future with the {@link RunResult} (or the reason of the rejection or failure). Used by
 * {@code replex submit} on a client node and by {@code replex run} in its own one-node cluster.
 * What it shares with {@link OptimizeClient} is in {@link JobLink}; the draws are collected by a
 * {@link DrawStream}; a fetching client is a {@link JobFetch} until it knows the job.
 */
public final class JobClient extends AbstractBehavior<JobClient.Event> {

    /** Messages a job client receives. */
    public interface Event extends JsonSerializable {
    }

    /**
     * The job was admitted and its coordinator started.
     *
     * @param jobId the job's id in the cluster
     * @param parameterNames the target's parameter names, length d
     * @param jobJson the effective job as JSON (a fetching client learns the job from it); may be null
     * @param coordinator the job's coordinator, which the client watches; {@code null} for a fetched result
     */
    public record JobAccepted(String jobId, List<String> parameterNames, String jobJson,
            ActorRef<ExchangeCoordinator.Command> coordinator) implements Event {
    }

    /**
     * The job was admitted and belongs to the client it is sent to: the token cancels it and shows
     * its reasons in {@code replex status} ({@link JobManager.CancelJob}, {@link JobManager.GetStatus}).
     * The job manager keeps only the token's hash.
     *
     * @param jobId the job's id in the cluster
     * @param cancelToken the job's cancel token
     */
    public record JobOwned(String jobId, String cancelToken) implements Event {
    }

    /**
     * The job was not admitted.
     *
     * @param reason why, naming the key or the node
     */
    public record JobRejected(String reason) implements Event {
    }

    /**
     * @param jobId the job
     * @param roundsDone rounds completed by every chain
     * @param totalRounds rounds in the job
     * @param jobSeconds seconds since the job's coordinator started, when it sent this
     */
    public record Progress(String jobId, long roundsDone, long totalRounds, double jobSeconds) implements Event {
    }

    /**
     * Draws of one level of one chain, in order: rows {@code firstDraw} … {@code firstDraw +
     * rows.length/width − 1}.
     *
     * @param jobId the job
     * @param chain the chain index
     * @param level the level: 0 (β = 1), or with {@code output.all-levels} 0 … K−1
     * @param firstDraw index of the first row within the chain's level
     * @param width row width d + 2 + m
     * @param rows row-major values
     * @param metadata the rows' metadata ({@code output.draws-metadata}), n per row, row-major; empty
     *     (or {@code null}) when the job records none
     */
    public record DrawsAppended(String jobId, int chain, int level, int firstDraw, int width, double[] rows,
            String[] metadata) implements Event {
    }

    /**
     * Every round of every chain is done and every draw has been sent.
     *
     * @param jobId the job
     * @param chains the statistics of each chain, in chain order
     * @param replicasPerNode replicas hosted by each node
     * @param engine a description of the engine
     * @param events what the job recovered from, in order (may be empty)
     * @param roundTiming how long the rounds took, or {@code null} (a fetched result)
     */
    public record JobFinished(String jobId, List<ChainStatistics> chains, Map<String, Integer> replicasPerNode,
            String engine, List<RecoveryEvent> events, replex.core.engine.RoundTiming roundTiming) implements Event {
    }

    /**
     * The job stopped without finishing.
     *
     * @param jobId the job
     * @param reason what happened
     * @param inputError true if the job's input is at fault
     */
    public record JobFailed(String jobId, String reason, boolean inputError) implements Event {
    }

    /**
     * The job stopped on request after writing a checkpoint; it can be resumed from it.
     *
     * @param jobId the job
     * @param round the rounds done and checkpointed
     * @param checkpoint the checkpoint file
     */
    public record JobSuspended(String jobId, long round, String checkpoint) implements Event {
    }

    /**
     * The job asked for by {@code replex fetch} has not finished yet.
     *
     * @param jobId the job
     * @param state its state (see {@link JobManager.JobStatus})
     * @param roundsDone rounds done by every chain
     * @param rounds rounds in the job
     */
    public record FetchPending(String jobId, String state, long roundsDone, long rounds) implements Event {
    }

    /**
     * Something the user should know while the job runs (e.g. checkpoints cannot be written and the
     * job is paused); printed on the client's stderr.
     *
     * @param jobId the job
     * @param message one sentence
     */
    public record Notice(String jobId, String message) implements Event {
    }

    /** As {@link DrawStream#send}: a chain's draws from row {@code from} on; returns the rows sent per level. */
    static int sendDraws(ActorRef<Event> client, String jobId, replex.core.chain.ChainState chain, int from) {
        return DrawStream.send(client, jobId, chain, from);
    }

    /** Asks the job to write a checkpoint and stop (sent by the local engine, e.g. on Ctrl-C). */
    public enum Suspend implements Event {
        /** The request. */
        INSTANCE
    }

    private final JobLink link;
    /** Told the job's id when the job is admitted (a submitting client); may be null. */
    private final Consumer<String> onAccepted;
    private final ProgressListener listener;
    private final CompletableFuture<RunResult> result;
    private final DrawStream draws;
    private boolean suspendWanted;

    private JobClient(ActorContext<Event> context, TimerScheduler<Event> timers, SamplerSettings settings,
            ProgressListener listener, CompletableFuture<RunResult> result, Consumer<String> onAccepted,
            Consumer<JobOwned> onOwned, BiConsumer<String, String> onNotice) {
        super(context);
        this.link = new JobLink(context, timers, result, this::fail,
                "the job's coordinator stopped without finishing the job (see the log above)",
                "; the draws received so far are not written", onOwned, onNotice);
        this.listener = listener;
        this.result = result;
        this.onAccepted = onAccepted;
        this.draws = new DrawStream(settings);
    }

    private static Behavior<Event> start(SamplerSettings settings, ProgressListener listener,
            CompletableFuture<RunResult> result, Consumer<String> onAccepted, Consumer<JobOwned> onOwned,
            BiConsumer<String, String> onNotice, Consumer<JobClient> setUp) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            JobClient client = new JobClient(ctx, timers, settings, listener, result, onAccepted, onOwned, onNotice);
            setUp.accept(client);
            return client;
        }));
    }

    /** Sets a client up to submit the job to the job manager it finds ({@link JobLink#find}). */
    private static Consumer<JobClient> submitting(String jobJson, String checkpointDir, boolean resume,
            Duration findTimeout) {
        return c -> c.link.find(new JobManager.SubmitJob(jobJson, c.getContext().getSelf(), checkpointDir, resume),
                false, findTimeout);
    }

    /**
     * @param jobJson the effective job ({@code job} and {@code output} blocks) as JSON
     * @param settings the job's sampling settings (parsed by the client from the same job)
     * @param listener progress
     * @param result completed with the run's result; exceptionally with a {@link ConfigurationException}
     *     if the job was rejected, or an {@link IllegalStateException} if it failed
     * @param findTimeout how long to look for the JobManager before giving up
     * @return the behaviour
     */
    public static Behavior<Event> create(String jobJson, SamplerSettings settings, ProgressListener listener,
            CompletableFuture<RunResult> result, Duration findTimeout) {
        return create(jobJson, null, false, settings, listener, result, findTimeout);
    }

    /**
     * As {@link #create(String, SamplerSettings, ProgressListener, CompletableFuture, Duration)}, and
     * tells {@code onAccepted} the job's id once the cluster has admitted the job, {@code onOwned} the
     * job's cancel token when the job manager issues it, and {@code onNotice} the job's notices for the user.
     *
     * @param jobJson the effective job as JSON
     * @param settings the job's sampling settings
     * @param listener progress
     * @param result completed with the run's result, as for the other factory
     * @param findTimeout how long to look for the JobManager
     * @param onAccepted called once with the job's id; may be null
     * @param onOwned called once, on the client's actor thread, with the job's id and cancel token; may
     *     be null; must be quick
     * @param onNotice called on the client's actor thread with the job's id and a notice for the user (a
     *     checkpoint that cannot be written, and then can); may be null (the notices are then only logged);
     *     must be quick
     * @return the behaviour
     */
    public static Behavior<Event> create(String jobJson, SamplerSettings settings, ProgressListener listener,
            CompletableFuture<RunResult> result, Duration findTimeout,
            Consumer<String> onAccepted, Consumer<JobOwned> onOwned, BiConsumer<String, String> onNotice) {
        return start(settings, listener, result, onAccepted, onOwned, onNotice,
                submitting(jobJson, null, false, findTimeout));
    }

    /**
     * A client whose job checkpoints into a given directory, or resumes from it.
     *
     * @param jobJson the effective job as JSON
     * @param checkpointDir where the job's coordinator writes checkpoints: a relative subfolder of the
     *     nodes' {@code replex.checkpoint-dir} (the nodes refuse anything else), or {@code null} for the
     *     cluster's default
     * @param resume whether the job continues from the newest checkpoint in {@code checkpointDir}
     * @param settings the job's sampling settings
     * @param listener progress
     * @param result completed with the run's result; exceptionally with a {@link RunStoppedException}
     *     if the job was suspended
     * @param findTimeout how long to look for the JobManager
     * @return the behaviour
     */
    public static Behavior<Event> create(String jobJson, String checkpointDir, boolean resume,
            SamplerSettings settings, ProgressListener listener, CompletableFuture<RunResult> result,
            Duration findTimeout) {
        return start(settings, listener, result, null, null, null,
                submitting(jobJson, checkpointDir, resume, findTimeout));
    }

    /**
     * The client of a job whose coordinator runs beside it in the same JVM ({@code replex run}): no
     * JobManager to find. Send it {@link WatchJob} with the coordinator, so that a coordinator that
     * stops without an answer fails the run instead of leaving it waiting.
     *
     * @param settings the job's sampling settings
     * @param listener progress
     * @param result completed with the run's result
     * @param onNotice told the job's id and a notice (a checkpoint that cannot be written, and then can);
     *     may be null (then only logged)
     * @return the behaviour
     */
    public static Behavior<Event> direct(SamplerSettings settings, ProgressListener listener,
            CompletableFuture<RunResult> result, BiConsumer<String, String> onNotice) {
        return start(settings, listener, result, null, null, onNotice, c -> { });
    }

    /**
     * Watch the job's coordinator (a one-JVM run).
     *
     * @param coordinator the job's coordinator
     */
    public record WatchJob(ActorRef<ExchangeCoordinator.Command> coordinator) implements Event {
    }

    /**
     * A client that collects the result of a job submitted earlier (by any client), waiting while
     * it runs.
     *
     * @param jobId the job
     * @param listener progress while the job runs
     * @param result completed with a sampling job's result; exceptionally with a {@link ConfigurationException}
     *     if no such job is known, or an {@link IllegalStateException} if it failed or was cancelled
     * @param optimized completed with an optimize job's outcome instead (the client becomes an
     *     {@link OptimizeClient#fetched}), or exceptionally as {@code result}; {@code null}: an optimize
     *     job fails {@code result}
     * @param job completed with the effective job (JSON) when the result starts to arrive
     * @param findTimeout how long to look for the JobManager
     * @return the behaviour
     */
    public static Behavior<Event> fetch(String jobId, ProgressListener listener, CompletableFuture<RunResult> result,
            CompletableFuture<OptimizeClient.Outcome> optimized, CompletableFuture<String> job, Duration findTimeout) {
        return JobFetch.create(jobId, listener, result, optimized, job, findTimeout);
    }

    /**
     * A fetching client ({@link JobFetch}) that learnt that its job is a finished sampling job:
     * receives the job's draws and end as its submitting client did.
     *
     * @param accepted the job manager's answer: the job's id and parameter names
     * @param settings the job's sampling settings, from its effective job
     * @param listener progress
     * @param result completed with the run's result
     * @return the behaviour
     */
    static Behavior<Event> fetched(JobAccepted accepted, SamplerSettings settings, ProgressListener listener,
            CompletableFuture<RunResult> result) {
        return start(settings, listener, result, null, null, null, c -> c.onAccepted(accepted)); // a finished job
    }

    @Override
    public Receive<Event> createReceive() {
        return link.handlers(newReceiveBuilder())
                .onMessage(JobAccepted.class, this::onAccepted)
                .onMessage(Progress.class, this::onProgress)
                .onMessage(DrawsAppended.class, m -> {
                    String failure = draws.append(m);
                    return failure == null ? this : fail(failure);
                })
                .onMessage(JobFinished.class, this::onFinished)
                .onMessage(JobSuspended.class, m -> {
                    result.completeExceptionally(new RunStoppedException(m.round()));
                    return Behaviors.stopped();
                })
                .onMessageEquals(Suspend.INSTANCE, () -> {
                    suspendWanted = true;
                    suspendIfWanted();
                    return this;
                })
                .build();
    }

    /** Asks the job manager to suspend the job if {@link Suspend} came, once both are known. */
    private void suspendIfWanted() {
        if (suspendWanted && link.jobId() != null && link.manager() != null) {
            link.manager().tell(new JobManager.SuspendJob(link.jobId()));
        }
    }

    private Behavior<Event> onAccepted(JobAccepted m) {
        if (!link.accept(m)) {
            return this; // the job restarted elsewhere: the draws received so far stay
        }
        if (onAccepted != null) {
            try {
                onAccepted.accept(link.jobId());
            } catch (RuntimeException e) {
                return fail("the job-accepted listener failed: " + e);
            }
        }
        suspendIfWanted();
        draws.open(m.parameterNames());
        return this;
    }

    private Behavior<Event> onProgress(Progress m) {
        try {
            listener.progressed(m.roundsDone(), m.totalRounds(), m.jobSeconds());
        } catch (RuntimeException e) { // a broken listener must not leave the caller waiting forever
            return fail("the progress listener failed: " + e);
        }
        return this;
    }

    private Behavior<Event> onFinished(JobFinished m) {
        String failure = draws.missing();
        if (failure != null) {
            return fail(failure);
        }
        result.complete(draws.result(m));
        return Behaviors.stopped();
    }

    private Behavior<Event> fail(String message) {
        result.completeExceptionally(new IllegalStateException("job " + link.jobId() + ": " + message));
        return Behaviors.stopped();
    }
}
