package replex.actors;

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
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;

import replex.cluster.KryoSerializable;
import replex.core.SamplerSettings;
import replex.core.chain.ChainState;
import replex.core.chain.ChainStatistics;
import replex.core.chain.DrawBuffer;
import replex.core.replica.RoundReport;

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
    public record ReplicaReady(int chain, int replica, String node, ActorRef<ReplicaActor.Command> self)
            implements Command {
    }

    /**
     * A replica finished a round.
     *
     * @param chain the chain index
     * @param report its report
     */
    public record RoundDone(int chain, RoundReport report) implements Command {
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

    private final String jobId;
    private final SamplerSettings settings;
    private final List<String> parameterNames;
    private final ActorRef<JobClient.Event> client;
    private final ActorRef<JobManager.Command> manager;
    private final int levels;
    private final List<ChainState> chains = new ArrayList<>();
    private final EntityRef<ReplicaActor.Command>[][] replicas;
    private final ActorRef<ReplicaActor.Command>[][] direct;
    private final RoundReport[][] pending;
    private final int[] pendingCount;
    private final int[] sentRows;
    private final Map<String, Integer> replicasPerNode = new TreeMap<>();
    private int ready;
    private int chainsFinished;
    private long reportedStep = -1;

    @SuppressWarnings("unchecked")
    private ExchangeCoordinator(ActorContext<Command> context, String jobId, SamplerSettings settings,
            String targetJson, int dimension, List<String> parameterNames, ActorRef<JobClient.Event> client,
            ActorRef<JobManager.Command> manager) {
        super(context);
        this.jobId = jobId;
        this.settings = settings;
        this.parameterNames = parameterNames;
        this.client = client;
        this.manager = manager;
        this.levels = settings.levels();
        int c = settings.chains();
        this.replicas = new EntityRef[c][levels];
        this.direct = new ActorRef[c][levels];
        this.pending = new RoundReport[c][levels];
        this.pendingCount = new int[c];
        this.sentRows = new int[c];
        client.tell(new JobClient.JobAccepted(jobId, parameterNames));
        ClusterSharding sharding = ClusterSharding.get(context.getSystem());
        for (int chain = 0; chain < c; chain++) {
            chains.add(new ChainState(chain, settings, dimension));
            for (int r = 0; r < levels; r++) {
                replicas[chain][r] = sharding.entityRefFor(ReplicaActor.TYPE_KEY,
                        ReplicaActor.entityId(jobId, chain, r, chain * levels + r));
                replicas[chain][r].tell(new ReplicaActor.Initialize(jobId, settings.seed(), chain, r, targetJson,
                        context.getSelf()));
            }
        }
    }

    /**
     * @param jobId unique id of the job (part of every replica's entity id)
     * @param settings the sampling settings
     * @param targetJson the job's {@code target} block as JSON
     * @param dimension the target's dimension d
     * @param parameterNames the target's parameter names
     * @param client receives the job's events
     * @param manager told when the job starts, progresses and ends
     * @return the behaviour
     */
    public static Behavior<Command> create(String jobId, SamplerSettings settings, String targetJson, int dimension,
            List<String> parameterNames, ActorRef<JobClient.Event> client, ActorRef<JobManager.Command> manager) {
        return Behaviors.setup(ctx -> new ExchangeCoordinator(ctx, jobId, settings, targetJson, dimension,
                parameterNames, client, manager));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ReplicaReady.class, this::onReplicaReady)
                .onMessage(RoundDone.class, this::onRoundDone)
                .onMessage(ReplicaFailed.class, this::onReplicaFailed)
                .onMessageEquals(Cancel.INSTANCE, this::onCancel)
                .build();
    }

    private Behavior<Command> onReplicaReady(ReplicaReady m) {
        replicasPerNode.merge(m.node(), 1, Integer::sum);
        direct[m.chain()][m.replica()] = m.self();
        if (++ready == settings.chains() * levels) {
            manager.tell(new JobManager.JobStarted(jobId, Map.copyOf(replicasPerNode)));
            for (int chain = 0; chain < settings.chains(); chain++) {
                startRound(chain, 0);
            }
        }
        return this;
    }

    private void startRound(int chain, long round) {
        ChainState state = chains.get(chain);
        for (int r = 0; r < levels; r++) {
            direct[chain][r].tell(new ReplicaActor.RunRound(chain, state.instructionFor(r, round),
                    getContext().getSelf()));
        }
    }

    private Behavior<Command> onRoundDone(RoundDone m) {
        int chain = m.chain();
        ChainState state = chains.get(chain);
        RoundReport report = m.report();
        // Stale or duplicate replies are ignored: every message may be retried.
        if (report.round() != state.roundsDone() || pending[chain][report.replica()] != null) {
            return this;
        }
        pending[chain][report.replica()] = report;
        if (++pendingCount[chain] < levels) {
            return this;
        }
        long round = report.round();
        state.complete(round, pending[chain]);
        Arrays.fill(pending[chain], null);
        pendingCount[chain] = 0;
        reportProgress();
        if (round + 1 < settings.rounds()) {
            startRound(chain, round + 1);
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
        client.tell(new JobClient.JobFinished(jobId, statistics, new TreeMap<>(replicasPerNode),
                "actors (" + replicasPerNode.size() + " node" + (replicasPerNode.size() == 1 ? "" : "s") + ")"));
        manager.tell(new JobManager.JobEnded(jobId, "finished", null));
        releaseReplicas();
        return Behaviors.stopped();
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
            DrawBuffer draws = chains.get(c).draws();
            int width = draws.width();
            int rowsPerChunk = Math.max(1, MAX_VALUES_PER_CHUNK / width);
            while (sentRows[c] < draws.rows()) {
                int n = Math.min(rowsPerChunk, draws.rows() - sentRows[c]);
                client.tell(new JobClient.DrawsAppended(jobId, c, sentRows[c], width, draws.rows(sentRows[c], n)));
                sentRows[c] += n;
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
