package replex.actors;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Where the C × K replicas of an {@code optimize} job live (node, host, entity, by ordinal chain·K +
 * replica), which hosts have the job's definition, and how replicas are created there: through
 * cluster sharding on a cluster, or on the one host of a one-JVM run. Used by the
 * {@link OptimizeCoordinator} only; not thread-safe.
 */
final class OptimizeReplicas {

    /** Where replicas are created. */
    interface Placement {
        /** Sends {@code init} to where replica {@code ordinal} lives. */
        void initialize(OptimizeReplicaActor.Initialize init, int ordinal);

        /** Stops the replica entity of {@code ordinal} ({@code known} if its reference is known, else null). */
        void release(String jobId, int chain, int replica, int ordinal, ActorRef<OptimizeReplicaActor.Command> known);

        /** @return whether the job runs on a cluster (membership events matter) */
        boolean clustered();
    }

    /**
     * @param system the cluster node's system
     * @param jobId the job
     * @return replicas as sharded entities on the cluster's worker nodes
     */
    static Placement sharded(ActorSystem<?> system, String jobId) {
        ClusterSharding sharding = ClusterSharding.get(system);
        String generation = ReplicaPlacement.generation(akka.cluster.typed.Cluster.get(system).state().getMembers());
        return new Placement() {
            @Override
            public void initialize(OptimizeReplicaActor.Initialize init, int ordinal) {
                sharding.entityRefFor(OptimizeReplicaActor.TYPE_KEY, ReplicaActor.entityId(generation, jobId,
                        init.chain(), init.replica(), ordinal)).tell(init);
            }

            @Override
            public void release(String job, int chain, int replica, int ordinal,
                    ActorRef<OptimizeReplicaActor.Command> known) {
                if (known != null) {
                    known.tell(OptimizeReplicaActor.Release.INSTANCE);
                } else {
                    sharding.entityRefFor(OptimizeReplicaActor.TYPE_KEY, ReplicaActor.entityId(generation, job, chain,
                            replica, ordinal)).tell(OptimizeReplicaActor.Release.INSTANCE);
                }
            }

            @Override
            public boolean clustered() {
                return true;
            }
        };
    }

    /**
     * @param host the one host of a one-JVM run
     * @return every replica on that host, created by it directly
     */
    static Placement local(ActorRef<OptimizeHost.Command> host) {
        return new Placement() {
            @Override
            public void initialize(OptimizeReplicaActor.Initialize init, int ordinal) {
                host.tell(new OptimizeHost.CreateReplica(init));
            }

            @Override
            public void release(String job, int chain, int replica, int ordinal,
                    ActorRef<OptimizeReplicaActor.Command> known) {
            }

            @Override
            public boolean clustered() {
                return false;
            }
        };
    }

    final int levels;
    final String[] node;
    final ActorRef<OptimizeHost.Command>[] host;
    final ActorRef<OptimizeReplicaActor.Command>[] entity;
    /** Initialize messages sent since the last reset, per replica. */
    final int[] attempts;
    /** The node a replica was last on, for messages about it. */
    final String[] lastNode;
    /** Per replica, the host that asked for the job's definition for it and loads it, or null. */
    final ActorRef<OptimizeHost.Command>[] awaitingHost;
    /** Every host the job has used (told to forget the job at its end), with its node's address. */
    final Map<ActorRef<OptimizeHost.Command>, String> hosts = new java.util.LinkedHashMap<>();
    /** Hosts that hold the job's definition, and those loading it. */
    final Set<ActorRef<OptimizeHost.Command>> loaded = new LinkedHashSet<>();
    final Set<ActorRef<OptimizeHost.Command>> loading = new LinkedHashSet<>();
    private int ready;

    @SuppressWarnings("unchecked")
    OptimizeReplicas(int chains, int levels) {
        int n = chains * levels;
        this.levels = levels;
        node = new String[n];
        host = new ActorRef[n];
        entity = new ActorRef[n];
        attempts = new int[n];
        lastNode = new String[n];
        awaitingHost = new ActorRef[n];
    }

    /** @return chain·K + replica */
    int ordinal(int chain, int replica) {
        return chain * levels + replica;
    }

    int size() {
        return node.length;
    }

    /** Forgets where every replica is: they are being (re-)created. */
    void reset() {
        for (int i = 0; i < node.length; i++) {
            node[i] = null;
            host[i] = null;
            entity[i] = null;
            attempts[i] = 0;
            awaitingHost[i] = null;
        }
        ready = 0;
    }

    /** Records a ready replica; @return whether every replica is ready now. */
    boolean ready(OptimizeCoordinator.Ready m) {
        int i = ordinal(m.chain(), m.replica());
        if (host[i] != null) {
            return false;
        }
        node[i] = m.node();
        lastNode[i] = m.node();
        host[i] = m.host();
        entity[i] = m.entity();
        awaitingHost[i] = null;
        hosts.put(m.host(), m.node());
        return ++ready == node.length;
    }

    boolean allReady() {
        return ready == node.length;
    }

    /** @return the replicas placed on {@code address} */
    List<Integer> on(String address) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < node.length; i++) {
            if (address.equals(node[i]) || host[i] == null && address.equals(lastNode[i])) {
                found.add(i);
            }
        }
        return found;
    }

    /** A node left: its host no longer holds the job's definition. */
    void nodeLost(String address) {
        hosts.entrySet().removeIf(e -> {
            if (address.equals(e.getValue())) {
                loaded.remove(e.getKey());
                loading.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    /** @return replicas per node address, sorted */
    Map<String, Integer> perNode() {
        Map<String, Integer> count = new TreeMap<>();
        for (String n : node) {
            if (n != null) {
                count.merge(n, 1, Integer::sum);
            }
        }
        return count;
    }
}
