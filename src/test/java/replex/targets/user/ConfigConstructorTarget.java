package replex.targets.user;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;

import replex.core.Target;

/** A user target with a (Config) constructor: N(center, 1) in one dimension, center from the block. */
public final class ConfigConstructorTarget implements Target {

    private final double center;

    public ConfigConstructorTarget(Config target) {
        this.center = target.hasPath("center") ? target.getDouble("center") : 0.0;
    }

    /** Never used: the (Config) constructor wins. */
    public ConfigConstructorTarget() {
        this.center = Double.NaN;
    }

    public double center() {
        return center;
    }

    @Override
    public int dimension() {
        return 1;
    }

    @Override
    public List<String> parameterNames() {
        return List.of("position");
    }

    @Override
    public double logPrior(double[] x) {
        return 0;
    }

    @Override
    public double logLikelihood(double[] x) {
        double r = x[0] - center;
        return -0.5 * r * r;
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        return new double[] {center + rng.nextDouble()};
    }
}
