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
 * Where sharding puts replicas: replica number {@code ordinal} of a job lives in shard
 * {@code <generation>:<ordinal>}, and a shard goes to the worker node {@code ordinal mod n} of the n
 * worker nodes sorted by address. The generation names the worker membership (nodes and their
 * incarnations) when the job started: jobs started with the same members share shards, so the
 * number of shards is bounded by the largest job times the membership changes, not by the
 * replicas ever run; a job started after a node joined or left gets new shards, allocated over the
 * nodes of that moment. So every job is spread as evenly as possible (node counts differ by at most
 * one) whatever other jobs ran before, and no shard is ever moved (a moved replica would restart
 * without its state); a shard on a lost node is allocated again, on demand, when the job's
 * coordinator restores the replicas it held.
 */
final class ReplicaPlacement extends ShardCoordinator.AbstractShardAllocationStrategy {

    private final Address selfAddress;

    /** @param selfAddress this node's address (local region references carry no host) */
    ReplicaPlacement(Address selfAddress) {
        this.selfAddress = selfAddress;
    }

    /**
     * @param generation the membership generation of the replica's job
     * @param ordinal the replica's position in the job
     * @return the shard id of that replica
     */
    static String shardId(String generation, int ordinal) {
        return generation + ":" + ordinal;
    }

    /**
     * @param members the cluster's members
     * @return a short name for the set of worker nodes that are up, with their incarnations (a
     *     restarted node at the same address is a new member): 16 hex digits of SHA-256
     */
    static String generation(Iterable<akka.cluster.Member> members) {
        List<String> workers = new ArrayList<>();
        for (akka.cluster.Member m : members) {
            if (m.hasRole(ReplicaActor.WORKER_ROLE) && m.status() == akka.cluster.MemberStatus.up()) {
                workers.add(m.uniqueAddress().address() + "#" + m.uniqueAddress().longUid());
            }
        }
        workers.sort(null);
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(String.join(",", workers)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
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
