package replex.actors;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;

import replex.cluster.KryoSerializable;
import replex.core.SamplerSettings;
import replex.core.chain.ChainState;
import replex.core.chain.ChainStatistics;
import replex.core.chain.DrawBuffer;
import replex.core.replica.RoundReport;
import replex.core.replica.ReplicaSnapshot;
import replex.core.chain.ChainSnapshot;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunState;
import replex.io.CheckpointFile;
import replex.io.JobDirectory;
import java.nio.file.Files;
import replex.api.Replex;

/**
 * Runs one job: initialises its C × K replicas (sharded {@link ReplicaActor}s), then drives every
 * chain round by round. When all K replicas of a chain have reported a round, the chain's
 * {@link ChainState} (core) records it and decides the swaps, and the chain's next round starts;
 * chains do not wait for each other. Reports are merged in replica order, never arrival order, so
 * the result does not depend on scheduling. Progress and the kept draws stream to the job's
 * client as they come ({@link JobClient} events), the statistics at the end.
 */
public final class ExchangeCoordinator extends AbstractBehavior<ExchangeCoordinator.Command> {

    /** Progress is reported this many times over a job (and the draws flushed with it). */
    static final int PROGRESS_STEPS = 500;
    /** Doubles per {@link JobClient.DrawsAppended} message: keeps JSON frames well under Artery's limit. */
    static final int MAX_VALUES_PER_CHUNK = 8192;

    /** Messages the coordinator accepts. */
    public interface Command extends KryoSerializable {
    }

    /**
     * A replica has its initial state.
     *
     * @param chain the chain index
     * @param replica the replica index
     * @param node the address of the node hosting it
     * @param self the replica entity itself: rounds are sent to it directly, without the detour through
     *     the shard regions that its entity reference takes
     */
    public record ReplicaReady(int chain, int replica, String node, ActorRef<ReplicaActor.Command> self, int epoch)
            implements Command {
    }

    /**
     * A replica finished a round.
     *
     * @param chain the chain index
     * @param epoch the chain's epoch the round was run in
     * @param report its report
     */
    public record RoundDone(int chain, int epoch, RoundReport report) implements Command {
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

    /**
     * Where and how often the job's checkpoints are written.
     *
     * @param dir the checkpoint directory, reachable from this node, or {@code null} for none (replica
     *     snapshots are then kept in memory only, for recovery after a node loss)
     * @param every rounds between checkpoints and replica snapshots; 0 = none
     * @param jobJson the effective job as JSON, stored in every checkpoint
     * @param resume whether the job continues from the newest checkpoint in {@code dir}
     * @param shared whether {@code dir} is the job's folder in the cluster's shared checkpoint
     *     directory: the result is then kept there ({@link JobDirectory#RESULT_FILE}) for {@code replex fetch}
     * @param restart whether the job is being restarted because its coordinator was lost
     */
    public record Checkpoints(String dir, int every, String jobJson, boolean resume, boolean shared,
            boolean restart) {
        /** No checkpoints, no snapshots. */
        public static final Checkpoints NONE = new Checkpoints(null, 0, null, false, false, false);
    }

    private final String jobId;
    private final SamplerSettings settings;
    private final String targetJson;
    private final int dimension;
    private final List<String> parameterNames;
    private final ActorRef<JobClient.Event> client;
    private final ActorRef<JobManager.Command> manager;
    private final Checkpoints checkpoints;
    private final int levels;
    private final List<ChainState> chains = new ArrayList<>();
    private final EntityRef<ReplicaActor.Command>[][] replicas;
    private final ActorRef<ReplicaActor.Command>[][] direct;
    private final String[][] nodeOf;
    private final RoundReport[][] pending;
    private final int[] pendingCount;
    private final int[] readyCount;
    private final int[] epoch;
    private final boolean[] halted;
    private final int[] sentRows;
    /** Per chain, the state to roll back to after losing a replica: without draws; null = the start. */
    private final ChainSnapshot[] recoveryChain;
    private final ReplicaSnapshot[][] recoveryReplicas;
    /** Checkpoints being assembled, by round: chains reach a round at different times. */
    private final TreeMap<Long, ChainSnapshot[]> assembling = new TreeMap<>();
    private final TreeMap<Long, ReplicaSnapshot[]> assemblingReplicas = new TreeMap<>();
    private final List<RecoveryEvent> events = new ArrayList<>();
    private final TimerScheduler<Command> timers;
    private boolean started;
    private int chainsFinished;
    private long reportedStep = -1;
    /** Whether the suspension checkpoint is written: the coordinator stops. */
    private boolean suspended;
    /** The round at which every chain stops for a suspension checkpoint; −1 when not suspending. */
    private long suspendAt = -1;
    /** A checkpoint that could not be written: chains wait at rounds after it until it is. */
    private CheckpointFile.Payload unwritten;

