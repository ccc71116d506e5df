package replex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import replex.api.Replex;
import replex.core.engine.RunStoppedException;
import replex.io.CheckpointFile;
import replex.io.JobSpec;

/** {@code replex resume}, and {@code replex run} into a directory that holds checkpoints. */
class ResumeCommandTest {

    @TempDir
    Path dir;

    record Outcome(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Outcome replex(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ReplexCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private Path jobFile() throws IOException {
        Path file = dir.resolve("job.conf");
        Files.writeString(file, "job { seed = 5, target { name = gaussian, means = [0, 2] }, chains = 2, "
                + "temperatures.count = 3, rounds = 40, steps-per-round = 2, burn-in-rounds = 10, workers = 0 }");
        return file;
    }

    /** Runs the job file's job into {@code out} through the API and stops it after {@code n} rounds. */
    private Path stoppedRun(Path out, long n) throws IOException {
        JobSpec spec = JobSpec.load(jobFile(), new JobSpec.Overrides(out, null, null));
        AtomicLong rounds = new AtomicLong();
        RunStoppedException e = assertThrows(RunStoppedException.class, () -> Replex.runAndWrite(spec, null,
                (done, total) -> rounds.set(done), () -> rounds.get() >= n));
        assertEquals(n, e.round());
        return out;
    }

    private static void assertNoStackTrace(Outcome o) {
        assertFalse(o.err().contains("Exception"), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
    }

    @Test
    void emptyDirectoryIsAUsageError() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Outcome o = replex("resume", empty.toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.errLines().get(0).startsWith("replex: error: "), o.err());
        assertTrue(o.err().contains("no valid checkpoint"), o.err());
        assertNoStackTrace(o);
        assertEquals("", o.out());
    }

    @Test
    void missingDirectoryIsAUsageError() {
        Outcome o = replex("resume", dir.resolve("absent").toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertTrue(o.err().startsWith("replex: error: ") && o.err().contains("not a directory"), o.err());
    }

    @Test
    void finishedRunIsAUsageErrorWithNothingToResume() throws IOException {
        Path out = dir.resolve("done");
        assertEquals(ExitCodes.OK, replex("run", jobFile().toString(), "-q", "--out", out.toString()).code());
        Outcome o = replex("resume", out.toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertTrue(o.err().contains("nothing to resume"), o.err());
    }

    @Test
    void resumeWritesTheOutputsOfTheUninterruptedRun() throws IOException {
        Path out = stoppedRun(dir.resolve("out"), 13);
        Outcome o = replex("resume", out.toString());
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertTrue(o.err().contains("resuming from") && o.err().contains(CheckpointFile.fileName(13))
                && o.err().contains("round 13 of 40"), o.err());
        assertTrue(Files.exists(out.resolve("draws.csv")));
        assertTrue(Files.exists(out.resolve("summary.json")));
        assertFalse(Files.exists(out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR)), "checkpoints deleted");
        assertTrue(o.out().lines().anyMatch(l -> l.startsWith("recovery") && l.contains("resumed at round 13")),
                o.out());
        assertTrue(o.out().contains("r_hat"), o.out());
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"resumed\""));

        Path straight = dir.resolve("straight");
        assertEquals(ExitCodes.OK, replex("run", jobFile().toString(), "-q", "--out", straight.toString()).code());
        assertEquals(-1, Files.mismatch(straight.resolve("draws.csv"), out.resolve("draws.csv")),
                "byte-identical to the uninterrupted run");
    }

    @Test
    void quietResumePrintsOnlyWarnings() throws IOException {
        Path out = stoppedRun(dir.resolve("out"), 9);
        Outcome o = replex("resume", out.toString(), "-q", "--workers", "0");
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertEquals("", o.out());
        assertTrue(o.errLines().stream().allMatch(l -> l.startsWith("replex: warning: ")),
                "only warnings with --quiet: " + o.err());
        assertTrue(Files.exists(out.resolve("summary.json")));
    }

    @Test
    void negativeWorkersIsAUsageError() throws IOException {
        Path out = stoppedRun(dir.resolve("out"), 9);
        Outcome o = replex("resume", out.toString(), "-q", "--workers", "-1");
        assertEquals(ExitCodes.USAGE, o.code());
        assertTrue(o.err().startsWith("replex: error: --workers"), o.err());
        assertFalse(Files.exists(out.resolve("draws.csv")));
        assertEquals(2, CheckpointFile.list(out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR)).size(), "kept");
    }

    @Test
    void helpExplainsTheResume() {
        Outcome o = replex("resume", "--help");
        assertEquals(ExitCodes.OK, o.code());
        for (String text : List.of("DIR", "--workers", "--classpath", "byte-identical", "Exit codes")) {
            assertTrue(o.out().contains(text), () -> text + " missing from:\n" + o.out());
        }
        Outcome root = replex("--help");
        assertTrue(root.out().contains("resume"), root.out());
    }

    @Test
    void freshRunIntoADirectoryWithCheckpointsIsAUsageErrorPointingToResume() throws IOException {
        Path out = stoppedRun(dir.resolve("out"), 13);
        List<Path> before = CheckpointFile.list(out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR));
        Outcome o = replex("run", jobFile().toString(), "--out", out.toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.err().startsWith("replex: error: output.checkpoint-dir: "), o.err());
        assertTrue(o.err().contains("replex resume " + out), o.err());
        assertNoStackTrace(o);
        assertEquals(before, CheckpointFile.list(out.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR)), "nothing deleted");
        assertFalse(Files.exists(out.resolve("draws.csv")));
    }
}
