package replex.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import replex.core.ConfigurationException;
import replex.core.optimize.OptimizeEngine;
import replex.io.CheckpointFile;
import replex.io.JobSpec;
import replex.io.OptimizeCheckpointFile;
import replex.io.OptimizeSpec;

/**
 * Optimize jobs stopped by a stop request after some round and continued from their checkpoint
 * write the outputs of the run that was never interrupted: best.csv and history.csv byte for byte,
 * summary.json too but for its wall time, on either engine, after a checkpoint that the stop wrote
 * or a periodic one.
 */
class OptimizeResumeTest {

    @TempDir
    Path dir;

    /** A table with an incremental objective (rebuilt on resume), 2 chains x 4 levels, patience stop. */
    static final String TABLE_JOB = "job { mode = optimize, seed = 5, objective { name = pearson-spearman-gap }, "
            + "state { file = \"%s\" }, chains = 2, temperatures { count = 4, t-min = 0.001, t-max = 0.1 }, "
            + "rounds = 120, steps-per-round = 50, move.cells = 3, checkpoint-every = %d }\n"
            + "output.history-every = 7\n";
    /** A vector drawn uniformly in its box (the start draws from each replica's stream), cooling. */
    static final String VECTOR_JOB = "job { mode = optimize, seed = 9, objective { name = rastrigin }, "
            + "state { dimension = 4, lower = -5.12, upper = 5.12 }, temperatures { count = 5, t-min = 0.01, "
            + "t-max = 10, cooling = 0.99 }, rounds = 100, steps-per-round = 40, swap = seo, checkpoint-every = %d }\n";

    private OptimizeSpec spec(String text, Path out) throws IOException {
        Path job = dir.resolve("job-" + out.getFileName() + ".conf");
        Files.writeString(job, text);
        return OptimizeSpec.load(job, new JobSpec.Overrides(out, null, null));
    }

    private static String jobText(String kind, int checkpointEvery) {
        return kind.equals("table")
                ? String.format(TABLE_JOB, Path.of("examples/data/two-normals-1000.csv").toAbsolutePath(),
                        checkpointEvery)
                : String.format(VECTOR_JOB, checkpointEvery);
    }

    /** summary.json without its wall time. */
    private static String summaryWithoutWallTime(Path out) throws IOException {
        return Files.readString(out.resolve("summary.json")).replaceAll("\"wall_seconds\" ?: [^,\\n]+", "");
    }

    /**
     * @param kind table (incremental objective) or vector (uniform start)
     * @param workers threads of the stopped run
     * @param resumeWorkers threads of the resumed run
     * @param checkpointEvery the job's periodic checkpoints (0 = only the stop's)
     * @param stopAfter the round after which the stop is requested
     */
    @ParameterizedTest
    @CsvSource({"table, 0, 0, 0, 23", "table, 2, 2, 0, 23", "table, 0, 2, 40, 47", "vector, 2, 0, 0, 61",
        "vector, 0, 0, 20, 5"})
    void aStoppedRunResumesToTheOutputsOfTheUninterruptedRun(String kind, int workers, int resumeWorkers,
            int checkpointEvery, int stopAfter) throws IOException {
        Path straight = dir.resolve("straight");
        OptimizeSpec s = spec(jobText(kind, checkpointEvery), straight);
        Optimizer.Completed whole = Optimizer.runAndWrite(s.relocated(0, s.outputDir(), s.checkpointDir()), null,
                null, () -> false);
        assertEquals(OptimizeEngine.StopReason.ROUNDS, whole.result().stopReason());
        assertFalse(Files.exists(straight.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR)), "checkpoints deleted");

        Path out = dir.resolve("stopped");
        OptimizeSpec t = spec(jobText(kind, checkpointEvery), out);
        AtomicLong done = new AtomicLong();
        Optimizer.Completed stopped = Optimizer.runAndWrite(t.relocated(workers, t.outputDir(), t.checkpointDir()),
                null, (roundsDone, total, best) -> done.set(roundsDone), () -> done.get() >= stopAfter);
        assertEquals(OptimizeEngine.StopReason.REQUESTED, stopped.result().stopReason());
        long expected = (stopAfter / 10 + 1) * 10L;
        assertEquals(expected, stopped.result().roundsDone(), "stops at the next multiple of 10");
        assertTrue(Files.readString(out.resolve("summary.json")).matches("(?s).*\"complete\" ?: false.*"));
        Path checkpoint = out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR).resolve(CheckpointFile.fileName(expected));
        assertEquals(OptimizeCheckpointFile.FORMAT_VERSION, CheckpointFile.formatVersion(checkpoint));
        assertTrue(Optimizer.holdsCheckpoint(out));

        Optimizer.Completed resumed = Optimizer.resumeAndWrite(out, resumeWorkers, null, null, () -> false);
        assertEquals(OptimizeEngine.StopReason.ROUNDS, resumed.result().stopReason());
        assertEquals("resumed", resumed.events().get(resumed.events().size() - 1).kind());
        for (String file : new String[] {"best.csv", "history.csv"}) {
            assertArrayEquals(Files.readAllBytes(straight.resolve(file)), Files.readAllBytes(out.resolve(file)), file);
        }
        String reference = summaryWithoutWallTime(straight).replace(straight.toString(), out.toString());
        if (resumeWorkers != 0) {
            reference = reference.replace("\"workers\": 0", "\"workers\": " + resumeWorkers);
        }
        assertEquals(reference, summaryWithoutWallTime(out));
        assertFalse(Files.exists(out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR)), "checkpoints deleted after the run");
    }

    @Test
    void aFreshRunIntoEarlierCheckpointsIsRefused() throws IOException {
        Path out = dir.resolve("twice");
        OptimizeSpec s = spec(jobText("vector", 0), out);
        AtomicLong done = new AtomicLong();
        Optimizer.runAndWrite(s, null, (r, t, b) -> done.set(r), () -> done.get() >= 1);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Optimizer.runAndWrite(s, null, null, () -> false));
        assertTrue(e.getMessage().contains("holds checkpoints of an earlier run"), e.getMessage());
        assertTrue(e.getMessage().contains("replex resume " + out), e.getMessage());
    }

    @Test
    void checkpointEveryMustBeAMultipleOfTen() throws IOException {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> spec(jobText("vector", 25), dir.resolve("x")));
        assertTrue(e.getMessage().startsWith("job.checkpoint-every: must be a multiple of 10"), e.getMessage());
    }
}
