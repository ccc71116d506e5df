package replex.core.chain;

import replex.core.evidence.EvidenceAccumulator;

/**
 * The statistics of one chain at the end of a run, as plain values: what a coordinator sends to
 * a client besides the draws. Counts cover the rounds after burn-in, target errors the whole run.
 * Only arrays and numbers, so that it travels as JSON; the evidence sums are those of an
 * {@link EvidenceAccumulator} with B = {@value EvidenceAccumulator#BATCHES} batches on the ladder
 * {@code betas} (see {@link #evidence()}).
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
 * @param betas the chain's ladder at the end (the one in force after burn-in), β_0 = 1 first, length K
 * @param evidenceBatchRounds sampling rounds recorded per evidence batch, length B
 * @param evidenceLogLikelihoodSums Σℓ per level k and batch b (ℓ at the end of the round, before
 *     the swaps), index k·B + b, length K·B
 * @param evidenceLogWeightMax per pair (k, k+1) and batch, the largest stepping-stone log-weight
 *     (β_k − β_{k+1})·ℓ of level k+1, index k·B + b, length (K−1)·B
 * @param evidenceWeightSums per pair and batch, Σ exp(w − max) over those log-weights, same layout
 * @param roundTripsByBatch round trips completed in each evidence batch of sampling rounds (the
 *     batches of {@link EvidenceAccumulator#batchOf}), length B; they sum to {@code roundTrips}
 */
public record ChainStatistics(int chain, long[] mhAccepted, long[] mhProposed, long[] targetErrors,
        long[] swapAttempts, long[] swapAccepted, double[] swapRejectionSum, long roundTrips, long restarts,
        double[] proposalScales, int[] levels, double[] betas, long[] evidenceBatchRounds,
        double[] evidenceLogLikelihoodSums, double[] evidenceLogWeightMax, double[] evidenceWeightSums,
        long[] roundTripsByBatch) {

    /**
     * @return the evidence sums as an accumulator on {@link #betas()} (copied)
     * @throws IllegalArgumentException if the sums do not fit the ladder
     */
    public EvidenceAccumulator evidence() {
        return EvidenceAccumulator.of(betas, evidenceBatchRounds, evidenceLogLikelihoodSums, evidenceLogWeightMax,
                evidenceWeightSums);
    }
}
