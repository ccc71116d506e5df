package replex.core.ladder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScheduleOptimizerTest {

    @Test
    void evenRejectionKeepsTheLadder() {
        Ladder ladder = Ladder.of(1.0, 0.75, 0.5, 0.25, 0.0);
        // Equal rejection everywhere: Λ(β) is linear through the knots, the ladder is already optimal.
        Ladder out = ScheduleOptimizer.optimize(ladder, new double[] {0.3, 0.3, 0.3, 0.3});
        assertArrayEquals(ladder.betas(), out.betas(), 1e-12);
    }

    @Test
    void levelsMoveTowardsTheBarrier() {
        // All the barrier sits between β = 1 and 0.5: the new levels crowd there.
        Ladder ladder = Ladder.of(1.0, 0.5, 0.25, 0.125, 0.0625);
        Ladder out = ScheduleOptimizer.optimize(ladder, new double[] {0.8, 0.01, 0.01, 0.01});
        assertEquals(1.0, out.beta(0));
        assertEquals(0.0625, out.beta(4), "end points stay");
        assertTrue(out.beta(1) > 0.5 && out.beta(2) > 0.5, "two inner levels move into (0.5, 1): " + out);
        for (int k = 1; k < 5; k++) {
            assertTrue(out.beta(k) < out.beta(k - 1), "strictly decreasing: " + out);
        }
    }

    @Test
    void newLevelsSitAtEqualStepsOfTheInterpolatedBarrier() {
        Ladder ladder = Ladder.of(1.0, 0.6, 0.3, 0.1, 0.0);
        double[] r = {0.5, 0.2, 0.1, 0.4};
        Ladder out = ScheduleOptimizer.optimize(ladder, r);
        double[] x = {0.0, 0.1, 0.3, 0.6, 1.0};
        double[] y = {0.0, 0.4, 0.5, 0.7, 1.2};
        double[] m = ScheduleOptimizer.monotoneSlopes(x, y);
        for (int k = 1; k < 4; k++) {
            double expected = 1.2 * (4 - k) / 4;
            assertEquals(expected, ScheduleOptimizer.interpolate(x, y, m, out.beta(k)), 1e-9, "level " + k);
        }
    }

    @Test
    void monotoneInterpolantNeverOvershoots() {
        double[] x = {0.0, 0.1, 0.2, 0.9, 1.0};
        double[] y = {0.0, 0.0, 1.0, 1.0, 3.0};
        double[] m = ScheduleOptimizer.monotoneSlopes(x, y);
        double previous = -1;
        for (int i = 0; i <= 1000; i++) {
            double v = ScheduleOptimizer.interpolate(x, y, m, i / 1000.0);
            assertTrue(v >= previous - 1e-12, "monotone at " + i / 1000.0);
            assertTrue(v >= -1e-12 && v <= 3 + 1e-12, "within the data range");
            previous = v;
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(y[i], ScheduleOptimizer.interpolate(x, y, m, x[i]), 1e-12, "passes through knot " + i);
        }
    }

    @Test
    void noBarrierChangesNothingAndBadInputIsRejected() {
        Ladder ladder = Ladder.geometric(4, 0.1);
        assertSame(ladder, ScheduleOptimizer.optimize(ladder, new double[] {0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> ScheduleOptimizer.optimize(ladder, new double[] {0.1}));
        assertThrows(IllegalArgumentException.class,
                () -> ScheduleOptimizer.optimize(ladder, new double[] {0.1, 1.5, 0.2}));
    }
}
