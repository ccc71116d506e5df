package replex.cli;

import org.apache.commons.rng.UniformRandomProvider;

import replex.core.Target;

/** A target with a bug that is not bad input: its initial state throws an Error. */
public final class BrokenTarget implements Target {

    @Override
    public int dimension() {
        return 1;
    }

    @Override
    public double logPrior(double[] x) {
        return 0.0;
    }

    @Override
    public double logLikelihood(double[] x) {
        return 0.0;
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        throw new AssertionError("internal bug in BrokenTarget");
    }
}
