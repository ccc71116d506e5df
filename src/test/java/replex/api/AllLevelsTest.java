package replex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunStoppedException;
import replex.io.CheckpointFile;
import replex.io.DrawsCsv;
import replex.io.JobSpec;

/**
 * {@code output.all-levels = true} end to end: every level's draws are written as
 * {@code draws-level-<k>.csv}, level 0's equal to {@code draws.csv}, {@code draws.csv} is the same
 * with the option on and off, and the files are byte-identical on the sequential engine, on 1 and
 * 2 workers, and after a stop and a resume on either engine.
 */
class AllLevelsTest {

    static final int ROUNDS = 40;
    static final int STOP_AT = 17;
    static final int LEVELS = 3;
    static final int CHAINS = 2;

    @TempDir
    Path dir;

    private JobSpec spec(Path out, int workers, boolean allLevels, String extra) {
        return JobSpec.fromConfig(ConfigFactory.parseString("job { seed = 7, target { name = gaussian-mixture, "
                + "weights = [0.3, 0.7], means = [[-3, 0], [3, 1]], sd = 1 }, chains = " + CHAINS + ", "
                + "temperatures { count = " + LEVELS + ", beta-min = 0.1, adapt = true }, rounds = " + ROUNDS + ", "
                + "steps-per-round = 3, burn-in-rounds = 10, thin = 2, proposal.adapt = covariance, workers = "
                + workers + extra + " }\noutput.all-levels = " + allLevels), new JobSpec.Overrides(out, null, null),
                dir);
    }

