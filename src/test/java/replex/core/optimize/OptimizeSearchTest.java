package replex.core.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import replex.core.Objective;
import replex.core.swap.SwapRule;

/**
 * A finished run kept as its final state ({@link OptimizeSearch#finalState}, what a cluster keeps as a
 * job's result) reads back ({@link OptimizeSearch#finished}) as the same result, with the stop reason
 * found again by the stopping rules: the rounds, the stop value or the patience.
 */
class OptimizeSearchTest {

    private static final List<String> METRICS = List.of("m");

    /** 2 chains of 3 levels, a 1-dimensional state, maximised; history every 4 rounds. */
    private static OptimizeSettings settings(int rounds, int patience, double stopValue) {
        return new OptimizeSettings(5, 2, TemperatureLadder.geometric(3, 0.01, 1), SwapRule.DEO, rounds, 10, 3, 1,
                0.5, 0.2, 1.0, new double[] {-10}, new double[] {10}, Direction.maximize(), patience, stopValue, 4);
    }

    /** Runs the search on reports whose value is {@code value(round, chain, replica)} until it stops. */
    private static OptimizeSearch run(OptimizeSettings s, ValueOfRound value) {
        OptimizeSearch search = new OptimizeSearch(s, METRICS);
        int levels = s.levels();
        while (true) {
            long round = search.roundsDone();
            OptimizeReplica.RoundReport[][] reports = new OptimizeReplica.RoundReport[s.chains()][levels];
            for (int c = 0; c < s.chains(); c++) {
                for (int r = 0; r < levels; r++) {
                    double v = value.at(round, c, r);
                    reports[c][r] = new OptimizeReplica.RoundReport(3, 10, v, v, Objective.Evaluation.of(v, METRICS,
                            2 * v));
                }
            }
            if (search.complete(reports) != null) {
                return search;
            }
        }
    }

    private interface ValueOfRound {
        double at(long round, int chain, int replica);
    }

    private static void assertReadsBack(OptimizeSettings s, OptimizeSearch search, OptimizeEngine.StopReason reason,
            long rounds) {
        double[] cells = {1.25};
        TableState best = new TableState(1, 1, cells, List.of("x"));
        OptimizeEngine.Result expected = search.result(reason, best);
        int c = search.bestChain();
        OptimizeState kept = search.finalState(new OptimizeReplica.Snapshot(c, search.bestReplica(), new byte[0], cells,
                cells, search.chain(c).bestScore()));
        OptimizeEngine.Result read = OptimizeSearch.finished(s, METRICS, kept, best);
        assertEquals(reason, read.stopReason());
        assertEquals(rounds, read.roundsDone());
        assertEquals(expected.bestValue(), read.bestValue());
        assertEquals(expected.bestRound(), read.bestRound());
        assertEquals(expected.bestChain(), read.bestChain());
        assertEquals(expected.bestLevel(), read.bestLevel());
        assertEquals(expected.bestEvaluation().metrics(), read.bestEvaluation().metrics());
        assertEquals(expected.history().size(), read.history().size());
        for (int i = 0; i < expected.history().size(); i++) {
            OptimizeEngine.HistoryRow a = expected.history().get(i);
            OptimizeEngine.HistoryRow b = read.history().get(i);
            assertEquals(List.of(a.round(), a.chain(), a.level(), a.temperature(), a.jitter(), a.evaluation().value(),
                    a.evaluation().metrics()), List.of(b.round(), b.chain(), b.level(), b.temperature(), b.jitter(),
                    b.evaluation().value(), b.evaluation().metrics()), "history row " + i);
        }
        for (int k = 0; k < expected.chains().size(); k++) {
            assertArrayEquals(expected.chains().get(k).movesAccepted(), read.chains().get(k).movesAccepted());
            assertArrayEquals(expected.chains().get(k).swapsTried(), read.chains().get(k).swapsTried());
            assertArrayEquals(expected.chains().get(k).jitters(), read.chains().get(k).jitters());
        }
        assertArrayEquals(cells, read.bestState().cells());
    }

    @Test
    void aRunThatRanAllItsRoundsReadsBackWithItsLastRoundsHistory() {
        OptimizeSettings s = settings(23, 0, Double.NaN); // history-every 4 does not record round 23: the end does
        OptimizeSearch search = run(s, (round, chain, replica) -> Math.sin(round + 3 * chain + replica));
        assertReadsBack(s, search, OptimizeEngine.StopReason.ROUNDS, 23);
    }

    @Test
    void aRunStoppedByItsStopValueReadsBackAsSuch() {
        OptimizeSettings s = settings(1000, 0, 17.5);
        OptimizeSearch search = run(s, (round, chain, replica) -> round + chain - replica);
        assertReadsBack(s, search, OptimizeEngine.StopReason.VALUE, 18); // best 18 after round 18 (17 counted from 0)
    }

    @Test
    void aRunStoppedByItsPatienceReadsBackAsSuch() {
        OptimizeSettings s = settings(1000, 6, Double.NaN);
        OptimizeSearch search = run(s, (round, chain, replica) -> Math.min(round, 9) - replica);
        assertReadsBack(s, search, OptimizeEngine.StopReason.PATIENCE, 16);
    }

    @Test
    void aStateOfARunThatGoesOnIsRefused() {
        OptimizeSettings s = settings(1000, 0, Double.NaN);
        OptimizeSearch done = run(settings(10, 0, Double.NaN), (round, chain, replica) -> round);
        double[] cells = {0};
        OptimizeState kept = done.finalState(new OptimizeReplica.Snapshot(0, 0, new byte[0], cells, cells, 1));
        assertThrows(IllegalArgumentException.class, () -> OptimizeSearch.finished(s, METRICS, kept,
                new TableState(1, 1, cells, List.of("x"))), "10 rounds of a 1000-round run without a stop rule");
    }
}
