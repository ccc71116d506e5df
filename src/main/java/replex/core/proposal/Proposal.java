package replex.core.proposal;

import java.util.Arrays;

import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;

/**
 * A Gaussian random-walk proposal y = x + s·L·z, z ~ N(0, I_d): scale s &gt; 0 and an optional
 * lower-triangular factor L (so the proposal covariance is s²·L·Lᵀ); without L it is isotropic.
 * Immutable and thread-safe.
 */
public final class Proposal {

    private final double scale;
    private final double[] factor;
    private final int dimension;

    /**
     * @param scale the step scale s &gt; 0 (in the units of the parameters)
     * @param factor the Cholesky factor L as a row-major d×d array (length d², upper triangle
     *     ignored), or {@code null} for the identity; not copied, must not be modified afterwards
     * @param dimension d
     */
    public Proposal(double scale, double[] factor, int dimension) {
        if (!(scale > 0.0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("proposal scale must be finite and > 0, got " + scale);
        }
        if (factor != null && factor.length != dimension * dimension) {
            throw new IllegalArgumentException("factor length " + factor.length + " != d*d for d=" + dimension);
        }
        this.scale = scale;
        this.factor = factor;
        this.dimension = dimension;
    }

    /** @return the scale s */
    public double scale() {
        return scale;
    }

    /** @return a copy of the row-major Cholesky factor (length d²), or {@code null} if isotropic */
    public double[] factor() {
        return factor == null ? null : factor.clone();
    }

    /**
     * @param other another proposal, or {@code null}
     * @return whether both use the very same factor array (or both none): the factor has not changed
     *     between them, only possibly the scale. Lets the actor engine send a factor only when it changes.
     */
    public boolean sameFactor(Proposal other) {
        return other != null && other.factor == factor && other.dimension == dimension;
    }

    /** @return whether the proposal has a covariance factor (false: isotropic) */
    public boolean hasFactor() {
        return factor != null;
    }

    /** @return the dimension d */
    public int dimension() {
        return dimension;
    }

    /**
     * Writes a proposal from {@code x} into {@code y}.
     *
     * @param x the current state, length d
     * @param z scratch space of length d, overwritten with standard normal draws
     * @param y receives the proposed state, length d
     * @param gaussian a standard normal sampler on the replica's stream (d draws are consumed)
     */
    public void propose(double[] x, double[] z, double[] y, NormalizedGaussianSampler gaussian) {
        for (int i = 0; i < dimension; i++) {
            z[i] = gaussian.sample();
        }
        if (factor == null) {
            for (int i = 0; i < dimension; i++) {
                y[i] = x[i] + scale * z[i];
            }
            return;
        }
        for (int i = 0; i < dimension; i++) {
            double s = 0.0;
            int row = i * dimension;
            for (int j = 0; j <= i; j++) {
                s += factor[row + j] * z[j];
            }
            y[i] = x[i] + scale * s;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Proposal p && p.scale == scale && p.dimension == dimension
                && Arrays.equals(p.factor, factor);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(scale) + Arrays.hashCode(factor);
    }
}
