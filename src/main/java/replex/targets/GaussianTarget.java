package replex.targets;

import java.util.Arrays;

import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;

import replex.core.ConfigurationException;
import replex.core.Target;

/**
 * Built-in target {@value #NAME}: a d-dimensional normal likelihood with independent coordinates,
 * N(x_i; mean_i, sd_i), under a flat prior or, optionally, a proper normal prior.
 *
 * <ul>
 *   <li>log p(x) = 0 (flat, improper) by default; with a prior (any of {@code prior-sd},
 *       {@code prior-sds}), log p(x) = Σ_i [−½ log(2π) − log s0_i − ½ ((x_i − m0_i)/s0_i)²], the
 *       normalised N(m0_i, s0_i²) log-density;
 *   <li>log L(x) = Σ_i [−½ log(2π) − log sd_i − ½ ((x_i − mean_i)/sd_i)²], the normalised normal
 *       log-density.
 * </ul>
 *
 * <p>With the prior, the evidence is known exactly: a normal prior times a normal likelihood
 * integrates coordinate by coordinate to
 *
 * <pre>
 *   Z = ∫ p(x)·L(x) dx = Π_i N(m0_i; mean_i, s0_i² + sd_i²),
 *   log Z = Σ_i [−½ log(2π(s0_i² + sd_i²)) − ½ (m0_i − mean_i)² / (s0_i² + sd_i²)]
 * </pre>
 *
 * <p>(the density of the difference of two independent normals at 0; see {@link #logEvidence()}),
 * and the posterior is N((mean_i·s0_i² + m0_i·sd_i²)/(s0_i² + sd_i²), s0_i²·sd_i²/(s0_i² + sd_i²)).
 * This makes it the test case for the evidence estimators: put β = 0 at the end of
 * {@code temperatures.betas}.
 *
 * <p>All logs are natural logs. Parameters are named {@code x[0]} … {@code x[d-1]} (0-based,
 * like {@link Target#parameterNames()}).
 *
 * <p>Settings (the job's {@code target} block):
 *
 * <ul>
 *   <li>{@code means} — required, a non-empty list of finite numbers; its length is d;
 *   <li>{@code sds} — a list of d numbers, each &gt; 0; or
 *   <li>{@code sd} — one number &gt; 0 used for every coordinate (default 1). At most one of
 *       {@code sd} and {@code sds}.
 *   <li>{@code prior-sds} — a list of d numbers, each &gt; 0: the prior sd s0_i; or
 *   <li>{@code prior-sd} — one number &gt; 0 for every coordinate. At most one of the two; without
 *       either the prior is flat.
 *   <li>{@code prior-means} — a list of d finite numbers, the prior means m0_i (default 0); only
 *       with {@code prior-sd} or {@code prior-sds}.
 * </ul>
 *
 * <p>{@link #initialState} draws x_i = mean_i + sd_i·U(−2, 2).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class GaussianTarget implements Target {

    /** The name of this target in a job file. */
    public static final String NAME = "gaussian";

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final double[] means;
    private final double[] sds;
    private final double logNormaliser;
    /** Prior means and sds; {@code null} for the flat prior. */
    private final double[] priorMeans;
    private final double[] priorSds;
    private final double priorLogNormaliser;

    /**
     * @param target the job's {@code target} block
     * @throws ConfigurationException if a setting is missing or invalid (the message names the
     *     key, e.g. {@code job.target.sds})
     */
    public GaussianTarget(Config target) {
        TargetSettings.allowOnly(target, NAME, "means", "sds", "sd", "prior-means", "prior-sds", "prior-sd");
        TargetSettings.atMostOneOf(target, "sd", "sds");
        TargetSettings.atMostOneOf(target, "prior-sd", "prior-sds");
        this.means = TargetSettings.finiteList(target, "means");
        this.sds = sds(target, "sd", "sds", means.length);
        this.logNormaliser = logNormaliser(sds);
        if (target.hasPath("prior-sd") || target.hasPath("prior-sds")) {
            this.priorSds = sds(target, "prior-sd", "prior-sds", means.length);
            this.priorMeans = target.hasPath("prior-means")
                    ? perCoordinate(target, "prior-means", TargetSettings.finiteList(target, "prior-means"),
                            means.length)
                    : new double[means.length];
            this.priorLogNormaliser = logNormaliser(priorSds);
        } else {
            if (target.hasPath("prior-means")) {
                throw new ConfigurationException(TargetSettings.key("prior-means"),
                        "needs 'prior-sd' or 'prior-sds' (the prior's scale); without them the prior is flat");
            }
            this.priorSds = null;
            this.priorMeans = null;
            this.priorLogNormaliser = 0;
        }
    }

    /**
     * The standard normal N(0, I) in d dimensions under the flat prior: the same target as
     * {@code target { name = gaussian, means = [0, …, 0] }}, used by the cost targets.
     *
     * @param dimension d, at least 1
     * @return the target
     * @throws IllegalArgumentException if {@code dimension < 1}
     */
    static GaussianTarget standard(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        return new GaussianTarget(com.typesafe.config.ConfigFactory.parseMap(
                java.util.Map.of("means", java.util.Collections.nCopies(dimension, 0))));
    }

    /** Reads one sd for every coordinate ({@code one}, default 1) or a list of them ({@code list}). */
    private static double[] sds(Config target, String one, String list, int dimension) {
        if (target.hasPath(list)) {
            return perCoordinate(target, list, TargetSettings.positiveList(target, list), dimension);
        }
        double[] values = new double[dimension];
        Arrays.fill(values, TargetSettings.positiveNumber(target, one, 1.0));
        return values;
    }

    private static double[] perCoordinate(Config target, String field, double[] values, int dimension) {
        if (values.length != dimension) {
            throw new ConfigurationException(TargetSettings.key(field), "must have one element per mean ("
                    + dimension + "), got " + values.length);
        }
        return values;
    }

    private static double logNormaliser(double[] sds) {
        double constant = 0;
        for (double sd : sds) {
            constant -= HALF_LOG_TWO_PI + Math.log(sd);
        }
        return constant;
    }

    /** @return whether the prior is a proper (normalised) normal rather than flat */
    public boolean hasProperPrior() {
        return priorSds != null;
    }

    /**
     * @return true with {@code prior-sd} or {@code prior-sds}: the normal prior's log-density
     *     includes its normalising constant; false for the flat (improper) prior
     */
    @Override
    public boolean hasNormalisedPrior() {
        return priorSds != null;
    }

    /**
     * The exact log evidence with the normal prior: log Z = Σ_i log N(m0_i; mean_i, s0_i² + sd_i²).
     *
     * @return log Z (natural log); NaN with the flat prior, whose evidence is not defined
     */
    public double logEvidence() {
        if (priorSds == null) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < means.length; i++) {
            double variance = priorSds[i] * priorSds[i] + sds[i] * sds[i];
            double difference = priorMeans[i] - means[i];
            sum -= 0.5 * Math.log(2 * Math.PI * variance) + 0.5 * difference * difference / variance;
        }
        return sum;
    }

    @Override
    public int dimension() {
        return means.length;
    }

    /** @return 0 for the flat prior, else the normalised normal log-density of the prior */
    @Override
    public double logPrior(double[] x) {
        if (priorSds == null) {
            return 0.0;
        }
        return priorLogNormaliser - 0.5 * sumOfSquares(x, priorMeans, priorSds);
    }

    @Override
    public double logLikelihood(double[] x) {
        return logNormaliser - 0.5 * sumOfSquares(x, means, sds);
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        double[] x = new double[means.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = means[i] + sds[i] * Uniforms.symmetric(rng);
        }
        return x;
    }

    @Override
    public String toString() {
        return NAME + "(d=" + means.length + (priorSds == null ? "" : ", normal prior") + ")";
    }

    /** @return Σ ((x_i − mean_i) / sd_i)² over the means */
    private static double sumOfSquares(double[] x, double[] means, double[] sds) {
        double sum = 0;
        for (int i = 0; i < means.length; i++) {
            double z = (x[i] - means[i]) / sds[i];
            sum += z * z;
        }
        return sum;
    }
}
