package replex.actors;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.cluster.typed.Cluster;

import replex.core.replica.ReplicaSnapshot;

/**
 * One replica of one job as a cluster-sharded entity: sharding decides on which node it lives (and
 * re-creates it elsewhere when its node is lost). On {@link Initialize} it creates its
 * {@link replex.core.replica.Replica} (state and random stream) in the node's
 * {@link ReplicaHost.Registry}, where the node's {@link ReplicaHost} runs its rounds, batched with
 * the node's other replicas; all the sampling maths is in {@code replex.core}. Entity id:
 * {@code <generation>|<jobId>|<chain>|<replica>|<ordinal>}; sharding and the Initialize protocol as
 * for optimize replicas ({@link ShardedReplicas}, {@link ReplicaEntity}).
 */
public final class ReplicaActor extends AbstractBehavior<ReplicaActor.Command> {

    /** The sharded entity type of replicas. */
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Replica");

    /** Dispatcher (thread pool of {@code workers} threads) on which replicas run their steps. */
    public static final String WORKER_DISPATCHER = "replex.worker-dispatcher";

    /** Messages a replica accepts. */
    public interface Command extends KryoSerializable {
    }

    /**
     * Creates the replica's state; answered by {@link ExchangeCoordinator.ReplicaReady} or
     * {@link ExchangeCoordinator.ReplicaFailed}.
     *
     * @param jobId the job
     * @param seed the job's seed
     * @param chain the chain index
     * @param replica the replica index
     * @param targetJson the job's {@code target} block as JSON
     * @param snapshot the state to continue from (a checkpoint or a recovery), or {@code null} for the
     *     initial state drawn from the replica's own stream
     * @param epoch the chain's epoch: it grows each time the chain is restored; replies carry it
     * @param replyTo the job's coordinator
     * @param drawMetrics the metrics the replica's kept draws record ({@code output.draws-metrics}), in
     *     column order; empty for none
     * @param drawMetadata the metadata the replica's kept draws record ({@code output.draws-metadata}),
     *     in column order; empty (or {@code null}) for none
     */
    public record Initialize(String jobId, long seed, int chain, int replica, String targetJson,
            ReplicaSnapshot snapshot, int epoch, ActorRef<ExchangeCoordinator.Command> replyTo, String[] drawMetrics,
            String[] drawMetadata) implements Command, ReplicaEntity.Init {

        /** An initialisation whose replica records no metric with its draws. */
        public Initialize(String jobId, long seed, int chain, int replica, String targetJson,
                ReplicaSnapshot snapshot, int epoch, ActorRef<ExchangeCoordinator.Command> replyTo) {
            this(jobId, seed, chain, replica, targetJson, snapshot, epoch, replyTo, new String[0], new String[0]);
        }
    }

    /** The job's coordinator stopped (death watch; local only): nobody will ask for this replica again. */
    private enum CoordinatorGone implements Command {
        INSTANCE
    }

    /** The job is over: the replica stops. */
    public enum Release implements Command {
        INSTANCE
    }

    /**
     * Registers the replica entity type with sharding on this node.
     *
     * @param system the node's actor system
     * @param targets the node's targets
     * @param registry the node's replicas, run by its host
     * @param host the node's {@link ReplicaHost}
     */
    public static void initSharding(ActorSystem<?> system, NodeTargets targets, ReplicaHost.Registry registry,
            ActorRef<ReplicaHost.Command> host) {
        ShardedReplicas.initSharding(system, TYPE_KEY, () -> create(targets, registry, host));
    }

    /** Cluster role of the nodes that host replicas (clients have role {@code client}). */
    public static final String WORKER_ROLE = "worker";

    /**
     * @param generation the worker membership the job started with ({@link ReplicaPlacement#generation})
     * @param jobId the job
     * @param chain the chain index
     * @param replica the replica index
     * @param ordinal the replica's position in the job, chain × K + replica
     * @return the entity id of that replica
     */
    public static String entityId(String generation, String jobId, int chain, int replica, int ordinal) {
        return generation + "|" + jobId + "|" + chain + "|" + replica + "|" + ordinal;
    }

    private final NodeTargets targets;
    private final ReplicaHost.Registry registry;
    private final ActorRef<ReplicaHost.Command> host;
    private final String node;
    private final ReplicaEntity<Command> entity;

    private ReplicaActor(ActorContext<Command> context, NodeTargets targets, ReplicaHost.Registry registry,
            ActorRef<ReplicaHost.Command> host) {
        super(context);
        this.targets = targets;
        this.registry = registry;
        this.host = host;
        this.node = Cluster.get(context.getSystem()).selfMember().address().toString();
        this.entity = new ReplicaEntity<>(context, CoordinatorGone.INSTANCE);
    }

    static Behavior<Command> create(NodeTargets targets, ReplicaHost.Registry registry,
            ActorRef<ReplicaHost.Command> host) {
        return Behaviors.setup(ctx -> new ReplicaActor(ctx, targets, registry, host));
    }

    @Override
    public Receive<Command> createReceive() {
        return entity.stoppingOn(newReceiveBuilder().onMessage(Initialize.class, this::onInitialize),
                Release.INSTANCE, this::onRelease, registry::remove);
    }

    private Behavior<Command> onInitialize(Initialize m) {
        ActorRef<Command> self = getContext().getSelf();
        entity.initialize(m,
                () -> new ExchangeCoordinator.ReplicaReady(m.chain(), m.replica(), node, host, self, m.epoch()),
                () -> ReplicaHost.initialize(targets, registry, m, node, host, self),
                ExchangeCoordinator.ReplicaReady.class);
        return this;
    }

    private Behavior<Command> onRelease() {
        if (entity.jobId() != null) {
            targets.release(entity.jobId());
        }
        return Behaviors.stopped();
    }
}
