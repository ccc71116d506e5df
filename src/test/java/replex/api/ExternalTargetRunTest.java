package replex.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import replex.core.ConfigurationException;
import replex.core.engine.RunStoppedException;
import replex.io.JobSpec;
import replex.targets.ProtocolChild;

/**
 * Whole runs of a job file whose target is a child process ({@code target.command}, here the Java
 * {@link ProtocolChild}): draws.csv byte-identical for the sequential engine and 1 and 2 worker
 * threads, and after a stop and a resume; every child gone when a run ends or stops; a child that
 * cannot start fails the job before it starts.
 */
class ExternalTargetRunTest {

    @TempDir
    Path dir;

    private Path jobFile(String extraTarget) throws IOException {
        StringBuilder command = new StringBuilder("[");
        List<String> parts = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ProtocolChild.class.getName());
        for (int i = 0; i < parts.size(); i++) {
            command.append(i > 0 ? ", " : "").append('"').append(parts.get(i)).append('"');
        }
        command.append(']');
        Path file = dir.resolve("job.conf");
        Files.writeString(file, "job {\n  seed = 11\n  target { command = " + command + ", pids = \""
                + dir.resolve("pids") + "\"" + extraTarget + " }\n  chains = 2\n  temperatures.count = 3\n"
                + "  rounds = 40\n  steps-per-round = 2\n  burn-in-rounds = 10\n  checkpoint-every = 4\n}\n");
        return file;
    }

    private JobSpec spec(Path file, String out, int workers) {
        return JobSpec.load(file, new JobSpec.Overrides(dir.resolve(out), workers, null));
    }

    /** Waits for every child that ever wrote its pid to have ended. */
    private void assertNoChildLeft() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("pids"))) {
            files = s.toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            Optional<ProcessHandle> child = ProcessHandle.of(Long.parseLong(f.getFileName().toString()));
            if (child.isPresent()) {
                child.get().onExit().get(30, TimeUnit.SECONDS);
                assertFalse(child.get().isAlive(), "child " + f.getFileName() + " still runs");
            }
        }
    }

    @Test
    void drawsAreIdenticalForWorkers012AndNoChildOutlivesARun() throws Exception {
        Path file = jobFile("");
        byte[] sequential = null;
        for (int workers : new int[] {0, 1, 2}) {
            CompletedRun run = Replex.runAndWrite(spec(file, "w" + workers, workers), null);
            assertEquals(List.of("a", "b[1]", "c"), run.result().parameterNames());
            byte[] draws = Files.readAllBytes(run.outputs().draws());
            if (sequential == null) {
                sequential = draws;
            } else {
                assertArrayEquals(sequential, draws, "draws.csv with " + workers + " workers");
            }
            assertTrue(Files.readString(dir.resolve("w" + workers).resolve("target-stderr.log"))
                    .contains("input closed, exiting"));
            assertNoChildLeft();
        }
    }

    @Test
    void aStoppedRunResumesToTheSameDrawsAndLeavesNoChild() throws Exception {
        Path file = jobFile("");
        byte[] straight = Files.readAllBytes(Replex.runAndWrite(spec(file, "straight", 0), null).outputs().draws());
        ResumeAndWriteTest.StopAfter stop = new ResumeAndWriteTest.StopAfter(17);
        // stopped on the sequential engine, which polls the request after every round (the actor engine
        // polls every 100 ms: a 40-round job can end before), resumed on the actor engine
        assertThrows(RunStoppedException.class,
                () -> Replex.runAndWrite(spec(file, "stopped", 0), null, stop, stop::stop));
        assertNoChildLeft();
        CompletedRun resumed = Replex.resumeAndWrite(dir.resolve("stopped"), 1, null, null, () -> false);
        assertArrayEquals(straight, Files.readAllBytes(resumed.outputs().draws()));
        assertNoChildLeft();
    }

    @Test
    void aChildThatCannotStartFailsTheJobBeforeItStarts() throws Exception {
        Path file = jobFile(", startup = exit");
        var e = assertThrows(ConfigurationException.class, () -> Replex.runAndWrite(spec(file, "bad", 2), null));
        assertEquals("job.target.command", e.key());
        assertTrue(e.getMessage().contains("No module named 'numpyy'"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("bad").resolve("draws.csv")));
        assertNoChildLeft();
    }
}
