package replex.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;

import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.diagnostics.EffectiveSampleSize;
import replex.core.diagnostics.ParameterSummary;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;
import replex.targets.TargetFactory;

/**
 * Seeded statistical tests of the sampler on targets with known answers. Tolerances are 4 Monte
 * Carlo standard errors, the standard error taken from the run's own effective sample size.
 */
class SamplerStatisticsTest {

    static Target target(String hocon) {
        return TargetFactory.create(ConfigFactory.parseString(hocon), SamplerStatisticsTest.class.getClassLoader());
    }

    static double[][] column(RunResult r, int column) {
        double[][] draws = new double[r.chains().size()][];
        for (int c = 0; c < draws.length; c++) {
            draws[c] = r.chains().get(c).draws().column(column);
        }
        return draws;
    }

    @Test
    void gaussianMomentsAreRecovered() {
        double[] means = {1.0, -2.0, 50.0};
        double[] sds = {1.0, 0.5, 3.0};
        Target t = target("name = gaussian, means = [1, -2, 50], sds = [1, 0.5, 3]");
        SamplerSettings s = SamplerSettings.builder().seed(2026).chains(4).ladder(Ladder.geometric(4, 0.1))
                .swap(SwapRule.DEO).rounds(1500).stepsPerRound(10).burnInRounds(300).thin(1).proposalScale(1.0)
                .adapt(AdaptationMode.COVARIANCE).build();
        RunResult r = SequentialEngine.run(s, t, ProgressListener.NONE);
        for (int p = 0; p < 3; p++) {
            ParameterSummary summary = ParameterSummary.of(column(r, p));
            double ess = summary.essBulk();
            assertTrue(ess > 1000, "ESS " + ess);
            assertEquals(means[p], summary.mean(), 4 * sds[p] / Math.sqrt(ess), "mean of x[" + p + "]");
            // sd of a Gaussian's sample sd ≈ sd / sqrt(2 ESS).
            assertEquals(sds[p], summary.sd(), 4 * sds[p] / Math.sqrt(2 * ess), "sd of x[" + p + "]");
            assertTrue(summary.rHat() < 1.01, "R-hat " + summary.rHat());
        }
    }

    static final String MIXTURE = "name = gaussian-mixture, weights = [0.3, 0.7], means = [[-6, -6], [6, 6]], sd = 1";

    /**
     * Share of draws in the first mode (x[0] &lt; 0), per chain; also returns the pooled ESS of the
     * indicator in {@code essOut[0]} and, if {@code essOut} is longer, chain c's own in {@code essOut[1 + c]}.
     */
    static double[] modeShare(RunResult r, double[] essOut) {
        double[][] x = column(r, 0);
        double[][] indicator = new double[x.length][];
        double[] share = new double[x.length];
        for (int c = 0; c < x.length; c++) {
            indicator[c] = new double[x[c].length];
            int inFirst = 0;
            for (int i = 0; i < x[c].length; i++) {
                indicator[c][i] = x[c][i] < 0 ? 1.0 : 0.0;
                inFirst += (int) indicator[c][i];
            }
            share[c] = (double) inFirst / x[c].length;
        }
        essOut[0] = EffectiveSampleSize.bulkEss(indicator);
        for (int c = 0; c + 1 < essOut.length && c < x.length; c++) {
            essOut[1 + c] = EffectiveSampleSize.bulkEss(new double[][] {indicator[c]});
        }
        return share;
    }

    @Test
    void parallelTemperingFindsBothModesWithTheRightWeights() {
        SamplerSettings s = SamplerSettings.builder().seed(42).chains(4).ladder(Ladder.geometric(8, 0.01))
                .swap(SwapRule.DEO).rounds(2000).stepsPerRound(10).burnInRounds(500).thin(1).proposalScale(1.0)
                .adapt(AdaptationMode.SCALE).build();
        RunResult r = SequentialEngine.run(s, target(MIXTURE), ProgressListener.NONE);
        double[] ess = new double[1 + s.chains()];
        double[] share = modeShare(r, ess);
        double pooled = 0;
        for (double v : share) {
            pooled += v / share.length;
        }
        double se = Math.sqrt(0.3 * 0.7 / ess[0]);
        assertTrue(ess[0] > 200, "the indicator mixes: ESS " + ess[0]);
        assertEquals(0.3, pooled, 4 * se, "weight of the first mode");
        for (int c = 0; c < share.length; c++) {
            // each chain on its own: 4 Monte Carlo standard errors from the chain's own ESS
            assertEquals(0.3, share[c], 4 * Math.sqrt(0.3 * 0.7 / ess[1 + c]), "weight of the first mode in chain "
                    + c + " (indicator ESS " + ess[1 + c] + ")");
        }
        assertTrue(r.chains().get(0).statistics().roundTrips() > 10, "replicas travel the ladder");
    }

    @Test
    void singleLevelStaysInOneMode() {
        SamplerSettings s = SamplerSettings.builder().seed(42).chains(4).ladder(Ladder.geometric(1, 0.01))
                .swap(SwapRule.DEO).rounds(2000).stepsPerRound(10).burnInRounds(500).thin(1).proposalScale(1.0)
                .adapt(AdaptationMode.SCALE).build();
        RunResult r = SequentialEngine.run(s, target(MIXTURE), ProgressListener.NONE);
        double[] share = modeShare(r, new double[1]);
        for (double v : share) {
            // The modes are 17 sds apart: plain Metropolis never crosses.
            assertTrue(v == 0.0 || v == 1.0, "a single level is stuck in its starting mode: " + v);
        }
    }
}
