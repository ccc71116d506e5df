package replex.core.optimize;

/**
 * How the {@link OptimizeEngine} checkpoints a run and learns that it must stop. Called from the
 * engine's thread, between rounds.
 */
public interface OptimizeControl {

    /** No checkpoints; never stops. */
    OptimizeControl NONE = new OptimizeControl() {
        @Override
        public int checkpointEvery() {
            return 0;
        }

        @Override
        public boolean stopRequested() {
            return false;
        }

        @Override
        public void checkpoint(OptimizeState state) {
        }
    };

    /**
     * @return rounds between checkpoints, a multiple of {@link OptimizeReplica#RESYNC_ROUNDS}; 0 = none
     *     (a stop request still writes one)
     */
    int checkpointEvery();

    /**
     * @return true once the run should stop: it does at the next round that is a multiple of
     *     {@link OptimizeReplica#RESYNC_ROUNDS}, after a checkpoint (polled after every round)
     */
    boolean stopRequested();

    /**
     * Saves a checkpoint; returns once it is stored (may block, e.g. while the disk is full).
     *
     * @param state the run after {@code state.round()} rounds
     * @throws RuntimeException if it cannot be stored and the run must stop
     */
    void checkpoint(OptimizeState state);
}
