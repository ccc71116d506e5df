package replex.actors;

import java.util.LinkedHashSet;
import java.util.Set;

import replex.core.engine.RecoveryEvent;
import replex.core.engine.RoundTiming;

/**
 * The timing of an {@link ExchangeCoordinator}'s rounds: how long each chain-round took (each chain's
 * typical round time, and the job's {@link RoundTiming}), the signs of life of the rounds in flight
 * (a host still busy with their batch, {@link ExchangeCoordinator.HostBusy}), and the rounds past
 * their deadline ({@link EngineTimings}: counted from the last sign of life, at least the minimum and
 * a multiple of the chain's typical round time), which {@link ReplicaRecovery} replays. A chain with
 * a replica on an unreachable node is not held to its deadline. Confined to the coordinator's thread.
 */
final class RoundDeadlines {

    private final ChainRun[] runs;
    private final int levels;
    private final EngineTimings timings;
    private final ReplicaRecovery recovery;
    private final RoundTiming.Recorder roundTimes = new RoundTiming.Recorder();
    private long lastCheck = System.nanoTime();

    /**
     * @param runs the job's chains
     * @param levels K
     * @param timings the deadlines
     * @param recovery replays a round past its deadline
     */
    RoundDeadlines(ChainRun[] runs, int levels, EngineTimings timings, ReplicaRecovery recovery) {
        this.runs = runs;
        this.levels = levels;
        this.timings = timings;
        this.recovery = recovery;
    }

    /**
     * The chain's round has just been sent.
     *
     * @param run the chain
     * @param now {@link System#nanoTime()} at the sending
     */
    static void sent(ChainRun run, long now) {
        run.inFlight = true;
        run.sentAtNanos = now;
        run.lastSignNanos = now;
    }

    /** The chain's round in flight has all its reports: its time is recorded, it is no longer in flight. */
    void completed(ChainRun run) {
        long took = System.nanoTime() - run.sentAtNanos;
        run.recordRoundTime(took);
        roundTimes.add(took);
        run.inFlight = false;
    }

    /** @param m a host says it still runs these batches: a sign of life of the rounds they carry */
    void hostBusy(ExchangeCoordinator.HostBusy m) {
        long now = System.nanoTime();
        for (long batch : m.batches()) {
            for (ChainRun run : runs) {
                if (run.inFlight && batch >= run.firstBatch && batch <= run.lastBatch) {
                    run.lastSignNanos = now;
                }
            }
        }
    }

    /**
     * Replays every round past its deadline ({@link ExchangeCoordinator.CheckDeadlines}).
     *
     * @return why the job fails (a round kept being replayed), or {@code null} while it goes on
     */
    String check() {
        long now = System.nanoTime();
        long sincePrevious = now - lastCheck;
        lastCheck = now;
        if (sincePrevious > 3 * timings.deadlineCheck().toNanos()) {
            // This actor itself waited for a thread (busy workers it shares, a long GC): the signs of life
            // queued meanwhile are not seen yet, so the time cannot be held against the rounds in flight.
            for (ChainRun run : runs) {
                run.lastSignNanos = Math.max(run.lastSignNanos, now);
            }
            return null;
        }
        for (ChainRun run : runs) {
            if (!run.inFlight || recovery.waitsOnUnreachable(run)) {
                continue;
            }
            long waited = now - Math.max(run.sentAtNanos, run.lastSignNanos);
            if (waited > run.deadlineNanos(timings)) {
                Set<String> silent = new LinkedHashSet<>();
                for (int r = 0; r < levels; r++) {
                    if (run.pending[r] == null) {
                        silent.add(run.node[r]);
                    }
                }
                String failure = recovery.replay(run, RecoveryEvent.Kind.ROUND_DEADLINE, String.format(
                        java.util.Locale.ROOT,
                        "round %d of chain %d had no answer from node %s within %.1f s", run.state.roundsDone(),
                        run.index, String.join(", ", silent), waited / 1e9));
                if (failure != null) {
                    return failure;
                }
            }
        }
        return null;
    }

    /** @return the job's chain-round times so far, or {@code null} before the first */
    RoundTiming timing() {
        return roundTimes.timing();
    }
}
