package replex.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;

import replex.core.Target;

/**
 * {@link Target#hasNormalisedPrior()} of the built-in targets, and for those that claim it a check
 * that exp(logPrior) integrates to 1: importance sampling from a proposal q somewhat wider than the
 * prior, with ∫ p = E_q[p/q]. A missing or wrong constant (a log 2 of a truncation, a log sd)
 * moves the integral by a factor far outside the Monte Carlo error.
 */
class NormalisedPriorTest {

    private static final int DRAWS = 100_000;
    private static final double LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    /** A proposal: draws x into {@code x} and returns log q(x). */
    private interface Proposal {
        double draw(SplittableRandom rng, double[] x);
    }

    private static Target target(String block) {
        return TargetFactory.create(ConfigFactory.parseString(block), null);
    }

    /** log N(x | m, s). */
    private static double logNormal(double x, double m, double s) {
        double z = (x - m) / s;
        return -LOG_SQRT_TWO_PI - Math.log(s) - 0.5 * z * z;
    }

    /** Draws |N(m, s)| and returns it; its log density is {@link #logFolded}. */
    private static double folded(SplittableRandom rng, double m, double s) {
        return Math.abs(m + s * rng.nextGaussian());
    }

    private static double logFolded(double x, double m, double s) {
        double a = logNormal(x, m, s);
        double b = logNormal(x, -m, s);
        double max = Math.max(a, b);
        return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
    }

    /** Draws LogNormal(m, s). */
    private static double logNormalDraw(SplittableRandom rng, double m, double s) {
        return Math.exp(m + s * rng.nextGaussian());
    }

    private static double logLogNormal(double x, double m, double s) {
        return logNormal(Math.log(x), m, s) - Math.log(x);
    }

    /** Asserts ∫ exp(logPrior) = 1 within 4 standard errors and 3%. */
    private static void assertIntegratesToOne(Target target, Proposal q, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[target.dimension()];
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < DRAWS; i++) {
            double logQ = q.draw(rng, x);
            double logP = target.logPrior(x);
            double w = logP == Double.NEGATIVE_INFINITY ? 0 : Math.exp(logP - logQ);
            sum += w;
            sumSquares += w * w;
        }
        double mean = sum / DRAWS;
        double se = Math.sqrt((sumSquares / DRAWS - mean * mean) / DRAWS);
        String what = target + ": integral of the prior " + mean + " +- " + se;
        assertTrue(Math.abs(mean - 1) < 4 * se + 1e-12 && Math.abs(mean - 1) < 0.03, what);
        assertTrue(se < 0.01, what);
    }

    @Test
    void flatAndConstantFreePriorsAreNotNormalised() {
        assertFalse(target("name = gaussian, means = [0, 1]").hasNormalisedPrior(), "flat prior");
        assertFalse(target("name = gaussian-mixture, weights = [1], means = [[0]]").hasNormalisedPrior());
        assertFalse(target("name = rosenbrock").hasNormalisedPrior());
        assertFalse(target("name = kidiq-kidscore_momiq").hasNormalisedPrior(), "flat regression coefficients");
        assertFalse(replex.core.TestTarget.flat(1).hasNormalisedPrior(), "the interface's default");
    }

    @Test
    void gaussianWithAPriorSdIsNormalised() {
        Target t = target("name = gaussian, means = [0, 1], prior-means = [1, -1], prior-sds = [2, 0.5]");
        assertTrue(t.hasNormalisedPrior());
        assertIntegratesToOne(t, (rng, x) -> {
            x[0] = 1 + 2.4 * rng.nextGaussian();
            x[1] = -1 + 0.6 * rng.nextGaussian();
            return logNormal(x[0], 1, 2.4) + logNormal(x[1], -1, 0.6);
        }, 1);
    }

    @Test
    void eightSchoolsIsNormalised() {
        Target t = target("name = eight_schools-eight_schools_noncentered");
        assertTrue(t.hasNormalisedPrior());
        assertIntegratesToOne(t, (rng, x) -> {
            double logQ = 0;
            for (int j = 0; j < 8; j++) {
                x[j] = 1.2 * rng.nextGaussian();
                logQ += logNormal(x[j], 0, 1.2);
            }
            x[8] = 6 * rng.nextGaussian();
            logQ += logNormal(x[8], 0, 6);
            // half-Cauchy(0, 6) by inversion
            x[9] = 6 * Math.tan(0.5 * Math.PI * rng.nextDouble());
            double u = x[9] / 6;
            return logQ + Math.log(2 / (Math.PI * 6 * (1 + u * u)));
        }, 2);
    }

    @Test
    void lotkaVolterraIsNormalised() {
        Target t = target("name = hudson_lynx_hare-lotka_volterra");
        assertTrue(t.hasNormalisedPrior());
        assertIntegratesToOne(t, (rng, x) -> {
            double logQ = 0;
            for (int i : new int[] {0, 2}) { // alpha, gamma: N(1, 0.5) truncated to > 0
                x[i] = folded(rng, 1, 0.6);
                logQ += logFolded(x[i], 1, 0.6);
            }
            for (int i : new int[] {1, 3}) { // beta, delta: N(0.05, 0.05) truncated to > 0
                x[i] = folded(rng, 0.05, 0.06);
                logQ += logFolded(x[i], 0.05, 0.06);
            }
            for (int k = 0; k < 2; k++) {
                x[4 + k] = logNormalDraw(rng, Math.log(10), 1.2); // z_init
                logQ += logLogNormal(x[4 + k], Math.log(10), 1.2);
                x[6 + k] = logNormalDraw(rng, -1, 1.2); // sigma
                logQ += logLogNormal(x[6 + k], -1, 1.2);
            }
            return logQ;
        }, 3);
    }

    @Test
    void lowDimGaussMixIsNormalisedOnTheOrderedMeans() {
        Target t = target("name = low_dim_gauss_mix-low_dim_gauss_mix");
        assertTrue(t.hasNormalisedPrior());
        assertIntegratesToOne(t, (rng, x) -> {
            double logQ = 0;
            for (int i = 0; i < 2; i++) { // mu: both orders drawn, half of them outside the support
                x[i] = 2.4 * rng.nextGaussian();
                logQ += logNormal(x[i], 0, 2.4);
            }
            for (int i = 2; i < 4; i++) { // sigma: half-normal
                x[i] = folded(rng, 0, 2.4);
                logQ += logFolded(x[i], 0, 2.4);
            }
            x[4] = rng.nextDouble(); // theta: U(0, 1), log q = 0
            return logQ;
        }, 4);
        assertEquals(Double.NEGATIVE_INFINITY, t.logPrior(new double[] {1, 0, 1, 1, 0.5}), "mu[1] > mu[2]");
    }
}
