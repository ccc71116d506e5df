package replex.core.ladder;

import java.util.Arrays;

import replex.core.ConfigurationException;

/**
 * The schedule of one chain: K inverse temperatures 1 = β_0 &gt; β_1 &gt; … &gt; β_{K−1} ≥ 0.
 * Level 0 is the target (cold level, whose draws are the output); level K−1 is the hottest.
 * Immutable and thread-safe.
 */
public final class Ladder {

    private final double[] betas;

    private Ladder(double[] betas) {
        this.betas = betas;
    }

    /**
     * A geometric ladder β_k = β_min^{k/(K−1)}, k = 0 … K−1: equal ratios between neighbouring
     * levels, the usual default when nothing is known about the target.
     *
     * @param count the number of levels K ≥ 1 (K = 1 gives plain MCMC at β = 1)
     * @param betaMin the hottest inverse temperature, 0 &lt; β_min &lt; 1 (ignored when K = 1)
     * @return the ladder
     * @throws ConfigurationException if {@code count < 1} or β_min is not in (0, 1)
     */
    public static Ladder geometric(int count, double betaMin) {
        if (count < 1) {
            throw new ConfigurationException("job.temperatures.count",
                    "must be an integer >= 1, got " + count);
        }
        if (count == 1) {
            return new Ladder(new double[] {1.0});
        }
        if (!(betaMin > 0.0 && betaMin < 1.0)) {
            throw new ConfigurationException("job.temperatures.beta-min",
                    "must be in (0, 1) for a geometric ladder, got " + betaMin);
        }
        double[] b = new double[count];
        b[0] = 1.0;
        for (int k = 1; k < count - 1; k++) {
            b[k] = Math.pow(betaMin, (double) k / (count - 1));
        }
        b[count - 1] = betaMin;
        return new Ladder(b);
    }

    /**
     * A geometric ladder whose hottest level is the prior, β = 0: levels 0 … K−2 are
     * β_k = β_min^{k/(K−2)} (equal ratios from 1 down to β_min) and level K−1 is β = 0. The default
     * for a target with a normalised prior: the prior is the reference distribution, so the
     * stepping-stone and thermodynamic-integration estimates are the log evidence (as in Pigeons,
     * Surjanovic et al. 2023, doi:10.21105/joss.05068).
     *
     * @param count the number of levels K ≥ 1 (K = 1 gives plain MCMC at β = 1, K = 2 the ladder 1, 0)
     * @param betaMin the second-hottest inverse temperature, 0 &lt; β_min &lt; 1 (ignored when K ≤ 2)
     * @return the ladder
     * @throws ConfigurationException if {@code count < 1} or β_min is not in (0, 1)
     */
    public static Ladder geometricToPrior(int count, double betaMin) {
        if (count == 2) {
            return new Ladder(new double[] {1.0, 0.0});
        }
        if (count < 2) {
            return geometric(count, betaMin);
        }
        double[] inner = geometric(count - 1, betaMin).betas;
        double[] b = java.util.Arrays.copyOf(inner, count);
        b[count - 1] = 0.0;
        return new Ladder(b);
    }

    /** @return whether the hottest level is β = 0 (the prior), with at least 2 levels */
    public boolean endsAtPrior() {
        return betas.length > 1 && betas[betas.length - 1] == 0.0;
    }

    /**
     * An explicit ladder.
     *
     * @param betas the inverse temperatures, starting with exactly 1.0, strictly decreasing,
     *     all in [0, 1]; copied
     * @return the ladder
     * @throws ConfigurationException naming {@code job.temperatures.betas} otherwise
     */
    public static Ladder of(double... betas) {
        String key = "job.temperatures.betas";
        if (betas.length == 0) {
            throw new ConfigurationException(key, "must list at least one inverse temperature");
        }
        if (betas[0] != 1.0) {
            throw new ConfigurationException(key, "must start with 1.0 (level 0 is the target), got "
                    + betas[0]);
        }
        for (int k = 1; k < betas.length; k++) {
            if (!(betas[k] >= 0.0 && betas[k] < betas[k - 1])) {
                throw new ConfigurationException(key, "must be strictly decreasing and in [0, 1], but entry "
                        + k + " is " + betas[k] + " after " + betas[k - 1]);
            }
        }
        return new Ladder(betas.clone());
    }

    /** @return the number of levels K */
    public int size() {
        return betas.length;
    }

    /**
     * @param level 0 … K−1
     * @return β at that level
     */
    public double beta(int level) {
        return betas[level];
    }

    /** @return a copy of the inverse temperatures, length K, level 0 first */
    public double[] betas() {
        return betas.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ladder other && Arrays.equals(betas, other.betas);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(betas);
    }

    @Override
    public String toString() {
        return "Ladder" + Arrays.toString(betas);
    }
}
