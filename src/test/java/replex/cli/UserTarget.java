package replex.cli;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;

import replex.core.Target;

/** A user target for the {@code --classpath} tests: a normal N(mean, 1) in one dimension, flat prior. */
public final class UserTarget implements Target {

    private final double mean;

    /** @param block the job's target block; optional {@code mean}, default 0 */
    public UserTarget(Config block) {
        this.mean = block.hasPath("mean") ? block.getDouble("mean") : 0.0;
    }

    @Override
    public int dimension() {
        return 1;
    }

    @Override
    public List<String> parameterNames() {
        return List.of("mu");
    }

    @Override
    public double logPrior(double[] x) {
        return 0.0;
    }

    @Override
    public double logLikelihood(double[] x) {
        double z = x[0] - mean;
        return -0.5 * z * z;
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        return new double[] {mean + rng.nextDouble() - 0.5};
    }
}
