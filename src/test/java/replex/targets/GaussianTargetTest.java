package replex.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static replex.targets.TargetTestSupport.assertInitialStatesInSupport;
import static replex.targets.TargetTestSupport.assertMatchesReference;
import static replex.targets.TargetTestSupport.assertRejected;
import static replex.targets.TargetTestSupport.config;

import java.util.List;

import org.junit.jupiter.api.Test;

class GaussianTargetTest {

    @Test
    void matchesScipyReference() {
        assertMatchesReference(GaussianTarget.NAME, GaussianTarget::new);
    }

    @Test
    void dimensionAndNamesFollowMeans() {
        GaussianTarget target = new GaussianTarget(config("means = [1, 2, 3]"));
        assertEquals(3, target.dimension());
        assertEquals(List.of("x[0]", "x[1]", "x[2]"), target.parameterNames());
        assertEquals(0.0, target.logPrior(new double[] {1e6, -1e6, 0}));
    }

    @Test
    void initialStatesLieWithinTwoSdsOfTheMeans() {
        GaussianTarget target = new GaussianTarget(config("means = [10, -3], sds = [0.5, 4]"));
        for (double[] x : assertInitialStatesInSupport(target)) {
            assertTrue(x[0] >= 9 && x[0] <= 11, "x[0] = " + x[0]);
            assertTrue(x[1] >= -11 && x[1] <= 5, "x[1] = " + x[1]);
        }
    }

    @Test
    void rejectsInvalidSettings() {
        assertRejected(GaussianTarget::new, "sd = 1", "job.target.means");
        assertRejected(GaussianTarget::new, "means = []", "job.target.means");
        assertRejected(GaussianTarget::new, "means = 3", "job.target.means");
        assertRejected(GaussianTarget::new, "means = [1, abc]", "job.target.means");
        assertRejected(GaussianTarget::new, "means = [1, 2], sds = [1]", "job.target.sds");
        assertRejected(GaussianTarget::new, "means = [1, 2], sds = [1, 0]", "job.target.sds");
        assertRejected(GaussianTarget::new, "means = [1, 2], sd = -1", "job.target.sd");
        assertRejected(GaussianTarget::new, "means = [1, 2], sd = x", "job.target.sd");
        assertRejected(GaussianTarget::new, "means = [1, 2], sd = 1, sds = [1, 1]", "job.target.sds");
        String message = assertRejected(GaussianTarget::new, "means = [1], sigma = 2", "job.target.sigma")
                .getMessage();
        assertTrue(message.contains("means, sds, sd"), message);
    }
}
