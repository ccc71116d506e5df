package replex.actors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;

import replex.core.SamplerSettings;
import replex.core.chain.ChainState;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunState;
import replex.io.CheckpointFile;
import replex.io.JobDirectory;

/**
 * Runs one job: initialises its C × K replicas (through a {@link Placement}), then drives every
 * chain round by round with the batched round protocol. Whenever chains are ready for their next
 * round, the coordinator sends each {@link ReplicaHost} that holds some of their replicas one
 * {@link ReplicaHost.RunRounds} with all their instructions, and each host answers once
 * ({@link RoundsDone}). When all K replicas of a chain have reported, the chain's {@link ChainState}
 * (core) records the round and decides the swaps, exactly as in the sequential engine; chains do not
 * wait for each other. Reports are merged in replica order, never arrival order, so the result does
 * not depend on scheduling, on the number of workers or nodes, or on failures.
 *
 * <p>A job always finishes or fails: a round that gets no answer and no sign of life within its
 * deadline ({@link EngineTimings}) is replayed from the chain's newest snapshot (with identical
 * output), a replica lost with its node is re-created from it, a replica that never answers its
 * initialisation or a round that keeps failing fails the job with a message naming the replica and
 * its node. Checkpoint files are written off the actor's thread, on Akka's blocking-I/O dispatcher.
 *
 * <p>The coordinator's states are behaviours: <em>initialising</em> (replicas being created; a
 * suspension waits in a stash), <em>running</em>, <em>suspending</em> (running towards the round of a
 * suspension checkpoint), <em>finishing</em> (every round done, waiting for a checkpoint write under
 * way) and, for a cluster job, <em>keeping the result</em> (writing it to the shared folder) before
 * it stops. A chain whose replicas are being re-created after a loss is a state of
 * that chain ({@link ChainRun}), not of the job: the other chains go on.
 *
 * <p>Progress and the kept draws stream to the job's client as they come ({@link JobClient}
 * events), the statistics at the end.
 *
 * <p>This class holds the protocol, the states and the message flow; the work is done by its parts,
 * package-private and confined to its thread: {@link RoundBarrier} (starting rounds, collecting the
 * reports, completing a chain's round, progress), {@link ReplicaRecovery} (creating the replicas,
 * readiness, replaying a chain after a loss), {@link RoundDeadlines} (round times, signs of life,
 * deadlines), {@link CheckpointWriter} (checkpoints, the kept result) and {@link JobEnding} (the end).
 */
public final class ExchangeCoordinator {

    /** Progress is reported this many times over a job (and the draws flushed with it). */
    static final int PROGRESS_STEPS = 500;
    /** Doubles per {@link JobClient.DrawsAppended} message: keeps JSON frames well under Artery's limit. */
    static final int MAX_VALUES_PER_CHUNK = 8192;
    /** Messages held while initialising (only {@link Suspend}; a repeat beyond this is dropped). */
    private static final int STASH_CAPACITY = 16;

    /** Messages the coordinator accepts. */
    public interface Command extends KryoSerializable {
    }

    /**
     * A replica has its initial state.
     *
     * @param chain the chain index
     * @param replica the replica index
     * @param node the address of the node hosting it
     * @param host the node's {@link ReplicaHost}, which runs its rounds
     * @param entity the replica's sharded entity, or {@code null} in a one-JVM run
     * @param epoch the chain's epoch it was created for
     */
    public record ReplicaReady(int chain, int replica, String node, ActorRef<ReplicaHost.Command> host,
            ActorRef<ReplicaActor.Command> entity, int epoch) implements Command {
    }

    /**
     * A host ran a batch of rounds.
     *
     * @param node the host's node address
     * @param batch the batch number of the {@link ReplicaHost.RunRounds} it answers
     * @param results one per item of the batch, in the batch's order
     */
    public record RoundsDone(String node, long batch, ReplicaHost.Result[] results) implements Command {
    }

