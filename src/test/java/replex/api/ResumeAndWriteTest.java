package replex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunStoppedException;
import replex.io.CheckpointFile;
import replex.io.JobSpec;

/**
 * {@link Replex#runAndWrite(JobSpec, ClassLoader, ProgressListener, java.util.function.BooleanSupplier)}
 * with a stop request, and {@link Replex#resumeAndWrite}: the resumed run writes the uninterrupted
 * run's draws.csv byte for byte, records the resume, and cleans up its checkpoints.
 */
class ResumeAndWriteTest {

    /** Rounds of the small job. */
    static final int ROUNDS = 40;
    /** The round the interrupted run stops after (not a multiple of the default interval, 4). */
    static final int STOP_AT = 17;

    @TempDir
    Path dir;

    private JobSpec spec(Path out, String extra) {
        return JobSpec.fromConfig(ConfigFactory.parseString("job { seed = 7, target { name = gaussian-mixture, "
                + "weights = [0.3, 0.7], means = [[-3], [3]], sd = 1 }, chains = 2, temperatures.count = 3, "
                + "rounds = " + ROUNDS + ", steps-per-round = 2, burn-in-rounds = 10, workers = 0" + extra + " }"),
                new JobSpec.Overrides(out, null, null), dir);
    }

    private JobSpec spec(Path out) {
        return spec(out, "");
    }

    /** A stop request that turns true after {@code n} progress callbacks. */
    static final class StopAfter implements ProgressListener {
        final long n;
        final AtomicLong calls = new AtomicLong();

        StopAfter(long n) {
            this.n = n;
        }

        @Override
        public void progressed(long roundsDone, long totalRounds) {
            calls.incrementAndGet();
        }

        boolean stop() {
            return calls.get() >= n;
        }
    }

    /** Runs {@code spec} and stops it after {@link #STOP_AT} rounds. */
    private static RunStoppedException stopped(JobSpec spec) {
        StopAfter stop = new StopAfter(STOP_AT);
        return assertThrows(RunStoppedException.class, () -> Replex.runAndWrite(spec, null, stop, stop::stop));
    }

    private Path uninterruptedDraws() {
        CompletedRun straight = Replex.runAndWrite(spec(dir.resolve("straight")), null);
        return straight.outputs().draws();
    }

    /** @return the names of the files in a directory, sorted */
    static List<String> names(Path directory) throws IOException {
        List<String> names = new ArrayList<>();
        try (var files = Files.list(directory)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }

    @Test
    void stopWritesACheckpointOfThatRoundAndNoOutputs() throws IOException {
        Path out = dir.resolve("out");
        JobSpec spec = spec(out);
        assertEquals(4, spec.checkpointEvery(), "default rounds / 10");
        RunStoppedException e = stopped(spec);
        assertEquals(STOP_AT, e.round());
        Path checkpoints = out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR);
        List<Path> files = CheckpointFile.list(checkpoints);
        assertEquals(checkpoints.resolve(CheckpointFile.fileName(STOP_AT)), files.get(0), files.toString());
        assertEquals(STOP_AT, CheckpointFile.read(files.get(0)).state().round());
        assertEquals(List.of(CheckpointFile.fileName(16), CheckpointFile.fileName(STOP_AT), "draws-0000.bin",
                "draws-0001.bin"), names(checkpoints), "the stop's checkpoint, the newest periodic one and the "
                + "chains' draws files are kept");
        assertFalse(Files.exists(out.resolve("draws.csv")));
        assertFalse(Files.exists(out.resolve("summary.json")));
    }

