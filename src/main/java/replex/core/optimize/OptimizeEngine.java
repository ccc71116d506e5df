package replex.core.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import replex.core.Objective;

/**
 * Runs an {@code optimize} job in rounds: every replica makes its moves at its level's temperature
 * and jitter (per-replica work, {@link OptimizeReplica}), then every chain counts, adapts, tracks the
 * best and swaps (per-chain work, {@link OptimizeChain}), then the stopping rules are checked. The
 * replicas of a round may run on a thread pool: each uses only its own state and random stream, and
 * the chains' work runs in one thread after all of them, so the result is the same for any pool (or
 * none) and depends only on the settings, the objective and the initial state.
 *
 * <p>Stopping, checked after each round on the best over all chains: after {@code rounds} rounds;
 * when the best score has not improved for {@code patience} rounds; when the best value reaches
 * {@code stopValue}; or when {@code stopRequested} says so (Ctrl-C). Never by wall-clock time.
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
        /** Stopped on request (a signal), after a complete round. */
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
     * Runs a job.
     *
     * @param settings the settings
     * @param objective the objective, already {@linkplain Objective#prepare prepared} for the state's shape
     * @param start the initial state of a replica, from the replica's random stream (a table
     *     returns a copy of its data and draws nothing)
     * @param columnScale per-column jitter scale, length d, each &gt; 0
     * @param pool threads for the replicas' moves, or {@code null} to run them in this thread
     * @param listener progress after each round
     * @param stopRequested polled after each round; true stops the run there
     * @return the result
     * @throws RuntimeException what the objective throws, unwrapped
     */
    public static Result run(OptimizeSettings settings, Objective objective, InitialState start, double[] columnScale,
            ExecutorService pool, Listener listener, BooleanSupplier stopRequested) {
        int chainCount = settings.chains();
        int levels = settings.levels();
        List<OptimizeChain> chains = new ArrayList<>();
        OptimizeReplica[][] replicas = new OptimizeReplica[chainCount][levels];
        for (int c = 0; c < chainCount; c++) {
            chains.add(new OptimizeChain(settings, c));
            for (int r = 0; r < levels; r++) {
                replicas[c][r] = new OptimizeReplica(objective, settings, start, columnScale, c, r);
            }
        }
        List<HistoryRow> history = new ArrayList<>();
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestChain = -1;
        long lastImprovement = 0;
        long round = 0;
        StopReason reason = StopReason.ROUNDS;
        OptimizeReplica.RoundReport[][] reports = new OptimizeReplica.RoundReport[chainCount][levels];
        while (round < settings.rounds()) {
            runReplicas(settings, chains, replicas, reports, round, pool);
            List<HistoryRow> rows = new ArrayList<>(chainCount * levels);
            for (int c = 0; c < chainCount; c++) {
                OptimizeChain chain = chains.get(c);
                for (int k = 0; k < levels; k++) {
                    rows.add(new HistoryRow(round, c, k, chain.temperature(k), chain.jitter(k),
                            reports[c][chain.replicaAt(k)].evaluation()));
                }
                chain.endRound(round, reports[c]);
                if (chain.bestScore() > bestScore) {
                    bestScore = chain.bestScore();
                    bestChain = c;
                    lastImprovement = round;
                }
            }
            boolean record = round == 0 || (round + 1) % settings.historyEvery() == 0;
            round++;
            OptimizeChain best = chains.get(bestChain);
            listener.progressed(round, settings.rounds(), best.bestValue());
            boolean stop = true;
            if (round >= settings.rounds()) {
                reason = StopReason.ROUNDS;
            } else if (!Double.isNaN(settings.stopValue())
                    && settings.direction().reached(best.bestValue(), settings.stopValue())) {
                reason = StopReason.VALUE;
            } else if (settings.patience() > 0 && round - 1 - lastImprovement >= settings.patience()) {
                reason = StopReason.PATIENCE;
            } else if (stopRequested.getAsBoolean()) {
                reason = StopReason.REQUESTED;
            } else {
                stop = false;
            }
            if (record || stop) {
                history.addAll(rows);
            }
            if (stop) {
                break;
            }
        }
        OptimizeChain best = chains.get(bestChain);
        OptimizeReplica holder = replicas[bestChain][best.bestReplica()];
        return new Result(best.bestValue(), best.bestEvaluation(), holder.best(), best.bestRound(), bestChain,
                best.bestLevel(), round, reason, chains, history);
    }

    private static void runReplicas(OptimizeSettings settings, List<OptimizeChain> chains,
            OptimizeReplica[][] replicas, OptimizeReplica.RoundReport[][] reports, long round, ExecutorService pool) {
        int levels = settings.levels();
        if (pool == null) {
            for (int c = 0; c < chains.size(); c++) {
                OptimizeChain chain = chains.get(c);
                for (int k = 0; k < levels; k++) {
                    int r = chain.replicaAt(k);
                    reports[c][r] = replicas[c][r].runRound(round, settings.stepsPerRound(), chain.temperature(k),
                            chain.jitter(k));
                }
            }
            return;
        }
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int c = 0; c < chains.size(); c++) {
            OptimizeChain chain = chains.get(c);
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
