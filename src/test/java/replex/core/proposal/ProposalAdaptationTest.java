package replex.core.proposal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import replex.core.CoreReference;

class ProposalAdaptationTest {

    private static Moments referenceMoments() {
        Moments m = new Moments(3);
        for (JsonNode row : CoreReference.get().get("moments").get("x")) {
            m.add(CoreReference.doubles(row));
        }
        return m;
    }

    @Test
    void covarianceWindowGivesTheCholeskyFactorOfTheSampleCovariance() {
        ProposalAdaptation a = new ProposalAdaptation(AdaptationMode.COVARIANCE, 3, 0.1, 400);
        for (long round = 0; round < 15; round++) {
            assertTrue(a.wantsMoments(round));
            a.update(round, 2, 10, new Moments(3));
        }
        assertNull(a.current().factor(), "no factor before the first window ends");
        a.update(15, 2, 10, referenceMoments());
        double[] expected = CoreReference.doubles(CoreReference.get().get("moments").get("cholesky"));
        assertArrayEquals(expected, a.current().factor(), 1e-6 * 2.0);
    }

    @Test
    void scaleMovesTowardsTheTargetAcceptanceAndFreezesAfterBurnIn() {
        ProposalAdaptation a = new ProposalAdaptation(AdaptationMode.SCALE, 2, 1.0, 50);
        a.update(0, 0, 10, null);
        double afterReject = a.current().scale();
        assertEquals(Math.exp(-0.234), afterReject, 1e-12, "first gain is 1: log s moves by (0 − 0.234)");
        a.update(1, 10, 10, null);
        assertEquals(afterReject * Math.exp((1 - 0.234) / Math.sqrt(2)), a.current().scale(), 1e-12);
        for (long round = 2; round < 50; round++) {
            a.update(round, 3, 10, null);
        }
        Proposal frozen = a.current();
        for (long round = 50; round < 100; round++) {
            a.update(round, 0, 10, null);
        }
        assertSame(frozen, a.current(), "no change after burn-in");
        assertTrue(!a.wantsMoments(0), "scale-only adaptation needs no moments");
    }

    @Test
    void noAdaptationKeepsTheInitialProposal() {
        ProposalAdaptation a = new ProposalAdaptation(AdaptationMode.NONE, 2, 0.7, 50);
        Proposal p = a.current();
        a.update(3, 0, 10, null);
        assertSame(p, a.current());
        assertEquals(0.7, p.scale());
    }

    @Test
    void degenerateWindowKeepsThePreviousProposal() {
        ProposalAdaptation a = new ProposalAdaptation(AdaptationMode.COVARIANCE, 2, 0.5, 400);
        Moments stuck = new Moments(2);
        for (int i = 0; i < 100; i++) {
            stuck.add(new double[] {1.0, 2.0});
        }
        for (long round = 0; round < 16; round++) {
            a.update(round, 0, 10, round == 15 ? stuck : new Moments(2));
        }
        assertNull(a.current().factor(), "a chain that never moved gives no covariance");
    }
}
