package replex.core.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import replex.core.Objective;

/**
 * Runs an {@code optimize} job in rounds: every replica makes its moves at its level's temperature
 * and jitter (per-replica work, {@link OptimizeReplica}), then every chain counts, adapts, tracks the
 * best and swaps (per-chain work, {@link OptimizeChain}; per-job work, {@link OptimizeSearch}), then the
 * stopping rules are checked and checkpoints written. The
 * replicas of a round may run on a thread pool: each uses only its own state and random stream, and
 * the chains' work runs in one thread after all of them, so the result is the same for any pool (or
 * none) and depends only on the settings, the objective and the initial state.
 *
 * <p>Stopping, checked after each round on the best over all chains: after {@code rounds} rounds;
 * when the best score has not improved for {@code patience} rounds; when the best value reaches
 * {@code stopValue}; or when {@link OptimizeControl#stopRequested()} says so (Ctrl-C), at the next round
 * that is a multiple of {@link OptimizeReplica#RESYNC_ROUNDS}, after a checkpoint. Never by wall-clock time.
 */
public final class OptimizeEngine {

    /** Why a run ended. */
    public enum StopReason {
        /** All {@code rounds} ran. */
        ROUNDS,
        /** The best did not improve for {@code patience} rounds. */
        PATIENCE,
        /** The best value reached {@code stop.value}. */
        VALUE,
        /** Stopped on request (a signal), after a checkpoint. */
        REQUESTED
    }

    /** Receives progress after each round; called from the engine's thread. */
    @FunctionalInterface
    public interface Listener {
        /** Ignores progress. */
        Listener NONE = (done, total, best) -> { };

        /**
         * @param roundsDone rounds completed
         * @param totalRounds the most rounds
         * @param bestValue the best objective value so far
         */
        void progressed(long roundsDone, long totalRounds, double bestValue);
    }

    /**
     * One level's state at the end of a round, as recorded in {@code history.csv}.
     *
     * @param round the round index
     * @param chain the chain
     * @param level the level
     * @param temperature the level's temperature in that round
     * @param jitter the level's jitter scale in that round
     * @param evaluation value and metrics of the state at that level
     */
    public record HistoryRow(long round, int chain, int level, double temperature, double jitter,
            Objective.Evaluation evaluation) {
    }

    /**
     * The outcome of a run.
     *
     * @param bestValue the best objective value
     * @param bestEvaluation its value and metrics
     * @param bestState the state that has it
     * @param bestRound the round where it was found (the state at the end of that round)
     * @param bestChain its chain
     * @param bestLevel its level in that round
     * @param roundsDone rounds run
     * @param stopReason why the run ended
     * @param chains the chains, for their acceptance counts, jitters and temperatures
     * @param history the recorded rows, by round, then chain, then level
     */
    public record Result(double bestValue, Objective.Evaluation bestEvaluation, TableState bestState, long bestRound,
            int bestChain, int bestLevel, long roundsDone, StopReason stopReason, List<OptimizeChain> chains,
            List<HistoryRow> history) {
    }

    private OptimizeEngine() {
    }

    /**
     * Runs a job, or continues it from a checkpoint, with checkpoints.
     *
     * <p>After each round: the stopping rules; then, if {@code control} asks to stop and the rounds
     * done are a multiple of {@link OptimizeReplica#RESYNC_ROUNDS}, a checkpoint and the stop
     * ({@link StopReason#REQUESTED}); else a checkpoint if the rounds done are a multiple of
     * {@link OptimizeControl#checkpointEvery()}. A run continued from a checkpoint gives the same
     * result, to the bit, as the run that was not interrupted.
     *
     * @param settings the settings
     * @param problem the objective, start, column scale and names
     * @param pool threads for the replicas' moves, or {@code null} to run them in this thread
     * @param listener progress after each round
     * @param control checkpoints and stop requests
     * @param from the state to continue from, or {@code null} for a fresh start
     * @return the result
     * @throws RuntimeException what the objective throws, unwrapped
     * @throws IllegalArgumentException if {@code from} does not fit the job
     */
    public static Result run(OptimizeSettings settings, OptimizeProblem problem, ExecutorService pool,
            Listener listener, OptimizeControl control, OptimizeState from) {
        int chainCount = settings.chains();
        int levels = settings.levels();
        List<String> metricNames = problem.objective().metricNames();
        OptimizeSearch search = from == null ? new OptimizeSearch(settings, metricNames)
                : OptimizeSearch.restore(settings, metricNames, from);
        OptimizeReplica[][] replicas = new OptimizeReplica[chainCount][levels];
        for (int c = 0; c < chainCount; c++) {
            for (int r = 0; r < levels; r++) {
                replicas[c][r] = problem.replica(settings, from == null ? null : from.replicas()[c * levels + r], c, r);
            }
        }
        OptimizeReplica.RoundReport[][] reports = new OptimizeReplica.RoundReport[chainCount][levels];
        boolean stopWanted = false;
        while (true) {
            runReplicas(settings, search, replicas, reports, pool);
            StopReason reason = search.complete(reports);
            long done = search.roundsDone();
            listener.progressed(done, settings.rounds(), search.bestValue());
            if (reason == null) {
                stopWanted = stopWanted || control.stopRequested();
                boolean aligned = done % OptimizeReplica.RESYNC_ROUNDS == 0;
                int every = control.checkpointEvery();
                if (stopWanted && aligned || every > 0 && done % every == 0) {
                    control.checkpoint(search.snapshot(snapshots(replicas)));
                }
                if (stopWanted && aligned) {
                    reason = StopReason.REQUESTED;
                }
            }
            if (reason != null) {
                return search.result(reason, replicas[search.bestChain()][search.bestReplica()].best());
            }
        }
    }

    private static OptimizeReplica.Snapshot[] snapshots(OptimizeReplica[][] replicas) {
        List<OptimizeReplica.Snapshot> all = new ArrayList<>();
        for (OptimizeReplica[] chain : replicas) {
            for (OptimizeReplica r : chain) {
                all.add(r.snapshot());
            }
        }
        return all.toArray(new OptimizeReplica.Snapshot[0]);
    }

    private static void runReplicas(OptimizeSettings settings, OptimizeSearch search, OptimizeReplica[][] replicas,
            OptimizeReplica.RoundReport[][] reports, ExecutorService pool) {
        int levels = settings.levels();
        long round = search.roundsDone();
        if (pool == null) {
            for (int c = 0; c < replicas.length; c++) {
                OptimizeChain chain = search.chain(c);
                for (int k = 0; k < levels; k++) {
                    int r = chain.replicaAt(k);
                    reports[c][r] = replicas[c][r].runRound(round, settings.stepsPerRound(), chain.temperature(k),
                            chain.jitter(k));
                }
            }
            return;
        }
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int c = 0; c < replicas.length; c++) {
            OptimizeChain chain = search.chain(c);
            for (int k = 0; k < levels; k++) {
                int cc = c;
                int r = chain.replicaAt(k);
                double t = chain.temperature(k);
                double j = chain.jitter(k);
                tasks.add(() -> {
                    reports[cc][r] = replicas[cc][r].runRound(round, settings.stepsPerRound(), t, j);
                    return null;
                });
            }
        }
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
