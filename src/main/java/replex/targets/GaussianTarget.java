package replex.targets;

import java.util.Arrays;

import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;

import replex.core.ConfigurationException;
import replex.core.Target;

/**
 * Built-in target {@value #NAME}: a d-dimensional normal with independent coordinates,
 * x_i ~ N(mean_i, sd_i), under a flat prior.
 *
 * <ul>
 *   <li>log p(x) = 0 (flat, improper);
 *   <li>log L(x) = Σ_i [−½ log(2π) − log sd_i − ½ ((x_i − mean_i)/sd_i)²], the normalised normal
 *       log-density.
 * </ul>
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

    /**
     * @param target the job's {@code target} block
     * @throws ConfigurationException if a setting is missing or invalid (the message names the
     *     key, e.g. {@code job.target.sds})
     */
    public GaussianTarget(Config target) {
        TargetSettings.allowOnly(target, NAME, "means", "sds", "sd");
        TargetSettings.atMostOneOf(target, "sd", "sds");
        this.means = TargetSettings.finiteList(target, "means");
        if (target.hasPath("sds")) {
            this.sds = TargetSettings.positiveList(target, "sds");
            if (sds.length != means.length) {
                throw new ConfigurationException(TargetSettings.key("sds"), "must have one element per mean ("
                        + means.length + "), got " + sds.length);
            }
        } else {
            this.sds = new double[means.length];
            Arrays.fill(sds, TargetSettings.positiveNumber(target, "sd", 1.0));
        }
        double constant = 0;
        for (double sd : sds) {
            constant -= HALF_LOG_TWO_PI + Math.log(sd);
        }
        this.logNormaliser = constant;
    }

    @Override
    public int dimension() {
        return means.length;
    }

    /** @return 0: the prior is flat */
    @Override
    public double logPrior(double[] x) {
        return 0.0;
    }

    @Override
    public double logLikelihood(double[] x) {
        double sumSquares = 0;
        for (int i = 0; i < means.length; i++) {
            double z = (x[i] - means[i]) / sds[i];
            sumSquares += z * z;
        }
        return logNormaliser - 0.5 * sumSquares;
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
        return NAME + "(d=" + means.length + ")";
    }
}
