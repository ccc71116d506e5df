package replex.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import replex.core.SamplerSettings;
import replex.core.chain.ChainResult;
import replex.core.chain.ChainStatistics;
import replex.core.evidence.CommunicationBarrier;
import replex.core.evidence.EvidenceAccumulator;
import replex.core.evidence.LogEvidence;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;
import replex.targets.GaussianTarget;

/**
 * The log evidence and the communication barrier on Gaussian targets where both are known
 * exactly. Tolerances: log Z within 4 of the run's own batch-means standard errors (plus, for
 * thermodynamic integration, the trapezoidal rule's bias on the ladder, computed exactly); Λ within
 * the finite-ladder bias plus 4 standard errors from the spread of the chains' own Λ.
 */
class EvidenceTest {

    /**
     * The path from N(0, I_d) at β = 0 to N(0, I_d/10) at β = 1: prior N(0, I), likelihood
     * N(x; 0, I/9) normalised, d = 10. Then π_β = N(0, I/(1 + 9β)) and
     * ℓ = −(d/2)·log(2π/9) − (9/2)·χ²_d/(1 + 9β).
     */
    static final int D = 10;
    static final String PATH_TARGET = "name = gaussian, means = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], sd = "
            + (1.0 / 3) + ", prior-sd = 1";

    /** log Z₁ − log Z₀ = Σ_i log N(0; 0, 1 + 1/9) = −(d/2)·log(2π·10/9); Z₀ = 1 (normalised prior). */
    static final double LOG_Z = -0.5 * D * Math.log(2 * Math.PI * 10 / 9);

    /**
     * Λ = 2^{2−d}/B(d/2, d/2)·½·ln 10 at d = 10 (Syed et al. 2022, JRSSB, Gaussian example):
     * B(5, 5) = 4!·4!/9! = 1/630, so Λ = 630/256·½·ln 10 = 2.8333.
     */
    static final double LAMBDA = 630.0 / 256.0 * 0.5 * Math.log(10);

    static final int LEVELS = 32;

    /**
     * Σ_k r_k expected on {@link #ladder}(32) with perfect local mixing, where r_k = E[1 − min(1,
     * exp((β_k − β_{k+1})(ℓ' − ℓ)))], ℓ ~ π_{β_k}, ℓ' ~ π_{β_{k+1}} independent: a double integral
     * over two χ²_10 densities (SciPy {@code integrate.quad}): 2.82676, every pair 0.09119. The
     * finite ladder is biased low by Λ − 2.82676 = 0.0065 (0.23 %); the same integral gives 0.0118
     * for 24 levels and 0.0041 for 40, so the bias falls as O(1/K²) here.
     */
    static final double LAMBDA_32_LEVELS = 2.82676;

    /**
     * β_k = (10^{1 − k/(K−1)} − 1)/9, from 1 down to 0. Along this path the local barrier is
     * λ(β) = κ/(1 + 9β) (ℓ is a χ²_d scaled by 1/(1 + 9β)), so Λ(β) ∝ ln(1 + 9β) and these β are
     * equally spaced in Λ(β): every pair rejects the same share of swaps, Λ/(K−1) ≈ 0.09, as a
     * tuned schedule would. Not placed by trial.
     */
    static Ladder ladder(int levels) {
        double[] betas = new double[levels];
        for (int k = 0; k < levels; k++) {
            betas[k] = (Math.pow(10, 1 - (double) k / (levels - 1)) - 1) / 9;
        }
        betas[0] = 1.0;
        betas[levels - 1] = 0.0;
        return Ladder.of(betas);
    }

    /** E_β[ℓ] on the path, exactly. */
    static double meanLogLikelihood(double beta) {
        return D * (-0.5 * Math.log(2 * Math.PI / 9) - 4.5 / (1 + 9 * beta));
    }

    static LogEvidence evidence(SamplerSettings settings, List<ChainResult> chains) {
        List<EvidenceAccumulator> accumulators = new ArrayList<>();
        for (ChainResult c : chains) {
            accumulators.add(c.statistics().evidence());
        }
        return LogEvidence.of(accumulators);
    }

    static CommunicationBarrier barrier(List<ChainResult> chains) {
        List<long[]> attempts = new ArrayList<>();
        List<double[]> rejections = new ArrayList<>();
        for (ChainResult c : chains) {
            attempts.add(c.statistics().swapAttempts());
            rejections.add(c.statistics().swapRejectionSum());
        }
        return CommunicationBarrier.of(attempts, rejections);
    }

