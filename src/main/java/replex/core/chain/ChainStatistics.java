package replex.core.chain;

import java.util.Objects;

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

    /**
     * @return a builder with no arrays set (all required) and chain, round trips and restarts 0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link ChainStatistics} by named values (see the record's components for their meaning
     * and lengths). The arrays are kept, not copied. Not thread-safe.
     */
    public static final class Builder {
        private int chain;
        private long[] mhAccepted;
        private long[] mhProposed;
        private long[] targetErrors;
        private long[] swapAttempts;
        private long[] swapAccepted;
        private double[] swapRejectionSum;
        private long roundTrips;
        private long restarts;
        private double[] proposalScales;
        private int[] levels;
        private double[] betas;
        private long[] evidenceBatchRounds;
        private double[] evidenceLogLikelihoodSums;
        private double[] evidenceLogWeightMax;
        private double[] evidenceWeightSums;
        private long[] roundTripsByBatch;

        private Builder() {
        }

        /** @param value the chain index @return this builder */
        public Builder chain(int value) {
            chain = value;
            return this;
        }

        /** @param value accepted local moves per level, length K (required) @return this builder */
        public Builder mhAccepted(long[] value) {
            mhAccepted = value;
            return this;
        }

        /** @param value proposed local moves per level, length K (required) @return this builder */
        public Builder mhProposed(long[] value) {
            mhProposed = value;
            return this;
        }

        /** @param value failed target evaluations per level, length K (required) @return this builder */
        public Builder targetErrors(long[] value) {
            targetErrors = value;
            return this;
        }

        /** @param value swap attempts per neighbouring pair, length K−1 (required) @return this builder */
        public Builder swapAttempts(long[] value) {
            swapAttempts = value;
            return this;
        }

        /** @param value accepted swaps per neighbouring pair, length K−1 (required) @return this builder */
        public Builder swapAccepted(long[] value) {
            swapAccepted = value;
            return this;
        }

        /** @param value Σ of the rejection probabilities per pair, length K−1 (required) @return this builder */
        public Builder swapRejectionSum(double[] value) {
            swapRejectionSum = value;
            return this;
        }

        /** @param value completed round trips, summed over replicas @return this builder */
        public Builder roundTrips(long value) {
            roundTrips = value;
            return this;
        }

        /** @param value tempered restarts, summed over replicas @return this builder */
        public Builder restarts(long value) {
            restarts = value;
            return this;
        }

        /** @param value the frozen proposal scale per level, length K (required) @return this builder */
        public Builder proposalScales(double[] value) {
            proposalScales = value;
            return this;
        }

        /** @param value the level of each replica at the end, length K (required) @return this builder */
        public Builder levels(int[] value) {
            levels = value;
            return this;
        }

        /** @param value the ladder at the end, β_0 = 1 first, length K (required) @return this builder */
        public Builder betas(double[] value) {
            betas = value;
            return this;
        }

        /** @param value sampling rounds per evidence batch, length B (required) @return this builder */
        public Builder evidenceBatchRounds(long[] value) {
            evidenceBatchRounds = value;
            return this;
        }

        /** @param value Σℓ per level and batch, length K·B (required) @return this builder */
        public Builder evidenceLogLikelihoodSums(double[] value) {
            evidenceLogLikelihoodSums = value;
            return this;
        }

        /** @param value the largest log-weight per pair and batch, length (K−1)·B (required) @return this builder */
        public Builder evidenceLogWeightMax(double[] value) {
            evidenceLogWeightMax = value;
            return this;
        }

        /** @param value Σ exp(w − max) per pair and batch, length (K−1)·B (required) @return this builder */
        public Builder evidenceWeightSums(double[] value) {
            evidenceWeightSums = value;
            return this;
        }

        /** @param value round trips per evidence batch, length B (required) @return this builder */
        public Builder roundTripsByBatch(long[] value) {
            roundTripsByBatch = value;
            return this;
        }

        /**
         * @return the statistics, holding the arrays given (not copied)
         * @throws NullPointerException if an array was not set (the message names the component:
         *     {@code "betas is not set"})
         */
        public ChainStatistics build() {
            Objects.requireNonNull(mhAccepted, "mhAccepted is not set");
            Objects.requireNonNull(mhProposed, "mhProposed is not set");
            Objects.requireNonNull(targetErrors, "targetErrors is not set");
            Objects.requireNonNull(swapAttempts, "swapAttempts is not set");
            Objects.requireNonNull(swapAccepted, "swapAccepted is not set");
            Objects.requireNonNull(swapRejectionSum, "swapRejectionSum is not set");
            Objects.requireNonNull(proposalScales, "proposalScales is not set");
            Objects.requireNonNull(levels, "levels is not set");
            Objects.requireNonNull(betas, "betas is not set");
            Objects.requireNonNull(evidenceBatchRounds, "evidenceBatchRounds is not set");
            Objects.requireNonNull(evidenceLogLikelihoodSums, "evidenceLogLikelihoodSums is not set");
            Objects.requireNonNull(evidenceLogWeightMax, "evidenceLogWeightMax is not set");
            Objects.requireNonNull(evidenceWeightSums, "evidenceWeightSums is not set");
            Objects.requireNonNull(roundTripsByBatch, "roundTripsByBatch is not set");
            return new ChainStatistics(chain, mhAccepted, mhProposed, targetErrors, swapAttempts, swapAccepted,
                    swapRejectionSum, roundTrips, restarts, proposalScales, levels, betas, evidenceBatchRounds,
                    evidenceLogLikelihoodSums, evidenceLogWeightMax, evidenceWeightSums, roundTripsByBatch);
        }
    }
}
