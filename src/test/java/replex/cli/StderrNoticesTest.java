package replex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import replex.core.engine.RecoveryEvent;

/** {@link StderrNotices}: the lines {@code replex run} and {@code replex resume} print for a run's notices. */
class StderrNoticesTest {

    private final StringWriter text = new StringWriter();
    private final StderrNotices notices = new StderrNotices(new PrintWriter(text));

    private String printed() {
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void aSkippedCheckpointIsNamedWithItsReason() {
        notices.checkpointSkipped("/runs/a/checkpoints/checkpoint-000010.bin: bad CRC");
        assertEquals("Skipped a bad checkpoint: /runs/a/checkpoints/checkpoint-000010.bin: bad CRC\n", printed());
    }

    @Test
    void aPauseSaysWhyHowOftenItRetriesAndTheLastCheckpoint() {
        Path dir = Path.of("/runs/a/checkpoints");
        notices.checkpointPaused(5, dir, "No space left on device", Duration.ofSeconds(10), -1);
        notices.checkpointPaused(9, dir, "denied", Duration.ofSeconds(10), 6);
        assertEquals("Cannot write the checkpoint of round 5 to " + dir + ": No space left on device. The run is "
                + "paused and retries every 10 s; free disk space or fix the directory's permissions (last "
                + "checkpoint: none yet).\n"
                + "Cannot write the checkpoint of round 9 to " + dir + ": denied. The run is paused and retries "
                + "every 10 s; free disk space or fix the directory's permissions (last checkpoint: round 6).\n",
                printed());
    }

    @Test
    void theRunContinuesOnceWritten() {
        Path file = Path.of("/runs/a/checkpoints/checkpoint-000005.bin");
        notices.checkpointContinued(file);
        assertEquals("Checkpoint written to " + file + "; the run continues.\n", printed());
    }

    @Test
    void aJobCoordinatorsNoticeIsPrintedWithTheJobsId() {
        notices.jobNotice("job-1a2b", "checkpoint of round 5 written; the job continues");
        assertEquals("replex: job job-1a2b: checkpoint of round 5 written; the job continues\n", printed());
    }

    @Test
    void theResumeIsNotPrintedAgain() {
        notices.recovered(new RecoveryEvent(RecoveryEvent.Kind.RESUMED, "2024-01-01T00:00:00Z", 5, 5, 0, "from x"));
        assertEquals("", printed());
    }
}
