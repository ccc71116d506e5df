package replex.core.chain;

import replex.core.chain.RoundTrips.State;
import replex.core.proposal.ProposalAdaptation;

/**
 * Everything the coordinator knows of one chain after {@code roundsDone} rounds: with the chain's K
 * {@link replex.core.replica.ReplicaSnapshot}s taken at the same round, enough to continue the chain
 * exactly (see {@link ChainState#snapshot} and {@link ChainState#restore}). Plain arrays and
 * records, so that it can be written to a checkpoint file. K levels, d parameters,
 * B = {@value replex.core.evidence.EvidenceAccumulator#BATCHES} evidence batches.
 *
 * @param chain the chain index
 * @param roundsDone rounds completed; the next round to run
 * @param betas the ladder in force, length K
 * @param windowRejection ladder tuning: rejection sums per pair in the current window, length K−1
 * @param windowAttempts ladder tuning: swap attempts per pair in the current window, length K−1
 * @param windowEnd ladder tuning: the round at which the current window ends
 * @param levelOfReplica the level each replica holds, length K
 * @param adaptation the proposal adaptation of each level, length K
 * @param mhAccepted accepted local moves per level after burn-in, length K
 * @param mhProposed proposed local moves per level after burn-in, length K
 * @param targetErrors target errors per level, length K
 * @param swapAttempts swap attempts per pair after burn-in, length K−1
 * @param swapAccepted accepted swaps per pair after burn-in, length K−1
 * @param swapRejectionSum Σ rejection probability per pair after burn-in, length K−1
 * @param roundTrips the round-trip counter
 * @param roundTripsByBatch round trips per evidence batch, length B
 * @param evidence the evidence sums, or {@code null} before the first sampling round
 * @param drawRows the kept draws so far per level that keeps draws, rows of width d + 2
 * @param draws those draws, row-major, level 0's rows first and, with {@code output.all-levels},
 *     then level 1's, …, level K−1's (length L × drawRows × (d + 2), L = 1 or K levels that keep
 *     draws), or {@code null} in an in-memory snapshot that is only used to roll back the same
 *     chain (whose draws are append-only)
 * @param drawMetadata the kept draws' metadata ({@code output.draws-metadata}), laid out as
 *     {@code draws} with n strings per row (length L × drawRows × n), entries {@code null} where the
 *     evaluation lacked one; {@code null} when the job records no metadata, and wherever
 *     {@code draws} is {@code null}
 */
public record ChainSnapshot(int chain, long roundsDone, double[] betas, double[] windowRejection,
        long[] windowAttempts, long windowEnd, int[] levelOfReplica, ProposalAdaptation.State[] adaptation,
        long[] mhAccepted, long[] mhProposed, long[] targetErrors, long[] swapAttempts, long[] swapAccepted,
        double[] swapRejectionSum, State roundTrips, long[] roundTripsByBatch, Evidence evidence, int drawRows,
        double[] draws, String[] drawMetadata) {

    /**
     * The evidence sums (see {@link replex.core.evidence.EvidenceAccumulator}).
     *
     * @param betas the ladder they were recorded on, length K
     * @param batchRounds rounds per batch, length B
     * @param logLikelihoodSums Σℓ per level and batch, length K·B
     * @param logWeightMax per pair and batch the largest log-weight, length (K−1)·B
     * @param weightSums per pair and batch Σ exp(w − max), length (K−1)·B
     */
    public record Evidence(double[] betas, long[] batchRounds, double[] logLikelihoodSums, double[] logWeightMax,
            double[] weightSums) {
    }

    /** @return this snapshot without its draws (only {@link #drawRows} kept) */
    public ChainSnapshot withoutDraws() {
        return withDraws(drawRows, null, null);
    }

    /**
     * @param rows the kept draws' rows per level that keeps draws
     * @param values those draws, laid out as {@link #draws()} says, or {@code null} for none
     * @return this snapshot with {@link #drawRows()} = {@code rows} and {@link #draws()} =
     *     {@code values}, every other component the same (arrays shared, not copied)
     */
    public ChainSnapshot withDraws(int rows, double[] values) {
        return withDraws(rows, values, drawMetadata);
    }

    /**
     * @param rows the kept draws' rows per level that keeps draws
     * @param values those draws, laid out as {@link #draws()} says, or {@code null} for none
     * @param metadata their metadata, laid out as {@link #drawMetadata()} says, or {@code null}
     * @return this snapshot with these draws and metadata, every other component the same (arrays
     *     shared, not copied)
     */
    public ChainSnapshot withDraws(int rows, double[] values, String[] metadata) {
        return new ChainSnapshot(chain, roundsDone, betas, windowRejection, windowAttempts, windowEnd, levelOfReplica,
                adaptation, mhAccepted, mhProposed, targetErrors, swapAttempts, swapAccepted, swapRejectionSum,
                roundTrips, roundTripsByBatch, evidence, rows, values, metadata);
    }
}
