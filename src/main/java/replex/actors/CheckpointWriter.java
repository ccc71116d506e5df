package replex.actors;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;

import replex.core.chain.ChainSnapshot;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunState;
import replex.core.replica.ReplicaSnapshot;
import replex.io.CheckpointFile;
import replex.io.JobDirectory;

/**
 * An {@link ExchangeCoordinator}'s files: its checkpoints and, for a cluster job, its result. Takes
 * each chain's snapshots at a snapshot round (the chain's new recovery point, and its part of a
 * checkpoint), has the complete checkpoints ({@link CheckpointQueue}) written one at a time, in round
 * order, on Akka's blocking-I/O dispatcher, tells the client when a write fails and retries it on a
 * timer ({@link ExchangeCoordinator.RetryCheckpoint}); at the end of a cluster job it keeps the result
 * in the job's shared folder ({@link JobDirectory#RESULT_FILE}) and deletes the checkpoints. The
 * outcome of a write comes back to the coordinator as a {@link Written} or {@link ResultKept}.
 * Confined to the coordinator's thread (the writes themselves run off it).
 */
final class CheckpointWriter {

    /** A checkpoint write finished (the coordinator's message to itself; never leaves its node). */
    private record Written(CheckpointFile.Payload payload, Path file, Throwable error)
            implements ExchangeCoordinator.Command {
    }

    /** The result of a cluster job is kept in its shared folder, or could not be (to itself, likewise). */
    private record ResultKept(Throwable error) implements ExchangeCoordinator.Command {
    }

    /** What a state does once a checkpoint is on disk. */
    interface OnDisk {
        /**
         * @param round the checkpoint's round
         * @param file the file written
         * @return the coordinator's next behaviour
         */
        Behavior<ExchangeCoordinator.Command> written(long round, Path file);
    }

    /**
     * Adds to a state the outcome of a checkpoint write: a failed write is told and retried (see
     * {@link #succeeded}), a checkpoint on disk goes to {@code onDisk}.
     *
     * @param state the state's handlers so far
     * @param onDisk what follows a checkpoint on disk
     * @return {@code state}, with the handler
     */
    BehaviorBuilder<ExchangeCoordinator.Command> onWritten(BehaviorBuilder<ExchangeCoordinator.Command> state,
            OnDisk onDisk) {
        return state.onMessage(Written.class,
                m -> succeeded(m) ? onDisk.written(m.payload().state().round(), m.file()) : Behaviors.same());
    }

    /**
     * Adds to a state: any checkpoint write that ends, on disk or not, leads to {@code then}.
     *
     * @param state the state's handlers so far
     * @param then the next behaviour
     * @return {@code state}, with the handler
     */
    BehaviorBuilder<ExchangeCoordinator.Command> onAnyWritten(BehaviorBuilder<ExchangeCoordinator.Command> state,
            Supplier<Behavior<ExchangeCoordinator.Command>> then) {
        return state.onMessage(Written.class, m -> then.get());
    }

    /**
     * Adds to a state the end of {@link #keepResult}: {@code then} gets {@code null}, or why the result
     * could not be kept.
     *
     * @param state the state's handlers so far
     * @param then the next behaviour, from the error or {@code null}
     * @return {@code state}, with the handler
     */
    BehaviorBuilder<ExchangeCoordinator.Command> onResultKept(BehaviorBuilder<ExchangeCoordinator.Command> state,
            Function<Throwable, Behavior<ExchangeCoordinator.Command>> then) {
        return state.onMessage(ResultKept.class, m -> then.apply(m.error()));
    }

    private final ActorContext<ExchangeCoordinator.Command> context;
    private final TimerScheduler<ExchangeCoordinator.Command> timers;
    private final String jobId;
    private final ActorRef<JobClient.Event> client;
    private final ExchangeCoordinator.Checkpoints checkpoints;
    private final EngineTimings timings;
    private final String version;
    private final String[] parameterNames;
    /** The job's recovery events, shared with the coordinator: every checkpoint has those so far. */
    private final List<RecoveryEvent> events;
    private final CheckpointQueue queue;
    private final Executor blockingIo;

    /**
     * @param context the coordinator's context (writes answer it; its log)
     * @param timers the coordinator's timers (for {@link ExchangeCoordinator.RetryCheckpoint})
     * @param jobId the job
     * @param client told when a write fails
     * @param checkpoints where and how often
     * @param timings the pause before a failed write is retried
     * @param version the Replex version written into checkpoints
     * @param parameterNames the target's parameter names, length d
     * @param events the job's recovery events
     * @param queue the checkpoints being assembled and written
     */
    CheckpointWriter(ActorContext<ExchangeCoordinator.Command> context,
            TimerScheduler<ExchangeCoordinator.Command> timers, String jobId, ActorRef<JobClient.Event> client,
            ExchangeCoordinator.Checkpoints checkpoints, EngineTimings timings, String version,
            List<String> parameterNames, List<RecoveryEvent> events, CheckpointQueue queue) {
        this.context = context;
        this.timers = timers;
        this.jobId = jobId;
        this.client = client;
        this.checkpoints = checkpoints;
        this.timings = timings;
        this.version = version;
        this.parameterNames = parameterNames.toArray(new String[0]);
        this.events = events;
        this.queue = queue;
        this.blockingIo = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    }

