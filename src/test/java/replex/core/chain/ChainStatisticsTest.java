package replex.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChainStatisticsTest {

    /** Two levels, one pair, one evidence batch: every array set. */
    private static ChainStatistics.Builder complete() {
        return ChainStatistics.builder().chain(3).mhAccepted(new long[] {1, 2}).mhProposed(new long[] {4, 4})
                .targetErrors(new long[2]).swapAttempts(new long[] {5}).swapAccepted(new long[] {2})
                .swapRejectionSum(new double[] {2.5}).roundTrips(7).restarts(8).proposalScales(new double[] {1, 2})
                .levels(new int[] {1, 0}).betas(new double[] {1, 0.5}).evidenceBatchRounds(new long[] {10})
                .evidenceLogLikelihoodSums(new double[] {-1, -2}).evidenceLogWeightMax(new double[] {-0.5})
                .evidenceWeightSums(new double[] {9}).roundTripsByBatch(new long[] {7});
    }

    @Test
    void theBuilderSetsEachComponentByName() {
        long[] accepted = {1, 2};
        ChainStatistics s = complete().mhAccepted(accepted).build();
        assertEquals(3, s.chain());
        assertSame(accepted, s.mhAccepted(), "arrays are kept, not copied");
        assertEquals(4, s.mhProposed()[0]);
        assertEquals(2, s.targetErrors().length);
        assertEquals(5, s.swapAttempts()[0]);
        assertEquals(2, s.swapAccepted()[0]);
        assertEquals(2.5, s.swapRejectionSum()[0]);
        assertEquals(7, s.roundTrips());
        assertEquals(8, s.restarts());
        assertEquals(2, s.proposalScales()[1]);
        assertEquals(1, s.levels()[0]);
        assertEquals(0.5, s.betas()[1]);
        assertEquals(10, s.evidenceBatchRounds()[0]);
        assertEquals(-2, s.evidenceLogLikelihoodSums()[1]);
        assertEquals(-0.5, s.evidenceLogWeightMax()[0]);
        assertEquals(9, s.evidenceWeightSums()[0]);
        assertEquals(7, s.roundTripsByBatch()[0]);
    }

    @Test
    void aMissingArrayIsNamed() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> complete().swapRejectionSum(null).build());
        assertEquals("swapRejectionSum is not set", e.getMessage());
        assertThrows(NullPointerException.class, () -> ChainStatistics.builder().build());
    }
}
