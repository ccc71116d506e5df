package replex.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.typesafe.config.ConfigFactory;

import replex.core.engine.ProgressListener;
import replex.core.engine.RunStoppedException;
import replex.io.CheckpointFile;
import replex.io.DrawsCsv;
import replex.io.JobSpec;

/**
 * Checkpoints written by earlier versions keep working: each folder under
 * {@code src/test/resources/replex/api/golden/} holds a job file and the checkpoint folder of that
 * job stopped at round 17, written once by {@link #main} with the version named in its folder and
 * never rewritten (an optimize job's folder, {@code format-4-optimize}, holds the checkpoint of round
 * 20: its stop is honoured at a multiple of 10). Every later version must resume it to the outputs of
 * the uninterrupted run, byte for byte, or refuse it with a message naming the format version; when
 * the output changes on purpose, the folder is replaced and the change said in the commit.
 */
class CheckpointCompatibilityTest {

    /** The round at which the stored runs were stopped. */
    static final int STOP_AT = 17;

    @TempDir
    Path dir;

    private static Path golden(String name) throws URISyntaxException {
        return Path.of(CheckpointCompatibilityTest.class.getResource("golden/" + name).toURI());
    }

    private static JobSpec spec(Path jobFile, Path out) throws IOException {
        return JobSpec.fromConfig(ConfigFactory.parseString(Files.readString(jobFile)),
                new JobSpec.Overrides(out, null, null), jobFile.getParent());
    }

    /**
     * @param name {@code format-<version>} (the checkpoint format the folder holds): level 0's draws,
     *     every level's draws, or level 0's draws with a metric and a metadata string each
     */
    @ParameterizedTest
    @ValueSource(strings = {"format-2", "format-3-all-levels", "format-5-metadata"})
    void aStoredCheckpointResumesToTheUninterruptedDraws(String name) throws Exception {
        Path stored = golden(name);
        int version = Integer.parseInt(name.split("-")[1]);
        Path checkpoint = stored.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR).resolve(CheckpointFile.fileName(STOP_AT));
        assertEquals(version, ByteBuffer.wrap(Files.readAllBytes(checkpoint), 8, 4).getInt(),
                "the stored file is of the format its folder names");

        Path straight = dir.resolve("straight");
        Replex.runAndWrite(spec(stored.resolve("job.conf"), straight), null);

        Path out = dir.resolve("resumed");
        copy(stored.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR), out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR));
        Replex.resumeAndWrite(out, 0, null, ProgressListener.NONE, () -> false);
        for (String file : outputs(straight)) {
            assertArrayEquals(Files.readAllBytes(straight.resolve(file)), Files.readAllBytes(out.resolve(file)),
                    file + " resumed from the stored " + name + " checkpoint");
        }
        if (version == CheckpointFile.METADATA_FORMAT_VERSION) {
            String header = Files.readAllLines(out.resolve(DrawsCsv.FILE_NAME)).get(0);
            assertTrue(header.endsWith(",ode_steps,ode_status"), header);
        }
    }

    /**
     * The stored optimize checkpoint (format 4: a stop requested after round {@value #STOP_AT},
     * honoured at round 20) resumes to the best.csv and history.csv of the uninterrupted run.
     */
    @org.junit.jupiter.api.Test
    void aStoredOptimizeCheckpointResumesToTheUninterruptedOutputs() throws Exception {
        Path stored = golden("format-4-optimize");
        Path checkpoint = stored.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR).resolve(CheckpointFile.fileName(20));
        assertEquals(replex.io.OptimizeCheckpointFile.FORMAT_VERSION,
                ByteBuffer.wrap(Files.readAllBytes(checkpoint), 8, 4).getInt());
        Path straight = dir.resolve("straight");
        Optimizer.runAndWrite(replex.io.OptimizeSpec.load(stored.resolve("job.conf"),
                new JobSpec.Overrides(straight, null, null)), null, null, () -> false);
        Path out = dir.resolve("resumed");
        copy(stored.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR), out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR));
        Optimizer.resumeAndWrite(out, 0, null, null, () -> false);
        for (String file : new String[] {"best.csv", "history.csv"}) {
            assertArrayEquals(Files.readAllBytes(straight.resolve(file)), Files.readAllBytes(out.resolve(file)),
                    file + " resumed from the stored format-4-optimize checkpoint");
        }
    }

    /** @return draws.csv and any per-level draws files of a run's output folder */
    private static List<String> outputs(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.equals(DrawsCsv.FILE_NAME) || f.startsWith("draws-level-")).sorted().toList();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Writes a golden folder: the job file and the checkpoints of the job stopped at round
     * {@value #STOP_AT}. Run once per new checkpoint format, from the repository root:
     * {@code java -cp target/classes:target/test-classes:<dependencies> replex.api.CheckpointCompatibilityTest
     * src/test/resources/replex/api/golden/format-N job.conf}.
     *
     * @param args the folder to write, and the job file to copy into it
     * @throws Exception if the run or the copy fails
     */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Files.createDirectories(folder);
        Files.copy(Path.of(args[1]), folder.resolve("job.conf"), StandardCopyOption.REPLACE_EXISTING);
        Path out = Files.createTempDirectory("golden");
        AtomicLong done = new AtomicLong();
        if (replex.io.OptimizeSpec.isOptimizeJob(folder.resolve("job.conf"))) {
            Optimizer.runAndWrite(replex.io.OptimizeSpec.load(folder.resolve("job.conf"),
                    new JobSpec.Overrides(out, null, null)), null, (roundsDone, total, best) -> done.set(roundsDone),
                    () -> done.get() >= STOP_AT);
            copy(out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR), folder.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR));
            return;
        }
        assertThrows(RunStoppedException.class, () -> Replex.runAndWrite(spec(folder.resolve("job.conf"), out), null,
                (roundsDone, total) -> done.set(roundsDone), () -> done.get() >= STOP_AT));
        copy(out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR), folder.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR));
    }
}