    /**
     * A host is still running these batches: their rounds are not lost.
     *
     * @param node the host's node address
     * @param batches the batch numbers
     */
    public record HostBusy(String node, long[] batches) implements Command {
    }

    /**
     * A replica could not initialise or run.
     *
     * @param chain the chain index
     * @param replica the replica index, −1 if unknown
     * @param message what went wrong
     * @param inputError true if the job's input is at fault (bad target or initial state)
     */
    public record ReplicaFailed(int chain, int replica, String message, boolean inputError) implements Command {
    }

    /** Stop the job (from the {@link JobManager}). */
    public enum Cancel implements Command {
        INSTANCE
    }

    /** Write a checkpoint as soon as every chain can reach the same round, then stop (from the {@link JobManager}). */
    public enum Suspend implements Command {
        INSTANCE
    }

    /**
     * A node left the cluster (from the coordinator's membership subscription; local only).
     *
     * @param node the node's address
     */
    public record NodeRemoved(String node) implements Command {
    }

    /**
     * A node became unreachable or reachable again (membership subscription; local only).
     *
     * @param node the node's address
     * @param reachable whether it is reachable now
     */
    public record NodeReachability(String node, boolean reachable) implements Command {
    }

    /** Send Initialize again to replicas that have not answered (the coordinator's own timer; local only). */
    public enum RetryInitialize implements Command {
        /** The timer message. */
        INSTANCE
    }

    /** Try again to write the checkpoint that failed (the coordinator's own timer; local only). */
    public enum RetryCheckpoint implements Command {
        /** The timer message. */
        INSTANCE
    }

    /** Look for rounds past their deadline (the coordinator's own timer; local only). */
    public enum CheckDeadlines implements Command {
        /** The timer message. */
        INSTANCE
    }

    /**
     * Where and how often the job's checkpoints are written.
     *
     * @param dir the checkpoint directory, reachable from this node, or {@code null} for none (replica
     *     snapshots are then kept in memory only, for recovery after a node loss)
     * @param every rounds between checkpoints and replica snapshots; 0 = none
     * @param jobJson the effective job as JSON, stored in every checkpoint
     * @param start the checkpoint the job continues from (read by the caller, off any actor's
     *     thread), or {@code null} for a fresh start
     * @param shared whether {@code dir} is the job's folder in the cluster's shared checkpoint
     *     directory: the result is then kept there ({@link JobDirectory#RESULT_FILE}) for {@code replex fetch}
     * @param restart whether the job is being restarted because its coordinator was lost
     */
    public record Checkpoints(String dir, int every, String jobJson, CheckpointFile.Loaded start, boolean shared,
            boolean restart) {
        /** No checkpoints, no snapshots. */
        public static final Checkpoints NONE = new Checkpoints(null, 0, null, null, false, false);
    }

    private final String jobId;
    private final SamplerSettings settings;
    private final ActorRef<JobManager.Command> manager;
    private final Checkpoints checkpoints;
    private final ChainRun[] runs;
    private final ReplicaRecovery recovery;
    private final RoundDeadlines deadlines;
    private final CheckpointWriter writer;
    private final RoundBarrier barrier;
    private final JobEnding ending;
    private final ActorContext<Command> context;
    /** Holds a {@link Suspend} that arrives while the replicas are being created. */
    private final StashBuffer<Command> stash;

