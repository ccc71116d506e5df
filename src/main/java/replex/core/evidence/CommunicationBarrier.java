package replex.core.evidence;

import java.util.List;

/**
 * The communication barrier of a ladder, pooled over chains: for each neighbouring pair (k, k+1)
 * the mean swap rejection probability r_k = Σ (1 − min(1, α)) / attempts (the local barrier
 * integrated over the pair's interval of β), and the global barrier Λ = Σ_k r_k.
 *
 * <p>Λ measures how hard it is for a replica to cross from the hottest level to level 0; it does
 * not depend on the ladder once the ladder is fine (Σ r_k → Λ as the spacing → 0; for a coarse
 * ladder the sum is slightly low). Syed et al. (2022) show that the round-trip rate of
 * non-reversible (DEO) parallel tempering tends to 1/(2 + 2Λ) as levels are added, and that about
 * 2Λ pairs (each rejecting about half of its swaps) get most of it: hence the recommended number
 * of levels ⌈2Λ + 1⌉. Fewer levels lose round trips; many more cost time for little gain.
 *
 * <p>Chains are combined in list order. Immutable, thread-safe.
 *
 * @see <a href="https://doi.org/10.1111/rssb.12464">Syed, S., Bouchard-Côté, A., Deligiannidis, G.
 *     and Doucet, A. (2022). Non-reversible parallel tempering: a scalable highly parallel MCMC
 *     scheme. JRSSB 84(2), 321-350</a>
 */
public final class CommunicationBarrier {

    private final double[] perPair;
    private final double global;

    private CommunicationBarrier(double[] perPair, double global) {
        this.perPair = perPair;
        this.global = global;
    }

    /**
     * Pools the swap statistics of the chains.
     *
     * @param swapAttempts per chain, swap attempts per pair (length K−1 each)
     * @param swapRejectionSums per chain, per pair Σ over attempts of 1 − min(1, α) (length K−1 each)
     * @return the barrier; a pair without any attempt has rate NaN and makes Λ NaN
     * @throws IllegalArgumentException if the lists or arrays differ in length
     */
    public static CommunicationBarrier of(List<long[]> swapAttempts, List<double[]> swapRejectionSums) {
        if (swapAttempts.size() != swapRejectionSums.size() || swapAttempts.isEmpty()) {
            throw new IllegalArgumentException("need one attempts and one rejection array per chain, got "
                    + swapAttempts.size() + " and " + swapRejectionSums.size());
        }
        int pairs = swapAttempts.get(0).length;
        long[] attempts = new long[pairs];
        double[] rejections = new double[pairs];
        for (int c = 0; c < swapAttempts.size(); c++) {
            long[] n = swapAttempts.get(c);
            double[] r = swapRejectionSums.get(c);
            if (n.length != pairs || r.length != pairs) {
                throw new IllegalArgumentException("chain " + c + " has " + n.length + " and " + r.length
                        + " pairs, expected " + pairs);
            }
            for (int k = 0; k < pairs; k++) {
                attempts[k] += n[k];
                rejections[k] += r[k];
            }
        }
        double[] perPair = new double[pairs];
        double global = pairs == 0 ? Double.NaN : 0;
        for (int k = 0; k < pairs; k++) {
            perPair[k] = attempts[k] == 0 ? Double.NaN : rejections[k] / attempts[k];
            global += perPair[k];
        }
        return new CommunicationBarrier(perPair, global);
    }

    /** @return r_k, the mean rejection probability of each pair (k, k+1) (copy, length K−1) */
    public double[] perPair() {
        return perPair.clone();
    }

    /** @return Λ = Σ r_k; NaN with a single level or a pair without attempts */
    public double global() {
        return global;
    }

    /**
     * @return ⌈2Λ + 1⌉, the number of levels recommended for DEO swaps (1 when Λ = 0: no
     *     tempering needed); 0 if Λ is not known
     */
    public int recommendedLevels() {
        if (!Double.isFinite(global)) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(2 * global + 1));
    }
}
