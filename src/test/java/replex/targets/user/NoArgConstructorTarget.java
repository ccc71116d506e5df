package replex.targets.user;

import org.apache.commons.rng.UniformRandomProvider;

import replex.core.Target;

/** A user target with only a no-argument constructor and the default parameter names. */
public final class NoArgConstructorTarget implements Target {

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public double logPrior(double[] x) {
        return 0;
    }

    @Override
    public double logLikelihood(double[] x) {
        return -0.5 * (x[0] * x[0] + x[1] * x[1]);
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        return new double[] {rng.nextDouble(), rng.nextDouble()};
    }
}
