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
        return OptimizeEngine.run(s, objective, InitialState.uniform(TableState.defaultNames(d), s.lower(), s.upper()),
                scale, pool, OptimizeEngine.Listener.NONE, () -> false);
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

    private static String row(StateView s) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < s.columns(); j++) {
            b.append(s.get(0, j)).append(' ');
        }
        return b.toString();
    }
}
