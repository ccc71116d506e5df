package replex.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static replex.targets.TargetTestSupport.assertInitialStatesInSupport;
import static replex.targets.TargetTestSupport.assertMatchesReference;
import static replex.targets.TargetTestSupport.assertRejected;

import org.junit.jupiter.api.Test;

class LowDimGaussMixTargetTest {

    @Test
    void matchesScipyReference() {
        assertMatchesReference(LowDimGaussMixTarget.NAME, LowDimGaussMixTarget::new);
    }

    @Test
    void namesAreStansAndMatchTheReferencePosterior() {
        LowDimGaussMixTarget target = new LowDimGaussMixTarget();
        assertEquals(5, target.dimension());
        assertEquals(TargetTestSupport.referenceParameterNames(LowDimGaussMixTarget.NAME), target.parameterNames());
    }

    @Test
    void orderingIsPartOfTheSupport() {
        LowDimGaussMixTarget target = new LowDimGaussMixTarget();
        double[] ordered = {-2.7, 2.9, 1, 1, 0.6};
        double[] swapped = {2.9, -2.7, 1, 1, 0.4};
        assertTrue(Double.isFinite(target.logPrior(ordered)));
        assertEquals(Double.NEGATIVE_INFINITY, target.logPrior(swapped));
        assertEquals(Double.NEGATIVE_INFINITY, target.logLikelihood(swapped));
    }

    @Test
    void initialStatesAreInTheSupport() {
        for (double[] x : assertInitialStatesInSupport(new LowDimGaussMixTarget())) {
            assertTrue(x[0] < x[1] && x[2] > 0 && x[3] > 0 && x[4] > 0 && x[4] < 1);
        }
    }

    @Test
    void rejectsSettings() {
        assertRejected(LowDimGaussMixTarget::new, "K = 3", "job.target.K");
    }
}