    /**
     * The chain's reports carry its replicas' snapshots: a new recovery point, and part of a
     * checkpoint, written once every chain has given its part.
     *
     * @param run the chain, its round just completed, its reports still pending
     */
    void recordSnapshot(ChainRun run) {
        long done = run.state.roundsDone();
        int levels = run.levels;
        ReplicaSnapshot[] snapshots = new ReplicaSnapshot[levels];
        for (int r = 0; r < levels; r++) {
            snapshots[r] = run.pending[r].snapshot();
        }
        run.recoveryReplicas = snapshots;
        if (checkpoints.dir() == null) {
            run.recoveryChain = run.state.snapshot(false);
            return;
        }
        ChainSnapshot full = run.state.snapshot(true);
        run.recoveryChain = full.withoutDraws();
        RunState complete = queue.add(done, run.index, full, snapshots);
        if (complete != null) {
            queue.enqueue(payload(complete));
            writeNext();
        }
    }

    private CheckpointFile.Payload payload(RunState state) {
        return new CheckpointFile.Payload(version, checkpoints.jobJson(), Instant.now().toString(), state,
                events.toArray(new RecoveryEvent[0]), parameterNames.clone());
    }

    /** Writes the next queued checkpoint on the blocking-I/O dispatcher, one at a time, in round order. */
    void writeNext() {
        CheckpointFile.Payload payload = queue.next();
        if (payload == null) {
            return;
        }
        Path dir = Path.of(checkpoints.dir());
        CompletableFuture<Path> write = CompletableFuture.supplyAsync(() -> {
            try {
                return CheckpointFile.write(dir, payload);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, blockingIo);
        context.pipeToSelf(write, (file, error) -> new Written(payload, file, error));
    }

    /**
     * A write finished. A failure is told to the client (at the first one) and retried after
     * {@link EngineTimings#checkpointRetry()}.
     *
     * @param m the write's outcome
     * @return whether the checkpoint is on disk; then {@link #unblocks} is to be called
     */
    private boolean succeeded(Written m) {
        if (m.error() == null) {
            context.getLog().debug("job {}: checkpoint {}", jobId, m.file());
            return true;
        }
        long round = m.payload().state().round();
        Throwable cause = m.error() instanceof java.util.concurrent.CompletionException && m.error().getCause() != null
                ? m.error().getCause() : m.error();
        if (cause instanceof java.io.UncheckedIOException u) {
            cause = u.getCause();
        }
        if (queue.failed(m.payload())) {
            String message = "cannot write the checkpoint of round " + round + " to " + checkpoints.dir() + " ("
                    + cause.getMessage() + "). The job is paused and retries every "
                    + timings.checkpointRetry().toSeconds()
                    + " s; free disk space or fix the directory's permissions.";
            context.getLog().error("job {}: {}", jobId, message);
            client.tell(new JobClient.Notice(jobId, message));
        }
        timers.startSingleTimer(ExchangeCoordinator.RetryCheckpoint.INSTANCE, timings.checkpointRetry());
        return false;
    }

    /**
     * The checkpoint of a round is on disk.
     *
     * @param round its round
     * @return whether it was the one that could not be written before (the client is told): the
     *     chains waiting for it may go on
     */
    boolean unblocks(long round) {
        if (!queue.written(round)) {
            return false;
        }
        context.getLog().warn("job {}: checkpoint of round {} written; the job continues", jobId, round);
        client.tell(new JobClient.Notice(jobId, "checkpoint of round " + round + " written; the job continues"));
        return true;
    }

    /** Tries again to write the checkpoint that could not be written. */
    void retry() {
        queue.retry();
        writeNext();
    }

    /**
     * Every round is done: the checkpoints not yet handed out for writing are not needed.
     *
     * @return whether a write is still under way (its {@link Written} is to be waited for)
     */
    boolean dropQueued() {
        queue.dropQueued();
        return queue.writing();
    }

    /** @return whether the job's result is kept in its shared folder (a cluster job's) */
    boolean keepsResult() {
        return checkpoints.shared();
    }

    /**
     * Keeps a cluster job's result in its shared folder, for {@code replex fetch} and for a
     * {@link JobManager} that takes over, and deletes its checkpoints; off the actor's thread, then a
     * {@link ResultKept} follows.
     *
     * @param runs the job's chains, every round done
     * @param rounds the job's rounds
     * @return the folder
     */
    Path keepResult(ChainRun[] runs, long rounds) {
        Path dir = Path.of(checkpoints.dir());
        ChainSnapshot[] finalChains = new ChainSnapshot[runs.length];
        for (int c = 0; c < finalChains.length; c++) {
            finalChains[c] = runs[c].state.snapshot(true);
        }
        CheckpointFile.Payload result = payload(new RunState(rounds, finalChains, new ReplicaSnapshot[0]));
        ResultFolder.keep(context, blockingIo, dir, file -> CheckpointFile.writeTo(file, result), ResultKept::new);
        return dir;
    }
}
