package replex.targets;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;

/**
 * Built-in target {@value #NAME}: posteriordb's {@code low_dim_gauss_mix-low_dim_gauss_mix}, a
 * two-component normal mixture fitted to 1000 points, with ordered means to remove label
 * switching.
 *
 * <pre>
 *   y[n] ~ theta·N(mu[1], sigma[1]) + (1 − theta)·N(mu[2], sigma[2]),  n = 1 … 1000
 *   mu[k] ~ N(0, 2) with mu[1] &lt; mu[2];  sigma[k] ~ half-N(0, 2);  theta ~ Beta(5, 5)
 * </pre>
 *
 * <p>Parameters, in this order, with Stan's names: {@code mu[1]}, {@code mu[2]},
 * {@code sigma[1]}, {@code sigma[2]}, {@code theta} (d = 5), on the constrained scale.
 *
 * <ul>
 *   <li>log p(x) = log 2 + Σ_k log N(mu[k] | 0, 2) + Σ_k log(2·N(sigma[k] | 0, 2))
 *       + log Beta(theta | 5, 5). Every term is normalised; the log 2 renormalises the pair of
 *       normals to the ordered region mu[1] &lt; mu[2] (half of the plane), as "half-" does for
 *       the sigmas, so that the prior integrates to 1. −∞ outside the support: mu[1] ≥ mu[2],
 *       sigma[k] ≤ 0, theta ∉ (0, 1);
 *   <li>log L(x) = Σ_n log(theta·N(y[n] | mu[1], sigma[1]) + (1 − theta)·N(y[n] | mu[2],
 *       sigma[2])), normalised, each term by log-sum-exp; −∞ outside the support.
 * </ul>
 *
 * <p>All logs are natural logs. {@link #initialState} follows Stan: mu[1] = U(−2, 2),
 * mu[2] = mu[1] + exp(U(−2, 2)), sigma[k] = exp(U(−2, 2)), theta = logistic(U(−2, 2)).
 *
 * <p>Settings: none besides {@code name}. The data set is the class path resource
 * {@code replex/targets/low_dim_gauss_mix-low_dim_gauss_mix/data.json}, read once per instance.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @see <a href="https://github.com/stan-dev/posteriordb">posteriordb</a>
 */
public final class LowDimGaussMixTarget extends PosteriorDbTarget {

    /** The name of this target in a job file (posteriordb's posterior name). */
    public static final String NAME = "low_dim_gauss_mix-low_dim_gauss_mix";

    private static final List<String> NAMES = List.of("mu[1]", "mu[2]", "sigma[1]", "sigma[2]", "theta");
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private static final double LOG_TWO = Math.log(2.0);
    private static final double PRIOR_SD = 2.0;
    /** log 2 (ordering) + 4 normal normalisers + 2·log 2 (half-normals) + log(1/B(5, 5)) = log 630. */
    private static final double LOG_PRIOR_CONSTANT = 3 * LOG_TWO - 4 * (HALF_LOG_TWO_PI + Math.log(PRIOR_SD))
            + Math.log(630.0);

    /** Points per product of log-sum-exp factors; 2^BLOCK must not overflow. */
    private static final int BLOCK = 256;

    private final double[] y;

    /** A target with the built-in data set. */
    public LowDimGaussMixTarget() {
        this(ConfigFactory.empty());
    }

    /**
     * @param target the job's {@code target} block; only {@code name} is allowed
     * @throws ConfigurationException if the block holds another setting
     */
    public LowDimGaussMixTarget(Config target) {
        // every term of log p is normalised, with log 2 for the ordering mu[1] < mu[2], so the prior
        // integrates to 1
        super(NAME, NAMES, true);
        TargetSettings.allowOnly(target, NAME);
        PosteriorData data = PosteriorData.load(NAME);
        this.y = data.numbers("y", data.integer("N"));
    }

    @Override
    public double logPrior(double[] x) {
        if (!inSupport(x)) {
            return Double.NEGATIVE_INFINITY;
        }
        double squares = 0;
        for (int i = 0; i < 4; i++) {
            double z = x[i] / PRIOR_SD;
            squares += z * z;
        }
        double theta = x[4];
        return LOG_PRIOR_CONSTANT - 0.5 * squares + 4 * (Math.log(theta) + Math.log1p(-theta));
    }

    @Override
    public double logLikelihood(double[] x) {
        if (!inSupport(x)) {
            return Double.NEGATIVE_INFINITY;
        }
        double mu1 = x[0];
        double mu2 = x[1];
        double sigma1 = x[2];
        double sigma2 = x[3];
        double theta = x[4];
        double c1 = Math.log(theta) - Math.log(sigma1);
        double c2 = Math.log1p(-theta) - Math.log(sigma2);
        double h1 = 0.5 / (sigma1 * sigma1);
        double h2 = 0.5 / (sigma2 * sigma2);
        // Σ_n log(e^a + e^b) = Σ_n max(a, b) + log Π_n (1 + e^−|a−b|). Each factor lies in
        // [1, 2], so a block of BLOCK factors cannot overflow: one log per block, not per point.
        double sumMax = 0;
        double sumLog = 0;
        int n = y.length;
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            double product = 1.0;
            for (int i = start; i < end; i++) {
                double r1 = y[i] - mu1;
                double r2 = y[i] - mu2;
                double a = c1 - h1 * r1 * r1;
                double b = c2 - h2 * r2 * r2;
                sumMax += Math.max(a, b);
                product *= 1.0 + Math.exp(-Math.abs(a - b));
            }
            sumLog += Math.log(product);
        }
        return sumMax + sumLog - n * HALF_LOG_TWO_PI;
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        double[] x = new double[5];
        x[0] = Uniforms.symmetric(rng);
        x[1] = x[0] + Math.exp(Uniforms.symmetric(rng));
        x[2] = Math.exp(Uniforms.symmetric(rng));
        x[3] = Math.exp(Uniforms.symmetric(rng));
        x[4] = Uniforms.logistic(Uniforms.symmetric(rng));
        return x;
    }

    private static boolean inSupport(double[] x) {
        return x[0] < x[1] && x[2] > 0 && x[3] > 0 && x[4] > 0 && x[4] < 1;
    }
}
