package replex.actors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;

import replex.core.SamplerSettings;
import replex.core.chain.ChainSnapshot;
import replex.core.chain.ChainState;
import replex.core.chain.ChainStatistics;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RoundTiming;
import replex.core.engine.RunState;
import replex.core.replica.ReplicaSnapshot;
import replex.core.replica.RoundReport;
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

    /** A checkpoint write finished (local only). */
    private record CheckpointWritten(CheckpointFile.Payload payload, Path file, Throwable error) implements Command {
    }

    /** The result of a cluster job is kept in its shared folder, or could not be (local only). */
    private record ResultKept(Throwable error) implements Command {
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
    private final String targetJson;
    private final int dimension;
    private final List<String> parameterNames;
    private final ActorRef<JobClient.Event> client;
    private final ActorRef<JobManager.Command> manager;
    private final Checkpoints checkpoints;
    private final Placement placement;
    private final EngineTimings timings;
    private final String selfNode;
    private final String version;
    private final int levels;
    private final ChainRun[] runs;
    /** The hosts the job uses and the batches of instructions put together for them. */
    private final RoundBatches batches;
    private final Set<String> unreachable = new LinkedHashSet<>();
    /** Checkpoints being assembled (by round) and written (one at a time, in round order). */
    private final CheckpointQueue checkpointQueue;
    /** The unwritten checkpoint's round for which {@link #tellIfAllWaitForCheckpoint} has spoken, or −1. */
    private long toldAllWaitingAt = -1;
    private final Executor blockingIo;
    private final List<RecoveryEvent> events = new ArrayList<>();
    private final TimerScheduler<Command> timers;
    private final RoundTiming.Recorder roundTimes = new RoundTiming.Recorder();
    private long lastDeadlineCheck = System.nanoTime();
    /** When this coordinator started: progress carries the job's own clock (rates of the job's rounds). */
    private final long startNanos = System.nanoTime();
    private final ActorContext<Command> context;
    /** Holds a {@link Suspend} that arrives while the replicas are being created. */
    private final StashBuffer<Command> stash;
    private int chainsFinished;
    private long reportedStep = -1;
    /** The round at which every chain stops for a suspension checkpoint; −1 when not suspending. */
    private long suspendAt = -1;

    private ExchangeCoordinator(ActorContext<Command> context, TimerScheduler<Command> timers,
            StashBuffer<Command> stash, String jobId,
            SamplerSettings settings, String targetJson, int dimension, List<String> parameterNames,
            ActorRef<JobClient.Event> client, ActorRef<JobManager.Command> manager, Checkpoints checkpoints,
            Placement placement, EngineTimings timings, String version) {
        this.context = context;
        this.timers = timers;
        this.stash = stash;
        this.jobId = jobId;
        this.settings = settings;
        this.targetJson = targetJson;
        this.dimension = dimension;
        this.parameterNames = List.copyOf(parameterNames);
        this.client = client;
        this.manager = manager;
        this.checkpoints = checkpoints;
        this.placement = placement;
        this.timings = timings;
        this.version = version;
        this.levels = settings.levels();
        this.selfNode = placement.clustered() ? Cluster.get(context.getSystem()).selfMember().address().toString()
                : context.getSystem().address().toString();
        this.blockingIo = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
        int c = settings.chains();
        this.runs = new ChainRun[c];
        this.checkpointQueue = new CheckpointQueue(c, levels);
        this.batches = new RoundBatches(c, levels);
        RunState start = null;
        CheckpointFile.Loaded loaded = checkpoints.start();
        if (loaded != null) {
            start = loaded.payload().state();
            start.check(settings, dimension);
            events.addAll(List.of(loaded.payload().events()));
            for (String skipped : loaded.skipped()) {
                context.getLog().warn("job {}: skipped a bad checkpoint: {}", jobId, skipped);
            }
        }
        if (start != null || checkpoints.restart()) {
            events.add(continuation(checkpoints.restart(), loaded == null ? null : loaded.file(),
                    start == null ? 0 : start.round(), selfNode));
        }
        client.tell(new JobClient.JobAccepted(jobId, parameterNames, checkpoints.jobJson(), context.getSelf()));
        for (int chain = 0; chain < c; chain++) {
            if (start == null) {
                runs[chain] = new ChainRun(chain, levels, new ChainState(chain, settings, dimension));
            } else {
                ChainState state = ChainState.restore(settings, dimension, start.chains()[chain]);
                runs[chain] = new ChainRun(chain, levels, state);
                runs[chain].recoveryChain = state.snapshot(false);
                runs[chain].recoveryReplicas = java.util.Arrays.copyOfRange(start.replicas(), chain * levels,
                        (chain + 1) * levels);
                // The client has nothing yet: every draw so far goes to it.
            }
        }
        for (ChainRun run : runs) {
            initializeReplicas(run);
        }
        if (placement.clustered()) {
            Cluster cluster = Cluster.get(context.getSystem());
            cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.MemberRemoved.class,
                    e -> new NodeRemoved(e.member().address().toString())), ClusterEvent.MemberRemoved.class));
            cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.ReachabilityEvent.class,
                    e -> new NodeReachability(e.member().address().toString(),
                            e instanceof ClusterEvent.ReachableMember)), ClusterEvent.ReachabilityEvent.class));
        }
        timers.startTimerWithFixedDelay(CheckDeadlines.INSTANCE, timings.deadlineCheck());
    }

    /**
     * What a job records when it continues from a checkpoint or restarts: a resume, or a restart after
     * the loss of its coordinator's node, from a checkpoint or (none written yet) from round 0. After a
     * lost coordinator nobody knows how far the job had got: its detected round and replay are unknown.
     *
     * @param restart whether the job restarts because its coordinator's node was lost
     * @param file the checkpoint it continues from, or {@code null} (a restart before the first one)
     * @param round that checkpoint's round (0 without one)
     * @param selfNode this node's address
     * @return the event
     */
    static RecoveryEvent continuation(boolean restart, Path file, long round, String selfNode) {
        String now = Instant.now().toString();
        if (!restart) {
            return new RecoveryEvent(RecoveryEvent.Kind.RESUMED, now, round, round, 0, "from " + file);
        }
        return new RecoveryEvent(RecoveryEvent.Kind.JOB_RESTARTED, now, -1, round, -1, file == null
                ? "the node running the job's coordinator was lost before the first checkpoint; restarted from round "
                        + "0 on " + selfNode
                : "the node running the job's coordinator was lost; restarted on " + selfNode + " from " + file);
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
                .onMessageEquals(RetryInitialize.INSTANCE, this::onRetryInitialize)
                .onMessage(ReplicaFailed.class, this::onReplicaFailed)
                .onMessage(NodeRemoved.class, this::onNodeRemoved)
                .onMessage(NodeReachability.class, this::onReachability)
                .onMessageEquals(Cancel.INSTANCE, this::onCancel)
                .onAnyMessage(m -> Behaviors.same()) // deadline checks and stale replies: no round is in flight
                .build();
    }

    /** Running: chains go round by round; a {@link Suspend} makes it {@link #suspending()}. */
    private Behavior<Command> running() {
        return rounds().onMessageEquals(Suspend.INSTANCE, this::onSuspend).build();
    }

    /**
     * Suspending: as running, but every chain halts at the round {@link #suspendAt}, whose checkpoint,
     * once written, ends the job as suspended.
     */
    private Behavior<Command> suspending() {
        return rounds().onMessageEquals(Suspend.INSTANCE, Behaviors::same).build();
    }

    /** What running and suspending have in common. */
    private BehaviorBuilder<Command> rounds() {
        return Behaviors.receive(Command.class)
                .onMessage(ReplicaReady.class, this::onReplicaReadyRunning)
                .onMessage(RoundsDone.class, this::onRoundsDone)
                .onMessage(HostBusy.class, this::onHostBusy)
                .onMessage(ReplicaFailed.class, this::onReplicaFailed)
                .onMessage(NodeRemoved.class, this::onNodeRemoved)
                .onMessage(NodeReachability.class, this::onReachability)
                .onMessage(CheckpointWritten.class, this::onCheckpointWritten)
                .onMessageEquals(CheckDeadlines.INSTANCE, this::onCheckDeadlines)
                .onMessageEquals(Cancel.INSTANCE, this::onCancel)
                .onMessageEquals(RetryCheckpoint.INSTANCE, this::onRetryCheckpoint)
                .onMessageEquals(RetryInitialize.INSTANCE, this::onRetryInitialize);
    }

    /** Whether a handler's answer keeps the current state (the chain goes on) rather than ending the job. */
    private static boolean isSame(Behavior<Command> next) {
        return next == Behaviors.<Command>same();
    }

    // ---------------------------------------------------------------- initialising replicas

    /** (Re)creates the chain's K replicas from its recovery point, where the placement puts them. */
    private void initializeReplicas(ChainRun run) {
        run.resetPlacement();
        for (int r = 0; r < levels; r++) {
            sendInitialize(run, r);
        }
        timers.startTimerWithFixedDelay(RetryInitialize.INSTANCE, timings.initializeRetry());
    }

    private void sendInitialize(ChainRun run, int r) {
        ReplicaSnapshot snapshot = run.recoveryReplicas == null ? null : run.recoveryReplicas[r];
        run.initializeAttempts[r]++;
        placement.initialize(new ReplicaActor.Initialize(jobId, settings.seed(), run.index, r, targetJson, snapshot,
                run.epoch, context.getSelf(), settings.drawMetrics().toArray(new String[0]),
                settings.drawMetadata().toArray(new String[0])), run.index * levels + r);
    }

    /**
     * Initialize goes again to replicas that have not answered: a message sent while sharding still
     * routes to a node that has just left is lost. Replicas ignore a repeat. After
     * {@link EngineTimings#initializeAttempts()} the job fails.
     */
    private Behavior<Command> onRetryInitialize() {
        boolean waiting = false;
        for (ChainRun run : runs) {
            for (int r = 0; r < levels; r++) {
                if (run.host[r] != null) {
                    continue;
                }
                if (run.initializeAttempts[r] >= timings.initializeAttempts()) {
                    return fail("replica " + r + " of chain " + run.index + " did not answer its initialisation "
                            + run.initializeAttempts[r] + " times over " + String.format(java.util.Locale.ROOT, "%.1f",
                                    timings.initializeRetry().multipliedBy(run.initializeAttempts[r]).toMillis() / 1e3)
                            + " s"
                            + (run.lastNode[r] == null ? "" : " (it was last on node " + run.lastNode[r] + ")")
                            + ": are the worker nodes reachable?", false);
                }
                waiting = true;
                sendInitialize(run, r);
            }
        }
        if (!waiting) {
            timers.cancel(RetryInitialize.INSTANCE);
        }
        return Behaviors.same();
    }

    /** Records a ready replica; @return whether this made all K replicas of its chain ready. */
    private boolean recordReady(ReplicaReady m) {
        ChainRun run = runs[m.chain()];
        if (m.epoch() != run.epoch || run.host[m.replica()] != null) {
            return false;
        }
        run.node[m.replica()] = m.node();
        run.host[m.replica()] = m.host();
        run.entity[m.replica()] = m.entity();
        run.hostIndex[m.replica()] = batches.indexOf(m.host());
        return ++run.ready == levels;
    }

    private Behavior<Command> onReplicaReadyInitialising(ReplicaReady m) {
        if (!recordReady(m)) {
            return Behaviors.same();
        }
        for (ChainRun other : runs) {
            if (!other.isReady()) {
                return Behaviors.same();
            }
        }
        context.getLog().debug("job {}: all {} replicas ready", jobId, runs.length * levels);
        manager.tell(new JobManager.JobStarted(jobId, replicasPerNode()));
        startRounds(List.of(runs));
        return stash.unstashAll(running());
    }

    /** A chain's replicas were re-created after a replay: the chain continues. */
    private Behavior<Command> onReplicaReadyRunning(ReplicaReady m) {
        if (recordReady(m)) {
            startRounds(List.of(runs[m.chain()]));
        }
        return Behaviors.same();
    }

    private Map<String, Integer> replicasPerNode() {
        Map<String, Integer> count = new TreeMap<>();
        for (ChainRun run : runs) {
            for (String node : run.node) {
                if (node != null) {
                    count.merge(node, 1, Integer::sum);
                }
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- rounds

    /**
     * Starts the next round of each given chain that may run, one {@link ReplicaHost.RunRounds} per
     * host for all of them.
     */
    private void startRounds(List<ChainRun> candidates) {
        long now = System.nanoTime();
        List<ChainRun> sent = new ArrayList<>(candidates.size());
        for (ChainRun run : candidates) {
            if (!mayRun(run)) {
                continue;
            }
            sent.add(run);
            long round = run.state.roundsDone();
            boolean snapshot = isSnapshotRound(round + 1) || round + 1 == suspendAt;
            for (int r = 0; r < levels; r++) {
                batches.add(run, r, round, run.state.instructionFor(r, round, snapshot));
            }
            run.inFlight = true;
            run.sentAtNanos = now;
            run.lastSignNanos = now;
        }
        if (sent.isEmpty()) {
            tellIfAllWaitForCheckpoint();
            return;
        }
        long[] sentBatches = batches.send(jobId, context.getSelf());
        for (ChainRun run : sent) {
            run.firstBatch = sentBatches[0];
            run.lastBatch = sentBatches[1];
        }
    }

    /**
     * Says once per unwritten checkpoint when no chain runs any more because of it: from then on the
     * job makes no progress until the checkpoint is written.
     */
    private void tellIfAllWaitForCheckpoint() {
        long unwritten = checkpointQueue.unwrittenRound();
        if (unwritten < 0 || unwritten == toldAllWaitingAt) {
            return;
        }
        for (ChainRun run : runs) {
            if (run.inFlight || !run.halted && run.state.roundsDone() < settings.rounds()) {
                return;
            }
        }
        toldAllWaitingAt = unwritten;
        String message = "every chain waits until the checkpoint of round " + unwritten + " is written";
        context.getLog().warn("job {}: {}", jobId, message);
        client.tell(new JobClient.Notice(jobId, message));
    }

    /** Whether the chain may start its next round now; if not, whether it waits (halted) or is done. */
    private boolean mayRun(ChainRun run) {
        long round = run.state.roundsDone();
        if (!run.isReady() || run.inFlight) {
            return false;
        }
        if (round >= settings.rounds() || round == suspendAt || checkpointQueue.blocks(round)) {
            run.halted = round < settings.rounds();
            return false;
        }
        run.halted = false;
        return true;
    }

    /** @return whether the replicas report snapshots at the end of the round that makes {@code done} rounds */
    private boolean isSnapshotRound(long done) {
        return checkpoints.every() > 0 && done % checkpoints.every() == 0 && done < settings.rounds();
    }

    private Behavior<Command> onRoundsDone(RoundsDone m) {
        List<ChainRun> completed = new ArrayList<>();
        Set<ChainRun> missing = new LinkedHashSet<>();
        for (ReplicaHost.Result result : m.results()) {
            ChainRun run = runs[result.chain()];
            if (result.epoch() != run.epoch || !run.inFlight) {
                continue; // stale: an earlier epoch, or a duplicate
            }
            if (result.failure() != null) {
                return fail(result.failure(), false);
            }
            if (result.missing()) {
                missing.add(run);
                continue;
            }
            RoundReport report = result.report();
            if (report.round() != run.state.roundsDone() || run.pending[report.replica()] != null) {
                continue;
            }
            run.pending[report.replica()] = report;
            if (++run.pendingCount == levels) {
                completed.add(run);
            }
        }
        for (ChainRun run : missing) {
            Behavior<Command> next = replay(run, RecoveryEvent.Kind.REPLICAS_RESTORED, "node " + m.node()
                    + " no longer holds replicas of chain " + run.index);
            if (!isSame(next)) {
                return next;
            }
        }
        List<ChainRun> continuing = new ArrayList<>();
        for (ChainRun run : completed) {
            if (completeRound(run)) {
                continuing.add(run);
            }
        }
        if (chainsFinished == runs.length) {
            return finishJob();
        }
        startRounds(continuing);
        return Behaviors.same();
    }

    /** Records a chain's finished round; @return whether the chain has rounds left. */
    private boolean completeRound(ChainRun run) {
        long round = run.pending[0].round();
        long took = System.nanoTime() - run.sentAtNanos;
        run.recordRoundTime(took);
        roundTimes.add(took);
        run.inFlight = false;
        run.state.complete(round, run.pending);
        if (run.pending[0].snapshot() != null) {
            recordSnapshot(run);
        }
        run.clearPending();
        reportProgress();
        if (round + 1 < settings.rounds()) {
            return true;
        }
        chainsFinished++;
        return false;
    }

    private Behavior<Command> onHostBusy(HostBusy m) {
        long now = System.nanoTime();
        for (long batch : m.batches()) {
            for (ChainRun run : runs) {
                if (run.inFlight && batch >= run.firstBatch && batch <= run.lastBatch) {
                    run.lastSignNanos = now;
                }
            }
        }
        return Behaviors.same();
    }

    // ---------------------------------------------------------------- losses and deadlines

    private Behavior<Command> onCheckDeadlines() {
        long now = System.nanoTime();
        long sincePrevious = now - lastDeadlineCheck;
        lastDeadlineCheck = now;
        if (sincePrevious > 3 * timings.deadlineCheck().toNanos()) {
            // This actor itself waited for a thread (busy workers it shares, a long GC): the signs of life
            // queued meanwhile are not seen yet, so the time cannot be held against the rounds in flight.
            for (ChainRun run : runs) {
                run.lastSignNanos = Math.max(run.lastSignNanos, now);
            }
            return Behaviors.same();
        }
        for (ChainRun run : runs) {
            if (!run.inFlight || waitsOnUnreachable(run)) {
                continue;
            }
            long waited = now - Math.max(run.sentAtNanos, run.lastSignNanos);
            if (waited > run.deadlineNanos(timings)) {
                Set<String> silent = new LinkedHashSet<>();
                for (int r = 0; r < levels; r++) {
                    if (run.pending[r] == null) {
                        silent.add(run.node[r]);
                    }
                }
                Behavior<Command> next = replay(run, RecoveryEvent.Kind.ROUND_DEADLINE, String.format(
                        java.util.Locale.ROOT,
                        "round %d of chain %d had no answer from node %s within %.1f s", run.state.roundsDone(),
                        run.index, String.join(", ", silent), waited / 1e9));
                if (!isSame(next)) {
                    return next;
                }
            }
        }
        return Behaviors.same();
    }

    private boolean waitsOnUnreachable(ChainRun run) {
        for (String node : unreachable) {
            if (run.hasReplicaOn(node)) {
                return true;
            }
        }
        return false;
    }

    private Behavior<Command> onReachability(NodeReachability m) {
        if (m.reachable()) {
            unreachable.remove(m.node());
        } else {
            unreachable.add(m.node());
        }
        return Behaviors.same();
    }

    private Behavior<Command> onNodeRemoved(NodeRemoved m) {
        unreachable.remove(m.node());
        for (ChainRun run : runs) {
            if (run.state.roundsDone() >= settings.rounds() || !run.hasReplicaOn(m.node())) {
                continue;
            }
            List<Integer> lost = new ArrayList<>();
            for (int r = 0; r < levels; r++) {
                if (m.node().equals(run.node[r])) {
                    lost.add(r);
                }
            }
            Behavior<Command> next = replay(run, RecoveryEvent.Kind.REPLICAS_RESTORED, "node " + m.node()
                    + " left the cluster: chain "
                    + run.index + " lost replicas " + lost);
            if (!isSame(next)) {
                return next;
            }
        }
        return Behaviors.same();
    }

    /**
     * Rolls the chain back to its recovery point and re-creates its replicas there; the rounds since
     * are replayed with identical results. Fails the job when the same round keeps being replayed.
     */
    private Behavior<Command> replay(ChainRun run, RecoveryEvent.Kind kind, String reason) {
        long detected = run.state.roundsDone();
        if (detected == run.replayedRound) {
            run.replaysOfRound++;
        } else {
            run.replayedRound = detected;
            run.replaysOfRound = 1;
        }
        if (run.replaysOfRound > timings.maxReplays()) {
            return fail("chain " + run.index + " could not complete round " + detected + " in "
                    + timings.maxReplays() + " attempts; last: " + reason, false);
        }
        run.epoch++;
        if (run.recoveryChain == null) {
            run.state = new ChainState(run.index, settings, dimension);
        } else {
            run.state.rollBack(run.recoveryChain);
        }
        long restored = run.state.roundsDone();
        events.add(new RecoveryEvent(kind, Instant.now().toString(), detected,
                restored, detected - restored,
                reason + "; its " + levels + " replicas restored from round " + restored));
        context.getLog().warn("job {}: {}; chain {} continues from round {} (replaying {} rounds)", jobId, reason,
                run.index, restored, detected - restored);
        initializeReplicas(run);
        return Behaviors.same();
    }

    // ---------------------------------------------------------------- checkpoints

    /** The chain's reports carry its replicas' snapshots: a new recovery point, and part of a checkpoint. */
    private void recordSnapshot(ChainRun run) {
        long done = run.state.roundsDone();
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
        RunState complete = checkpointQueue.add(done, run.index, full, snapshots);
        if (complete != null) {
            checkpointQueue.enqueue(new CheckpointFile.Payload(version, checkpoints.jobJson(), Instant.now().toString(),
                    complete, events.toArray(new RecoveryEvent[0]), parameterNames.toArray(new String[0])));
            writeNext();
        }
    }

    /** Writes the next queued checkpoint on the blocking-I/O dispatcher, one at a time, in round order. */
    private void writeNext() {
        CheckpointFile.Payload payload = checkpointQueue.next();
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
        context.pipeToSelf(write, (file, error) -> new CheckpointWritten(payload, file, error));
    }

    private Behavior<Command> onCheckpointWritten(CheckpointWritten m) {
        long round = m.payload().state().round();
        if (m.error() != null) {
            Throwable cause = m.error() instanceof java.util.concurrent.CompletionException && m.error().getCause() != null
                    ? m.error().getCause() : m.error();
            if (cause instanceof java.io.UncheckedIOException u) {
                cause = u.getCause();
            }
            if (checkpointQueue.failed(m.payload())) {
                String message = "cannot write the checkpoint of round " + round + " to " + checkpoints.dir() + " ("
                        + cause.getMessage() + "). The job is paused and retries every "
                        + timings.checkpointRetry().toSeconds()
                        + " s; free disk space or fix the directory's permissions.";
                context.getLog().error("job {}: {}", jobId, message);
                client.tell(new JobClient.Notice(jobId, message));
            }
            timers.startSingleTimer(RetryCheckpoint.INSTANCE, timings.checkpointRetry());
            return Behaviors.same();
        }
        context.getLog().debug("job {}: checkpoint {}", jobId, m.file());
        if (checkpointQueue.written(round)) {
            context.getLog().warn("job {}: checkpoint of round {} written; the job continues", jobId, round);
            client.tell(new JobClient.Notice(jobId, "checkpoint of round " + round + " written; the job continues"));
            List<ChainRun> waiting = new ArrayList<>();
            for (ChainRun run : runs) {
                if (run.halted) {
                    waiting.add(run);
                }
            }
            startRounds(waiting);
        }
        if (round == suspendAt) {
            return finishSuspension(m.file());
        }
        writeNext();
        return Behaviors.same();
    }

    private Behavior<Command> onRetryCheckpoint() {
        checkpointQueue.retry();
        writeNext();
        return Behaviors.same();
    }

    private Behavior<Command> finishSuspension(Path file) {
        flushDraws();
        client.tell(new JobClient.JobSuspended(jobId, suspendAt, file.toString()));
        manager.tell(new JobManager.JobEnded(jobId, JobManager.JobState.SUSPENDED, "checkpoint " + file));
        release();
        return Behaviors.stopped();
    }

    private Behavior<Command> onSuspend() {
        if (checkpoints.dir() == null) {
            return Behaviors.same();
        }
        // Every chain can still be told to snapshot at the end of the round after the furthest one's current round.
        long furthest = 0;
        for (ChainRun run : runs) {
            furthest = Math.max(furthest, run.state.roundsDone());
        }
        long at = furthest + 2;
        if (at >= settings.rounds()) {
            return Behaviors.same(); // nearly done: finishing is quicker than a checkpoint
        }
        suspendAt = at;
        return suspending();
    }

    // ---------------------------------------------------------------- progress and the end

    private void reportProgress() {
        long slowest = Long.MAX_VALUE;
        for (ChainRun run : runs) {
            slowest = Math.min(slowest, run.state.roundsDone());
        }
        long step = slowest * PROGRESS_STEPS / settings.rounds();
        if (step != reportedStep) {
            reportedStep = step;
            flushDraws();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            client.tell(new JobClient.Progress(jobId, slowest, settings.rounds(), seconds));
            manager.tell(new JobManager.JobProgressed(jobId, slowest));
        }
    }

    /** Sends every chain's draws that the client has not received yet, in order, in bounded chunks. */
    private void flushDraws() {
        for (ChainRun run : runs) {
            run.sendNewDraws(client, jobId);
        }
    }

    private Behavior<Command> finishJob() {
        context.getLog().debug("job {}: every round done", jobId);
        flushDraws();
        timers.cancelAll();
        checkpointQueue.dropQueued();
        if (checkpointQueue.writing()) {
            // A checkpoint write still under way would land after the caller (or the result below)
            // has removed the job's checkpoints: wait for it.
            return Behaviors.receive(Command.class)
                    .onMessage(CheckpointWritten.class, m -> keepResult())
                    .onAnyMessage(m -> Behaviors.same())
                    .build();
        }
        return keepResult();
    }

    /** Every round is done and no checkpoint is being written: the result, kept and announced. */
    private Behavior<Command> keepResult() {
        if (!checkpoints.shared()) {
            return announceFinished();
        }
        // A cluster job's result stays in its shared folder for `replex fetch` and for a JobManager that
        // takes over; its checkpoints are no longer needed.
        Path dir = Path.of(checkpoints.dir());
        ChainSnapshot[] finalChains = new ChainSnapshot[runs.length];
        for (int c = 0; c < finalChains.length; c++) {
            finalChains[c] = runs[c].state.snapshot(true);
        }
        CheckpointFile.Payload result = new CheckpointFile.Payload(version, checkpoints.jobJson(),
                Instant.now().toString(), new RunState(settings.rounds(), finalChains, new ReplicaSnapshot[0]),
                events.toArray(new RecoveryEvent[0]), parameterNames.toArray(new String[0]));
        CompletableFuture<Void> keep = CompletableFuture.runAsync(() -> {
            try {
                Files.createDirectories(dir);
                CheckpointFile.writeTo(dir.resolve(JobDirectory.RESULT_FILE), result);
                CheckpointFile.deleteAll(dir);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, blockingIo);
        context.pipeToSelf(keep, (ok, error) -> new ResultKept(error));
        return keepingResult(dir);
    }

    /** Keeping the result: every round is done, the result is being written to the shared folder. */
    private Behavior<Command> keepingResult(Path dir) {
        return Behaviors.receive(Command.class)
                .onMessage(ResultKept.class, m -> {
                    if (m.error() != null) {
                        context.getLog().error("job {}: cannot keep its result in {}: {} (the client still "
                                + "receives it)", jobId, dir, m.error().toString());
                    }
                    return announceFinished();
                })
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    private Behavior<Command> announceFinished() {
        List<ChainStatistics> statistics = new ArrayList<>();
        for (ChainRun run : runs) {
            statistics.add(run.state.statistics());
        }
        Map<String, Integer> perNode = replicasPerNode();
        String engine = "actors (" + perNode.size() + " node" + (perNode.size() == 1 ? "" : "s") + ")";
        RoundTiming timing = roundTimes.timing();
        if (timing != null) {
            context.getLog().debug("job {}: {} chain-rounds, median {} s, 90th percentile {} s", jobId,
                    timing.rounds(), timing.medianSeconds(), timing.p90Seconds());
        }
        client.tell(new JobClient.JobFinished(jobId, statistics, perNode, engine, List.copyOf(events), timing));
        manager.tell(new JobManager.JobEnded(jobId, JobManager.JobState.FINISHED, null));
        release();
        return Behaviors.stopped();
    }

    private Behavior<Command> onReplicaFailed(ReplicaFailed m) {
        String where = "chain " + m.chain() + (m.replica() >= 0 ? ", replica " + m.replica() : "");
        return fail(m.message() + " [" + where + "]", m.inputError());
    }

    private Behavior<Command> fail(String reason, boolean inputError) {
        client.tell(new JobClient.JobFailed(jobId, reason, inputError));
        manager.tell(new JobManager.JobEnded(jobId, JobManager.JobState.FAILED, reason));
        release();
        return Behaviors.stopped();
    }

    private Behavior<Command> onCancel() {
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
