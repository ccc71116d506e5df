package replex.targets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static replex.targets.TargetTestSupport.assertInitialStatesInSupport;
import static replex.targets.TargetTestSupport.assertMatchesReference;
import static replex.targets.TargetTestSupport.assertRejected;

import java.util.List;

import org.junit.jupiter.api.Test;

class EightSchoolsTargetTest {

    @Test
    void matchesScipyReference() {
        assertMatchesReference(EightSchoolsTarget.NAME, EightSchoolsTarget::new);
    }

    @Test
    void sampledParametersHaveStansNames() {
        EightSchoolsTarget target = new EightSchoolsTarget();
        assertEquals(10, target.dimension());
        assertEquals(List.of("theta_trans[1]", "theta_trans[2]", "theta_trans[3]", "theta_trans[4]",
                "theta_trans[5]", "theta_trans[6]", "theta_trans[7]", "theta_trans[8]", "mu", "tau"),
                target.parameterNames());
    }

    @Test
    void referenceQuantitiesMatchTheReferencePosteriorNames() {
        assertEquals(TargetTestSupport.referenceParameterNames(EightSchoolsTarget.NAME),
                EightSchoolsTarget.referenceQuantityNames());
    }

    @Test
    void referenceQuantitiesAreThetaMuTau() {
        double[] sampled = {1, -1, 0, 2, 0.5, -0.5, 3, -3, 4, 2};
        double[] copy = sampled.clone();
        double[] expected = {6, 2, 4, 8, 5, 3, 10, -2, 4, 2};
        assertArrayEquals(expected, EightSchoolsTarget.referenceQuantities(sampled), 0.0);
        assertArrayEquals(copy, sampled, 0.0);
        assertThrows(IllegalArgumentException.class, () -> EightSchoolsTarget.referenceQuantities(new double[9]));
    }

    @Test
    void initialStatesAreInTheSupport() {
        for (double[] x : assertInitialStatesInSupport(new EightSchoolsTarget())) {
            assertTrue(x[9] > 0);
        }
    }

    @Test
    void rejectsSettings() {
        assertRejected(EightSchoolsTarget::new, "tau = 1", "job.target.tau");
    }
}