    private static List<String> levelFiles() {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < LEVELS; k++) {
            names.add(DrawsCsv.levelFileName(k));
        }
        return names;
    }

    private static List<String> names(Path directory) throws IOException {
        return ResumeAndWriteTest.names(directory);
    }

    /** Asserts that the draws files of two output directories are byte-identical. */
    private static void assertSameFiles(Path expected, Path actual, String where) throws IOException {
        List<String> files = new ArrayList<>(levelFiles());
        files.add(DrawsCsv.FILE_NAME);
        for (String f : files) {
            assertEquals(-1, Files.mismatch(expected.resolve(f), actual.resolve(f)), where + ": " + f);
        }
    }

    @Test
    void everyLevelIsWrittenLevelZeroEqualsDrawsCsvAndDrawsCsvDoesNotChange() throws IOException {
        Path on = dir.resolve("on");
        CompletedRun run = Replex.runAndWrite(spec(on, 0, true, ", checkpoint-every = 0"), null);
        Path off = dir.resolve("off");
        CompletedRun plain = Replex.runAndWrite(spec(off, 0, false, ", checkpoint-every = 0"), null);

        assertEquals(-1, Files.mismatch(off.resolve("draws.csv"), on.resolve("draws.csv")),
                "draws.csv is the same with the option on and off");
        assertEquals(-1, Files.mismatch(on.resolve("draws.csv"), on.resolve(DrawsCsv.levelFileName(0))),
                "level 0 (beta = 1) is draws.csv");
        int perChain = run.result().settings().drawsPerChain();
        assertEquals((ROUNDS - 10) * 3 / 2, perChain);
        List<String> header = Files.readAllLines(on.resolve("draws.csv")).subList(0, 1);
        for (int k = 0; k < LEVELS; k++) {
            List<String> lines = Files.readAllLines(on.resolve(DrawsCsv.levelFileName(k)));
            assertEquals(header, lines.subList(0, 1), "level " + k + " has draws.csv's columns");
            assertEquals(1 + CHAINS * perChain, lines.size(), "level " + k + ": every chain's thinned draws");
            assertTrue(lines.get(1).startsWith("0,0,"), lines.get(1));
            assertTrue(lines.get(lines.size() - 1).startsWith((CHAINS - 1) + "," + (perChain - 1) + ","));
        }
        assertFalse(Files.readAllLines(on.resolve(DrawsCsv.levelFileName(1)))
                .equals(Files.readAllLines(on.resolve(DrawsCsv.levelFileName(2)))), "levels differ");
        assertEquals(on.resolve(DrawsCsv.levelFileName(2)), run.outputs().levels().get(2));
        assertEquals(List.of(), plain.outputs().levels());
        assertEquals(List.of("draws.csv", "summary.json"), names(off));
        List<String> expected = new ArrayList<>(levelFiles());
        expected.add("draws.csv");
        expected.add("summary.json");
        expected.sort(null);
        assertEquals(expected, names(on));

        JsonNode summary = new ObjectMapper().readTree(on.resolve("summary.json").toFile());
        assertTrue(summary.get("settings").get("all_levels").asBoolean());
        JsonNode levels = summary.get("level_draws");
        assertEquals(LEVELS, levels.size());
        for (int k = 0; k < LEVELS; k++) {
            JsonNode level = levels.get(k);
            assertEquals(k, level.get("level").asInt());
            assertEquals(DrawsCsv.levelFileName(k), level.get("file").asText());
            for (int c = 0; c < CHAINS; c++) {
                assertEquals(summary.get("chains").get(c).get("betas").get(k).asDouble(),
                        level.get("betas").get(c).asDouble(), "level " + k + ", chain " + c);
            }
        }
        assertEquals(1.0, levels.get(0).get("betas").get(0).asDouble());
        for (String stat : new String[] {"mean", "sd"}) {
            assertEquals(summary.get("parameters").get("x[1]").get(stat).asDouble(),
                    levels.get(0).get("parameters").get("x[1]").get(stat).asDouble(), 1e-12, stat);
        }
        JsonNode plainSummary = new ObjectMapper().readTree(off.resolve("summary.json").toFile());
        assertFalse(plainSummary.get("settings").get("all_levels").asBoolean());
        assertTrue(plainSummary.get("level_draws").isNull());
        assertTrue(run.summary().spec().render().contains("all-levels=true"), "echoed in the effective job");
    }

    @Test
    void levelFilesAreByteIdenticalOnTheSequentialEngineAndOneAndTwoWorkers() throws IOException {
        Path sequential = dir.resolve("w0");
        Replex.runAndWrite(spec(sequential, 0, true, ", checkpoint-every = 0"), null);
        for (int workers : new int[] {1, 2}) {
            Path actors = dir.resolve("w" + workers);
            Replex.runAndWrite(spec(actors, workers, true, ", checkpoint-every = 0"), null);
            assertSameFiles(sequential, actors, "workers = " + workers);
        }
    }

    /**
     * Runs the job with checkpoints and asks it to stop once {@code round} rounds are done (the
     * sequential engine stops right there, the actor engine a round or two later).
     */
    private static RunStoppedException stopped(JobSpec spec, long round) {
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        ProgressListener progress = (roundsDone, total) -> done.set(roundsDone);
        return assertThrows(RunStoppedException.class,
                () -> Replex.runAndWrite(spec, null, progress, () -> done.get() >= round));
    }

    @Test
    void stoppedAndResumedOnEitherEngineGivesTheUninterruptedFiles() throws IOException {
        Path straight = dir.resolve("straight");
        Replex.runAndWrite(spec(straight, 0, true, ", checkpoint-every = 0"), null);

        Path out = dir.resolve("seq");
        assertEquals(STOP_AT, stopped(spec(out, 0, true, ", checkpoint-every = 5"), STOP_AT).round());
        Path checkpoints = out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR);
        assertEquals(List.of(CheckpointFile.fileName(15), CheckpointFile.fileName(STOP_AT), "draws-0000-level-0001.bin",
                "draws-0000-level-0002.bin", "draws-0000.bin", "draws-0001-level-0001.bin",
                "draws-0001-level-0002.bin", "draws-0001.bin"), names(checkpoints));
        Path newest = checkpoints.resolve(CheckpointFile.fileName(STOP_AT));
        assertEquals(CheckpointFile.ALL_LEVELS_FORMAT_VERSION, ByteBuffer.wrap(Files.readAllBytes(newest), 8, 4)
                .getInt(), "a checkpoint with every level's draws is format version 3");
        var snapshot = CheckpointFile.read(newest).state().chains()[1];
        assertEquals(10, snapshot.drawRows(), "(17 - 10) rounds x 3 steps / thin 2");
        assertEquals((long) LEVELS * snapshot.drawRows() * 4, snapshot.draws().length,
                "read back with every level's draws (d = 2, rows of 4)");
        Replex.resumeAndWrite(out, 2, null, ProgressListener.NONE, () -> false);
        assertSameFiles(straight, out, "stopped on 0 workers, resumed on 2");
        assertTrue(!Files.exists(checkpoints) || names(checkpoints).isEmpty(),
                "checkpoints and every level's draws files deleted");

    }

    @Test
    void stoppedOnActorsAndResumedOnTheSequentialEngineGivesTheUninterruptedFiles() throws IOException {
        // long enough that the stop request (polled every 100 ms) arrives well before the end
        // (as ActorCheckpointTest: 20000 rounds)
        String longer = ", rounds = 20000, steps-per-round = 1, thin = 10, checkpoint-every = 500";
        Path straight = dir.resolve("straight");
        Replex.runAndWrite(spec(straight, 0, true, longer), null);
        Path actors = dir.resolve("actors");
        long at = stopped(spec(actors, 2, true, longer), STOP_AT).round();
        assertTrue(at > 10 && at < 20000, "stopped after burn-in: " + at);
        assertEquals(CheckpointFile.ALL_LEVELS_FORMAT_VERSION, ByteBuffer.wrap(Files.readAllBytes(actors.resolve(
                JobSpec.DEFAULT_CHECKPOINT_DIR).resolve(CheckpointFile.fileName(at))), 8, 4).getInt());
        Replex.resumeAndWrite(actors, 0, null, ProgressListener.NONE, () -> false);
        assertSameFiles(straight, actors, "stopped on 2 workers at round " + at + ", resumed on 0");
    }

    @Test
    void aBurnInCheckpointOfAnAllLevelsJobStaysVersionTwoAndResumes() throws IOException {
        Path straight = dir.resolve("straight");
        Replex.runAndWrite(spec(straight, 0, true, ", checkpoint-every = 0"), null);
        Path out = dir.resolve("out");
        assertEquals(6, stopped(spec(out, 0, true, ", checkpoint-every = 0"), 6).round());
        Path file = out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR).resolve(CheckpointFile.fileName(6));
        assertEquals(CheckpointFile.FORMAT_VERSION, ByteBuffer.wrap(Files.readAllBytes(file), 8, 4).getInt(),
                "no draw kept yet: nothing a version-2 reader would misread");
        Replex.resumeAndWrite(out, null, null, ProgressListener.NONE, () -> false);
        assertSameFiles(straight, out, "stopped in burn-in");
    }

    @Test
    void anOldOutputDirectoryLosesItsLevelFilesWhenTheOptionIsOff() throws IOException {
        Path out = dir.resolve("out");
        Replex.runAndWrite(spec(out, 0, true, ", checkpoint-every = 0"), null);
        assertTrue(Files.exists(out.resolve(DrawsCsv.levelFileName(1))));
        Replex.runAndWrite(spec(out, 0, false, ", checkpoint-every = 0"), null);
        assertEquals(List.of("draws.csv", "summary.json"), names(out), "one run's files only");
    }

    @Test
    void aNonBooleanValueIsRejectedNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> JobSpec.fromConfig(
                ConfigFactory.parseString("job.target { name = gaussian, means = [0] }\noutput.all-levels = 3"),
                JobSpec.Overrides.NONE, dir));
        assertEquals("output.all-levels", e.key());
        assertTrue(e.getMessage().contains("true or false"), e.getMessage());
        JobSpec off = JobSpec.fromConfig(ConfigFactory.parseString("job.target { name = gaussian, means = [0] }"),
                JobSpec.Overrides.NONE, dir);
        assertFalse(off.sampler().allLevels(), "default false");
        assertTrue(off.render().contains("all-levels=false"), off.render());
        JobSpec on = JobSpec.fromConfig(ConfigFactory.parseString("job.target { name = gaussian, means = [0] }\n"
                + "job.temperatures { count = 3, beta-min = 0.1 }\noutput.all-levels = true"), JobSpec.Overrides.NONE, dir);
        assertEquals(on, JobSpec.fromConfig(on.toConfig(), JobSpec.Overrides.NONE, dir), "the effective job reads back");
    }
}
