package replex.core.optimize;

import java.util.ArrayList;
import java.util.List;

import replex.core.Objective;

/**
 * The per-job work of an {@code optimize} run between rounds, given every replica's report: each
 * chain's round ({@link OptimizeChain#endRound}), the best over all chains, the history and the
 * stopping rules. It never sees a state, only values, so the sequential engine and the actor
 * coordinator run the same code on the same numbers. Not thread-safe.
 */
public final class OptimizeSearch {

    private final OptimizeSettings settings;
    private final List<String> metricNames;
    private final List<OptimizeChain> chains;
    /** The rows recorded so far (round 1, every {@code history-every}-th round). */
    private final List<OptimizeEngine.HistoryRow> history;
    /** The rows of the last round when they were not recorded: the last round is, if the run ends there. */
    private List<OptimizeEngine.HistoryRow> lastRows;
    private double bestScore = Double.NEGATIVE_INFINITY;
    private int bestChain = -1;
    private long lastImprovement;
    private long round;

    /**
     * A run before its first round.
     *
     * @param settings the run's settings
     * @param metricNames the objective's metric names
     */
    public OptimizeSearch(OptimizeSettings settings, List<String> metricNames) {
        this(settings, metricNames, new ArrayList<>(), new ArrayList<>());
        for (int c = 0; c < settings.chains(); c++) {
            chains.add(new OptimizeChain(settings, c));
        }
    }

    private OptimizeSearch(OptimizeSettings settings, List<String> metricNames, List<OptimizeChain> chains,
            List<OptimizeEngine.HistoryRow> history) {
        this.settings = settings;
        this.metricNames = List.copyOf(metricNames);
        this.chains = chains;
        this.history = history;
    }

    /**
     * The run of a checkpoint ({@link #snapshot}); the replicas' snapshots in it are not used here.
     *
     * @param settings the run's settings
     * @param metricNames the objective's metric names
     * @param state the checkpoint's state
     * @return the run after {@code state.round()} rounds
     * @throws IllegalArgumentException if the state does not fit the settings
     */
    public static OptimizeSearch restore(OptimizeSettings settings, List<String> metricNames, OptimizeState state) {
        state.check(settings, metricNames.size());
        return restoreChecked(settings, metricNames, state);
    }

    /**
     * The outcome of a finished run kept as its {@linkplain #finalState final state}: the result
     * the run returned, its stop reason found again by the same rules.
     *
     * @param settings the run's settings
     * @param metricNames the objective's metric names
     * @param state the final state
     * @param bestState the best state (the cells of the final state's one replica snapshot)
     * @return the result
     * @throws IllegalArgumentException if the state is not a finished run of these settings
     */
    public static OptimizeEngine.Result finished(OptimizeSettings settings, List<String> metricNames,
            OptimizeState state, TableState bestState) {
        state.checkFinished(settings, metricNames.size());
        OptimizeSearch s = restoreChecked(settings, metricNames, state);
        OptimizeEngine.StopReason reason = s.stopReason();
        if (reason == null) {
            throw new IllegalArgumentException("the state after round " + s.round + " is not that of a finished run");
        }
        return s.result(reason, bestState);
    }

    private static OptimizeSearch restoreChecked(OptimizeSettings settings, List<String> metricNames,
            OptimizeState state) {
        List<OptimizeChain> chains = new ArrayList<>();
        for (int c = 0; c < settings.chains(); c++) {
            chains.add(OptimizeChain.restore(settings, c, state.chains()[c], metricNames));
        }
        int k = settings.levels();
        int width = 3 + metricNames.size();
        List<OptimizeEngine.HistoryRow> history = new ArrayList<>();
        double[] h = state.history();
        int at = 0;
        for (long r : state.historyRounds()) {
            for (int c = 0; c < settings.chains(); c++) {
                for (int level = 0; level < k; level++, at += width) {
                    double[] metrics = java.util.Arrays.copyOfRange(h, at + 3, at + width);
                    history.add(new OptimizeEngine.HistoryRow(r, c, level, h[at], h[at + 1],
                            Objective.Evaluation.of(h[at + 2], metricNames, metrics)));
                }
            }
        }
        OptimizeSearch s = new OptimizeSearch(settings, metricNames, chains, history);
        s.round = state.round();
        s.bestScore = state.bestScore();
        s.bestChain = state.bestChain();
        s.lastImprovement = state.lastImprovement();
        if (s.round > 0 && (s.bestChain < 0 || s.bestChain >= chains.size())) {
            throw new IllegalArgumentException("the checkpoint's best chain " + s.bestChain + " is not a chain");
        }
        return s;
    }

    /** @return rounds completed; the index of the next round */
    public long roundsDone() {
        return round;
    }

    /**
     * @param c a chain index
     * @return that chain: which replica is at each level, its temperatures and jitters for the next round
     */
    public OptimizeChain chain(int c) {
        return chains.get(c);
    }

