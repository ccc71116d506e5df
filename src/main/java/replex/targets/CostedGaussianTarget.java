package replex.targets;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;

import replex.core.Target;

/**
 * The standard normal N(0, I) of the cost targets ({@link CpuBurnTarget}, {@link SleepTarget}):
 * flat prior, log L(x) = Σ_i [−½ log(2π) − ½ x_i²] exactly as {@code gaussian} with zero means,
 * initial states from U(−2, 2); each log L evaluation then pays {@link #cost(double[])}. The cost
 * never changes the value, so draws do not depend on it. Immutable and thread-safe if the cost is.
 */
abstract class CostedGaussianTarget implements Target {

    private final GaussianTarget gaussian;

    /** @param dimension d ≥ 1 */
    CostedGaussianTarget(int dimension) {
        this.gaussian = GaussianTarget.standard(dimension);
    }

    /**
     * Checks that the block has only {@code dimension} and the cost key, and reads the dimension.
     *
     * @return {@code dimension}, an integer ≥ 1 (default 3)
     * @throws replex.core.ConfigurationException naming the key that is unknown or invalid
     */
    static int dimension(com.typesafe.config.Config target, String name, String costKey) {
        TargetSettings.allowOnly(target, name, "dimension", costKey);
        return TargetSettings.integerAtLeast(target, "dimension", 3, 1);
    }

    /** What one log L evaluation costs (work or waiting), after the value is computed. */
    abstract void cost(double[] x);

    @Override
    public final int dimension() {
        return gaussian.dimension();
    }

    @Override
    public final List<String> parameterNames() {
        return gaussian.parameterNames();
    }

    /** @return 0: the prior is flat */
    @Override
    public final double logPrior(double[] x) {
        return gaussian.logPrior(x);
    }

    /** @return the standard normal log-density, after the evaluation's cost */
    @Override
    public final double logLikelihood(double[] x) {
        double value = gaussian.logLikelihood(x);
        cost(x);
        return value;
    }

    /** @return false: the prior is flat */
    @Override
    public final boolean hasNormalisedPrior() {
        return false;
    }

    @Override
    public final double[] initialState(UniformRandomProvider rng) {
        return gaussian.initialState(rng);
    }
}
