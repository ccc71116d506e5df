package replex.actors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import akka.actor.ActorRef;
import akka.actor.Address;
import akka.cluster.sharding.ShardCoordinator;
import akka.dispatch.Futures;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;

/**
 * Where sharding puts replicas: each replica of a job has a shard of its own
 * ({@code <job>:<ordinal>}), and replica number {@code ordinal} goes to the worker node
 * {@code ordinal mod n} of the n worker nodes sorted by address. So every job is spread as
 * evenly as possible (node counts differ by at most one) whatever other jobs ran before, and no
 * shard is ever moved (a moved replica would restart without its state).
 */
final class ReplicaPlacement extends ShardCoordinator.AbstractShardAllocationStrategy {

    private final Address selfAddress;

    /** @param selfAddress this node's address (local region references carry no host) */
    ReplicaPlacement(Address selfAddress) {
        this.selfAddress = selfAddress;
    }

    /**
     * @param jobId the job
     * @param ordinal the replica's position in the job
     * @return the shard id of that replica
     */
    static String shardId(String jobId, int ordinal) {
        return jobId + ":" + ordinal;
    }

    @Override
    public Future<ActorRef> allocateShard(ActorRef requester, String shardId,
            Map<ActorRef, IndexedSeq<String>> currentShardAllocations) {
        List<ActorRef> regions = new ArrayList<>(currentShardAllocations.keySet());
        if (regions.isEmpty()) {
            return Futures.successful(requester);
        }
        regions.sort(Comparator.comparing(this::address));
        int ordinal = Integer.parseInt(shardId.substring(shardId.lastIndexOf(':') + 1));
        return Futures.successful(regions.get(ordinal % regions.size()));
    }

    @Override
    public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> currentShardAllocations,
            Set<String> rebalanceInProgress) {
        return Futures.successful(Set.of());
    }

    private String address(ActorRef region) {
        Address a = region.path().address();
        return (a.hasLocalScope() ? selfAddress : a).toString();
    }
}
