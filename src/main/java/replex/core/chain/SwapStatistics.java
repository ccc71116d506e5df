package replex.core.chain;

/**
 * The swap record of one chain after burn-in, per neighbouring pair (k, k+1): attempts, accepted
 * swaps, and the sum of the rejection probabilities 1 − min(1, α), which divided by the attempts
 * estimates the pair's local communication barrier. Mutable, not thread-safe: one chain's.
 */
final class SwapStatistics {

    private final long[] attempts;
    private final long[] accepted;
    private final double[] rejectionSum;

    /** @param levels K */
    SwapStatistics(int levels) {
        this.attempts = new long[Math.max(0, levels - 1)];
        this.accepted = new long[Math.max(0, levels - 1)];
        this.rejectionSum = new double[Math.max(0, levels - 1)];
    }

    /**
     * @param pair k
     * @param rejectionProbability 1 − min(1, α) of the attempt
     * @param wasAccepted whether the swap happened
     */
    void record(int pair, double rejectionProbability, boolean wasAccepted) {
        attempts[pair]++;
        rejectionSum[pair] += rejectionProbability;
        if (wasAccepted) {
            accepted[pair]++;
        }
    }

    /** @return attempts per pair (copy, length K−1) */
    long[] attempts() {
        return attempts.clone();
    }

    /** @return accepted swaps per pair (copy, length K−1) */
    long[] accepted() {
        return accepted.clone();
    }

    /** @return rejection sums per pair (copy, length K−1) */
    double[] rejectionSum() {
        return rejectionSum.clone();
    }

    /**
     * Returns to a saved state (arrays of length K−1).
     *
     * @param attempts attempts
     * @param accepted accepted swaps
     * @param rejectionSum rejection sums
     */
    void restore(long[] attempts, long[] accepted, double[] rejectionSum) {
        System.arraycopy(attempts, 0, this.attempts, 0, this.attempts.length);
        System.arraycopy(accepted, 0, this.accepted, 0, this.accepted.length);
        System.arraycopy(rejectionSum, 0, this.rejectionSum, 0, this.rejectionSum.length);
    }
}
