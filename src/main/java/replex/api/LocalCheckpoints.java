package replex.api;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the checkpoint writers of a run in this JVM share ({@link FileCheckpoints} for sampling, the
 * optimize run's): the interval, the stop request, and a write that is retried while it fails. When a
 * checkpoint cannot be written (disk full, permissions), the run pauses, tells its {@link RunListener}
 * once and retries until it succeeds; the previous checkpoint stays valid meanwhile. A stop request
 * during the pause ends the run with an error naming the last good checkpoint.
 *
 * <p>The subclasses implement the engines' control interfaces, whose {@code checkpointEvery} and
 * {@code stopRequested} this class implements.
 */
abstract class LocalCheckpoints {

    /** Pause between attempts to write a checkpoint while the disk is full or the directory unwritable. */
    static final Duration RETRY = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(LocalCheckpoints.class);

    private final int every;
    private final Path dir;
    private final BooleanSupplier stop;
    private final Duration retry;
    private final RunListener listener;
    private long lastWritten = -1;

    /**
     * @param every rounds between checkpoints, 0 for none but on a stop request
     * @param dir the checkpoint directory (for the notices and errors)
     * @param stop true once the run should checkpoint and stop
     * @param retry pause between attempts while a checkpoint cannot be written
     * @param listener told when the run pauses and continues; {@code null} for none
     */
    LocalCheckpoints(int every, Path dir, BooleanSupplier stop, Duration retry, RunListener listener) {
        this.every = every;
        this.dir = dir;
        this.stop = stop;
        this.retry = retry;
        this.listener = RunListener.orNone(listener);
    }

    /** @return rounds between checkpoints, 0 for none */
    public int checkpointEvery() {
        return every;
    }

    /** @return whether the run should write a checkpoint and stop */
    public boolean stopRequested() {
        return stop.getAsBoolean();
    }

    /**
     * A notice of an engine that writes its checkpoints itself: told to the listener.
     *
     * @param jobId the job
     * @param message the notice
     */
    public void notice(String jobId, String message) {
        listener.jobNotice(jobId, message);
    }

    /** Writes one checkpoint file. */
    @FunctionalInterface
    interface Write {
        /**
         * @return the file written
         * @throws IOException if it cannot be written
         */
        Path write() throws IOException;
    }

    /**
     * Writes a checkpoint, retrying every {@code retry} while it cannot be written (telling the
     * listener once, and again when it succeeds).
     *
     * @param round the checkpoint's round
     * @param write writes the file
     * @throws IllegalStateException if a stop is requested while the write fails, or the thread is interrupted
     */
    final void store(long round, Write write) {
        boolean paused = false;
        while (true) {
            try {
                Path file = write.write();
                if (paused) {
                    listener.checkpointContinued(file);
                }
                LOG.info("checkpoint after round {}: {}", round, file);
                lastWritten = round;
                return;
            } catch (IOException e) {
                String last = lastWritten < 0 ? "none yet" : "round " + lastWritten;
                if (stop.getAsBoolean()) {
                    throw new IllegalStateException("cannot write the checkpoint of round " + round + " to "
                            + dir + " (" + e.getMessage() + ") and the run was asked to stop; last checkpoint: "
                            + last, e);
                }
                if (!paused) {
                    listener.checkpointPaused(round, dir, e.getMessage(), retry, lastWritten);
                    paused = true;
                }
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while paused: the checkpoint of round "
                            + round + " was not written; last checkpoint: " + last, ie);
                }
            }
        }
    }
}
