package replex.core.evidence;

import java.util.Arrays;

/**
 * The running sums from which the log evidence of one chain is estimated: for each level and
 * each of {@value #BATCHES} batches of sampling rounds, the sum of the log-likelihoods ℓ of the
 * state at that level at the end of each round (thermodynamic integration), and for each
 * neighbouring pair (k, k+1) a streaming log-sum-exp of the stepping-stone log-weights
 * (β_k − β_{k+1})·ℓ of the states at level k+1. Memory is O(K·B), whatever the run length.
 *
 * <p>Batch b holds the sampling rounds r with ⌊(r − burnIn)·B / samplingRounds⌋ = b, so the
 * batches are contiguous blocks of (nearly) equal length; with fewer than B sampling rounds some
 * batches stay empty. The batches give a standard error by batch means (see {@link LogEvidence}).
 *
 * <p>Every number is finite (an empty log-sum-exp is stored as maximum 0, sum 0), so the arrays
 * travel as plain JSON. Additions happen in round order, so the sums are deterministic.
 * Mutable, not thread-safe.
 */
public final class EvidenceAccumulator {

    /** B, the number of batches per chain. */
    public static final int BATCHES = 32;

    private final int levels;
    private final long burnInRounds;
    private final long samplingRounds;
    private final double[] betas;
    private final long[] batchRounds;
    private final double[] logLikelihoodSums;
    private final double[] logWeightMax;
    private final double[] weightSums;

    /**
     * An empty accumulator.
     *
     * @param betas the ladder, β_0 = 1 &gt; … &gt; β_{K−1} ≥ 0, length K ≥ 1 (copied)
     * @param burnInRounds rounds before the first recorded one, ≥ 0
     * @param samplingRounds rounds recorded, ≥ 1
     * @throws IllegalArgumentException if {@code betas} is empty or a count is out of range
     */
    public EvidenceAccumulator(double[] betas, long burnInRounds, long samplingRounds) {
        if (betas.length == 0 || burnInRounds < 0 || samplingRounds < 1) {
            throw new IllegalArgumentException("need K >= 1 levels, burn-in >= 0 and >= 1 sampling rounds, got K = "
                    + betas.length + ", burn-in " + burnInRounds + ", sampling " + samplingRounds);
        }
        this.levels = betas.length;
        this.betas = betas.clone();
        this.burnInRounds = burnInRounds;
        this.samplingRounds = samplingRounds;
        this.batchRounds = new long[BATCHES];
        this.logLikelihoodSums = new double[levels * BATCHES];
        this.logWeightMax = new double[(levels - 1) * BATCHES];
        this.weightSums = new double[(levels - 1) * BATCHES];
    }

    /**
     * An accumulator holding the given sums, e.g. as received from another node.
     *
     * @param betas the ladder, length K
     * @param batchRounds rounds per batch, length B
     * @param logLikelihoodSums Σℓ per level and batch, index k·B + b, length K·B
     * @param logWeightMax per pair and batch the largest log-weight, index k·B + b, length (K−1)·B
     * @param weightSums per pair and batch Σ exp(w − max), same layout
     * @return the accumulator (the arrays are copied)
     * @throws IllegalArgumentException if a length does not match
     */
    public static EvidenceAccumulator of(double[] betas, long[] batchRounds, double[] logLikelihoodSums,
            double[] logWeightMax, double[] weightSums) {
        EvidenceAccumulator a = new EvidenceAccumulator(betas, 0, 1);
        if (batchRounds.length != BATCHES || logLikelihoodSums.length != a.logLikelihoodSums.length
                || logWeightMax.length != a.logWeightMax.length || weightSums.length != a.weightSums.length) {
            throw new IllegalArgumentException("evidence sums do not fit a ladder of " + betas.length
                    + " levels and " + BATCHES + " batches: lengths " + batchRounds.length + ", "
                    + logLikelihoodSums.length + ", " + logWeightMax.length + ", " + weightSums.length);
        }
        System.arraycopy(batchRounds, 0, a.batchRounds, 0, BATCHES);
        System.arraycopy(logLikelihoodSums, 0, a.logLikelihoodSums, 0, logLikelihoodSums.length);
        System.arraycopy(logWeightMax, 0, a.logWeightMax, 0, logWeightMax.length);
        System.arraycopy(weightSums, 0, a.weightSums, 0, weightSums.length);
        return a;
    }

    /**
     * The ends of the batches of sampling rounds that the log-evidence standard errors and
     * the round trips by batch of summary.json use ({@link #batchOf}): batch b holds
     * the rounds r with ⌊(r − B)·{@value #BATCHES}/S⌋ = b, B the burn-in rounds
     * and S = R − B the sampling rounds.
     *
     * @param burnIn B, the burn-in rounds
     * @param rounds R, all rounds
     * @return per batch, the number of rounds done (burn-in included) when it ends, i.e. one more
     *     than its last round: B + ⌈(b+1)·S/{@value #BATCHES}⌉; non-decreasing
     *     (equal for an empty batch when S &lt; {@value #BATCHES}), the last = R
     */
    public static long[] batchEndRounds(long burnIn, long rounds) {
        long sampling = rounds - burnIn;
        int batches = BATCHES;
        long[] ends = new long[batches];
        for (int b = 0; b < batches; b++) {
            ends[b] = burnIn + ((b + 1) * sampling + batches - 1) / batches;
        }
        return ends;
    }