    private ExchangeCoordinator(ActorContext<Command> context, TimerScheduler<Command> timers,
            StashBuffer<Command> stash, String jobId,
            SamplerSettings settings, String targetJson, int dimension, List<String> parameterNames,
            ActorRef<JobClient.Event> client, ActorRef<JobManager.Command> manager, Checkpoints checkpoints,
            Placement placement, EngineTimings timings, String version) {
        this.context = context;
        this.stash = stash;
        this.jobId = jobId;
        this.settings = settings;
        this.manager = manager;
        this.checkpoints = checkpoints;
        CheckpointQueue checkpointQueue = new CheckpointQueue(settings.chains(), settings.levels());
        RoundBatches batches = new RoundBatches(settings.chains(), settings.levels());
        List<RecoveryEvent> events = new ArrayList<>();
        RunState start = ReplicaRecovery.startState(context, placement.clustered(), jobId, checkpoints, settings,
                dimension, events);
        client.tell(new JobClient.JobAccepted(jobId, parameterNames, checkpoints.jobJson(), context.getSelf()));
        this.runs = ReplicaRecovery.startingRuns(settings, dimension, start);
        this.recovery = new ReplicaRecovery(context, timers, jobId, settings, targetJson, dimension, runs, placement,
                batches, timings, events);
        this.deadlines = new RoundDeadlines(runs, settings.levels(), timings, recovery);
        this.writer = new CheckpointWriter(context, timers, jobId, client, checkpoints, timings, version,
                parameterNames, events, checkpointQueue);
        this.barrier = new RoundBarrier(context, jobId, client, manager, runs, settings.rounds(), checkpoints.every(),
                batches, checkpointQueue, writer, deadlines, recovery);
        this.ending = new JobEnding(context, timers, jobId, client, manager, placement, batches, runs, events, writer,
                deadlines, settings.rounds());
        for (ChainRun run : runs) {
            recovery.initialize(run);
        }
        if (placement.clustered()) {
            ReplicaRecovery.watchMembership(context);
        }
        timers.startTimerWithFixedDelay(CheckDeadlines.INSTANCE, timings.deadlineCheck());
    }

    /**
     * @param jobId unique id of the job (part of every replica's entity id)
     * @param settings the sampling settings
     * @param targetJson the job's {@code target} block as JSON
     * @param dimension the target's dimension d
     * @param parameterNames the target's parameter names, length d
     * @param client receives the job's events
     * @param manager told when the job starts, progresses and ends
     * @param checkpoints where and how often to checkpoint, and whether to resume
     * @param placement where the replicas are created
     * @param timings deadlines and retries
     * @param version the Replex version written into checkpoints
     * @return the behaviour
     */
    static Behavior<Command> create(String jobId, SamplerSettings settings, String targetJson, int dimension,
            List<String> parameterNames, ActorRef<JobClient.Event> client, ActorRef<JobManager.Command> manager,
            Checkpoints checkpoints, Placement placement, EngineTimings timings, String version) {
        return Behaviors.withTimers(timers -> Behaviors.withStash(STASH_CAPACITY, stash -> Behaviors.setup(ctx -> {
            try {
                return new ExchangeCoordinator(ctx, timers, stash, jobId, settings, targetJson, dimension,
                        parameterNames, client, manager, checkpoints, placement, timings, version).initialising();
            } catch (IllegalArgumentException e) {
                String reason = "cannot resume: " + e.getMessage();
                client.tell(new JobClient.JobFailed(jobId, reason, true));
                manager.tell(new JobManager.JobEnded(jobId, JobManager.JobState.FAILED, reason));
                return Behaviors.stopped();
            }
        })));
    }

    // ---------------------------------------------------------------- the coordinator's states

    /**
     * Initialising: the replicas are being created (or restored from the checkpoint). A {@link Suspend}
     * waits in the stash for the rounds to start. Becomes {@link #running()} once every replica of
     * every chain is ready.
     */
    private Behavior<Command> initialising() {
        return Behaviors.receive(Command.class)
                .onMessage(ReplicaReady.class, this::onReplicaReadyInitialising)
                .onMessageEquals(Suspend.INSTANCE, () -> {
                    if (!stash.isFull()) {
                        stash.stash(Suspend.INSTANCE);
                    }
                    return Behaviors.same();
                })
                .onMessageEquals(RetryInitialize.INSTANCE, () -> goOnUnless(recovery.retryInitialize()))
                .onMessage(ReplicaFailed.class, this::onReplicaFailed)
                .onMessage(NodeRemoved.class, m -> goOnUnless(recovery.nodeRemoved(m.node())))
                .onMessage(NodeReachability.class, m -> goOn(() -> recovery.reachability(m)))
                .onMessageEquals(Cancel.INSTANCE, ending::cancelled)
                .onAnyMessage(m -> Behaviors.same()) // deadline checks and stale replies: no round is in flight
                .build();
    }