    /**
     * Completes round {@link #roundsDone()}: every chain counts, adapts, tracks its best and swaps;
     * the best over all chains and the history are updated.
     *
     * @param reports the round's reports, [chain][replica]
     * @return why the run ends after this round ({@code rounds}, {@code stop.value}, {@code stop.patience}),
     *     or {@code null} if it goes on
     */
    public OptimizeEngine.StopReason complete(OptimizeReplica.RoundReport[][] reports) {
        int levels = settings.levels();
        List<OptimizeEngine.HistoryRow> rows = new ArrayList<>(chains.size() * levels);
        for (int c = 0; c < chains.size(); c++) {
            OptimizeChain chain = chains.get(c);
            for (int k = 0; k < levels; k++) {
                rows.add(new OptimizeEngine.HistoryRow(round, c, k, chain.temperature(k), chain.jitter(k),
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
        if (record) {
            history.addAll(rows);
            lastRows = null;
        } else {
            lastRows = rows;
        }
        round++;
        return stopReason();
    }

    /** @return why the run ends after the rounds done so far, or {@code null} if it goes on */
    private OptimizeEngine.StopReason stopReason() {
        if (round >= settings.rounds()) {
            return OptimizeEngine.StopReason.ROUNDS;
        }
        if (!Double.isNaN(settings.stopValue()) && settings.direction().reached(bestValue(), settings.stopValue())) {
            return OptimizeEngine.StopReason.VALUE;
        }
        if (settings.patience() > 0 && round - 1 - lastImprovement >= settings.patience()) {
            return OptimizeEngine.StopReason.PATIENCE;
        }
        return null;
    }

    /** @return the best objective value so far (NaN before the first round) */
    public double bestValue() {
        return bestChain < 0 ? Double.NaN : chains.get(bestChain).bestValue();
    }

    /** @return the chain that holds the best state, −1 before the first round */
    public int bestChain() {
        return bestChain;
    }

    /** @return the replica of {@link #bestChain()} that holds the best state as its own best, −1 before */
    public int bestReplica() {
        return bestChain < 0 ? -1 : chains.get(bestChain).bestReplica();
    }

    /**
     * @param replicas the replicas' snapshots after the same rounds, index chain·K + replica
     * @return the run's complete state now (the history as recorded: without the last round's rows
     *     unless that round is a recorded one)
     */
    public OptimizeState snapshot(OptimizeReplica.Snapshot[] replicas) {
        return state(history, replicas.clone());
    }

    /**
     * The state of a finished run, to keep as its result ({@link #finished} reads it back): the history
     * with the last round's rows, and of the replicas only the one holding the best state.
     *
     * @param best the replica holding the best state, its cells and best cells both that state
     * @return the state after the last round
     */
    public OptimizeState finalState(OptimizeReplica.Snapshot best) {
        List<OptimizeEngine.HistoryRow> rows = new ArrayList<>(history);
        if (lastRows != null) {
            rows.addAll(lastRows);
        }
        return state(rows, new OptimizeReplica.Snapshot[] {best});
    }

    private OptimizeState state(List<OptimizeEngine.HistoryRow> history, OptimizeReplica.Snapshot[] replicas) {
        OptimizeChain.State[] states = new OptimizeChain.State[chains.size()];
        for (int c = 0; c < states.length; c++) {
            states[c] = chains.get(c).snapshot(metricNames);
        }
        int perRound = chains.size() * settings.levels();
        int width = 3 + metricNames.size();
        long[] rounds = new long[history.size() / perRound];
        double[] h = new double[history.size() * width];
        for (int i = 0; i < history.size(); i++) {
            OptimizeEngine.HistoryRow row = history.get(i);
            rounds[i / perRound] = row.round();
            h[i * width] = row.temperature();
            h[i * width + 1] = row.jitter();
            h[i * width + 2] = row.evaluation().value();
            System.arraycopy(OptimizeChain.metricValues(row.evaluation(), metricNames), 0, h, i * width + 3,
                    width - 3);
        }
        return new OptimizeState(round, bestScore, bestChain, lastImprovement, states, replicas, rounds, h);
    }

    /**
     * The outcome after at least one round.
     *
     * @param reason why the run ended
     * @param bestState the best state: the own best of replica {@link #bestReplica()} of chain {@link #bestChain()}
     * @return the result; its history ends with the last round's rows
     */
    public OptimizeEngine.Result result(OptimizeEngine.StopReason reason, TableState bestState) {
        List<OptimizeEngine.HistoryRow> rows = new ArrayList<>(history);
        if (lastRows != null) {
            rows.addAll(lastRows);
        }
        OptimizeChain best = chains.get(bestChain);
        return new OptimizeEngine.Result(best.bestValue(), best.bestEvaluation(), bestState, best.bestRound(),
                bestChain, best.bestLevel(), round, reason, List.copyOf(chains), rows);
    }
}
