package replex.core.chain;

/**
 * Counts round trips and tempered restarts of the replicas of one chain. A tempered restart is a
 * replica arriving at level 0 having last visited the hottest level; a round trip is a replica
 * arriving at the hottest level having visited level 0 since its previous visit there
 * (hot → cold → hot). With a single level there are none. Mutable, not thread-safe.
 */
public final class RoundTrips {

    private static final byte NONE = 0;
    private static final byte COLD = 1;
    private static final byte HOT = 2;

    private final int hottest;
    private final byte[] lastExtreme;
    private final boolean[] visitedHot;
    private long roundTrips;
    private long restarts;

    /**
     * @param replicas K, the number of replicas (= levels)
     * @param initialLevels level of each replica at the start, length K
     */
    public RoundTrips(int replicas, int[] initialLevels) {
        this.hottest = replicas - 1;
        this.lastExtreme = new byte[replicas];
        this.visitedHot = new boolean[replicas];
        for (int r = 0; r < replicas; r++) {
            observe(r, initialLevels[r], false);
        }
    }

    /**
     * Records a replica's level after a round's swaps.
     *
     * @param replica the replica index
     * @param level its level now
     * @param count whether completed trips are counted (false during burn-in)
     */
    public void observe(int replica, int level, boolean count) {
        if (hottest == 0) {
            return;
        }
        if (level == hottest && lastExtreme[replica] != HOT) {
            if (lastExtreme[replica] == COLD && visitedHot[replica] && count) {
                roundTrips++;
            }
            lastExtreme[replica] = HOT;
            visitedHot[replica] = true;
        } else if (level == 0 && lastExtreme[replica] != COLD) {
            if (lastExtreme[replica] == HOT && count) {
                restarts++;
            }
            lastExtreme[replica] = COLD;
        }
    }

    /**
     * The counter's complete state, for checkpoints.
     *
     * @param lastExtreme per replica the last extreme level visited: 0 none, 1 level 0, 2 the hottest (length K)
     * @param visitedHot per replica whether it has been at the hottest level (length K)
     * @param roundTrips completed round trips
     * @param restarts tempered restarts
     */
    public record State(byte[] lastExtreme, boolean[] visitedHot, long roundTrips, long restarts) {
    }

    /** @return a copy of the state */
    public State state() {
        return new State(lastExtreme.clone(), visitedHot.clone(), roundTrips, restarts);
    }

    /**
     * Continues from a saved state.
     *
     * @param state from {@link #state()} of a counter with as many replicas
     * @throws IllegalArgumentException if the lengths differ
     */
    public void restore(State state) {
        if (state.lastExtreme().length != lastExtreme.length || state.visitedHot().length != visitedHot.length) {
            throw new IllegalArgumentException("round-trip state has " + state.lastExtreme().length
                    + " replicas, expected " + lastExtreme.length);
        }
        System.arraycopy(state.lastExtreme(), 0, lastExtreme, 0, lastExtreme.length);
        System.arraycopy(state.visitedHot(), 0, visitedHot, 0, visitedHot.length);
        roundTrips = state.roundTrips();
        restarts = state.restarts();
    }

    /** @return completed round trips (hot → cold → hot), summed over replicas */
    public long roundTrips() {
        return roundTrips;
    }

    /** @return tempered restarts (hot → cold), summed over replicas */
    public long restarts() {
        return restarts;
    }
}
