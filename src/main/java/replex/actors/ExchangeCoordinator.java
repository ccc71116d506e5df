package replex.actors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;

import replex.cluster.KryoSerializable;
import replex.core.ConfigurationException;
import replex.core.SamplerSettings;
import replex.core.chain.ChainState;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.core.replica.RoundReport;

/**
 * Runs one job: initialises its C × K replicas (sharded {@link ReplicaActor}s), then drives every
 * chain round by round. When all K replicas of a chain have reported a round, the chain's
 * {@link ChainState} (core) records it and decides the swaps, and the chain's next round starts;
 * chains do not wait for each other. Reports are merged in replica order, never arrival order, so
 * the result does not depend on scheduling.
 */
public final class ExchangeCoordinator extends AbstractBehavior<ExchangeCoordinator.Command> {

    /** Messages the coordinator accepts. */
    public interface Command extends KryoSerializable {
    }

    /**
     * A replica has its initial state.
     *
     * @param chain the chain index
     * @param replica the replica index
     */
    public record ReplicaReady(int chain, int replica) implements Command {
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

    private final String jobId;
    private final SamplerSettings settings;
    private final String targetJson;
    private final List<String> parameterNames;
    private final ProgressListener listener;
    private final CompletableFuture<RunResult> result;
    private final String engineName;
    private final int levels;
    private final List<ChainState> chains = new ArrayList<>();
    private final EntityRef<ReplicaActor.Command>[][] replicas;
    private final RoundReport[][] pending;
    private final int[] pendingCount;
    private final int[] readyCount;
    private int chainsFinished;
    private long reportedProgress = -1;

    @SuppressWarnings("unchecked")
    private ExchangeCoordinator(ActorContext<Command> context, String jobId, SamplerSettings settings,
            String targetJson, int dimension, List<String> parameterNames, ProgressListener listener,
            CompletableFuture<RunResult> result, String engineName) {
        super(context);
        this.jobId = jobId;
        this.settings = settings;
        this.targetJson = targetJson;
        this.parameterNames = parameterNames;
        this.listener = listener;
        this.result = result;
        this.engineName = engineName;
        this.levels = settings.levels();
        int c = settings.chains();
        this.replicas = new EntityRef[c][levels];
        this.pending = new RoundReport[c][levels];
        this.pendingCount = new int[c];
        this.readyCount = new int[c];
        ClusterSharding sharding = ClusterSharding.get(context.getSystem());
        for (int chain = 0; chain < c; chain++) {
            chains.add(new ChainState(chain, settings, dimension));
            for (int r = 0; r < levels; r++) {
                replicas[chain][r] = sharding.entityRefFor(ReplicaActor.TYPE_KEY,
                        ReplicaActor.entityId(jobId, chain, r));
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
     * @param listener progress (called from the coordinator's thread)
     * @param result completed with the run's result, or exceptionally with the failure
     * @param engineName how the result describes the engine
     * @return the behaviour
     */
    public static Behavior<Command> create(String jobId, SamplerSettings settings, String targetJson, int dimension,
            List<String> parameterNames, ProgressListener listener, CompletableFuture<RunResult> result,
            String engineName) {
        return Behaviors.setup(ctx -> new ExchangeCoordinator(ctx, jobId, settings, targetJson, dimension,
                parameterNames, listener, result, engineName));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ReplicaReady.class, this::onReplicaReady)
                .onMessage(RoundDone.class, this::onRoundDone)
                .onMessage(ReplicaFailed.class, this::onReplicaFailed)
                .build();
    }

    private Behavior<Command> onReplicaReady(ReplicaReady m) {
        if (++readyCount[m.chain()] == levels) {
            startRound(m.chain(), 0);
        }
        return this;
    }

    private void startRound(int chain, long round) {
        ChainState state = chains.get(chain);
        for (int r = 0; r < levels; r++) {
            replicas[chain][r].tell(new ReplicaActor.RunRound(chain, state.instructionFor(r, round), getContext().getSelf()));
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
        pending[chain] = new RoundReport[levels];
        pendingCount[chain] = 0;
        reportProgress();
        if (round + 1 < settings.rounds()) {
            startRound(chain, round + 1);
            return this;
        }
        if (++chainsFinished < settings.chains()) {
            return this;
        }
        releaseReplicas();
        result.complete(new RunResult(settings, parameterNames, List.copyOf(chains), engineName));
        return Behaviors.stopped();
    }

    private void reportProgress() {
        long slowest = Long.MAX_VALUE;
        for (ChainState c : chains) {
            slowest = Math.min(slowest, c.roundsDone());
        }
        if (slowest != reportedProgress) {
            reportedProgress = slowest;
            listener.progressed(slowest, settings.rounds());
        }
    }

    private Behavior<Command> onReplicaFailed(ReplicaFailed m) {
        String where = "chain " + m.chain() + (m.replica() >= 0 ? ", replica " + m.replica() : "");
        RuntimeException failure = m.inputError()
                ? new ConfigurationException(null, m.message() + " [" + where + "]")
                : new IllegalStateException("replica failed (" + where + "): " + m.message());
        releaseReplicas();
        result.completeExceptionally(failure);
        return Behaviors.stopped();
    }

    private void releaseReplicas() {
        for (EntityRef<ReplicaActor.Command>[] chain : replicas) {
            for (EntityRef<ReplicaActor.Command> r : chain) {
                r.tell(ReplicaActor.Release.INSTANCE);
            }
        }
    }
}
