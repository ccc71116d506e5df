package replex.core.chain;

/**
 * The statistics of one chain at the end of a run, as plain values: what a coordinator sends to
 * a client besides the draws. Counts cover the rounds after burn-in, target errors the whole run.
 *
 * @param chain the chain index
 * @param mhAccepted accepted local moves per level, length K
 * @param mhProposed proposed local moves per level, length K
 * @param targetErrors target evaluations that threw or returned NaN, per level, length K
 * @param swapAttempts swap attempts per neighbouring pair (k, k+1), length K−1
 * @param swapAccepted accepted swaps per neighbouring pair, length K−1
 * @param swapRejectionSum per pair, Σ over attempts of the rejection probability 1 − min(1, α), length K−1
 * @param roundTrips completed round trips (hottest → level 0 → hottest), summed over replicas
 * @param restarts tempered restarts (hottest → level 0), summed over replicas
 * @param proposalScales the frozen proposal scale per level, length K
 * @param levels the level each replica holds at the end, indexed by replica, length K
 */
public record ChainStatistics(int chain, long[] mhAccepted, long[] mhProposed, long[] targetErrors,
        long[] swapAttempts, long[] swapAccepted, double[] swapRejectionSum, long roundTrips, long restarts,
        double[] proposalScales, int[] levels) {
}
