package replex.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static replex.targets.TargetTestSupport.assertInitialStatesInSupport;
import static replex.targets.TargetTestSupport.assertRejected;
import static replex.targets.TargetTestSupport.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class SleepTargetTest {

    /** Only a guard against a hang: the interrupted wait must return at once, not after an hour. */
    private static final Duration HANG_GUARD = Duration.ofMinutes(2);

    @Test
    void defaultsAreThreeDimensionsAndTenMilliseconds() {
        SleepTarget target = new SleepTarget(config("name = sleep"));
        assertEquals(3, target.dimension());
        assertEquals(List.of("x[1]", "x[2]", "x[3]"), target.parameterNames());
        assertEquals(10.0, target.latencyMilliseconds());
        assertEquals(10_000_000L, target.latencyNanos());
        assertFalse(target.hasNormalisedPrior(), "the prior is flat");
        assertEquals("sleep(d=3, latency-ms=10.0)", target.toString());
    }

    @Test
    void fractionalMillisecondsAreKept() {
        assertEquals(250_000L, new SleepTarget(config("latency-ms = 0.25")).latencyNanos());
        assertEquals(0L, new SleepTarget(config("latency-ms = 0")).latencyNanos());
        assertEquals(1L, new SleepTarget(config("latency-ms = 0.000001")).latencyNanos());
    }

    @Test
    void densitiesAndInitialStatesAreExactlyTheStandardGaussians() {
        GaussianTarget gaussian = new GaussianTarget(config("means = [0, 0]"));
        SleepTarget target = new SleepTarget(config("dimension = 2, latency-ms = 0.001"));
        UniformRandomProvider a = TargetTestSupport.rng();
        UniformRandomProvider b = TargetTestSupport.rng();
        for (int i = 0; i < 100; i++) {
            double[] x = target.initialState(a);
            assertTrue(Arrays.equals(gaussian.initialState(b), x), "initial state " + i);
            double[] far = {x[0] * 50, x[1] - 7};
            for (double[] point : List.of(x, far)) {
                assertEquals(Double.doubleToRawLongBits(gaussian.logLikelihood(point)),
                        Double.doubleToRawLongBits(target.logLikelihood(point)), Arrays.toString(point));
                assertEquals(Double.doubleToRawLongBits(gaussian.logPrior(point)),
                        Double.doubleToRawLongBits(target.logPrior(point)));
            }
        }
        assertInitialStatesInSupport(new SleepTarget(config("latency-ms = 0")));
    }

    @Test
    void anInterruptedThreadStopsWaitingAndKeepsItsInterruptStatus() {
        SleepTarget hour = new SleepTarget(config("dimension = 1, latency-ms = 60000"));
        double expected = GaussianTarget.standard(1).logLikelihood(new double[] {0.5});
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            Thread.currentThread().interrupt();
            try {
                assertEquals(expected, hour.logLikelihood(new double[] {0.5}), 0.0);
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
            } finally {
                Thread.interrupted();
            }
        });
    }

    @Test
    void rejectsInvalidSettings() {
        assertRejected(SleepTarget::new, "latency-ms = -0.5", "job.target.latency-ms");
        assertRejected(SleepTarget::new, "latency-ms = 1e6", "job.target.latency-ms");
        assertRejected(SleepTarget::new, "latency-ms = slow", "job.target.latency-ms");
        assertRejected(SleepTarget::new, "dimension = 0", "job.target.dimension");
        assertRejected(SleepTarget::new, "dimension = -3", "job.target.dimension");
        String unknown = assertRejected(SleepTarget::new, "latency = 5", "job.target.latency").getMessage();
        assertTrue(unknown.contains("dimension, latency-ms"), unknown);
    }
}
