package replex.core.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class LogEvidenceTest {

    static final double[] BETAS = {1.0, 0.6, 0.3, 0.1, 0.02};

    /** Each round, level k holds ℓ = a + b·β_k: then every estimator has an exact answer. */
    static EvidenceAccumulator linear(double a, double b, int rounds) {
        EvidenceAccumulator acc = new EvidenceAccumulator(BETAS, 3, rounds);
        double[] ell = new double[BETAS.length];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < BETAS.length; k++) {
                ell[k] = a + b * BETAS[k];
            }
            acc.add(3 + r, ell);
        }
        return acc;
    }

    @Test
    void trapezoidIsExactForLinearMeanLogLikelihood() {
        double a = -120.5;
        double b = 37.25;
        LogEvidence e = LogEvidence.of(List.of(linear(a, b, 100), linear(a, b, 64)));
        double betaMin = BETAS[BETAS.length - 1];
        double exact = a * (1 - betaMin) + b * (1 - betaMin * betaMin) / 2;
        assertEquals(exact, e.thermodynamicIntegration().estimate(), 1e-12 * Math.abs(exact));
        assertEquals(0.0, e.thermodynamicIntegration().standardError(), 1e-12, "identical batches");
        assertEquals(betaMin, e.referenceBeta());
        assertEquals(64, e.batches());
        assertArrayEquals(new double[] {a + b, a + 0.6 * b, a + 0.3 * b, a + 0.1 * b, a + 0.02 * b},
                e.meanLogLikelihood(), 1e-12);
        // A constant ℓ per level: each stepping stone is exactly (β_k − β_{k+1})·ℓ_{k+1}.
        double ss = 0;
        for (int k = 0; k + 1 < BETAS.length; k++) {
            ss += (BETAS[k] - BETAS[k + 1]) * (a + b * BETAS[k + 1]);
        }
        assertEquals(ss, e.steppingStone().estimate(), 1e-12 * Math.abs(ss));
    }

    @Test
    void standardErrorIsTheSpreadOfBatchEstimatesOverRootN() {
        // Two levels β = 1, 0; in batch b both levels have ℓ = b: TI_b = SS_b = b.
        EvidenceAccumulator acc = new EvidenceAccumulator(new double[] {1.0, 0.0}, 0, 64);
        for (int r = 0; r < 64; r++) {
            double b = r / 2;
            acc.add(r, new double[] {b, b});
        }
        LogEvidence e = LogEvidence.of(List.of(acc));
        // sd of 0 … 31 (n − 1 denominator) is √88; se = √88/√32
        double se = Math.sqrt(88.0 / 32);
        assertEquals(se, e.thermodynamicIntegration().standardError(), 1e-12);
        assertEquals(se, e.steppingStone().standardError(), 1e-12);
        assertEquals(15.5, e.thermodynamicIntegration().estimate(), 1e-12);
        // pooled stepping stone: log mean over all rounds of exp(ℓ) = log(Σ_b 2·e^b / 64)
        double pooled = 0;
        for (int b = 0; b < 32; b++) {
            pooled += 2 * Math.exp(b) / 64;
        }
        assertEquals(Math.log(pooled), e.steppingStone().estimate(), 1e-12);
    }

    @Test
    void standardErrorNeedsTwoBatches() {
        EvidenceAccumulator acc = new EvidenceAccumulator(new double[] {1.0, 0.0}, 0, 1);
        acc.add(0, new double[] {-1, -2});
        LogEvidence e = LogEvidence.of(List.of(acc));
        assertEquals(-1.5, e.thermodynamicIntegration().estimate());
        assertEquals(-2.0, e.steppingStone().estimate());
        assertTrue(Double.isNaN(e.steppingStone().standardError()));
        assertTrue(Double.isNaN(e.thermodynamicIntegration().standardError()));
        assertEquals(1, e.batches());
    }

    @Test
    void oneLevelHasNothingToEstimate() {
        EvidenceAccumulator acc = new EvidenceAccumulator(new double[] {1.0}, 0, 10);
        for (int r = 0; r < 10; r++) {
            acc.add(r, new double[] {-3});
        }
        LogEvidence e = LogEvidence.of(List.of(acc));
        assertTrue(Double.isNaN(e.steppingStone().estimate()));
        assertTrue(Double.isNaN(e.thermodynamicIntegration().estimate()));
        assertEquals(1.0, e.referenceBeta());
    }

    @Test
    void chainsMustShareSizeAndEndPoints() {
        EvidenceAccumulator a = new EvidenceAccumulator(new double[] {1.0, 0.0}, 0, 1);
        EvidenceAccumulator b = new EvidenceAccumulator(new double[] {1.0, 0.5}, 0, 1);
        EvidenceAccumulator c = new EvidenceAccumulator(new double[] {1.0, 0.5, 0.0}, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> LogEvidence.of(List.of(a, b)));
        assertThrows(IllegalArgumentException.class, () -> LogEvidence.of(List.of(a, c)));
        assertThrows(IllegalArgumentException.class, () -> LogEvidence.of(List.of()));
    }

    @Test
    void chainsWithLaddersOfTheirOwnAreEstimatedOneByOneAndAveraged() {
        // Tuned ladders: same K and end points, different inner β; ℓ = a + b·β at every level.
        double a = -50;
        double b = 20;
        double[][] ladders = {{1.0, 0.6, 0.1}, {1.0, 0.3, 0.1}};
        List<EvidenceAccumulator> chains = new java.util.ArrayList<>();
        double expectedSs = 0;
        for (double[] ladder : ladders) {
            EvidenceAccumulator acc = new EvidenceAccumulator(ladder, 0, 64);
            for (int r = 0; r < 64; r++) {
                acc.add(r, new double[] {a + b * ladder[0], a + b * ladder[1], a + b * ladder[2]});
            }
            chains.add(acc);
            for (int k = 0; k < 2; k++) {
                expectedSs += 0.5 * (ladder[k] - ladder[k + 1]) * (a + b * ladder[k + 1]);
            }
        }
        LogEvidence e = LogEvidence.of(chains);
        double exactTi = a * 0.9 + b * (1 - 0.01) / 2;
        assertEquals(exactTi, e.thermodynamicIntegration().estimate(), 1e-12);
        assertEquals(expectedSs, e.steppingStone().estimate(), 1e-12);
        assertEquals(0.1, e.referenceBeta());
        assertEquals(64, e.batches());
    }

    @Test
    void helpers() {
        assertEquals(Math.log(3), LogEvidence.logSumExp(new double[] {0, Double.NEGATIVE_INFINITY, Math.log(2)}),
                1e-15);
        assertEquals(Double.NEGATIVE_INFINITY, LogEvidence.logSumExp(new double[] {Double.NEGATIVE_INFINITY}));
        assertEquals(1000 + Math.log(2), LogEvidence.logSumExp(new double[] {1000, 1000}), 1e-12);
        assertEquals(0.75, LogEvidence.trapezoid(new double[] {1, 0.5, 0}, new double[] {1, 1, 0}), 1e-15);
    }
}
