package replex.actors;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;

import replex.core.optimize.OptimizeState;

/**
 * The replicas of an {@code optimize} job for its {@link OptimizeCoordinator}: how they are created
 * (through cluster sharding on a cluster, or on the one host of a one-JVM run), the protocol of their
 * creation (Initialize, the job's definition sent once to a node that asks for it, retries), and
 * where they live (node, host, entity, by ordinal chain·K + replica). Not thread-safe.
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
        ShardedReplicas<OptimizeReplicaActor.Command> entities = new ShardedReplicas<>(system,
                OptimizeReplicaActor.TYPE_KEY);
        return new Placement() {
            @Override
            public void initialize(OptimizeReplicaActor.Initialize init, int ordinal) {
                entities.tell(jobId, init.chain(), init.replica(), ordinal, init);
            }

            @Override
            public void release(String job, int chain, int replica, int ordinal,
                    ActorRef<OptimizeReplicaActor.Command> known) {
                entities.release(job, chain, replica, ordinal, known, OptimizeReplicaActor.Release.INSTANCE);
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
    private final String jobId;
    private final String jobJson;
    private final Placement placement;
    private final ActorRef<ExchangeCoordinator.Command> coordinator;
    final String[] node;
    final ActorRef<OptimizeHost.Command>[] host;
    private final ActorRef<OptimizeReplicaActor.Command>[] entity;
    /** Initialize messages sent since the last reset, per replica. */
    private final int[] attempts;
    /** The node a replica was last on, for messages about it. */
    private final String[] lastNode;
    /** Per replica, the host that asked for the job's definition for it and loads it, or null. */
    private final ActorRef<OptimizeHost.Command>[] awaitingHost;
    /** Every host the job has used (told to forget the job at its end), with its node's address. */
    private final Map<ActorRef<OptimizeHost.Command>, String> hosts = new java.util.LinkedHashMap<>();
    /** Hosts that hold the job's definition, and those loading it. */
    private final Set<ActorRef<OptimizeHost.Command>> loaded = new LinkedHashSet<>();
    private final Set<ActorRef<OptimizeHost.Command>> loading = new LinkedHashSet<>();
    private OptimizeState from;
    private int epoch;
    private int ready;

    /**
     * @param jobId the job
     * @param jobJson its effective job, sent to a node that asks for it
     * @param placement where replicas are created
     * @param coordinator the job's coordinator, where every answer goes
     */
    @SuppressWarnings("unchecked")
    OptimizeReplicas(int chains, int levels, String jobId, String jobJson, Placement placement,
            ActorRef<ExchangeCoordinator.Command> coordinator) {
        int n = chains * levels;
        this.levels = levels;
        this.jobId = jobId;
        this.jobJson = jobJson;
        this.placement = placement;
        this.coordinator = coordinator;
        node = new String[n];
        host = (ActorRef<OptimizeHost.Command>[]) new ActorRef<?>[n];
        entity = (ActorRef<OptimizeReplicaActor.Command>[]) new ActorRef<?>[n];
        attempts = new int[n];
        lastNode = new String[n];
        awaitingHost = (ActorRef<OptimizeHost.Command>[]) new ActorRef<?>[n];
    }

    /** @return chain·K + replica */
    int ordinal(int chain, int replica) {
        return chain * levels + replica;
    }

    int size() {
        return node.length;
    }

    /**
     * (Re-)creates every replica: from the snapshots of {@code state}, or at its initial state.
     *
     * @param state the job's recovery point, or {@code null} for round 0
     * @param newEpoch the job's epoch: answers of any other are ignored
     */
    void initializeAll(OptimizeState state, int newEpoch) {
        from = state;
        epoch = newEpoch;
        for (int i = 0; i < node.length; i++) {
            node[i] = null;
            host[i] = null;
            entity[i] = null;
            attempts[i] = 0;
            awaitingHost[i] = null;
            initialize(i);
        }
        ready = 0;
    }

    private void initialize(int i) {
        attempts[i]++;
        placement.initialize(new OptimizeReplicaActor.Initialize(jobId, i / levels, i % levels,
                from == null ? null : from.replicas()[i], epoch, coordinator), i);
    }

    /** Records a ready replica; @return whether every replica is ready now. */
    boolean ready(OptimizeCoordinator.Ready m) {
        int i = ordinal(m.chain(), m.replica());
        if (m.epoch() != epoch || host[i] != null) {
            return false;
        }
        node[i] = m.node();
        lastNode[i] = m.node();
        host[i] = m.host();
        entity[i] = m.entity();
        hosts.put(m.host(), m.node());
        return ++ready == node.length;
    }

    /**
     * A replica's node lacks the job's definition (or has forgotten it: a new host on a restarted
     * node): the definition goes to that host, once, and the replica is created again once it is loaded.
     */
    void jobMissing(OptimizeCoordinator.JobMissing m) {
        int i = ordinal(m.chain(), m.replica());
        if (m.epoch() != epoch || host[i] != null) {
            return;
        }
        hosts.put(m.host(), m.node());
        lastNode[i] = m.node();
        loaded.remove(m.host());
        awaitingHost[i] = m.host();
        if (loading.add(m.host())) {
            m.host().tell(new OptimizeHost.LoadJob(jobId, jobJson, coordinator));
        }
    }

    /** A host holds the job's definition now: its waiting replicas are created. */
    void jobLoaded(OptimizeCoordinator.JobLoaded m) {
        loading.remove(m.host());
        loaded.add(m.host());
        for (int i = 0; i < node.length; i++) {
            if (m.host().equals(awaitingHost[i])) {
                awaitingHost[i] = null;
                initialize(i);
            }
        }
    }

    /**
     * Initialize goes again to replicas that have not answered, and LoadJob to hosts that have not
     * (a message sent while sharding still routes to a node that has just left is lost).
     *
     * @param maxAttempts attempts per replica
     * @return why the job fails (a replica that never answered), or {@code null}
     */
    String retry(int maxAttempts) {
        for (ActorRef<OptimizeHost.Command> h : loading) {
            h.tell(new OptimizeHost.LoadJob(jobId, jobJson, coordinator));
        }
        for (int i = 0; i < node.length; i++) {
            if (host[i] != null) {
                continue;
            }
            if (attempts[i] >= maxAttempts) {
                return "replica " + i % levels + " of chain " + i / levels + " did not answer its initialisation "
                        + attempts[i] + " times" + (lastNode[i] == null ? "" : " (it was last on node " + lastNode[i]
                        + ")") + ": are the worker nodes reachable?";
            }
            if (awaitingHost[i] == null) {
                initialize(i);
            } else {
                attempts[i]++;
            }
        }
        return null;
    }

    /** @return the replicas placed on {@code address} (or, not placed yet, last seen there) */
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

    /** The job is over: stops the replicas and lets every host forget the job. */
    void release() {
        for (int i = 0; i < node.length; i++) {
            placement.release(jobId, i / levels, i % levels, i, entity[i]);
        }
        for (ActorRef<OptimizeHost.Command> h : hosts.keySet()) {
            h.tell(new OptimizeHost.ForgetJob(jobId));
        }
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
