package replex.core.engine;

/**
 * How an engine checkpoints a run and learns that it must stop. Called from the engine's thread.
 */
public interface RunControl {

    /** No checkpoints, never stops. */
    RunControl NONE = new RunControl() {
        @Override
        public int checkpointEvery() {
            return 0;
        }

        @Override
        public void checkpoint(RunState state) {
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    };

    /** @return rounds between checkpoints (a checkpoint after every round that is a multiple), 0 = none */
    int checkpointEvery();

    /**
     * Saves a checkpoint. Returns once it is safely stored; may block (e.g. while the disk is full
     * and the run is paused).
     *
     * @param state the job after {@code state.round()} rounds
     * @throws RuntimeException if the checkpoint cannot be stored and the run must stop
     */
    void checkpoint(RunState state);

    /** @return true once the run should checkpoint and stop (e.g. after Ctrl-C) */
    boolean stopRequested();

    /**
     * A notice for the user from an engine that writes its checkpoints itself (the actor engine's
     * coordinator): a checkpoint that cannot be written, and then can. The default ignores it.
     *
     * @param jobId the job
     * @param message the notice
     */
    default void notice(String jobId, String message) {
    }
}