    static double sd(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x / v.length;
        }
        double squares = 0;
        for (double x : v) {
            squares += (x - mean) * (x - mean);
        }
        return Math.sqrt(squares / (v.length - 1));
    }

    @Test
    void gaussianPathGivesKnownLogZAndBarrier() {
        GaussianTarget target = (GaussianTarget) SamplerStatisticsTest.target(PATH_TARGET);
        assertEquals(LOG_Z, target.logEvidence(), 1e-12, "the target's closed form");
        // 20 local steps per round: enough for ℓ to decorrelate between swaps at every level.
        SamplerSettings s = SamplerSettings.builder().seed(2026).chains(8).ladder(ladder(LEVELS)).swap(SwapRule.DEO)
                .rounds(6000).stepsPerRound(20).burnInRounds(1000).thin(10).proposalScale(1.0)
                .adapt(AdaptationMode.SCALE).build();
        RunResult r = SequentialEngine.run(s, target, ProgressListener.NONE);
        LogEvidence e = evidence(s, r.chains());
        assertEquals(0.0, e.referenceBeta());
        assertEquals(8 * EvidenceAccumulator.BATCHES, e.batches());

        LogEvidence.Estimate ss = e.steppingStone();
        LogEvidence.Estimate ti = e.thermodynamicIntegration();
        double[] betas = s.ladder().betas();
        double trapezoidBias = -LOG_Z;
        for (int k = 0; k + 1 < LEVELS; k++) {
            trapezoidBias += (betas[k] - betas[k + 1]) * 0.5 * (meanLogLikelihood(betas[k])
                    + meanLogLikelihood(betas[k + 1]));
        }
        // E_β[ℓ] is concave: the trapezoid is low, by 0.0106 on this ladder.
        assertTrue(trapezoidBias < -0.01 && trapezoidBias > -0.011, "trapezoid bias " + trapezoidBias);
        String report = String.format("SS %.4f ± %.4f, TI %.4f ± %.4f (trapezoid bias %.4f), exact %.4f",
                ss.estimate(), ss.standardError(), ti.estimate(), ti.standardError(), trapezoidBias, LOG_Z);
        assertEquals(LOG_Z, ss.estimate(), 4 * ss.standardError(), "stepping stone: " + report);
        assertEquals(LOG_Z + trapezoidBias, ti.estimate(), 4 * ti.standardError(), "TI: " + report);

        // The batch-means se agrees with the spread of the 8 independent chains' own estimates
        // (sd/√8 over se: within √(χ²_7/7) quantiles 0.001 … 0.999, i.e. 0.26 … 1.8).
        double[] ssChains = new double[8];
        double[] tiChains = new double[8];
        double[] lambdaChains = new double[8];
        for (int c = 0; c < 8; c++) {
            LogEvidence one = evidence(s, List.of(r.chains().get(c)));
            ssChains[c] = one.steppingStone().estimate();
            tiChains[c] = one.thermodynamicIntegration().estimate();
            lambdaChains[c] = barrier(List.of(r.chains().get(c))).global();
        }
        double ssRatio = sd(ssChains) / Math.sqrt(8) / ss.standardError();
        double tiRatio = sd(tiChains) / Math.sqrt(8) / ti.standardError();
        assertTrue(ssRatio > 0.26 && ssRatio < 1.8, "stepping-stone se vs chain spread: " + ssRatio + "; " + report);
        assertTrue(tiRatio > 0.26 && tiRatio < 1.8, "TI se vs chain spread: " + tiRatio + "; " + report);
        assertTrue(ss.standardError() > 1e-3 && ss.standardError() < 0.03, report);

        CommunicationBarrier b = barrier(r.chains());
        double lambdaSe = sd(lambdaChains) / Math.sqrt(8);
        String lambdaReport = String.format("Λ %.4f ± %.4f, exact %.4f, expected on this ladder %.4f", b.global(),
                lambdaSe, LAMBDA, LAMBDA_32_LEVELS);
        assertEquals(LAMBDA_32_LEVELS, b.global(), 4 * lambdaSe, lambdaReport);
        assertEquals(LAMBDA, b.global(), (LAMBDA - LAMBDA_32_LEVELS) + 4 * lambdaSe, lambdaReport);
        assertTrue(lambdaSe < 0.02, lambdaReport);
        assertEquals(7, b.recommendedLevels(), "⌈2Λ + 1⌉ = ⌈6.67⌉");
        for (double r0 : b.perPair()) {
            assertEquals(0.0912, r0, 0.02, "equal rejection per pair on a ladder equally spaced in Λ(β)");
        }
    }

    @Test
    void hottestLevelAboveZeroGivesTheLogRatioToIt() {
        // Same path on a geometric ladder down to β = 0.01: log Z(1) − log Z(0.01), with
        // Z(β) = Π_i ∫ N(x; 0, 1)·N(x; 0, 1/9)^β dx = ((2π/9)^{−β/2}·(1 + 9β)^{−1/2})^d.
        double betaMin = 0.01;
        double expected = D * (-0.5 * Math.log(2 * Math.PI / 9) * (1 - betaMin) - 0.5 * Math.log(10)
                + 0.5 * Math.log(1 + 9 * betaMin));
        SamplerSettings s = SamplerSettings.builder().seed(11).chains(4).ladder(Ladder.geometric(16, betaMin))
                .swap(SwapRule.DEO).rounds(3000).stepsPerRound(20).burnInRounds(500).thin(10).proposalScale(1.0)
                .adapt(AdaptationMode.SCALE).build();
        RunResult r = SequentialEngine.run(s, SamplerStatisticsTest.target(PATH_TARGET), ProgressListener.NONE);
        LogEvidence e = evidence(s, r.chains());
        assertEquals(betaMin, e.referenceBeta());
        LogEvidence.Estimate ss = e.steppingStone();
        assertEquals(expected, ss.estimate(), 4 * ss.standardError(), "stepping stone, se " + ss.standardError());
        assertTrue(ss.standardError() > 0 && ss.standardError() < 0.05, "se " + ss.standardError());
    }

    @Test
    void steppingStoneMatchesTheEvidenceOfAProperPrior() {
        // d = 2, likelihood N(x; (1, −2), 0.5²) normalised, prior N((0.5, 0), diag(3², 2²)):
        // log Z = Σ_i log N(m0_i; m_i, s0_i² + s_i²) = −4.1578.
        String hocon = "name = gaussian, means = [1, -2], sd = 0.5, prior-means = [0.5, 0], prior-sds = [3, 2]";
        GaussianTarget target = (GaussianTarget) SamplerStatisticsTest.target(hocon);
        double exact = Math.log(normalDensity(0.5, 1, Math.sqrt(9.25))) + Math.log(normalDensity(0, -2,
                Math.sqrt(4.25)));
        assertEquals(exact, target.logEvidence(), 1e-12);
        double[] geometric = Ladder.geometric(14, 1e-3).betas();
        double[] betas = Arrays.copyOf(geometric, geometric.length + 1);
        SamplerSettings s = SamplerSettings.builder().seed(5).chains(4).ladder(Ladder.of(betas)).swap(SwapRule.DEO)
                .rounds(4000).stepsPerRound(10).burnInRounds(500).thin(5).proposalScale(1.0)
                .adapt(AdaptationMode.SCALE).build();
        RunResult r = SequentialEngine.run(s, target, ProgressListener.NONE);
        LogEvidence e = evidence(s, r.chains());
        LogEvidence.Estimate ss = e.steppingStone();
        String report = String.format("SS %.4f ± %.4f, TI %.4f ± %.4f, exact %.4f", ss.estimate(),
                ss.standardError(), e.thermodynamicIntegration().estimate(),
                e.thermodynamicIntegration().standardError(), exact);
        assertEquals(exact, ss.estimate(), 4 * ss.standardError(), report);
        assertTrue(ss.standardError() > 1e-4 && ss.standardError() < 0.05, report);
    }

    static double normalDensity(double x, double mean, double sd) {
        double z = (x - mean) / sd;
        return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
    }

    @Test
    void sameSettingsGiveIdenticalEvidence() {
        SamplerSettings s = SamplerSettings.builder().seed(9).chains(3).ladder(ladder(6)).swap(SwapRule.SEO)
                .rounds(300).stepsPerRound(5).burnInRounds(100).thin(1).proposalScale(1.0)
                .adapt(AdaptationMode.COVARIANCE).build();
        RunResult first = SequentialEngine.run(s, SamplerStatisticsTest.target(PATH_TARGET), ProgressListener.NONE);
        RunResult second = SequentialEngine.run(s, SamplerStatisticsTest.target(PATH_TARGET), ProgressListener.NONE);
        for (int c = 0; c < 3; c++) {
            ChainStatistics a = first.chains().get(c).statistics();
            ChainStatistics b = second.chains().get(c).statistics();
            assertArrayEquals(a.evidenceBatchRounds(), b.evidenceBatchRounds());
            assertArrayEquals(a.evidenceLogLikelihoodSums(), b.evidenceLogLikelihoodSums(), 0.0);
            assertArrayEquals(a.evidenceLogWeightMax(), b.evidenceLogWeightMax(), 0.0);
            assertArrayEquals(a.evidenceWeightSums(), b.evidenceWeightSums(), 0.0);
            assertEquals(200, Arrays.stream(a.evidenceBatchRounds()).sum(), "every sampling round, once");
        }
        LogEvidence e1 = evidence(s, first.chains());
        LogEvidence e2 = evidence(s, second.chains());
        assertEquals(e1.steppingStone(), e2.steppingStone());
        assertEquals(e1.thermodynamicIntegration(), e2.thermodynamicIntegration());
        assertArrayEquals(e1.meanLogLikelihood(), e2.meanLogLikelihood(), 0.0);
    }
}