    @SuppressWarnings("unchecked")
    private ExchangeCoordinator(ActorContext<Command> context, TimerScheduler<Command> timers, String jobId,
            SamplerSettings settings, String targetJson, int dimension, List<String> parameterNames,
            ActorRef<JobClient.Event> client, ActorRef<JobManager.Command> manager, Checkpoints checkpoints) {
        super(context);
        this.timers = timers;
        this.jobId = jobId;
        this.settings = settings;
        this.targetJson = targetJson;
        this.dimension = dimension;
        this.parameterNames = List.copyOf(parameterNames);
        this.client = client;
        this.manager = manager;
        this.checkpoints = checkpoints;
        this.levels = settings.levels();
        int c = settings.chains();
        this.replicas = new EntityRef[c][levels];
        this.direct = new ActorRef[c][levels];
        this.nodeOf = new String[c][levels];
        this.pending = new RoundReport[c][levels];
        this.pendingCount = new int[c];
        this.readyCount = new int[c];
        this.epoch = new int[c];
        this.halted = new boolean[c];
        this.sentRows = new int[c];
        this.recoveryChain = new ChainSnapshot[c];
        this.recoveryReplicas = new ReplicaSnapshot[c][];
        RunState start = null;
        if (checkpoints.resume()) {
            CheckpointFile.Loaded loaded = CheckpointFile.readLatest(Path.of(checkpoints.dir()));
            start = loaded.payload().state();
            start.check(settings, dimension);
            events.addAll(List.of(loaded.payload().events()));
            // After a lost coordinator nobody knows how far the job had got: detected round and replay unknown.
            events.add(new RecoveryEvent(checkpoints.restart() ? "job-restarted" : "resumed", Instant.now().toString(),
                    checkpoints.restart() ? -1 : start.round(), start.round(), checkpoints.restart() ? -1 : 0, (checkpoints.restart() ? "the node running the job's "
                            + "coordinator was lost; restarted on " + selfNode(context) + " from " : "from ")
                            + loaded.file()));
            for (String skipped : loaded.skipped()) {
                context.getLog().warn("job {}: skipped a bad checkpoint: {}", jobId, skipped);
            }
        }
        if (start == null && checkpoints.restart()) {
            events.add(new RecoveryEvent("job-restarted", Instant.now().toString(), -1, 0, -1, "the node running the "
                    + "job's coordinator was lost before the first checkpoint; restarted from round 0 on "
                    + selfNode(context)));
        }
        client.tell(new JobClient.JobAccepted(jobId, parameterNames, checkpoints.jobJson()));
        ClusterSharding sharding = ClusterSharding.get(context.getSystem());
        for (int chain = 0; chain < c; chain++) {
            if (start == null) {
                chains.add(new ChainState(chain, settings, dimension));
            } else {
                ChainState state = ChainState.restore(settings, dimension, start.chains()[chain]);
                chains.add(state);
                recoveryChain[chain] = state.snapshot(false);
                recoveryReplicas[chain] = java.util.Arrays.copyOfRange(start.replicas(), chain * levels,
                        (chain + 1) * levels);
                // The client has nothing yet: every draw so far goes to it.
            }
            for (int r = 0; r < levels; r++) {
                replicas[chain][r] = sharding.entityRefFor(ReplicaActor.TYPE_KEY,
                        ReplicaActor.entityId(jobId, chain, r, chain * levels + r));
            }
            initializeReplicas(chain);
        }
        Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
                context.messageAdapter(ClusterEvent.MemberRemoved.class,
                        e -> new NodeRemoved(e.member().address().toString())),
                ClusterEvent.MemberRemoved.class));
    }

    private static String selfNode(ActorContext<?> context) {
        return Cluster.get(context.getSystem()).selfMember().address().toString();
    }

    /**
     * @param jobId unique id of the job (part of every replica's entity id)
     * @param settings the sampling settings
     * @param targetJson the job's {@code target} block as JSON
     * @param dimension the target's dimension d
     * @param parameterNames the target's parameter names
     * @param client receives the job's events
     * @param manager told when the job starts, progresses and ends
     * @param checkpoints where and how often to checkpoint, and whether to resume
     * @return the behaviour
     */
    public static Behavior<Command> create(String jobId, SamplerSettings settings, String targetJson, int dimension,
            List<String> parameterNames, ActorRef<JobClient.Event> client, ActorRef<JobManager.Command> manager,
            Checkpoints checkpoints) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            try {
                return new ExchangeCoordinator(ctx, timers, jobId, settings, targetJson, dimension, parameterNames,
                        client, manager, checkpoints);
            } catch (IllegalArgumentException e) {
                String reason = "cannot resume: " + e.getMessage();
                client.tell(new JobClient.JobFailed(jobId, reason, true));
                manager.tell(new JobManager.JobEnded(jobId, "failed", reason));
                return Behaviors.stopped();
            }
        }));
    }

    /** As {@link #create(String, SamplerSettings, String, int, List, ActorRef, ActorRef, Checkpoints)} without checkpoints. */
    public static Behavior<Command> create(String jobId, SamplerSettings settings, String targetJson, int dimension,
            List<String> parameterNames, ActorRef<JobClient.Event> client, ActorRef<JobManager.Command> manager) {
        return create(jobId, settings, targetJson, dimension, parameterNames, client, manager, Checkpoints.NONE);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ReplicaReady.class, this::onReplicaReady)
                .onMessage(RoundDone.class, this::onRoundDone)
                .onMessage(ReplicaFailed.class, this::onReplicaFailed)
                .onMessage(NodeRemoved.class, this::onNodeRemoved)
                .onMessageEquals(Cancel.INSTANCE, this::onCancel)
                .onMessageEquals(Suspend.INSTANCE, this::onSuspend)
                .onMessageEquals(RetryCheckpoint.INSTANCE, this::onRetryCheckpoint)
                .onMessageEquals(RetryInitialize.INSTANCE, this::onRetryInitialize)
                .build();
    }

    /** (Re)creates the chain's K replicas from its recovery point, through sharding (which places them). */
    private void initializeReplicas(int chain) {
        readyCount[chain] = 0;
        for (int r = 0; r < levels; r++) {
            direct[chain][r] = null;
            sendInitialize(chain, r);
        }
        timers.startTimerWithFixedDelay(RetryInitialize.INSTANCE, INITIALIZE_RETRY);
    }

    private void sendInitialize(int chain, int r) {
        ReplicaSnapshot snapshot = recoveryReplicas[chain] == null ? null : recoveryReplicas[chain][r];
        replicas[chain][r].tell(new ReplicaActor.Initialize(jobId, settings.seed(), chain, r, targetJson, snapshot,
                epoch[chain], getContext().getSelf()));
    }

    /**
     * Pause before Initialize goes again to a replica that has not answered: a message sent while
     * sharding still routes to a node that has just left is lost. Replicas ignore a repeat.
     */
    static final Duration INITIALIZE_RETRY = Duration.ofSeconds(3);

    private Behavior<Command> onRetryInitialize() {
        boolean waiting = false;
        for (int c = 0; c < chains.size(); c++) {
            for (int r = 0; r < levels; r++) {
                if (direct[c][r] == null) {
                    waiting = true;
                    sendInitialize(c, r);
                }
            }
        }
        if (!waiting) {
            timers.cancel(RetryInitialize.INSTANCE);
        }
        return this;
    }

    private Behavior<Command> onReplicaReady(ReplicaReady m) {
        if (m.epoch() != epoch[m.chain()] || direct[m.chain()][m.replica()] != null) {
            return this;
        }
        nodeOf[m.chain()][m.replica()] = m.node();
        direct[m.chain()][m.replica()] = m.self();
        if (++readyCount[m.chain()] < levels) {
            return this;
        }
        if (!started) {
            for (int c = 0; c < readyCount.length; c++) {
                if (readyCount[c] < levels) {
                    return this;
                }
            }
            started = true;
            manager.tell(new JobManager.JobStarted(jobId, replicasPerNode()));
            for (int c = 0; c < chains.size(); c++) {
                next(c);
            }
        } else {
            next(m.chain());
        }
        return this;
    }

    private Map<String, Integer> replicasPerNode() {
        Map<String, Integer> count = new TreeMap<>();
        for (String[] chain : nodeOf) {
            for (String node : chain) {
                if (node != null) {
                    count.merge(node, 1, Integer::sum);
                }
            }
        }
        return count;
    }

    /** Starts the chain's next round, unless it is done or must wait (suspension, unwritten checkpoint). */
    private void next(int chain) {
        ChainState state = chains.get(chain);
        long round = state.roundsDone();
        if (round >= settings.rounds() || round == suspendAt
                || unwritten != null && round >= unwritten.state().round()) {
            halted[chain] = round < settings.rounds();
            return;
        }
        halted[chain] = false;
        boolean snapshot = isSnapshotRound(round + 1) || round + 1 == suspendAt;
        for (int r = 0; r < levels; r++) {
            direct[chain][r].tell(new ReplicaActor.RunRound(chain, epoch[chain],
                    state.instructionFor(r, round, snapshot), getContext().getSelf()));
        }
    }

    /** @return whether the replicas report snapshots at the end of the round that makes {@code done} rounds */
    private boolean isSnapshotRound(long done) {
        return checkpoints.every() > 0 && done % checkpoints.every() == 0 && done < settings.rounds();
    }

    private Behavior<Command> onRoundDone(RoundDone m) {
        int chain = m.chain();
        ChainState state = chains.get(chain);
        RoundReport report = m.report();
        // Stale replies (an earlier epoch) and duplicates are ignored.
        if (m.epoch() != epoch[chain] || report.round() != state.roundsDone() || pending[chain][report.replica()] != null) {
            return this;
        }
        pending[chain][report.replica()] = report;
        if (++pendingCount[chain] < levels) {
            return this;
        }
        long round = report.round();
        state.complete(round, pending[chain]);
        if (pending[chain][0].snapshot() != null) {
            recordSnapshot(chain, state);
        }
        Arrays.fill(pending[chain], null);
        pendingCount[chain] = 0;
        if (suspended) {
            return Behaviors.stopped();
        }
        reportProgress();
        if (round + 1 < settings.rounds()) {
            next(chain);
            return this;
        }
        if (++chainsFinished < settings.chains()) {
            return this;
        }
        flushDraws();
        List<ChainStatistics> statistics = new ArrayList<>();
        for (ChainState c : chains) {
            statistics.add(c.statistics());
        }
        Map<String, Integer> perNode = replicasPerNode();
        String engine = "actors (" + perNode.size() + " node" + (perNode.size() == 1 ? "" : "s") + ")";
        keepResult();
        client.tell(new JobClient.JobFinished(jobId, statistics, perNode, engine, List.copyOf(events)));
        manager.tell(new JobManager.JobEnded(jobId, "finished", null));
        releaseReplicas();
        return Behaviors.stopped();
    }

    /**
     * A cluster job's result stays in its shared folder for {@code replex fetch} and for a JobManager
     * that takes over; its checkpoints are no longer needed.
     */
    private void keepResult() {
        if (!checkpoints.shared()) {
            return;
        }
        Path dir = Path.of(checkpoints.dir());
        ChainSnapshot[] finalChains = new ChainSnapshot[chains.size()];
        for (int c = 0; c < finalChains.length; c++) {
            finalChains[c] = chains.get(c).snapshot(true);
        }
        try {
            Files.createDirectories(dir);
            CheckpointFile.writeTo(dir.resolve(JobDirectory.RESULT_FILE), new CheckpointFile.Payload(Replex.version(),
                    checkpoints.jobJson(), Instant.now().toString(), new RunState(settings.rounds(), finalChains,
                            new ReplicaSnapshot[0]), events.toArray(new RecoveryEvent[0]),
                    parameterNames.toArray(new String[0])));
            CheckpointFile.deleteAll(dir);
        } catch (IOException e) {
            getContext().getLog().error("job {}: cannot keep its result in {}: {} (the client still receives it)", jobId,
                    dir, e.toString());
        }
    }

    /** The chain's reports carry its replicas' snapshots: a new recovery point, and part of a checkpoint. */
    private void recordSnapshot(int chain, ChainState state) {
        long done = state.roundsDone();
        ReplicaSnapshot[] snapshots = new ReplicaSnapshot[levels];
        for (int r = 0; r < levels; r++) {
            snapshots[r] = pending[chain][r].snapshot();
        }
        recoveryReplicas[chain] = snapshots;
        if (checkpoints.dir() == null) {
            recoveryChain[chain] = state.snapshot(false);
            return;
        }
        ChainSnapshot full = state.snapshot(true);
        recoveryChain[chain] = full.withoutDraws();
        ChainSnapshot[] parts = assembling.computeIfAbsent(done, k -> new ChainSnapshot[settings.chains()]);
        ReplicaSnapshot[] replicaParts = assemblingReplicas.computeIfAbsent(done,
                k -> new ReplicaSnapshot[settings.chains() * levels]);
        parts[chain] = full;
        System.arraycopy(snapshots, 0, replicaParts, chain * levels, levels);
        for (ChainSnapshot part : parts) {
            if (part == null) {
                return;
            }
        }
        assembling.remove(done);
        assemblingReplicas.remove(done);
        writeCheckpoint(new CheckpointFile.Payload(Replex.version(), checkpoints.jobJson(), Instant.now().toString(),
                new RunState(done, parts, replicaParts), events.toArray(new RecoveryEvent[0]),
                parameterNames.toArray(new String[0])));
    }

    /** Writes a checkpoint; if that fails, the job pauses after that round and retries (state kept in memory). */
    private void writeCheckpoint(CheckpointFile.Payload payload) {
        long round = payload.state().round();
        try {
            Path file = CheckpointFile.write(Path.of(checkpoints.dir()), payload);
            getContext().getLog().debug("job {}: checkpoint {}", jobId, file);
            if (unwritten != null) {
                getContext().getLog().warn("job {}: checkpoint of round {} written; the job continues", jobId, round);
                client.tell(new JobClient.Notice(jobId, "checkpoint of round " + round + " written; the job continues"));
                unwritten = null;
                for (int c = 0; c < chains.size(); c++) {
                    if (halted[c] && chainsReady(c)) {
                        next(c);
                    }
                }
            }
            if (round == suspendAt) {
                finishSuspension(file);
            }
        } catch (IOException e) {
            if (unwritten == null) {
                String message = "cannot write the checkpoint of round " + round + " to " + checkpoints.dir() + " ("
                        + e.getMessage() + "). The job is paused and retries every " + CHECKPOINT_RETRY.toSeconds()
                        + " s; free disk space or fix the directory's permissions.";
                getContext().getLog().error("job {}: {}", jobId, message);
                client.tell(new JobClient.Notice(jobId, message));
            }
            unwritten = payload;
            timers.startSingleTimer(RetryCheckpoint.INSTANCE, CHECKPOINT_RETRY);
        }
    }

    /** Pause between attempts to write a checkpoint that failed. */
    static final Duration CHECKPOINT_RETRY = Duration.ofSeconds(10);

    private boolean chainsReady(int chain) {
        return readyCount[chain] == levels && pendingCount[chain] == 0;
    }

    private Behavior<Command> onRetryCheckpoint() {
        if (unwritten != null) {
            writeCheckpoint(unwritten);
        }
        return suspended ? Behaviors.stopped() : this;
    }

    private void finishSuspension(Path file) {
        flushDraws();
        client.tell(new JobClient.JobSuspended(jobId, suspendAt, file.toString()));
        manager.tell(new JobManager.JobEnded(jobId, "suspended", "checkpoint " + file));
        releaseReplicas();
        suspended = true;
    }

    private Behavior<Command> onSuspend() {
        if (suspendAt >= 0 || checkpoints.dir() == null) {
            return this;
        }
        // Every chain can still be told to snapshot at the end of the round after the furthest one's current round.
        long furthest = 0;
        for (ChainState c : chains) {
            furthest = Math.max(furthest, c.roundsDone());
        }
        long at = furthest + 2;
        if (at >= settings.rounds()) {
            return this; // nearly done: finishing is quicker than a checkpoint
        }
        suspendAt = at;
        return this;
    }

    private Behavior<Command> onNodeRemoved(NodeRemoved m) {
        if (suspended) {
            return Behaviors.stopped();
        }
        for (int c = 0; c < chains.size(); c++) {
            ChainState state = chains.get(c);
            if (state.roundsDone() >= settings.rounds()) {
                continue;
            }
            List<Integer> lost = new ArrayList<>();
            for (int r = 0; r < levels; r++) {
                if (m.node().equals(nodeOf[c][r])) {
                    lost.add(r);
                }
            }
            if (lost.isEmpty()) {
                continue;
            }
            long detected = state.roundsDone();
            epoch[c]++;
            if (recoveryChain[c] == null) {
                chains.set(c, new ChainState(c, settings, dimension));
            } else {
                state.rollBack(recoveryChain[c]);
            }
            long restored = chains.get(c).roundsDone();
            Arrays.fill(pending[c], null);
            pendingCount[c] = 0;
            for (int r = 0; r < levels; r++) {
                nodeOf[c][r] = null;
            }
            events.add(new RecoveryEvent("replicas-restored", Instant.now().toString(), detected, restored,
                    detected - restored, "node " + m.node() + " left the cluster: chain " + c + " lost replicas "
                            + lost + "; its " + levels + " replicas restored from round " + restored));
            getContext().getLog().warn("job {}: node {} left; chain {} lost replicas {} and continues from round {} "
                    + "(replaying {} rounds)", jobId, m.node(), c, lost, restored, detected - restored);
            initializeReplicas(c);
        }
        return this;
    }

    private void reportProgress() {
        long slowest = Long.MAX_VALUE;
        for (ChainState c : chains) {
            slowest = Math.min(slowest, c.roundsDone());
        }
        long step = slowest * PROGRESS_STEPS / settings.rounds();
        if (step != reportedStep) {
            reportedStep = step;
            flushDraws();
            client.tell(new JobClient.Progress(jobId, slowest, settings.rounds()));
            manager.tell(new JobManager.JobProgressed(jobId, slowest));
        }
    }

    /** Sends every chain's draws that the client has not received yet, in order, in bounded chunks. */
    private void flushDraws() {
        for (int c = 0; c < chains.size(); c++) {
            if (sentRows[c] < chains.get(c).draws().rows()) {
                sentRows[c] = JobClient.sendDraws(client, jobId, c, chains.get(c).draws(), sentRows[c]);
            }
        }
    }

    private Behavior<Command> onReplicaFailed(ReplicaFailed m) {
        String where = "chain " + m.chain() + (m.replica() >= 0 ? ", replica " + m.replica() : "");
        String reason = m.message() + " [" + where + "]";
        client.tell(new JobClient.JobFailed(jobId, reason, m.inputError()));
        manager.tell(new JobManager.JobEnded(jobId, "failed", reason));
        releaseReplicas();
        return Behaviors.stopped();
    }

    private Behavior<Command> onCancel() {
        client.tell(new JobClient.JobFailed(jobId, "cancelled", false));
        releaseReplicas();
        return Behaviors.stopped();
    }

    /** Stops the replicas, directly where known: no message for a shard region that may be handing off. */
    private void releaseReplicas() {
        for (int c = 0; c < replicas.length; c++) {
            for (int r = 0; r < levels; r++) {
                if (direct[c][r] != null) {
                    direct[c][r].tell(ReplicaActor.Release.INSTANCE);
                } else {
                    replicas[c][r].tell(ReplicaActor.Release.INSTANCE);
                }
            }
        }
    }
}
