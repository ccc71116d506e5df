package replex.core.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;

import replex.core.Objective;
import replex.core.swap.SwapRule;
import replex.objectives.RastriginObjective;
import replex.objectives.RosenbrockObjective;

class OptimizeEngineTest {

    /** 100 moves per round, jitter adapted towards 10% acceptance over the first half of the rounds. */
    private static OptimizeSettings vectorSettings(int d, double bound, TemperatureLadder ladder, int rounds) {
        double[] lo = new double[d];
        double[] hi = new double[d];
        Arrays.fill(lo, -bound);
        Arrays.fill(hi, bound);
        return new OptimizeSettings(11, 1, ladder, SwapRule.DEO, rounds, 100, rounds / 2, 1, 0.5, 0.1, 1.0, lo, hi,
                Direction.minimize(), 0, Double.NaN, 10);
    }

    private static OptimizeEngine.Result run(OptimizeSettings s, Objective objective, ExecutorService pool) {
        int d = s.lower().length;
        objective.prepare(TableState.defaultNames(d), 1);
        double[] scale = new double[d];
        Arrays.fill(scale, 1.0);
        return OptimizeEngine.run(s, new OptimizeProblem(objective, InitialState.uniform(TableState.defaultNames(d),
                s.lower(), s.upper()), scale, TableState.defaultNames(d)), pool, OptimizeEngine.Listener.NONE,
                OptimizeControl.NONE, null);
    }

    /**
     * Rastrigin, d = 10, on [−5.12, 5.12]^10: the global minimum is f = 0 at x = 0, and the next
     * local minima (one coordinate at ±1) have f ≈ 1. Found within |x_i| ≤ 0.02 and f ≤ 0.05.
     */
    @Test
    void findsTheGlobalMinimumOfRastriginInTenDimensions() {
        OptimizeSettings s = vectorSettings(10, 5.12, TemperatureLadder.geometric(16, 0.01, 100), 3000);
        OptimizeEngine.Result r = run(s, new RastriginObjective(ConfigFactory.empty()), null);
        assertTrue(r.bestValue() <= 0.05, "best f = " + r.bestValue());
        for (int j = 0; j < 10; j++) {
            assertTrue(Math.abs(r.bestState().get(0, j)) <= 0.02, "x = " + row(r.bestState()));
        }
        assertEquals(r.bestValue(), new RastriginObjective(ConfigFactory.empty()).evaluate(r.bestState()).value(),
                1e-9);
    }

    /**
     * Rosenbrock, d = 10, on [−5, 5]^10: minimum f = 0 at x = (1, …, 1), at the end of a long curved
     * valley. Found within |x_i − 1| ≤ 0.05 and f ≤ 0.01.
     */
    @Test
    void findsTheMinimumOfRosenbrockInTenDimensions() {
        OptimizeSettings s = vectorSettings(10, 5, TemperatureLadder.geometric(12, 1e-4, 100), 4000);
        OptimizeEngine.Result r = run(s, new RosenbrockObjective(ConfigFactory.empty()), null);
        assertTrue(r.bestValue() <= 0.01, "best f = " + r.bestValue());
        for (int j = 0; j < 10; j++) {
            assertTrue(Math.abs(r.bestState().get(0, j) - 1) <= 0.05, "x = " + row(r.bestState()));
        }
    }

