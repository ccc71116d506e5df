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

import replex.core.optimize.OptimizeReplica;

/**
 * One replica of an {@code optimize} job as a cluster-sharded entity, as {@link ReplicaActor} is for
 * sampling jobs: sharding decides on which node it lives (and re-creates it elsewhere when its node
 * is lost), placed by {@link ReplicaPlacement} like sampling replicas. On {@link Initialize} it
 * creates its {@link OptimizeReplica} in its node's {@link OptimizeNode}, whose host runs its
 * rounds. Entity id: {@code <generation>|<jobId>|<chain>|<replica>|<ordinal>}; sharding and the
 * Initialize protocol as for sampling replicas ({@link ShardedReplicas}, {@link ReplicaEntity}).
 */
public final class OptimizeReplicaActor extends AbstractBehavior<OptimizeReplicaActor.Command> {

    /** The sharded entity type of optimize replicas. */
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "OptimizeReplica");

    /** Messages a replica accepts. */
    public interface Command extends KryoSerializable {
    }

    /**
     * Creates the replica; answered by {@link OptimizeCoordinator.Ready}, {@link OptimizeCoordinator.JobMissing}
     * (the node has not got the job's definition yet) or {@link OptimizeCoordinator.Failed}.
     *
     * @param jobId the job
     * @param chain the chain index
     * @param replica the replica index
     * @param snapshot the state to continue from, or {@code null} for the replica's initial state
     * @param epoch the job's epoch: it grows each time the job is rolled back; replies carry it
     * @param replyTo the job's coordinator
     */
    public record Initialize(String jobId, int chain, int replica, OptimizeReplica.Snapshot snapshot, int epoch,
            ActorRef<ExchangeCoordinator.Command> replyTo) implements Command, ReplicaEntity.Init {
    }

    /** The job is over: the replica stops. */
    public enum Release implements Command {
        INSTANCE
    }

    /** The job's coordinator stopped (death watch; local only). */
    private enum CoordinatorGone implements Command, akka.actor.NoSerializationVerificationNeeded {
        INSTANCE
    }

    /**
     * Registers the entity type with sharding on this node.
     *
     * @param system the node's actor system
     * @param nodeState the node's optimize jobs and replicas
     * @param host the node's {@link OptimizeHost}
     */
    public static void initSharding(ActorSystem<?> system, OptimizeNode nodeState,
            ActorRef<OptimizeHost.Command> host) {
        ShardedReplicas.initSharding(system, TYPE_KEY,
                () -> Behaviors.<Command>setup(c -> new OptimizeReplicaActor(c, nodeState, host)));
    }

    private final OptimizeNode nodeState;
    private final ActorRef<OptimizeHost.Command> host;
    private final String node;
    private final ReplicaEntity<Command> entity;

    private OptimizeReplicaActor(ActorContext<Command> context, OptimizeNode nodeState,
            ActorRef<OptimizeHost.Command> host) {
        super(context);
        this.nodeState = nodeState;
        this.host = host;
        this.node = Cluster.get(context.getSystem()).selfMember().address().toString();
        this.entity = new ReplicaEntity<>(context, CoordinatorGone.INSTANCE);
    }

    @Override
    public Receive<Command> createReceive() {
        return entity.stoppingOn(newReceiveBuilder().onMessage(Initialize.class, this::onInitialize),
                Release.INSTANCE, Behaviors::stopped, nodeState::remove);
    }

    private Behavior<Command> onInitialize(Initialize m) {
        ActorRef<Command> self = getContext().getSelf();
        entity.initialize(m, () -> new OptimizeCoordinator.Ready(m.chain(), m.replica(), m.epoch(), node, host, self),
                () -> nodeState.initialize(m, node, host, self), OptimizeCoordinator.Ready.class);
        return this;
    }
}
