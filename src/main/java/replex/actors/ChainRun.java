package replex.actors;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import akka.actor.typed.ActorRef;

import replex.core.chain.ChainSnapshot;
import replex.core.chain.ChainState;
import replex.core.proposal.Proposal;
import replex.core.replica.ReplicaSnapshot;
import replex.core.replica.RoundReport;

/**
 * The coordinator's view of one chain of a job: its {@link ChainState} (core), where its K replicas
 * live, the reports of the round in flight, its recovery point, and the timing of its rounds.
 * Chains are independent: each runs its own rounds. Confined to the coordinator's thread.
 */
final class ChainRun {

    final int index;
    final int levels;
    ChainState state;
    /** Grows each time the chain is restored: older answers are ignored. */
    int epoch;
    /** Where each replica lives: its node's host, its sharded entity (cluster only) and node address. */
    final ActorRef<ReplicaHost.Command>[] host;
    final ActorRef<ReplicaActor.Command>[] entity;
    final String[] node;
    /** Per replica, the index of its host in the coordinator's list of hosts. */
    final int[] hostIndex;
    /** The node each replica was last seen on, for messages after it is lost. */
    final String[] lastNode;
    final int[] initializeAttempts;
    int ready;
    final RoundReport[] pending;
    int pendingCount;
    /** The state to roll back to after losing a replica or a message: without draws; null = the start. */
    ChainSnapshot recoveryChain;
    ReplicaSnapshot[] recoveryReplicas;
    /** Waiting (suspension, an unwritten checkpoint) with rounds still to run. */
    boolean halted;
    boolean inFlight;
    /** Draw rows sent to the client so far (per level that keeps draws: they all hold the same rows). */
    int sentRows;
    long sentAtNanos;
    long lastSignNanos;
    /** The batches (ids firstBatch … lastBatch) that carry the round in flight. */
    long firstBatch = -1;
    long lastBatch = -2;
    /** Exponentially weighted mean of the chain's round times in seconds; NaN before the first. */
    double typicalRoundSeconds = Double.NaN;
    long replayedRound = -1;
    int replaysOfRound;
    /** Per level: the proposal last sent and the version of its covariance factor (0 = none). */
    private final Proposal[] lastProposal;
    private final int[] factorVersion;

    @SuppressWarnings("unchecked") // arrays of a generic type: created raw, used typed
    ChainRun(int index, int levels, ChainState state) {
        this.index = index;
        this.levels = levels;
        this.state = state;
        this.host = (ActorRef<ReplicaHost.Command>[]) new ActorRef<?>[levels];
        this.entity = (ActorRef<ReplicaActor.Command>[]) new ActorRef<?>[levels];
        this.node = new String[levels];
        this.hostIndex = new int[levels];
        this.lastNode = new String[levels];
        this.initializeAttempts = new int[levels];
        this.pending = new RoundReport[levels];
        this.lastProposal = new Proposal[levels];
        this.factorVersion = new int[levels];
    }

    /**
     * @return the version of the covariance factor of {@code proposal} at {@code level}: a new one each
     *     time the factor changes (not the scale), 0 when the proposal has none
     */
    int factorVersion(int level, Proposal proposal) {
        if (!proposal.hasFactor()) {
            lastProposal[level] = proposal;
            return 0;
        }
        if (!proposal.sameFactor(lastProposal[level])) {
            factorVersion[level]++;
        }
        lastProposal[level] = proposal;
        return factorVersion[level];
    }

    /** Forgets where the replicas are and the round in flight: they are being (re)created. */
    void resetPlacement() {
        for (int r = 0; r < levels; r++) {
            if (node[r] != null) {
                lastNode[r] = node[r];
            }
        }
        Arrays.fill(host, null);
        Arrays.fill(entity, null);
        Arrays.fill(node, null);
        Arrays.fill(initializeAttempts, 0);
        ready = 0;
        clearPending();
        inFlight = false;
    }

    void clearPending() {
        Arrays.fill(pending, null);
        pendingCount = 0;
    }

    boolean isReady() {
        return ready == levels;
    }

    /** @return the round's deadline in nanoseconds after the last sign of life */
    long deadlineNanos(EngineTimings timings) {
        double typical = Double.isNaN(typicalRoundSeconds) ? 0.0 : typicalRoundSeconds;
        return Math.max(timings.deadlineMinimum().toNanos(), (long) (timings.deadlineMultiplier() * typical * 1e9));
    }

    void recordRoundTime(long nanos) {
        double seconds = nanos / 1e9;
        typicalRoundSeconds = Double.isNaN(typicalRoundSeconds) ? seconds : 0.8 * typicalRoundSeconds + 0.2 * seconds;
    }

    /**
     * Sends the client the draws it has not received yet, of every level that keeps draws (level 0,
     * or all K with {@code output.all-levels}), in order, in bounded chunks.
     *
     * @param client the job's client
     * @param jobId the job
     */
    void sendNewDraws(ActorRef<JobClient.Event> client, String jobId) {
        if (sentRows < state.draws().rows()) {
            sentRows = JobClient.sendDraws(client, jobId, state, sentRows);
        }
    }

    /**
     * Sends the client every chain's draws that it has not received yet, chain by chain, in order, in
     * bounded chunks.
     *
     * @param runs the job's chains
     * @param client the job's client
     * @param jobId the job
     */
    static void sendNewDraws(ChainRun[] runs, ActorRef<JobClient.Event> client, String jobId) {
        for (ChainRun run : runs) {
            run.sendNewDraws(client, jobId);
        }
    }

    /**
     * @param runs the job's chains
     * @return the number of their replicas on each node (those placed), by node address in order
     */
    static Map<String, Integer> replicasPerNode(ChainRun[] runs) {
        Map<String, Integer> count = new TreeMap<>();
        for (ChainRun run : runs) {
            for (String node : run.node) {
                if (node != null) {
                    count.merge(node, 1, Integer::sum);
                }
            }
        }
        return count;
    }

    /** @return whether one of the replicas is on {@code address} */
    boolean hasReplicaOn(String address) {
        for (String n : node) {
            if (address.equals(n)) {
                return true;
            }
        }
        return false;
    }
}
