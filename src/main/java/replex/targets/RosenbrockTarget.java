package replex.targets;


import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;

import replex.core.ConfigurationException;

/**
 * Built-in target {@value #NAME}: the d-dimensional Rosenbrock "banana", a curved, narrow ridge
 * that defeats isotropic random-walk proposals, under a flat prior.
 *
 * <ul>
 *   <li>log p(x) = 0 (flat, improper);
 *   <li>log L(x) = −scale·Σ_{i=0}^{d−2} [b·(x_{i+1} − x_i²)² + (a − x_i)²] (unnormalised; its
 *       maximum 0 is at x = (a, a², …) for d = 2 and at (1, …, 1) when a = 1).
 * </ul>
 *
 * <p>All logs are natural logs. Parameters are named {@code x[0]} … {@code x[d-1]}.
 *
 * <p>Settings (the job's {@code target} block), all optional:
 *
 * <ul>
 *   <li>{@code dimension} — an integer d ≥ 2 (default 2);
 *   <li>{@code a} — a finite number (default 1);
 *   <li>{@code b} — a number &gt; 0 (default 100);
 *   <li>{@code scale} — a number &gt; 0 (default 0.05 = 1/20).
 * </ul>
 *
 * <p>{@link #initialState} draws every x_i from U(−2, 2).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RosenbrockTarget extends FlatPriorTarget {

    /** The name of this target in a job file. */
    public static final String NAME = "rosenbrock";

    private final int dimension;
    private final double a;
    private final double b;
    private final double scale;

    /**
     * @param target the job's {@code target} block
     * @throws ConfigurationException if a setting is invalid (the message names the key, e.g.
     *     {@code job.target.dimension})
     */
    public RosenbrockTarget(Config target) {
        TargetSettings.allowOnly(target, NAME, "dimension", "a", "b", "scale");
        this.dimension = TargetSettings.integerAtLeast(target, "dimension", 2, 2);
        this.a = TargetSettings.finiteNumber(target, "a", 1.0);
        this.b = TargetSettings.positiveNumber(target, "b", 100.0);
        this.scale = TargetSettings.positiveNumber(target, "scale", 0.05);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public double logLikelihood(double[] x) {
        double sum = 0;
        for (int i = 0; i < dimension - 1; i++) {
            double ridge = x[i + 1] - x[i] * x[i];
            double offset = a - x[i];
            sum += b * ridge * ridge + offset * offset;
        }
        return 0.0 - scale * sum; // not -scale * sum, which gives -0.0 at the maximum
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        double[] x = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            x[i] = Uniforms.symmetric(rng);
        }
        return x;
    }

    @Override
    public String toString() {
        return NAME + "(d=" + dimension + ", a=" + a + ", b=" + b + ", scale=" + scale + ")";
    }
}
