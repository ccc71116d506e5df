package replex.core.chain;

import java.util.Arrays;

import replex.core.ladder.Ladder;
import replex.core.ladder.ScheduleOptimizer;

/**
 * Ladder adaptation during burn-in: swap rejection rates are summed per neighbouring pair over a
 * tuning window; at its end the inner levels move to equal steps of the communication barrier
 * estimated from them (Syed, Bouchard-Côté, Deligiannidis and Doucet 2022, "Non-reversible
 * parallel tempering: a scalable highly parallel MCMC scheme", JRSS B 84(2),
 * doi:10.1111/rssb.12464), and a window twice as long starts. Windows run while they end by half of
 * burn-in. Mutable, not thread-safe: one chain's.
 */
final class LadderTuning {

    /** Length in rounds of the first window. */
    static final long FIRST_WINDOW = 8;

    private final boolean enabled;
    private final long burnInRounds;
    /** Rejection sums and attempts per pair (k, k+1) in the current window, length K−1. */
    private final double[] rejection;
    private final long[] attempts;
    private long windowEnd = FIRST_WINDOW;

    /**
     * @param enabled whether the job adapts its ladder ({@code adapt-ladder})
     * @param levels K
     * @param burnInRounds the burn-in rounds
     */
    LadderTuning(boolean enabled, int levels, long burnInRounds) {
        this.enabled = enabled && levels > 2;
        this.burnInRounds = burnInRounds;
        this.rejection = new double[Math.max(0, levels - 1)];
        this.attempts = new long[Math.max(0, levels - 1)];
    }

    /** @return whether round {@code round} belongs to a tuning window */
    boolean active(long round) {
        return enabled && windowEnd <= burnInRounds / 2 && round < windowEnd;
    }

    /**
     * Counts one swap attempt of pair (k, k+1) in the window.
     *
     * @param pair k
     * @param rejectionProbability 1 − min(1, α) of the attempt
     */
    void record(int pair, double rejectionProbability) {
        attempts[pair]++;
        rejection[pair] += rejectionProbability;
    }

    /**
     * After round {@code round}: at the end of a window, the tuned ladder; else the one given.
     *
     * @param round the round just completed
     * @param ladder the ladder in force
     * @return the ladder for the next round
     */
    Ladder afterRound(long round, Ladder ladder) {
        if (!active(round) || round + 1 != windowEnd) {
            return ladder;
        }
        double[] rates = new double[rejection.length];
        boolean measured = true;
        for (int k = 0; k < rates.length; k++) {
            measured &= attempts[k] > 0;
            rates[k] = attempts[k] > 0 ? rejection[k] / attempts[k] : 0.0;
        }
        Arrays.fill(rejection, 0.0);
        Arrays.fill(attempts, 0L);
        windowEnd *= 2;
        // A pair never tried in the window (possible with SEO) gives no estimate: keep the ladder.
        return measured ? ScheduleOptimizer.optimize(ladder, rates) : ladder;
    }

    /** @return the window's rejection sums per pair (copy, length K−1) */
    double[] rejection() {
        return rejection.clone();
    }

    /** @return the window's attempts per pair (copy, length K−1) */
    long[] attempts() {
        return attempts.clone();
    }

    /** @return the round at which the current window ends */
    long windowEnd() {
        return windowEnd;
    }

    /**
     * Returns to a saved state.
     *
     * @param rejection rejection sums, length K−1
     * @param attempts attempts, length K−1
     * @param windowEnd the window's end
     */
    void restore(double[] rejection, long[] attempts, long windowEnd) {
        System.arraycopy(rejection, 0, this.rejection, 0, this.rejection.length);
        System.arraycopy(attempts, 0, this.attempts, 0, this.attempts.length);
        this.windowEnd = windowEnd;
    }
}
