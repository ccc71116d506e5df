package replex.actors;

import java.util.function.Supplier;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.cluster.sharding.typed.ShardingEnvelope;
import akka.cluster.sharding.typed.ShardingMessageExtractor;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.cluster.typed.Cluster;

/**
 * Replica entities of one type on a cluster's worker nodes, shared by the sample mode
 * ({@link ReplicaActor}, {@link Placement}) and the optimize mode ({@link OptimizeReplicaActor},
 * {@link OptimizeReplicas}): their registration with sharding (one replica per shard, placed by
 * {@link ReplicaPlacement}, run on the worker dispatcher), and, for one job, the address of each
 * replica's entity ({@link ReplicaActor#entityId}, in the worker membership the job started with).
 * An instance is immutable.
 *
 * @param <C> the entities' message type
 */
final class ShardedReplicas<C> {

    private final ClusterSharding sharding;
    private final EntityTypeKey<C> typeKey;
    private final String generation;

    /**
     * The entities of a job that starts now, in the current worker membership.
     *
     * @param system the cluster node's system
     * @param typeKey the entity type
     */
    ShardedReplicas(ActorSystem<?> system, EntityTypeKey<C> typeKey) {
        this.sharding = ClusterSharding.get(system);
        this.typeKey = typeKey;
        this.generation = ReplicaPlacement.generation(Cluster.get(system).state().getMembers());
    }

    /**
     * Registers an entity type with sharding on this node.
     *
     * @param system the node's actor system
     * @param typeKey the entity type
     * @param create a new entity's behaviour
     */
    static <C> void initSharding(ActorSystem<?> system, EntityTypeKey<C> typeKey, Supplier<Behavior<C>> create) {
        ClusterSharding.get(system).init(Entity.of(typeKey, ctx -> create.get())
                .withRole(ReplicaActor.WORKER_ROLE)
                .withMessageExtractor(new OneReplicaPerShard<C>())
                .withAllocationStrategy(new ReplicaPlacement(Cluster.get(system).selfMember().address()))
                .withEntityProps(DispatcherSelector.fromConfig(ReplicaActor.WORKER_DISPATCHER)));
    }

    /** Sends a message to the entity of replica {@code replica} of chain {@code chain}, at {@code ordinal}. */
    void tell(String jobId, int chain, int replica, int ordinal, C message) {
        sharding.entityRefFor(typeKey, ReplicaActor.entityId(generation, jobId, chain, replica, ordinal)).tell(message);
    }

    /**
     * Stops a replica's entity: directly where its reference is known (no message for a shard region
     * that may be handing off), else through sharding.
     *
     * @param known the entity's reference, or {@code null}
     * @param release the entity's message to stop
     */
    void release(String jobId, int chain, int replica, int ordinal, ActorRef<C> known, C release) {
        if (known != null) {
            known.tell(release);
        } else {
            tell(jobId, chain, replica, ordinal, release);
        }
    }

    /**
     * Replica {@code ordinal} of every job started with the same worker membership shares the shard
     * {@code <generation>:<ordinal>}, placed by {@link ReplicaPlacement}: shards are reused by job after
     * job instead of one new shard per replica ever run.
     *
     * @param <C> the entities' message type
     */
    static final class OneReplicaPerShard<C> extends ShardingMessageExtractor<ShardingEnvelope<C>, C> {

        @Override
        public String entityId(ShardingEnvelope<C> envelope) {
            return envelope.entityId();
        }

        @Override
        public String shardId(String entityId) {
            int ordinal = Integer.parseInt(entityId.substring(entityId.lastIndexOf('|') + 1));
            return ReplicaPlacement.shardId(entityId.substring(0, entityId.indexOf('|')), ordinal); // generation
        }

        @Override
        public C unwrapMessage(ShardingEnvelope<C> envelope) {
            return envelope.message();
        }
    }
}
