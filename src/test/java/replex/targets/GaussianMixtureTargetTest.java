package replex.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static replex.targets.TargetTestSupport.assertInitialStatesInSupport;
import static replex.targets.TargetTestSupport.assertMatchesReference;
import static replex.targets.TargetTestSupport.assertRejected;
import static replex.targets.TargetTestSupport.config;

import java.util.List;

import org.junit.jupiter.api.Test;

class GaussianMixtureTargetTest {

    private static final String TWO_MODES = "weights = [0.3, 0.7], means = [[-5, -5], [5, 5]]";

    @Test
    void matchesScipyReferenceIncludingFarFromTheModes() {
        assertMatchesReference(GaussianMixtureTarget.NAME, GaussianMixtureTarget::new);
    }

    @Test
    void thirtySdsAwayIsFiniteAndEqualsTheNearestComponent() {
        GaussianMixtureTarget target = new GaussianMixtureTarget(config(TWO_MODES));
        // 30 sds beyond the mode at (5, 5): the other component is negligible
        double expected = Math.log(0.7) - Math.log(2 * Math.PI) - 0.5 * 30 * 30;
        assertEquals(expected, target.logLikelihood(new double[] {35, 5}), 1e-9 * Math.abs(expected));
        assertTrue(Double.isFinite(target.logLikelihood(new double[] {1e5, -1e5})));
    }

    @Test
    void weightsAreNormalised() {
        GaussianMixtureTarget raw = new GaussianMixtureTarget(config("weights = [1, 1, 2], means = [[0], [1], [2]]"));
        GaussianMixtureTarget normalised = new GaussianMixtureTarget(
                config("weights = [0.25, 0.25, 0.5], means = [[0], [1], [2]]"));
        for (double x = -5; x <= 5; x += 0.5) {
            double expected = normalised.logLikelihood(new double[] {x});
            assertEquals(expected, raw.logLikelihood(new double[] {x}), 1e-12 * Math.abs(expected));
        }
    }

    @Test
    void shapeAndNames() {
        GaussianMixtureTarget target = new GaussianMixtureTarget(config(TWO_MODES));
        assertEquals(2, target.dimension());
        assertEquals(List.of("x[1]", "x[2]"), target.parameterNames());
    }

    @Test
    void initialStatesCoverTheBoxAroundAllModes() {
        GaussianMixtureTarget target = new GaussianMixtureTarget(
                config("weights = [1, 1], means = [[-5, 0], [5, 2]], sds = [1, 2]"));
        double[][] draws = assertInitialStatesInSupport(target);
        double min0 = Double.POSITIVE_INFINITY;
        double max0 = Double.NEGATIVE_INFINITY;
        for (double[] x : draws) {
            assertTrue(x[0] >= -11 && x[0] <= 11, "x[0] = " + x[0]);
            assertTrue(x[1] >= -6 && x[1] <= 8, "x[1] = " + x[1]);
            min0 = Math.min(min0, x[0]);
            max0 = Math.max(max0, x[0]);
        }
        assertTrue(min0 < -10 && max0 > 10, "the box is not covered: " + min0 + " .. " + max0);
    }

    @Test
    void rejectsInvalidSettings() {
        assertRejected(GaussianMixtureTarget::new, "means = [[0]]", "job.target.weights");
        assertRejected(GaussianMixtureTarget::new, "weights = [1, -1], means = [[0], [1]]", "job.target.weights");
        assertRejected(GaussianMixtureTarget::new, "weights = [1, 0], means = [[0], [1]]", "job.target.weights");
        assertRejected(GaussianMixtureTarget::new, "weights = [1]", "job.target.means");
        assertRejected(GaussianMixtureTarget::new, "weights = [1, 1], means = [[0]]", "job.target.means");
        assertRejected(GaussianMixtureTarget::new, "weights = [1, 1], means = [[0, 1], [1]]", "job.target.means");
        assertRejected(GaussianMixtureTarget::new, "weights = [1, 1], means = [0, 1]", "job.target.means");
        assertRejected(GaussianMixtureTarget::new, "weights = [1, 1], means = [[0], []]", "job.target.means");
        assertRejected(GaussianMixtureTarget::new, "weights = [1, 1], means = [[0], [a]]", "job.target.means");
        assertRejected(GaussianMixtureTarget::new, "weights = [1, 1], means = [[0], [1]], sds = [1]", "job.target.sds");
        assertRejected(GaussianMixtureTarget::new, "weights = [1, 1], means = [[0], [1]], sds = [1, 0]",
                "job.target.sds");
        assertRejected(GaussianMixtureTarget::new, "weights = [1, 1], means = [[0], [1]], sd = 0", "job.target.sd");
        assertRejected(GaussianMixtureTarget::new, "weights = [1, 1], means = [[0], [1]], sd = 1, sds = [1, 1]",
                "job.target.sds");
        assertRejected(GaussianMixtureTarget::new, "weights = [1, 1], means = [[0], [1]], mean = 2",
                "job.target.mean");
    }
}
