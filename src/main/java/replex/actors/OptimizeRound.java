package replex.actors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import akka.actor.typed.ActorRef;

import replex.core.Objective;
import replex.core.optimize.OptimizeChain;
import replex.core.optimize.OptimizeReplica;
import replex.core.optimize.OptimizeSearch;

/**
 * One round of an {@code optimize} job in flight, for its {@link OptimizeCoordinator}: the
 * requests sent (one {@link OptimizeHost.RunRounds} per host, numbered), and the reports and
 * snapshots filed by (chain, replica) as they come back, in any order. Not thread-safe.
 */
final class OptimizeRound {

    final long round;
    final boolean snapshots;
    final long firstBatch;
    final long lastBatch;
    final long sentAtNanos;
    /** The round's last sign of life: its sending, or a host saying it is still busy with it. */
    long lastSignNanos;
    private final int epoch;
    private final int total;
    private final OptimizeReplica.RoundReport[][] reports;
    private final OptimizeReplica.Snapshot[] taken;
    private int reported;
    private int snapshotted;

    private OptimizeRound(long round, int epoch, boolean snapshots, int chains, int levels, long firstBatch,
            long lastBatch) {
        this.round = round;
        this.epoch = epoch;
        this.snapshots = snapshots;
        this.firstBatch = firstBatch;
        this.lastBatch = lastBatch;
        this.total = chains * levels;
        this.reports = new OptimizeReplica.RoundReport[chains][levels];
        this.taken = snapshots ? new OptimizeReplica.Snapshot[total] : null;
        this.sentAtNanos = System.nanoTime();
        this.lastSignNanos = sentAtNanos;
    }

    /**
     * Sends round {@code search.roundsDone()} of every replica: one request per host, with each
     * replica's level temperature and jitter.
     *
     * @param lastBatch the number of the coordinator's last request so far
     * @return the round in flight
     */
    static OptimizeRound send(String jobId, OptimizeSearch search, OptimizeReplicas replicas, int epoch,
            boolean snapshots, long lastBatch, ActorRef<ExchangeCoordinator.Command> coordinator) {
        long round = search.roundsDone();
        int chains = replicas.size() / replicas.levels;
        Map<ActorRef<OptimizeHost.Command>, List<OptimizeHost.Item>> byHost = new LinkedHashMap<>();
        for (int c = 0; c < chains; c++) {
            OptimizeChain chain = search.chain(c);
            for (int k = 0; k < replicas.levels; k++) {
                int r = chain.replicaAt(k);
                byHost.computeIfAbsent(replicas.host[replicas.ordinal(c, r)], h -> new ArrayList<>()).add(
                        new OptimizeHost.Item(c, r, epoch, round, chain.temperature(k), chain.jitter(k), snapshots));
            }
        }
        long batch = lastBatch;
        for (Map.Entry<ActorRef<OptimizeHost.Command>, List<OptimizeHost.Item>> e : byHost.entrySet()) {
            e.getKey().tell(new OptimizeHost.RunRounds(jobId, ++batch, e.getValue().toArray(new OptimizeHost.Item[0]),
                    coordinator));
        }
        return new OptimizeRound(round, epoch, snapshots, chains, replicas.levels, lastBatch + 1, batch);
    }

    /**
     * @return a round of no request, in flight only for its deadline (the best state asked for at the end)
     */
    static OptimizeRound awaiting(long round, int epoch) {
        return new OptimizeRound(round, epoch, false, 0, 0, 0, -1);
    }

    /** A host is still busy with these requests: a sign of life if one is this round's. */
    void heard(long[] batches) {
        for (long batch : batches) {
            if (sent(batch)) {
                lastSignNanos = System.nanoTime();
            }
        }
    }

    /** @return whether {@code batch} is one of this round's requests */
    boolean sent(long batch) {
        return batch >= firstBatch && batch <= lastBatch;
    }

    /**
     * Files one result of a host's answer; a repeat is ignored.
     *
     * @return false if the host does not hold the item's replica (the caller rolls back)
     */
    boolean file(OptimizeHost.Result result, List<String> metricNames) {
        if (result.epoch() != epoch) {
            return true;
        }
        if (result.missing()) {
            return false;
        }
        if (reports[result.chain()][result.replica()] == null) {
            OptimizeHost.Report r = result.report();
            reports[result.chain()][result.replica()] = new OptimizeReplica.RoundReport(r.accepted(), r.proposed(),
                    r.value(), r.score(), Objective.Evaluation.of(r.evaluated(), metricNames, r.metrics()));
            reported++;
        }
        return true;
    }

    /** Files a replica's snapshot taken after this round; any other is ignored. */
    void file(OptimizeCoordinator.SnapshotTaken m, int ordinal) {
        if (snapshots && m.epoch() == epoch && m.round() == round + 1 && taken[ordinal] == null) {
            taken[ordinal] = m.snapshot();
            snapshotted++;
        }
    }

    /** @return whether every replica has reported, and sent its snapshot if asked to */
    boolean complete() {
        return reported == total && (!snapshots || snapshotted == total);
    }

    /** @return the reports, [chain][replica] */
    OptimizeReplica.RoundReport[][] reports() {
        return reports;
    }

    /** @return the snapshots, by ordinal, or {@code null} if none were asked for */
    OptimizeReplica.Snapshot[] snapshots() {
        return taken;
    }
}
