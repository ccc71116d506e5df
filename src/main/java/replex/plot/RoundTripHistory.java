package replex.plot;

/**
 * Each chain's round trips over the sampling rounds, as read back from {@code summary.json}
 * ({@code chains[].round_trips_by_batch} and {@code settings.burn_in_rounds}): the round trips
 * completed in each of the batches of consecutive sampling rounds that the run used for the
 * standard errors of log Z.
 *
 * @param burnInRounds the burn-in rounds B: the sampling rounds start when B rounds are done
 * @param endRounds per batch, the rounds done (burn-in included) when the batch ends,
 *     non-decreasing, each ≥ B (an empty batch ends where the previous one does)
 * @param chainIds the chain numbers, in the file's order
 * @param counts {@code [chain][batch]}: round trips completed in that batch, ≥ 0
 */
public record RoundTripHistory(long burnInRounds, long[] endRounds, int[] chainIds, long[][] counts) {

    /** @return the number of chains */
    public int chains() {
        return chainIds.length;
    }

    /**
     * @param chain the chain's position in {@link #chainIds()}
     * @return its round trips completed by the end of each batch, cumulative, length of {@link #endRounds()}
     */
    public long[] cumulative(int chain) {
        long[] out = new long[endRounds.length];
        long sum = 0;
        for (int b = 0; b < out.length; b++) {
            sum += counts[chain][b];
            out[b] = sum;
        }
        return out;
    }

    /** @return round trips of all chains together */
    public long total() {
        long sum = 0;
        for (long[] chain : counts) {
            for (long n : chain) {
                sum += n;
            }
        }
        return sum;
    }
}
