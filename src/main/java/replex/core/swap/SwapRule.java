package replex.core.swap;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Which neighbouring pairs of levels attempt a swap in a round.
 *
 * <p>With K levels, even parity pairs (0,1), (2,3), …; odd parity pairs (1,2), (3,4), ….
 *
 * @see <a href="https://arxiv.org/abs/1905.02939">Syed, Bouchard-Côté, Deligiannidis &amp; Doucet
 *     (2022), Non-reversible parallel tempering: a scalable highly parallel MCMC scheme, JRSSB
 *     84(2), doi:10.1111/rssb.12464</a>
 */
public enum SwapRule {
    /** Deterministic even–odd: even rounds use even parity, odd rounds odd parity (non-reversible PT). */
    DEO,
    /** Stochastic even–odd: the parity of each round is drawn at random (reversible PT). */
    SEO;

    /**
     * The parity of the pairs tried in a round. For SEO this consumes one draw from {@code rng},
     * before any swap uniform.
     *
     * @param round the round index
     * @param rng the chain's swap stream for this round
     * @return 0 for pairs (0,1),(2,3)…, 1 for pairs (1,2),(3,4)…
     */
    public int parity(long round, UniformRandomProvider rng) {
        return this == DEO ? (int) (round & 1L) : (rng.nextBoolean() ? 1 : 0);
    }

    /**
     * Log of the Metropolis acceptance probability of swapping the replicas at levels k and k+1:
     * log α = (β_k − β_{k+1})·(ℓ_{k+1} − ℓ_k), capped at 0; ℓ is the untempered log-likelihood.
     *
     * @param betaK β at level k
     * @param betaK1 β at level k+1 (smaller)
     * @param logLikelihoodK ℓ of the replica at level k
     * @param logLikelihoodK1 ℓ of the replica at level k+1
     * @return log α ≤ 0 (natural log)
     */
    public static double logAcceptance(double betaK, double betaK1, double logLikelihoodK,
            double logLikelihoodK1) {
        double r = (betaK - betaK1) * (logLikelihoodK1 - logLikelihoodK);
        return Double.isNaN(r) ? Double.NEGATIVE_INFINITY : Math.min(0.0, r);
    }

    /**
     * The swap decision: accept when log U &lt; log α with U uniform on (0, 1). Always consumes
     * exactly one draw from {@code rng}, so the stream's use does not depend on the outcome.
     *
     * @param logAcceptance log α from {@link #logAcceptance}
     * @param rng the chain's swap stream
     * @return true if the swap is accepted
     */
    public static boolean accept(double logAcceptance, UniformRandomProvider rng) {
        double u = rng.nextDouble();
        return Math.log(u) < logAcceptance;
    }
}
