package replex.core.engine;

/**
 * How long the rounds of a run took. On the actor engine, per chain: from a round's instructions
 * leaving the coordinator to the chain's last report arriving (steps, messages and waiting
 * included; chains ready together run in one batch). On the sequential engine: one round of every
 * chain. Not deterministic; not part of the draws.
 *
 * @param rounds chain-rounds measured
 * @param medianSeconds the median round time in seconds (within about 6 %: from a log-spaced histogram)
 * @param p90Seconds the 90th percentile in seconds
 */
public record RoundTiming(long rounds, double medianSeconds, double p90Seconds) {

    /**
     * A histogram of round times: 20 log-spaced bins per decade from 1 µs to 10⁴ s. Not thread-safe.
     */
    public static final class Recorder {
        private static final int PER_DECADE = 20;
        private static final double MIN_SECONDS = 1e-6;
        private final long[] bins = new long[10 * PER_DECADE + 1];
        private long count;

        /** @param nanos one round's duration in nanoseconds */
        public void add(long nanos) {
            double seconds = Math.max(nanos, 1) / 1e9;
            int bin = (int) Math.floor(Math.log10(seconds / MIN_SECONDS) * PER_DECADE);
            bins[Math.max(0, Math.min(bins.length - 1, bin))]++;
            count++;
        }

        /** @return the timing so far, or {@code null} if nothing was recorded */
        public RoundTiming timing() {
            return count == 0 ? null : new RoundTiming(count, quantile(0.5), quantile(0.9));
        }

        /** The geometric centre of the bin holding the q-quantile. */
        private double quantile(double q) {
            long rank = (long) Math.ceil(q * count);
            long seen = 0;
            for (int b = 0; b < bins.length; b++) {
                seen += bins[b];
                if (seen >= rank) {
                    return MIN_SECONDS * Math.pow(10, (b + 0.5) / PER_DECADE);
                }
            }
            return Double.NaN;
        }
    }
}
