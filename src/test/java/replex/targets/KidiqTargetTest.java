package replex.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static replex.targets.TargetTestSupport.assertInitialStatesInSupport;
import static replex.targets.TargetTestSupport.assertMatchesReference;
import static replex.targets.TargetTestSupport.assertRejected;

import org.junit.jupiter.api.Test;

class KidiqTargetTest {

    @Test
    void matchesScipyReference() {
        assertMatchesReference(KidiqTarget.NAME, KidiqTarget::new);
    }

    @Test
    void namesAreStansAndMatchTheReferencePosterior() {
        KidiqTarget target = new KidiqTarget();
        assertEquals(3, target.dimension());
        assertEquals(TargetTestSupport.referenceParameterNames(KidiqTarget.NAME), target.parameterNames());
    }

    @Test
    void posteriorMeanBeatsAFarPoint() {
        KidiqTarget target = new KidiqTarget();
        double[] mean = {25.9, 0.609, 18.3};
        double[] far = {25.9, 0.609, 25};
        assertTrue(target.logLikelihood(mean) > target.logLikelihood(far));
    }

    @Test
    void initialStatesAreInTheSupport() {
        for (double[] x : assertInitialStatesInSupport(new KidiqTarget())) {
            assertTrue(x[2] > 0);
        }
    }

    @Test
    void rejectsSettings() {
        assertRejected(KidiqTarget::new, "name = \"kidiq-kidscore_momiq\", sd = 1", "job.target.sd");
    }
}
