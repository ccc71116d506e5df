package replex.core.engine;

/** Receives progress of a run; called from the engine's thread(s), must be cheap and thread-safe. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (done, total) -> { };

    /**
     * @param roundsDone rounds completed by every chain (the slowest chain's count)
     * @param totalRounds rounds in the job
     */
    void progressed(long roundsDone, long totalRounds);
}