    /**
     * @param round a sampling round, burnIn ≤ round &lt; burnIn + samplingRounds
     * @param burnInRounds the burn-in rounds
     * @param samplingRounds the sampling rounds, ≥ 1
     * @return its batch, ⌊(round − burnIn)·B / samplingRounds⌋, in 0 … B−1
     * @throws IllegalArgumentException if the round is not a sampling round
     */
    public static int batchOf(long round, long burnInRounds, long samplingRounds) {
        long i = round - burnInRounds;
        if (i < 0 || i >= samplingRounds) {
            throw new IllegalArgumentException("round " + round + " is not a sampling round (burn-in "
                    + burnInRounds + ", sampling rounds " + samplingRounds + ")");
        }
        // i < samplingRounds < 2^31 (rounds is an int), so i·B fits a long
        return (int) (i * BATCHES / samplingRounds);
    }

    /** @return rounds before the first recorded one */
    public long burnInRounds() {
        return burnInRounds;
    }

    /** @return rounds to be recorded in all */
    public long samplingRounds() {
        return samplingRounds;
    }

    /**
     * An accumulator continuing from saved sums, e.g. from a checkpoint.
     *
     * @param betas the ladder, length K
     * @param burnInRounds rounds before the first recorded one
     * @param samplingRounds rounds to be recorded in all
     * @param batchRounds rounds per batch, length B
     * @param logLikelihoodSums Σℓ per level and batch, length K·B
     * @param logWeightMax per pair and batch the largest log-weight, length (K−1)·B
     * @param weightSums per pair and batch Σ exp(w − max), length (K−1)·B
     * @return the accumulator (arrays copied), to which further rounds can be added
     * @throws IllegalArgumentException if a length or count does not fit
     */
    public static EvidenceAccumulator resume(double[] betas, long burnInRounds, long samplingRounds,
            long[] batchRounds, double[] logLikelihoodSums, double[] logWeightMax, double[] weightSums) {
        EvidenceAccumulator sums = of(betas, batchRounds, logLikelihoodSums, logWeightMax, weightSums);
        EvidenceAccumulator a = new EvidenceAccumulator(betas, burnInRounds, samplingRounds);
        System.arraycopy(sums.batchRounds, 0, a.batchRounds, 0, BATCHES);
        System.arraycopy(sums.logLikelihoodSums, 0, a.logLikelihoodSums, 0, a.logLikelihoodSums.length);
        System.arraycopy(sums.logWeightMax, 0, a.logWeightMax, 0, a.logWeightMax.length);
        System.arraycopy(sums.weightSums, 0, a.weightSums, 0, a.weightSums.length);
        return a;
    }

    /**
     * Records one sampling round.
     *
     * @param round the round, a sampling round
     * @param logLikelihoodByLevel ℓ of the state at each level at the end of the round (before the
     *     swaps), length K, finite
     * @throws IllegalArgumentException if the round is not a sampling round or the length is wrong
     */
    public void add(long round, double[] logLikelihoodByLevel) {
        if (logLikelihoodByLevel.length != levels) {
            throw new IllegalArgumentException("expected " + levels + " log-likelihoods, got "
                    + logLikelihoodByLevel.length);
        }
        int b = batchOf(round, burnInRounds, samplingRounds);
        batchRounds[b]++;
        for (int k = 0; k < levels; k++) {
            logLikelihoodSums[k * BATCHES + b] += logLikelihoodByLevel[k];
        }
        for (int k = 0; k + 1 < levels; k++) {
            addLogWeight(k * BATCHES + b, (betas[k] - betas[k + 1]) * logLikelihoodByLevel[k + 1]);
        }
    }

    /** Streaming log-sum-exp: keeps max and Σ exp(w − max), rescaling when a larger w arrives. */
    private void addLogWeight(int i, double w) {
        if (weightSums[i] == 0) {
            logWeightMax[i] = w;
            weightSums[i] = 1;
        } else if (w <= logWeightMax[i]) {
            weightSums[i] += Math.exp(w - logWeightMax[i]);
        } else {
            weightSums[i] = weightSums[i] * Math.exp(logWeightMax[i] - w) + 1;
            logWeightMax[i] = w;
        }
    }

    /** @return K */
    public int levels() {
        return levels;
    }

    /** @return the ladder (copy, length K) */
    public double[] betas() {
        return betas.clone();
    }

    /** @return rounds recorded per batch (copy, length B) */
    public long[] batchRounds() {
        return batchRounds.clone();
    }

    /** @return Σℓ per level and batch, index k·B + b (copy, length K·B) */
    public double[] logLikelihoodSums() {
        return logLikelihoodSums.clone();
    }

    /** @return per pair (k, k+1) and batch, the largest log-weight (β_k − β_{k+1})·ℓ, index k·B + b (copy) */
    public double[] logWeightMax() {
        return logWeightMax.clone();
    }

    /** @return per pair and batch, Σ exp(w − max) over the log-weights w, index k·B + b (copy) */
    public double[] weightSums() {
        return weightSums.clone();
    }

    /**
     * @param level k
     * @param batch b
     * @return Σℓ at level k in batch b
     */
    double logLikelihoodSum(int level, int batch) {
        return logLikelihoodSums[level * BATCHES + batch];
    }

    /**
     * @param pair k, for the pair (k, k+1)
     * @param batch b
     * @return log Σ exp(w) over the log-weights of the pair in batch b; −∞ if the batch is empty
     */
    double logSumWeights(int pair, int batch) {
        int i = pair * BATCHES + batch;
        return weightSums[i] == 0 ? Double.NEGATIVE_INFINITY : logWeightMax[i] + Math.log(weightSums[i]);
    }

    /**
     * @param batch b
     * @return rounds recorded in batch b
     */
    long rounds(int batch) {
        return batchRounds[batch];
    }

    @Override
    public String toString() {
        return "EvidenceAccumulator[K=" + levels + ", rounds per batch " + Arrays.toString(batchRounds) + "]";
    }
}
