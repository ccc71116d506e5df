package replex.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static replex.targets.TargetTestSupport.assertInitialStatesInSupport;
import static replex.targets.TargetTestSupport.assertMatchesReference;
import static replex.targets.TargetTestSupport.assertRejected;
import static replex.targets.TargetTestSupport.config;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;

class GaussianTargetTest {

    @Test
    void matchesScipyReference() {
        assertMatchesReference(GaussianTarget.NAME, GaussianTarget::new);
    }

    @Test
    void dimensionAndNamesFollowMeans() {
        GaussianTarget target = new GaussianTarget(config("means = [1, 2, 3]"));
        assertEquals(3, target.dimension());
        assertEquals(List.of("x[1]", "x[2]", "x[3]"), target.parameterNames());
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

    @Test
    void normalPriorMatchesScipyReferenceAndItsEvidenceIsExact() {
        int checked = 0;
        for (JsonNode testCase : TargetTestSupport.json("gaussian_prior_values.json").get("cases")) {
            GaussianTarget target = new GaussianTarget(ConfigFactory.parseString(testCase.get("config").toString()));
            assertTrue(target.hasProperPrior());
            String where = testCase.get("config").toString();
            TargetTestSupport.assertClose(testCase.get("logEvidence").doubleValue(), target.logEvidence(),
                    "log evidence of " + where);
            for (JsonNode point : testCase.get("points")) {
                double[] x = new double[point.get("x").size()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = point.get("x").get(i).doubleValue();
                }
                double[] copy = x.clone();
                TargetTestSupport.assertClose(point.get("logPrior").doubleValue(), target.logPrior(x),
                        "logPrior of " + where + " at " + Arrays.toString(x));
                TargetTestSupport.assertClose(point.get("logLikelihood").doubleValue(), target.logLikelihood(x),
                        "logLikelihood of " + where + " at " + Arrays.toString(x));
                assertTrue(Arrays.equals(copy, x), "the target modified x");
                checked++;
            }
        }
        assertEquals(10, checked);
    }

    @Test
    void flatPriorByDefaultHasNoEvidence() {
        GaussianTarget target = new GaussianTarget(config("means = [1, 2]"));
        assertFalse(target.hasProperPrior());
        assertTrue(Double.isNaN(target.logEvidence()));
    }

    @Test
    void priorSdAppliesToEveryCoordinateAroundZero() {
        GaussianTarget target = new GaussianTarget(config("means = [1, 2], prior-sd = 2"));
        double expected = 2 * (-0.5 * Math.log(2 * Math.PI) - Math.log(2)) - 0.5 * (0.25 + 1);
        assertEquals(expected, target.logPrior(new double[] {1, -2}), 1e-14);
        for (double[] x : assertInitialStatesInSupport(target)) {
            assertTrue(Math.abs(x[0] - 1) <= 2 && Math.abs(x[1] - 2) <= 2, Arrays.toString(x));
        }
    }

    @Test
    void rejectsInvalidPriorSettings() {
        assertRejected(GaussianTarget::new, "means = [1, 2], prior-sds = [1]", "job.target.prior-sds");
        assertRejected(GaussianTarget::new, "means = [1, 2], prior-sds = [1, -1]", "job.target.prior-sds");
        assertRejected(GaussianTarget::new, "means = [1, 2], prior-sd = 0", "job.target.prior-sd");
        assertRejected(GaussianTarget::new, "means = [1, 2], prior-sd = x", "job.target.prior-sd");
        assertRejected(GaussianTarget::new, "means = [1, 2], prior-sd = 1, prior-sds = [1, 1]",
                "job.target.prior-sds");
        assertRejected(GaussianTarget::new, "means = [1, 2], prior-sd = 1, prior-means = [1]",
                "job.target.prior-means");
        assertRejected(GaussianTarget::new, "means = [1, 2], prior-sd = 1, prior-means = [1, inf]",
                "job.target.prior-means");
        String message = assertRejected(GaussianTarget::new, "means = [1, 2], prior-means = [0, 0]",
                "job.target.prior-means").getMessage();
        assertTrue(message.contains("prior-sd"), message);
        message = assertRejected(GaussianTarget::new, "means = [1], prior-mean = [0]", "job.target.prior-mean")
                .getMessage();
        assertTrue(message.contains("prior-means, prior-sds, prior-sd"), message);
    }
}
