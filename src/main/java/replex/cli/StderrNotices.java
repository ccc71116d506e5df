package replex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

import replex.api.RunListener;

/**
 * Prints the notices of a run in this JVM on the command's stderr: a damaged checkpoint skipped by a
 * resume, a checkpoint that cannot be written yet (the run pauses) and then can, and a job coordinator's
 * notices (as {@code replex: job ID: MESSAGE}). Printed with
 * {@code --quiet} too. The resume's recovery event is not printed: {@code replex resume} says where it
 * resumes from before the run starts.
 */
final class StderrNotices implements RunListener {

    private final PrintWriter err;

    /** @param err the command's stderr */
    StderrNotices(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void checkpointSkipped(String fileAndReason) {
        print("Skipped a bad checkpoint: " + fileAndReason);
    }

    @Override
    public void checkpointPaused(long round, Path dir, String error, Duration retry, long lastWritten) {
        print("Cannot write the checkpoint of round " + round + " to " + dir + ": " + error
                + ". The run is paused and retries every " + retry.toSeconds()
                + " s; free disk space or fix the directory's permissions (last checkpoint: "
                + (lastWritten < 0 ? "none yet" : "round " + lastWritten) + ").");
    }

    @Override
    public void checkpointContinued(Path file) {
        print("Checkpoint written to " + file + "; the run continues.");
    }

    @Override
    public void jobNotice(String jobId, String message) {
        print("replex: job " + jobId + ": " + message);
    }

    private void print(String line) {
        err.println(line);
        err.flush();
    }
}
