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

    /**
     * Progress of a job that runs elsewhere (a cluster job), stamped with the job's own clock, so
     * that a rate is one of the job's rounds and not of the messages' arrival (which can come in
     * bursts). The default ignores the time.
     *
     * @param roundsDone rounds completed by every chain
     * @param totalRounds rounds in the job
     * @param jobSeconds seconds since the job's coordinator started when {@code roundsDone} was
     *     reached; a job restarted by a new coordinator starts again from 0
     */
    default void progressed(long roundsDone, long totalRounds, double jobSeconds) {
        progressed(roundsDone, totalRounds);
    }
}
