package replex.api;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunControl;
import replex.core.engine.RunState;
import replex.io.CheckpointFile;
import replex.io.JobSpec;

/**
 * Writes a job's checkpoints to its checkpoint directory for the sequential engine. When a
 * checkpoint cannot be written (disk full, permissions), the run pauses, says so on stderr and
 * retries until it succeeds; the previous checkpoint stays valid meanwhile. A stop request during
 * the pause ends the run with an error naming the last good checkpoint.
 */
final class FileCheckpoints implements RunControl {

    private static final Logger LOG = LoggerFactory.getLogger(FileCheckpoints.class);

    private final JobSpec spec;
    private final BooleanSupplier stop;
    private final List<RecoveryEvent> events;
    private final List<String> parameterNames;
    private final Duration retry;
    private long lastWritten = -1;

    /**
     * @param spec the job (its checkpoint interval and directory)
     * @param stop true once the run should checkpoint and stop
     * @param events recovery events to store with every checkpoint
     * @param parameterNames the target's parameter names, length d
     * @param retry pause between attempts while a checkpoint cannot be written
     */
    FileCheckpoints(JobSpec spec, BooleanSupplier stop, List<RecoveryEvent> events, List<String> parameterNames,
            Duration retry) {
        this.spec = spec;
        this.parameterNames = List.copyOf(parameterNames);
        this.stop = stop;
        this.events = List.copyOf(events);
        this.retry = retry;
    }

    @Override
    public int checkpointEvery() {
        return spec.checkpointEvery();
    }

    @Override
    public boolean stopRequested() {
        return stop.getAsBoolean();
    }

    @Override
    public void checkpoint(RunState state) {
        CheckpointFile.Payload payload = new CheckpointFile.Payload(Replex.version(), spec.toJson(),
                Instant.now().toString(), state, events.toArray(new RecoveryEvent[0]),
                parameterNames.toArray(new String[0]));
        lastWritten = store(state.round(), spec.checkpointDir(), () -> CheckpointFile.write(spec.checkpointDir(),
                payload), stop, lastWritten, retry);
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
     * Writes a checkpoint, retrying every {@code retry} while it cannot be written (saying so on
     * stderr once, and again when it succeeds).
     *
     * @param round the checkpoint's round
     * @param dir the checkpoint directory (for the messages)
     * @param write writes the file
     * @param stop true once the run should stop: a failing write then ends the run
     * @param lastWritten the round of the last checkpoint written, −1 if none
     * @param retry pause between attempts
     * @return {@code round}, once written
     * @throws IllegalStateException if a stop is requested while the write fails, or the thread is interrupted
     */
    static long store(long round, Path dir, Write write, BooleanSupplier stop, long lastWritten, Duration retry) {
        boolean paused = false;
        while (true) {
            try {
                Path file = write.write();
                if (paused) {
                    System.err.println("Checkpoint written to " + file + "; the run continues.");
                }
                LOG.info("checkpoint after round {}: {}", round, file);
                return round;
            } catch (IOException e) {
                String last = lastWritten < 0 ? "none yet" : "round " + lastWritten;
                if (stop.getAsBoolean()) {
                    throw new IllegalStateException("cannot write the checkpoint of round " + round + " to "
                            + dir + " (" + e.getMessage() + ") and the run was asked to stop; last checkpoint: "
                            + last, e);
                }
                if (!paused) {
                    System.err.println("Cannot write the checkpoint of round " + round + " to " + dir + ": "
                            + e.getMessage() + ". The run is paused and retries every " + retry.toSeconds()
                            + " s; free disk space or fix the directory's permissions (last checkpoint: " + last
                            + ").");
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
