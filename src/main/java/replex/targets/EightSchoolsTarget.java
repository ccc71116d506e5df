package replex.targets;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;

/**
 * Built-in target {@value #NAME}: posteriordb's {@code eight_schools-eight_schools_noncentered},
 * the hierarchical model of eight coaching programmes (Rubin 1981) in its non-centred
 * parameterisation, whose posterior is a funnel in (theta_trans, tau).
 *
 * <pre>
 *   theta_trans[j] ~ N(0, 1),  j = 1 … 8
 *   mu ~ N(0, 5);  tau ~ half-Cauchy(0, 5),  tau &gt; 0
 *   theta[j] = mu + tau·theta_trans[j]
 *   y[j] ~ N(theta[j], sigma[j])      (y, sigma: the data)
 * </pre>
 *
 * <p>Parameters, in this order, with Stan's names for the sampled parameters:
 * {@code theta_trans[1]} … {@code theta_trans[8]}, {@code mu}, {@code tau} (d = 10), on the
 * constrained scale. posteriordb's reference lists the derived theta[1..8], mu and tau instead:
 * map a draw with {@link #referenceQuantities(double[])}.
 *
 * <ul>
 *   <li>log p(x) = Σ_j log N(theta_trans[j] | 0, 1) + log N(mu | 0, 5)
 *       + log(2 / (π·5·(1 + (tau/5)²))), all normalised; −∞ if tau ≤ 0;
 *   <li>log L(x) = Σ_j log N(y[j] | mu + tau·theta_trans[j], sigma[j]), normalised; −∞ if
 *       tau ≤ 0.
 * </ul>
 *
 * <p>All logs are natural logs. {@link #initialState} follows Stan: theta_trans[j] and mu from
 * U(−2, 2), tau = exp(U(−2, 2)).
 *
 * <p>Settings: none besides {@code name}. The data set is the class path resource
 * {@code replex/targets/eight_schools-eight_schools_noncentered/data.json}, read once per
 * instance.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @see <a href="https://github.com/stan-dev/posteriordb">posteriordb</a>
 */
public final class EightSchoolsTarget extends PosteriorDbTarget {

    /** The name of this target in a job file (posteriordb's posterior name). */
    public static final String NAME = "eight_schools-eight_schools_noncentered";

    private static final int SCHOOLS = 8;
    private static final int MU = SCHOOLS;
    private static final int TAU = SCHOOLS + 1;
    private static final List<String> NAMES = List.of("theta_trans[1]", "theta_trans[2]", "theta_trans[3]",
            "theta_trans[4]", "theta_trans[5]", "theta_trans[6]", "theta_trans[7]", "theta_trans[8]", "mu", "tau");
    private static final List<String> REFERENCE_NAMES = List.of("theta[1]", "theta[2]", "theta[3]", "theta[4]",
            "theta[5]", "theta[6]", "theta[7]", "theta[8]", "mu", "tau");
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private static final double MU_SD = 5.0;
    private static final double TAU_SCALE = 5.0;
    /** The constant part of the prior: 9 normal normalisers and the half-Cauchy's log(2/(π·5)). */
    private static final double LOG_PRIOR_CONSTANT = -(SCHOOLS + 1) * HALF_LOG_TWO_PI - Math.log(MU_SD)
            + Math.log(2.0 / (Math.PI * TAU_SCALE));

    private final double[] y;
    /** 1 / sigma[j]. */
    private final double[] precisions;
    /** −8·½ log(2π) − Σ_j log sigma[j]. */
    private final double logLikelihoodConstant;

    /** A target with the built-in data set. */
    public EightSchoolsTarget() {
        this(ConfigFactory.empty());
    }

    /**
     * @param target the job's {@code target} block; only {@code name} is allowed
     * @throws ConfigurationException if the block holds another setting
     */
    public EightSchoolsTarget(Config target) {
        // every term of log p (8 standard normals, N(0, 5), half-Cauchy(0, 5)) is normalised, so the
        // prior integrates to 1
        super(NAME, NAMES, true);
        TargetSettings.allowOnly(target, NAME);
        PosteriorData data = PosteriorData.load(NAME);
        int j = data.integer("J");
        if (j != SCHOOLS) {
            throw new IllegalStateException("data of posterior " + NAME + ": J must be 8, got " + j);
        }
        this.y = data.numbers("y", SCHOOLS);
        double[] sigma = data.numbers("sigma", SCHOOLS);
        this.precisions = new double[SCHOOLS];
        double constant = -SCHOOLS * HALF_LOG_TWO_PI;
        for (int i = 0; i < SCHOOLS; i++) {
            if (!(sigma[i] > 0)) {
                throw new IllegalStateException("data of posterior " + NAME + ": sigma must be > 0");
            }
            precisions[i] = 1.0 / sigma[i];
            constant -= Math.log(sigma[i]);
        }
        this.logLikelihoodConstant = constant;
    }

    /**
     * Maps a draw of the sampled parameters to the quantities that posteriordb's reference lists:
     * theta[j] = mu + tau·theta_trans[j] for j = 1 … 8, then mu and tau.
     *
     * @param sampled a draw in the order of {@link #parameterNames()} (length 10); not modified
     * @return a new array of length 10 in the order of {@link #referenceQuantityNames()}
     * @throws IllegalArgumentException if {@code sampled} does not have length 10
     */
    public static double[] referenceQuantities(double[] sampled) {
        if (sampled.length != SCHOOLS + 2) {
            throw new IllegalArgumentException("expected " + (SCHOOLS + 2) + " values, got " + sampled.length);
        }
        double[] result = new double[SCHOOLS + 2];
        double mu = sampled[MU];
        double tau = sampled[TAU];
        for (int j = 0; j < SCHOOLS; j++) {
            result[j] = mu + tau * sampled[j];
        }
        result[MU] = mu;
        result[TAU] = tau;
        return result;
    }

    /**
     * @return the names of {@link #referenceQuantities(double[])}: {@code theta[1]} …
     *     {@code theta[8]}, {@code mu}, {@code tau}, as in posteriordb's reference
     */
    public static List<String> referenceQuantityNames() {
        return REFERENCE_NAMES;
    }

    @Override
    public double logPrior(double[] x) {
        double tau = x[TAU];
        if (!(tau > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        double squares = 0;
        for (int j = 0; j < SCHOOLS; j++) {
            squares += x[j] * x[j];
        }
        double z = x[MU] / MU_SD;
        double u = tau / TAU_SCALE;
        return LOG_PRIOR_CONSTANT - 0.5 * (squares + z * z) - Math.log1p(u * u);
    }

    @Override
    public double logLikelihood(double[] x) {
        double tau = x[TAU];
        if (!(tau > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        double mu = x[MU];
        double squares = 0;
        for (int j = 0; j < SCHOOLS; j++) {
            double z = (y[j] - mu - tau * x[j]) * precisions[j];
            squares += z * z;
        }
        return logLikelihoodConstant - 0.5 * squares;
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        double[] x = new double[SCHOOLS + 2];
        for (int i = 0; i <= MU; i++) {
            x[i] = Uniforms.symmetric(rng);
        }
        x[TAU] = Math.exp(Uniforms.symmetric(rng));
        return x;
    }
}
