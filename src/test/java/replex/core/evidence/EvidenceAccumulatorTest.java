package replex.core.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class EvidenceAccumulatorTest {

    static final double[] BETAS = {1.0, 0.5, 0.2, 0.0};

    @Test
    void batchesAreContiguousBlocksOfNearlyEqualLength() {
        assertEquals(0, EvidenceAccumulator.batchOf(100, 100, 64));
        assertEquals(0, EvidenceAccumulator.batchOf(101, 100, 64));
        assertEquals(1, EvidenceAccumulator.batchOf(102, 100, 64));
        assertEquals(31, EvidenceAccumulator.batchOf(163, 100, 64));
        for (long sampling : new long[] {1, 10, 31, 32, 33, 100, 1001}) {
            int[] sizes = new int[EvidenceAccumulator.BATCHES];
            int previous = 0;
            for (long i = 0; i < sampling; i++) {
                int b = EvidenceAccumulator.batchOf(7 + i, 7, sampling);
                assertTrue(b >= previous && b < EvidenceAccumulator.BATCHES, "monotone, in range: " + b);
                previous = b;
                sizes[b]++;
            }
            for (int size : sizes) {
                long low = sampling / EvidenceAccumulator.BATCHES;
                assertTrue(size == 0 && sampling < EvidenceAccumulator.BATCHES || size == low || size == low + 1,
                        sampling + " rounds: batch of " + size);
            }
        }
        // 10 sampling rounds: one round in each of 10 batches spread over 0 … 31
        int[] expected = {0, 3, 6, 9, 12, 16, 19, 22, 25, 28};
        for (int i = 0; i < 10; i++) {
            assertEquals(expected[i], EvidenceAccumulator.batchOf(i, 0, 10));
        }
        assertThrows(IllegalArgumentException.class, () -> EvidenceAccumulator.batchOf(99, 100, 64));
        assertThrows(IllegalArgumentException.class, () -> EvidenceAccumulator.batchOf(164, 100, 64));
    }

    @Test
    void streamingLogSumExpMatchesDirectComputation() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(3L);
        EvidenceAccumulator a = new EvidenceAccumulator(BETAS, 0, 64);
        double[][] ell = new double[64][BETAS.length];
        for (int r = 0; r < 64; r++) {
            for (int k = 0; k < BETAS.length; k++) {
                // magnitudes from −2000 to +200: exp of the log-weights over/underflows directly
                ell[r][k] = -2000 + 2200 * rng.nextDouble();
            }
            a.add(r, ell[r]);
        }
        for (int pair = 0; pair < BETAS.length - 1; pair++) {
            for (int b = 0; b < EvidenceAccumulator.BATCHES; b++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int r = 2 * b; r < 2 * b + 2; r++) {
                    max = Math.max(max, (BETAS[pair] - BETAS[pair + 1]) * ell[r][pair + 1]);
                }
                double sum = 0;
                for (int r = 2 * b; r < 2 * b + 2; r++) {
                    sum += Math.exp((BETAS[pair] - BETAS[pair + 1]) * ell[r][pair + 1] - max);
                }
                double direct = max + Math.log(sum);
                assertEquals(direct, a.logSumWeights(pair, b), 1e-12 * Math.abs(direct),
                        "pair " + pair + " batch " + b);
            }
        }
        assertEquals(ell[0][2] + ell[1][2], a.logLikelihoodSum(2, 0), 1e-12);
        assertEquals(2, a.rounds(31));
    }

    @Test
    void hugeLogLikelihoodsDoNotOverflow() {
        EvidenceAccumulator a = new EvidenceAccumulator(new double[] {1.0, 0.0}, 0, 96);
        // rounds 0 … 2 share batch 0; increasing weights force the rescaling branch; exp(1e6) would be +Infinity
        a.add(0, new double[] {0, 1e6});
        a.add(1, new double[] {0, 1e6 + 1});
        a.add(2, new double[] {0, 1e6 - 1});
        double expected = 1e6 + 1 + Math.log(Math.exp(-1) + 1 + Math.exp(-2));
        assertEquals(expected, a.logSumWeights(0, 0), 1e-9);
        for (double v : a.weightSums()) {
            assertTrue(Double.isFinite(v));
        }
    }

    @Test
    void emptyBatchesAreFiniteAndCountAsEmpty() {
        EvidenceAccumulator a = new EvidenceAccumulator(BETAS, 5, 2);
        a.add(5, new double[] {-1, -2, -3, -4});
        a.add(6, new double[] {-1, -2, -3, -4});
        assertEquals(1, a.rounds(0));
        assertEquals(1, a.rounds(16));
        assertEquals(0, a.rounds(1));
        assertEquals(Double.NEGATIVE_INFINITY, a.logSumWeights(0, 1));
        for (double v : a.logWeightMax()) {
            assertTrue(Double.isFinite(v));
        }
        assertThrows(IllegalArgumentException.class, () -> a.add(7, new double[] {0, 0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> a.add(5, new double[] {0, 0}));
    }

    @Test
    void copiesRoundTripThroughPlainArrays() {
        EvidenceAccumulator a = new EvidenceAccumulator(BETAS, 0, 40);
        for (int r = 0; r < 40; r++) {
            a.add(r, new double[] {-r, -2.0 * r, -3.5 * r, 0.25 * r});
        }
        EvidenceAccumulator b = EvidenceAccumulator.of(a.betas(), a.batchRounds(), a.logLikelihoodSums(),
                a.logWeightMax(), a.weightSums());
        assertArrayEquals(a.batchRounds(), b.batchRounds());
        assertArrayEquals(a.logLikelihoodSums(), b.logLikelihoodSums(), 0.0);
        assertArrayEquals(a.logWeightMax(), b.logWeightMax(), 0.0);
        assertArrayEquals(a.weightSums(), b.weightSums(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> EvidenceAccumulator.of(new double[] {1.0, 0.0},
                a.batchRounds(), a.logLikelihoodSums(), a.logWeightMax(), a.weightSums()));
        assertThrows(IllegalArgumentException.class, () -> new EvidenceAccumulator(new double[0], 0, 1));
    }

    @Test
    void sameInputGivesSameBits() {
        EvidenceAccumulator a = new EvidenceAccumulator(BETAS, 0, 100);
        EvidenceAccumulator b = new EvidenceAccumulator(BETAS, 0, 100);
        UniformRandomProvider r1 = RandomSource.XO_RO_SHI_RO_128_PP.create(8L);
        UniformRandomProvider r2 = RandomSource.XO_RO_SHI_RO_128_PP.create(8L);
        for (int r = 0; r < 100; r++) {
            a.add(r, new double[] {r1.nextDouble(), r1.nextDouble(), r1.nextDouble(), r1.nextDouble()});
            b.add(r, new double[] {r2.nextDouble(), r2.nextDouble(), r2.nextDouble(), r2.nextDouble()});
        }
        assertArrayEquals(a.logLikelihoodSums(), b.logLikelihoodSums(), 0.0);
        assertArrayEquals(a.weightSums(), b.weightSums(), 0.0);
        assertEquals(LogEvidence.of(java.util.List.of(a, b)).steppingStone(),
                LogEvidence.of(java.util.List.of(b, a)).steppingStone());
    }
}