    /** Running: chains go round by round; a {@link Suspend} makes it {@link #suspending()}. */
    private Behavior<Command> running() {
        // A suspension needs a checkpoint directory; close to the end, finishing is quicker.
        return rounds().onMessageEquals(Suspend.INSTANCE,
                () -> checkpoints.dir() != null && barrier.suspend() ? suspending() : Behaviors.same()).build();
    }

    /**
     * Suspending: as running, but every chain halts at the round {@link RoundBarrier#suspendAt()},
     * whose checkpoint, once written, ends the job as suspended.
     */
    private Behavior<Command> suspending() {
        return rounds().onMessageEquals(Suspend.INSTANCE, Behaviors::same).build();
    }

    /** What running and suspending have in common. */
    private BehaviorBuilder<Command> rounds() {
        return writer.onWritten(Behaviors.receive(Command.class)
                .onMessage(ReplicaReady.class, this::onReplicaReadyRunning)
                .onMessage(RoundsDone.class, this::onRoundsDone)
                .onMessage(HostBusy.class, m -> goOn(() -> deadlines.hostBusy(m)))
                .onMessage(ReplicaFailed.class, this::onReplicaFailed)
                .onMessage(NodeRemoved.class, m -> goOnUnless(recovery.nodeRemoved(m.node())))
                .onMessage(NodeReachability.class, m -> goOn(() -> recovery.reachability(m))),
                        this::onCheckpointWritten)
                .onMessageEquals(CheckDeadlines.INSTANCE, () -> goOnUnless(deadlines.check()))
                .onMessageEquals(Cancel.INSTANCE, ending::cancelled)
                .onMessageEquals(RetryCheckpoint.INSTANCE, () -> goOn(writer::retry))
                .onMessageEquals(RetryInitialize.INSTANCE, () -> goOnUnless(recovery.retryInitialize()));
    }

    /** @return the current state, after {@code step} (which cannot end the job) */
    private static Behavior<Command> goOn(Runnable step) {
        step.run();
        return Behaviors.same();
    }

    /**
     * @param failure why the job fails, or {@code null}
     * @return the current state (the job goes on), or the job failed
     */
    private Behavior<Command> goOnUnless(String failure) {
        return failure == null ? Behaviors.same() : ending.failed(failure, false);
    }

    // ---------------------------------------------------------------- the handlers

    private Behavior<Command> onReplicaReadyInitialising(ReplicaReady m) {
        if (!recovery.recordReady(m) || !recovery.allReady()) {
            return Behaviors.same();
        }
        context.getLog().debug("job {}: all {} replicas ready", jobId, runs.length * settings.levels());
        manager.tell(new JobManager.JobStarted(jobId, ChainRun.replicasPerNode(runs)));
        barrier.start(List.of(runs));
        return stash.unstashAll(running());
    }

    /** A chain's replicas were re-created after a replay: the chain continues. */
    private Behavior<Command> onReplicaReadyRunning(ReplicaReady m) {
        if (recovery.recordReady(m)) {
            barrier.start(List.of(runs[m.chain()]));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onRoundsDone(RoundsDone m) {
        String failure = barrier.roundsDone(m);
        return failure == null && barrier.finished() ? ending.finished() : goOnUnless(failure);
    }

    private Behavior<Command> onCheckpointWritten(long round, Path file) {
        if (writer.unblocks(round)) {
            barrier.startHalted();
        }
        if (round == barrier.suspendAt()) {
            return ending.suspended(round, file);
        }
        writer.writeNext();
        return Behaviors.same();
    }

    private Behavior<Command> onReplicaFailed(ReplicaFailed m) {
        String where = "chain " + m.chain() + (m.replica() >= 0 ? ", replica " + m.replica() : "");
        return ending.failed(m.message() + " [" + where + "]", m.inputError());
    }
}