    @Test
    void resumeWritesTheUninterruptedDrawsRecordsTheResumeAndDeletesTheCheckpoints() throws IOException {
        Path out = dir.resolve("out");
        stopped(spec(out));
        List<Long> progress = new ArrayList<>();
        CompletedRun resumed = Replex.resumeAndWrite(out, null, null, (done, total) -> progress.add(done),
                () -> false);
        assertEquals(STOP_AT + 1, progress.get(0), "progress goes on from the checkpoint");
        assertEquals(ROUNDS, progress.get(progress.size() - 1));
        assertEquals(out.resolve("draws.csv"), resumed.outputs().draws());
        assertEquals(-1, Files.mismatch(uninterruptedDraws(), out.resolve("draws.csv")), "byte-identical draws");

        JsonNode recovery = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("recovery");
        assertEquals(1, recovery.size(), recovery.toString());
        JsonNode event = recovery.get(0);
        assertEquals("resumed", event.get("kind").asText());
        assertEquals(STOP_AT, event.get("restored_round").asLong());
        assertEquals(STOP_AT, event.get("detected_at_round").asLong());
        assertEquals(0, event.get("rounds_replayed").asLong());
        assertTrue(event.get("detail").asText().contains(CheckpointFile.fileName(STOP_AT)), event.toString());
        assertEquals(1, resumed.summary().recoveryEvents().size());

        assertFalse(Files.exists(out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR)), "checkpoints deleted, directory too");
        assertEquals(List.of("draws.csv", "summary.json"), names(out));
    }

    @Test
    void resumeFromTheCheckpointDirectoryItselfWorksToo() throws IOException {
        Path out = dir.resolve("out");
        stopped(spec(out));
        Replex.resumeAndWrite(out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR), 0, null, ProgressListener.NONE,
                () -> false);
        assertEquals(-1, Files.mismatch(uninterruptedDraws(), out.resolve("draws.csv")));
        assertFalse(Files.exists(out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR)));
    }

    @Test
    void resumeOnTheActorEngineGivesTheSameDraws() throws IOException {
        Path out = dir.resolve("out");
        stopped(spec(out));
        CompletedRun resumed = Replex.resumeAndWrite(out, 2, null, ProgressListener.NONE, () -> false);
        assertEquals(-1, Files.mismatch(uninterruptedDraws(), out.resolve("draws.csv")), "byte-identical draws");
        assertEquals(1, resumed.summary().recoveryEvents().size(), resumed.summary().recoveryEvents().toString());
        assertEquals("resumed", resumed.summary().recoveryEvents().get(0).kind());
        assertEquals(STOP_AT, resumed.summary().recoveryEvents().get(0).restoredRound());
        assertTrue(CheckpointFile.list(out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR)).isEmpty());
    }

    @Test
    void stoppedTwiceAndResumedTwiceStillGivesTheSameDraws() throws IOException {
        Path out = dir.resolve("out");
        stopped(spec(out));
        StopAfter again = new StopAfter(5);
        RunStoppedException second = assertThrows(RunStoppedException.class,
                () -> Replex.resumeAndWrite(out, null, null, again, again::stop));
        assertEquals(STOP_AT + 5, second.round());
        CompletedRun resumed = Replex.resumeAndWrite(out, null, null, ProgressListener.NONE, () -> false);
        assertEquals(-1, Files.mismatch(uninterruptedDraws(), out.resolve("draws.csv")));
        List<Long> restored = resumed.summary().recoveryEvents().stream().map(e -> e.restoredRound()).toList();
        assertEquals(List.of((long) STOP_AT, (long) STOP_AT + 5), restored);
    }

    @Test
    void freshRunRefusesAnEarlierRunsCheckpointsAndDeletesNothing() throws IOException {
        Path out = dir.resolve("out");
        JobSpec spec = spec(out);
        stopped(spec);
        Path checkpoints = out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR);
        List<String> before = names(checkpoints);
        byte[] newest = Files.readAllBytes(checkpoints.resolve(CheckpointFile.fileName(STOP_AT)));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Replex.runAndWrite(spec, null, ProgressListener.NONE, () -> false));
        assertEquals("output.checkpoint-dir", e.key());
        assertTrue(e.getMessage().contains("replex resume"), e.getMessage());
        assertTrue(e.getMessage().contains(CheckpointFile.fileName(STOP_AT)), e.getMessage());
        assertEquals(before, names(checkpoints));
        assertEquals(-1, Files.mismatch(checkpoints.resolve(CheckpointFile.fileName(STOP_AT)),
                writeTemp(newest)));
        assertFalse(Files.exists(out.resolve("draws.csv")));
        // the checkpoint is still good: the run resumes
        Replex.resumeAndWrite(out, null, null, ProgressListener.NONE, () -> false);
        assertEquals(-1, Files.mismatch(uninterruptedDraws(), out.resolve("draws.csv")));
    }

    private Path writeTemp(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "copy", ".rpx");
        Files.write(file, bytes);
        return file;
    }

    @Test
    void finishedRunHasNothingToResume() {
        Path out = dir.resolve("out");
        Replex.runAndWrite(spec(out), null);
        assertTrue(Files.exists(out.resolve("summary.json")));
        assertFalse(Files.exists(out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR)));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Replex.loadCheckpoint(out));
        assertTrue(e.getMessage().contains("nothing to resume"), e.getMessage());
        assertTrue(e.getMessage().contains("summary.json"), e.getMessage());
    }

    @Test
    void emptyDirectoryHasNoValidCheckpoint() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Replex.loadCheckpoint(empty));
        assertTrue(e.getMessage().contains("no valid checkpoint"), e.getMessage());
        ConfigurationException viaResume = assertThrows(ConfigurationException.class,
                () -> Replex.resumeAndWrite(empty, null, null, ProgressListener.NONE, () -> false));
        assertTrue(viaResume.getMessage().contains("no valid checkpoint"), viaResume.getMessage());
        assertEquals(List.of(), names(empty));
    }

    @Test
    void missingDirectoryIsReported() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Replex.loadCheckpoint(dir.resolve("absent")));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    }

    @Test
    void noCheckpointsWhenTheIntervalIsZero() throws IOException {
        Path out = dir.resolve("out");
        JobSpec spec = spec(out, ", checkpoint-every = 0");
        assertEquals(0, spec.checkpointEvery());
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        CompletedRun run;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            run = Replex.runAndWrite(spec, null, ProgressListener.NONE, () -> false);
        } finally {
            System.setErr(original);
        }
        String logged = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(logged.contains("could not delete"), "no spurious warning about a missing directory: " + logged);
        assertFalse(Files.exists(out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR)));
        assertEquals(List.of("draws.csv", "summary.json"), names(out));
        assertEquals(List.of(), run.summary().recoveryEvents());
        assertEquals(-1, Files.mismatch(uninterruptedDraws(), out.resolve("draws.csv")));
    }

    @Test
    void checkpointsGoToAnExplicitCheckpointDirectoryAndAreDeletedThere() throws IOException {
        Path out = dir.resolve("out");
        Path ckpt = dir.resolve("elsewhere");
        JobSpec spec = spec(out, " }, output { checkpoint-dir = \"" + ckpt + "\"");
        assertEquals(ckpt, spec.checkpointDir());
        stopped(spec);
        assertFalse(Files.exists(out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR)));
        assertEquals(STOP_AT, CheckpointFile.read(CheckpointFile.list(ckpt).get(0)).state().round());
        // the output directory does not know where the checkpoints are: resume from the checkpoint directory
        Replex.resumeAndWrite(ckpt, null, null, ProgressListener.NONE, () -> false);
        assertEquals(-1, Files.mismatch(uninterruptedDraws(), out.resolve("draws.csv")));
        assertTrue(CheckpointFile.list(ckpt).isEmpty());
        assertTrue(Files.isDirectory(ckpt), "a directory the user chose is left in place");
    }

    @Test
    void negativeWorkersNameTheOption() {
        Path out = dir.resolve("out");
        stopped(spec(out));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Replex.resumeAndWrite(out, -1, null, ProgressListener.NONE, () -> false));
        assertEquals("--workers", e.key());
        assertTrue(e.getMessage().contains("--workers"), e.getMessage());
        assertFalse(Files.exists(out.resolve("draws.csv")));
    }
}