    @Test
    void resultDoesNotDependOnThePool() {
        OptimizeSettings s = vectorSettings(5, 5.12, TemperatureLadder.geometric(6, 0.01, 10), 200);
        OptimizeEngine.Result alone = run(s, new RastriginObjective(ConfigFactory.empty()), null);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            OptimizeEngine.Result pooled = run(s, new RastriginObjective(ConfigFactory.empty()), pool);
            assertEquals(alone.bestState(), pooled.bestState());
            assertEquals(alone.bestValue(), pooled.bestValue());
            assertEquals(alone.bestRound(), pooled.bestRound());
            assertEquals(alone.history(), pooled.history());
        } finally {
            pool.shutdownNow();
        }
    }

    private static OptimizeSettings stopping(int patience, double stopValue) {
        double[] lo = {-5.12, -5.12, -5.12};
        double[] hi = {5.12, 5.12, 5.12};
        return new OptimizeSettings(3, 1, TemperatureLadder.geometric(4, 0.01, 10), SwapRule.DEO, 1_000_000, 20, 50,
                1, 0.5, 0.1, 1.0, lo, hi, Direction.minimize(), patience, stopValue, 1_000);
    }

    @Test
    void stopsWhenTheBestReachesTheStopValue() {
        OptimizeEngine.Result r = run(stopping(0, 3.0), new RastriginObjective(ConfigFactory.empty()), null);
        assertEquals(OptimizeEngine.StopReason.VALUE, r.stopReason());
        assertTrue(r.bestValue() <= 3.0);
        // it stops in the round that reached it
        assertEquals(r.roundsDone() - 1, r.bestRound());
        assertEquals(r.roundsDone() - 1, r.history().get(r.history().size() - 1).round());
    }

    @Test
    void stopsWhenTheBestHasNotImprovedForPatienceRounds() {
        OptimizeEngine.Result r = run(stopping(40, Double.NaN), new RastriginObjective(ConfigFactory.empty()), null);
        assertEquals(OptimizeEngine.StopReason.PATIENCE, r.stopReason());
        assertEquals(40, r.roundsDone() - 1 - r.bestRound());
    }

    /** A stop request stops the run at the next multiple of RESYNC_ROUNDS, after a checkpoint of that round. */
    @Test
    void stopsAtTheNextResyncRoundAfterAStopIsRequested() {
        OptimizeSettings s = stopping(0, Double.NaN);
        RastriginObjective o = new RastriginObjective(ConfigFactory.empty());
        o.prepare(TableState.defaultNames(3), 1);
        int[] polls = {0};
        java.util.List<OptimizeState> written = new java.util.ArrayList<>();
        OptimizeControl control = new OptimizeControl() {
            @Override
            public int checkpointEvery() {
                return 0;
            }

            @Override
            public boolean stopRequested() {
                return ++polls[0] >= 3;
            }

            @Override
            public void checkpoint(OptimizeState state) {
                written.add(state);
            }
        };
        OptimizeEngine.Result r = OptimizeEngine.run(s, new OptimizeProblem(o, InitialState.uniform(
                TableState.defaultNames(3), s.lower(), s.upper()), new double[] {1, 1, 1}, TableState.defaultNames(3)),
                null, OptimizeEngine.Listener.NONE, control, null);
        assertEquals(OptimizeEngine.StopReason.REQUESTED, r.stopReason());
        assertEquals(OptimizeReplica.RESYNC_ROUNDS, r.roundsDone());
        assertEquals(1, written.size());
        assertEquals(OptimizeReplica.RESYNC_ROUNDS, written.get(0).round());
    }

    /**
     * The swap rule for maximisation: a better state at the hotter level always moves down
     * (log α = (s₁ − s₀)(1/T₀ − 1/T₁) &gt; 0); a much worse one (log α = −100·(1/0.1 − 1/1) = −900) never does.
     */
    @Test
    void swapAcceptanceFollowsTheTemperedRule() {
        OptimizeSettings s = new OptimizeSettings(1, 1, TemperatureLadder.of(0.1, 1.0), SwapRule.DEO, 10, 1, 0, 1, 0.1,
                0.1, 1.0, new double[] {-1}, new double[] {1}, Direction.maximize(), 0, Double.NaN, 1);
        Objective.Evaluation e = Objective.Evaluation.of(0, java.util.List.of());
        OptimizeChain better = new OptimizeChain(s, 0);
        better.endRound(0, new OptimizeReplica.RoundReport[] {new OptimizeReplica.RoundReport(1, 1, 0, 0, e),
            new OptimizeReplica.RoundReport(1, 1, 1, 1, e)});
        assertEquals(1, better.replicaAt(0));
        assertEquals(1, better.swapsAccepted()[0]);
        OptimizeChain worse = new OptimizeChain(s, 0);
        for (int round = 0; round < 10; round += 2) { // DEO: pair (0, 1) in even rounds
            worse.endRound(round, new OptimizeReplica.RoundReport[] {new OptimizeReplica.RoundReport(1, 1, 0, 0, e),
                new OptimizeReplica.RoundReport(1, 1, -100, -100, e)});
        }
        assertEquals(0, worse.replicaAt(0));
        assertEquals(0, worse.swapsAccepted()[0]);
        assertEquals(5, worse.swapsTried()[0]);
    }

    private static String row(StateView s) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < s.columns(); j++) {
            b.append(s.get(0, j)).append(' ');
        }
        return b.toString();
    }
}
