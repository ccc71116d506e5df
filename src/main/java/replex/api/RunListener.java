package replex.api;

import java.nio.file.Path;
import java.time.Duration;

import replex.core.engine.RecoveryEvent;

/**
 * Hears what a run in this JVM, or a cluster job this JVM submitted, reports besides its progress and
 * its result: notices for the user about checkpoints, and the recovery events it records. The API
 * prints nothing; {@code replex} (the command line) passes a listener that prints the notices on
 * stderr. Every method does nothing by default.
 *
 * <p>Called on the thread that reads or writes the checkpoints (the caller's, the engine's, or the
 * actor engine's checkpoint writer, or a cluster job's client actor): implementations must be cheap
 * and thread-safe.
 */
public interface RunListener {

    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {
    };

    /**
     * A newer checkpoint was unreadable when resuming, so an older one is used.
     *
     * @param fileAndReason the file skipped and why, as {@link replex.io.CheckpointFile.Loaded#skipped} gives it
     */
    default void checkpointSkipped(String fileAndReason) {
    }

    /**
     * A checkpoint cannot be written (disk full, permissions): the run is paused and retries until
     * it can. Told once per checkpoint, not at every retry.
     *
     * @param round the checkpoint's round
     * @param dir the checkpoint directory
     * @param error why it cannot be written
     * @param retry the pause between attempts
     * @param lastWritten the round of the last checkpoint written, −1 if none
     */
    default void checkpointPaused(long round, Path dir, String error, Duration retry, long lastWritten) {
    }

    /**
     * A checkpoint that could not be written at first is written now: the paused run continues.
     *
     * @param file the checkpoint file written
     */
    default void checkpointContinued(Path file) {
    }

    /**
     * A notice for the user from a job's coordinator (a cluster job, or a run on the actor engine): a
     * checkpoint that cannot be written, and then can, or every chain waiting for one. Called on the
     * job's client actor's thread.
     *
     * @param jobId the job
     * @param message the notice
     */
    default void jobNotice(String jobId, String message) {
    }

    /**
     * The run recorded a recovery event: a resume from a checkpoint ({@link RecoveryEvent.Kind#RESUMED}).
     *
     * @param event the event, as {@code summary.json} records it
     */
    default void recovered(RecoveryEvent event) {
    }

    /**
     * @param listener a listener, or {@code null}
     * @return {@code listener}, or {@link #NONE} for {@code null}
     */
    static RunListener orNone(RunListener listener) {
        return listener == null ? NONE : listener;
    }
}
