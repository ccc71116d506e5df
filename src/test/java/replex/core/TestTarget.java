package replex.core;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * The test targets' common part: in {@code dimension} dimensions, a flat prior (log prior 0) and a
 * standard-normal log likelihood −½·Σ xᵢ² (or, {@link #flat}, a log likelihood of 0 too), starting at
 * the origin. A test target extends it and overrides only what its test is about; a user class loaded
 * by name ({@code target.class}) may extend it as well, as long as it is public.
 */
public class TestTarget implements Target {

    private final int dimension;
    private final boolean normal;

    /**
     * A standard normal under a flat prior.
     *
     * @param dimension the number of parameters
     */
    protected TestTarget(int dimension) {
        this(dimension, true);
    }

    /**
     * @param dimension the number of parameters
     * @param normal whether the log likelihood is the standard normal's (else 0 everywhere)
     */
    protected TestTarget(int dimension, boolean normal) {
        this.dimension = dimension;
        this.normal = normal;
    }

    /**
     * @param dimension the number of parameters
     * @return a target whose log prior and log likelihood are 0 everywhere
     */
    public static TestTarget flat(int dimension) {
        return new TestTarget(dimension, false);
    }

    /**
     * @param x a point
     * @return −½·Σ xᵢ², the unnormalised log density of the standard normal
     */
    public static double standardNormal(double[] x) {
        double squares = x[0] * x[0];
        for (int i = 1; i < x.length; i++) {
            squares += x[i] * x[i];
        }
        return -0.5 * squares;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public double logPrior(double[] x) {
        return 0;
    }

    @Override
    public double logLikelihood(double[] x) {
        return normal ? standardNormal(x) : 0;
    }

    /** @return the origin, of length {@link #dimension()} */
    @Override
    public double[] initialState(UniformRandomProvider rng) {
        return new double[dimension()];
    }
}
