package replex.targets;

import java.util.Arrays;

import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;

import replex.core.ConfigurationException;

/**
 * Built-in target {@value #NAME}: a mixture of K isotropic normals in d dimensions under a flat
 * prior, the classic multimodal test of parallel tempering.
 *
 * <ul>
 *   <li>log p(x) = 0 (flat, improper);
 *   <li>log L(x) = log Σ_k w_k N(x | m_k, sd_k² I), with the normalised normal density, computed
 *       by a one-pass log-sum-exp so that it stays accurate (no underflow to −∞) far from every
 *       mode.
 * </ul>
 *
 * <p>All logs are natural logs. Parameters are named {@code x[0]} … {@code x[d-1]}.
 *
 * <p>Settings (the job's {@code target} block):
 *
 * <ul>
 *   <li>{@code weights} — required, K numbers &gt; 0. They are normalised to sum to 1 (so
 *       {@code [1, 1, 2]} means ¼, ¼, ½);
 *   <li>{@code means} — required, K lists of d finite numbers (component × dimension);
 *   <li>{@code sds} — K numbers &gt; 0, one standard deviation per component; or
 *   <li>{@code sd} — one number &gt; 0 shared by all components (default 1). At most one of
 *       {@code sd} and {@code sds}.
 * </ul>
 *
 * <p>{@link #initialState} draws each coordinate i uniformly in
 * [min_k m_ki − 3·max_k sd_k, max_k m_ki + 3·max_k sd_k], a box covering every mode.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class GaussianMixtureTarget extends FlatPriorTarget {

    /** The name of this target in a job file. */
    public static final String NAME = "gaussian-mixture";

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final int components;
    private final int dimension;
    /** Component means, row-major: means[k * dimension + i]. */
    private final double[] means;
    /** 1 / (2 sd_k²). */
    private final double[] halfPrecisions;
    /** log w_k − d·(½ log 2π + log sd_k). */
    private final double[] logConstants;
    private final double[] boxLower;
    private final double[] boxWidth;

    /**
     * @param target the job's {@code target} block
     * @throws ConfigurationException if a setting is missing or invalid (the message names the
     *     key, e.g. {@code job.target.weights})
     */
    public GaussianMixtureTarget(Config target) {
        TargetSettings.allowOnly(target, NAME, "weights", "means", "sds", "sd");
        TargetSettings.atMostOneOf(target, "sd", "sds");
        double[] weights = TargetSettings.positiveList(target, "weights");
        double[][] meanRows = TargetSettings.finiteMatrix(target, "means");
        this.components = weights.length;
        if (meanRows.length != components) {
            throw new ConfigurationException(TargetSettings.key("means"), "must have one row per weight ("
                    + components + " rows of d numbers), got " + meanRows.length + " rows");
        }
        this.dimension = meanRows[0].length;
        double[] sds;
        if (target.hasPath("sds")) {
            sds = TargetSettings.positiveList(target, "sds");
            if (sds.length != components) {
                throw new ConfigurationException(TargetSettings.key("sds"), "must have one element per weight ("
                        + components + "), got " + sds.length);
            }
        } else {
            sds = new double[components];
            Arrays.fill(sds, TargetSettings.positiveNumber(target, "sd", 1.0));
        }

        double totalWeight = 0;
        for (double w : weights) {
            totalWeight += w;
        }
        this.means = new double[components * dimension];
        this.halfPrecisions = new double[components];
        this.logConstants = new double[components];
        double maxSd = 0;
        for (int k = 0; k < components; k++) {
            System.arraycopy(meanRows[k], 0, means, k * dimension, dimension);
            halfPrecisions[k] = 0.5 / (sds[k] * sds[k]);
            logConstants[k] = Math.log(weights[k] / totalWeight) - dimension * (HALF_LOG_TWO_PI + Math.log(sds[k]));
            maxSd = Math.max(maxSd, sds[k]);
        }
        this.boxLower = new double[dimension];
        this.boxWidth = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] row : meanRows) {
                lo = Math.min(lo, row[i]);
                hi = Math.max(hi, row[i]);
            }
            boxLower[i] = lo - 3 * maxSd;
            boxWidth[i] = (hi + 3 * maxSd) - boxLower[i];
        }
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public double logLikelihood(double[] x) {
        // streaming log-sum-exp: max is the largest term so far, sum = Σ exp(term − max)
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int k = 0; k < components; k++) {
            int offset = k * dimension;
            double squares = 0;
            for (int i = 0; i < dimension; i++) {
                double r = x[i] - means[offset + i];
                squares += r * r;
            }
            double term = logConstants[k] - halfPrecisions[k] * squares;
            if (term <= max) {
                sum += Math.exp(term - max);
            } else {
                sum = sum * Math.exp(max - term) + 1.0;
                max = term;
            }
        }
        return max + Math.log(sum);
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        double[] x = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            x[i] = boxLower[i] + boxWidth[i] * rng.nextDouble();
        }
        return x;
    }

    @Override
    public String toString() {
        return NAME + "(K=" + components + ", d=" + dimension + ")";
    }
}
