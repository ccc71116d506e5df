package replex.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static replex.targets.TargetTestSupport.assertInitialStatesInSupport;
import static replex.targets.TargetTestSupport.assertMatchesReference;
import static replex.targets.TargetTestSupport.assertRejected;
import static replex.targets.TargetTestSupport.config;

import java.util.List;

import org.junit.jupiter.api.Test;

class RosenbrockTargetTest {

    @Test
    void matchesReference() {
        assertMatchesReference(RosenbrockTarget.NAME, RosenbrockTarget::new);
    }

    @Test
    void defaults() {
        RosenbrockTarget target = new RosenbrockTarget(config("name = rosenbrock"));
        assertEquals(2, target.dimension());
        assertEquals(List.of("x[1]", "x[2]"), target.parameterNames());
        assertEquals(0.0, target.logLikelihood(new double[] {1, 1}));
        // −(1/20)·(100·1² + 1²) at the origin
        assertEquals(-0.05, target.logLikelihood(new double[] {0, 0}), 1e-15);
        assertEquals(0.0, target.logPrior(new double[] {5, 5}));
    }

    @Test
    void initialStatesLieInTheSquare() {
        RosenbrockTarget target = new RosenbrockTarget(config("dimension = 5"));
        for (double[] x : assertInitialStatesInSupport(target)) {
            for (double v : x) {
                assertTrue(v >= -2 && v <= 2, "x = " + v);
            }
        }
    }

    @Test
    void rejectsInvalidSettings() {
        assertRejected(RosenbrockTarget::new, "dimension = 1", "job.target.dimension");
        assertRejected(RosenbrockTarget::new, "dimension = 2.5", "job.target.dimension");
        assertRejected(RosenbrockTarget::new, "dimension = two", "job.target.dimension");
        assertRejected(RosenbrockTarget::new, "b = 0", "job.target.b");
        assertRejected(RosenbrockTarget::new, "scale = -1", "job.target.scale");
        assertRejected(RosenbrockTarget::new, "a = [1]", "job.target.a");
        assertRejected(RosenbrockTarget::new, "c = 1", "job.target.c");
    }
}
