package replex.targets;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import replex.core.CentredSums;
import replex.core.ConfigurationException;

/**
 * Built-in target {@value #NAME}: posteriordb's {@code kidiq-kidscore_momiq}, a linear
 * regression of 434 children's test scores on their mothers' IQ (Gelman &amp; Hill 2007).
 *
 * <pre>
 *   kid_score[n] ~ N(beta[1] + beta[2]·mom_iq[n], sigma),  n = 1 … 434
 *   beta[1], beta[2] flat;  sigma ~ half-Cauchy(0, 2.5),  sigma &gt; 0
 * </pre>
 *
 * <p>Parameters, in this order, with Stan's names: {@code beta[1]}, {@code beta[2]},
 * {@code sigma} (d = 3), on the constrained scale.
 *
 * <ul>
 *   <li>log p(x) = log(2 / (π·2.5·(1 + (sigma/2.5)²))), the normalised half-Cauchy (the flat
 *       betas add 0); −∞ if sigma ≤ 0;
 *   <li>log L(x) = Σ_n log N(kid_score[n] | beta[1] + beta[2]·mom_iq[n], sigma), the full
 *       normalised normal log-density; −∞ if sigma ≤ 0.
 * </ul>
 *
 * <p>The prior is improper (the betas are flat), so {@link #hasNormalisedPrior()} is false: log Z
 * on a ladder ending at β = 0 is not the model evidence.
 *
 * <p>All logs are natural logs. The likelihood is evaluated in O(1) from centred sufficient
 * statistics of the data (Σ r² = SSR_min + Sxx·(beta[2] − b̂)² + N·(ȳ − beta[1] − beta[2]·x̄)²),
 * which is exact up to rounding and free of cancellation.
 *
 * <p>{@link #initialState} follows Stan: beta[k] ~ U(−2, 2) and sigma = exp(U(−2, 2)).
 *
 * <p>Settings: none besides {@code name}. The data set is the class path resource
 * {@code replex/targets/kidiq-kidscore_momiq/data.json}, read once per instance.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @see <a href="https://github.com/stan-dev/posteriordb">posteriordb</a>
 */
public final class KidiqTarget extends PosteriorDbTarget {

    /** The name of this target in a job file (posteriordb's posterior name). */
    public static final String NAME = "kidiq-kidscore_momiq";

    private static final List<String> NAMES = List.of("beta[1]", "beta[2]", "sigma");
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private static final double CAUCHY_SCALE = 2.5;
    private static final double LOG_HALF_CAUCHY_CONSTANT = Math.log(2.0 / (Math.PI * CAUCHY_SCALE));

    private final int n;
    private final double meanIq;
    private final double meanScore;
    /** Σ (mom_iq − x̄)². */
    private final double sxx;
    /** Least-squares slope Sxy / Sxx. */
    private final double slope;
    /** Least-squares residual sum of squares, Syy − Sxy² / Sxx. */
    private final double minimumSquares;

    /** A target with the built-in data set. */
    public KidiqTarget() {
        this(ConfigFactory.empty());
    }

    /**
     * @param target the job's {@code target} block; only {@code name} is allowed
     * @throws ConfigurationException if the block holds another setting
     */
    public KidiqTarget(Config target) {
        // the prior is improper (the betas are flat)
        super(NAME, NAMES, false);
        TargetSettings.allowOnly(target, NAME);
        PosteriorData data = PosteriorData.load(NAME);
        this.n = data.integer("N");
        double[] score = data.numbers("kid_score", n);
        double[] iq = data.numbers("mom_iq", n);
        CentredSums sums = CentredSums.of(iq, score);
        this.meanIq = sums.meanX();
        this.meanScore = sums.meanY();
        this.sxx = sums.sxx();
        this.slope = sums.sxy() / sums.sxx();
        this.minimumSquares = Math.max(0.0, sums.syy() - sums.sxy() * slope);
    }

    @Override
    public double logPrior(double[] x) {
        double sigma = x[2];
        if (!(sigma > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        double u = sigma / CAUCHY_SCALE;
        return LOG_HALF_CAUCHY_CONSTANT - Math.log1p(u * u);
    }

    @Override
    public double logLikelihood(double[] x) {
        double sigma = x[2];
        if (!(sigma > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        double slopeOffset = x[1] - slope;
        double level = meanScore - x[0] - x[1] * meanIq;
        double squares = minimumSquares + sxx * slopeOffset * slopeOffset + n * level * level;
        return -n * (HALF_LOG_TWO_PI + Math.log(sigma)) - 0.5 * squares / (sigma * sigma);
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        double[] x = new double[3];
        x[0] = Uniforms.symmetric(rng);
        x[1] = Uniforms.symmetric(rng);
        x[2] = Math.exp(Uniforms.symmetric(rng));
        return x;
    }
}
