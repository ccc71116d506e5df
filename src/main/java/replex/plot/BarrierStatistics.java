package replex.plot;

/**
 * The communication barrier of a run, as read back from {@code summary.json}
 * ({@code communication_barrier} and {@code chains[].communication_barrier_per_pair}). A rate the
 * run could not compute (a pair without swap attempts, written as {@code null}) is {@code NaN}.
 *
 * @param global Λ, the sum of {@code perPair}
 * @param perPair per neighbouring pair (k, k+1), the mean swap rejection probability over all chains,
 *     length K−1
 * @param chainPerPair {@code [chain][k]}: the same per chain, in the order of the file's chains;
 *     rows are null for outputs written before it was reported per chain
 */
public record BarrierStatistics(double global, double[] perPair, double[][] chainPerPair) {

    /**
     * The cumulative barrier at each level, from the hottest: Λ(β_{K−1}) = 0 and
     * Λ(β_k) = Σ_{j ≥ k} r_j, so that Λ(β_0 = 1) is the total.
     *
     * @param rejection per pair (k, k+1) the mean swap rejection probability, length K−1
     * @return per level, length K, non-decreasing towards level 0; NaN from the first pair without a
     *     rate on (towards level 0)
     */
    public static double[] cumulative(double[] rejection) {
        int levels = rejection.length + 1;
        double[] out = new double[levels];
        for (int k = levels - 2; k >= 0; k--) {
            out[k] = out[k + 1] + rejection[k];
        }
        return out;
    }
}
