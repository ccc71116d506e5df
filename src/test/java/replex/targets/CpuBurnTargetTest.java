package replex.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static replex.targets.TargetTestSupport.assertInitialStatesInSupport;
import static replex.targets.TargetTestSupport.assertRejected;
import static replex.targets.TargetTestSupport.config;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class CpuBurnTargetTest {

    private static final double US = 1_000; // nanoseconds per microsecond

    @Test
    void defaultsAreThreeDimensionsAnd200Microseconds() {
        CpuBurnTarget target = new CpuBurnTarget(config("name = cpu-burn"), 10.0);
        assertEquals(3, target.dimension());
        assertEquals(List.of("x[1]", "x[2]", "x[3]"), target.parameterNames());
        assertEquals(200.0, target.costMicroseconds());
        assertEquals(2000, target.iterations(), "200 us at 10 iterations per us");
        assertFalse(target.hasNormalisedPrior(), "the prior is flat");
        assertEquals("cpu-burn(d=3, cost-us=200.0)", target.toString());
    }

    /** Bit for bit the plain Gaussian's values, whatever the calibration, so draws do not depend on the machine. */
    @Test
    void densitiesAndInitialStatesAreExactlyTheStandardGaussians() {
        GaussianTarget gaussian = new GaussianTarget(config("means = [0, 0, 0, 0]"));
        for (double rate : new double[] {1e-3, 1.0, 1e3}) {
            CpuBurnTarget target = new CpuBurnTarget(config("dimension = 4, cost-us = 5"), rate);
            UniformRandomProvider a = TargetTestSupport.rng();
            UniformRandomProvider b = TargetTestSupport.rng();
            for (int i = 0; i < 200; i++) {
                double[] x = target.initialState(a);
                assertTrue(Arrays.equals(gaussian.initialState(b), x), "initial state " + i);
                double[] far = {x[0] * 40, -x[1], x[2] * 1e-9, x[3] + 1e3};
                for (double[] point : List.of(x, far)) {
                    double[] copy = point.clone();
                    assertEquals(Double.doubleToRawLongBits(gaussian.logLikelihood(point)),
                            Double.doubleToRawLongBits(target.logLikelihood(point)), Arrays.toString(point));
                    assertEquals(Double.doubleToRawLongBits(gaussian.logPrior(point)),
                            Double.doubleToRawLongBits(target.logPrior(point)));
                    assertTrue(Arrays.equals(copy, point), "the target must not modify x");
                }
            }
        }
        assertInitialStatesInSupport(new CpuBurnTarget(config("cost-us = 1"), 1.0));
    }

    @Test
    void iterationCountScalesWithTheCostAndIsPositive() {
        assertEquals(0, CpuBurn.iterations(0, 50));
        assertEquals(1, CpuBurn.iterations(1e-6, 50), "a positive cost does at least one iteration");
        assertEquals(10_000, CpuBurn.iterations(200, 50));
        assertEquals(20_000, CpuBurn.iterations(400, 50));
        assertEquals(3_000_000_000L, CpuBurn.iterations(60_000_000, 50), "no int overflow at the largest cost");
        assertThrows(IllegalArgumentException.class, () -> CpuBurn.iterations(-1, 50));
        assertThrows(IllegalArgumentException.class, () -> CpuBurn.iterations(1, 0));
        assertThrows(IllegalArgumentException.class, () -> CpuBurn.iterations(Double.NaN, 1));
        assertEquals(0, new CpuBurnTarget(config("cost-us = 0"), 10.0).iterations());
        assertEquals(5, new CpuBurnTarget(config("cost-us = 0.5"), 10.0).iterations());
    }

    /**
     * A clock that makes the k-th timed trial last {@code durations[k]} nanoseconds: it is read
     * twice per trial, at the start and at the end.
     */
    private static final class ScriptedClock implements LongSupplier {
        private final long[] durations;
        private long now = 1_000_000;
        private int reads;

        ScriptedClock(long... durations) {
            this.durations = durations;
        }

        @Override
        public long getAsLong() {
            int read = reads++;
            if (read % 2 == 1) {
                now += durations[read / 2];
            }
            return now;
        }
    }

    @Test
    void calibrationDoublesUntilATrialIsLongEnoughThenKeepsTheFastestTrial() {
        // 10 000 iterations: 1 ms, 20 000: 2 ms, 40 000: 4 ms (long enough); then trials of 5, 4 and 8 ms
        ScriptedClock clock = new ScriptedClock((long) (1000 * US), (long) (2000 * US), (long) (4000 * US),
                (long) (5000 * US), (long) (4000 * US), (long) (8000 * US));
        double rate = CpuBurn.calibrate(clock, (long) (4000 * US), 3);
        assertEquals(40_000 / 4000.0, rate, 0.0, "40 000 iterations in the fastest trial, 4000 us");
        assertEquals(12, clock.reads, "two clock reads per trial, none during the warm-up");
        assertEquals(2000, CpuBurn.iterations(200, rate));
    }

    @Test
    void calibrationStopsDoublingAtTheLargestTrialWhenTheClockDoesNotAdvance() {
        LongSupplier stopped = () -> 42L;
        double rate = CpuBurn.calibrate(stopped, 1_000_000, 1);
        assertEquals(CpuBurn.MAX_TRIAL_ITERATIONS / 0.001, rate, 0.0, "elapsed 0 counts as 1 ns");
        assertThrows(IllegalArgumentException.class, () -> CpuBurn.calibrate(stopped, 1, 0));
    }

    @Test
    void thisJvmsCalibrationIsPositiveAndTheCountIsProportionalToTheCost() {
        double rate = CpuBurn.iterationsPerMicrosecond();
        assertTrue(rate > 0 && Double.isFinite(rate), "iterations per microsecond: " + rate);
        assertEquals(rate, CpuBurn.iterationsPerMicrosecond(), 0.0, "calibrated once per JVM");
        long at200 = new CpuBurnTarget(config("cost-us = 200")).iterations();
        long at400 = new CpuBurnTarget(config("cost-us = 400")).iterations();
        assertTrue(at200 >= 1, "iterations at 200 us: " + at200);
        assertTrue(Math.abs(at400 - 2 * at200) <= 1, at200 + " iterations at 200 us, " + at400 + " at 400 us");
    }

    @Test
    void burnIsDeterministic() {
        assertEquals(Double.doubleToRawLongBits(CpuBurn.burn(12_345, 0.25)),
                Double.doubleToRawLongBits(CpuBurn.burn(12_345, 0.25)));
        assertEquals(1.0 + 0.25e-3, CpuBurn.burn(0, 0.25), 0.0);
    }

    @Test
    void rejectsInvalidSettings() {
        assertRejected(c -> new CpuBurnTarget(c, 1.0), "cost-us = -1", "job.target.cost-us");
        assertRejected(c -> new CpuBurnTarget(c, 1.0), "cost-us = 1e9", "job.target.cost-us");
        assertRejected(c -> new CpuBurnTarget(c, 1.0), "cost-us = fast", "job.target.cost-us");
        assertRejected(c -> new CpuBurnTarget(c, 1.0), "dimension = 0", "job.target.dimension");
        assertRejected(c -> new CpuBurnTarget(c, 1.0), "dimension = 2.5", "job.target.dimension");
        String negative = assertRejected(c -> new CpuBurnTarget(c, 1.0), "cost-us = -5", "job.target.cost-us")
                .getMessage();
        assertTrue(negative.contains(">= 0") && negative.contains("-5"), negative);
        String unknown = assertRejected(c -> new CpuBurnTarget(c, 1.0), "cost = 5", "job.target.cost").getMessage();
        assertTrue(unknown.contains("dimension, cost-us"), unknown);
    }
}
