package replex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code replex bench} in this JVM: its help and its answers to bad input, which come before any
 * process is started. The runs themselves, in separate processes, are tested by BenchIT.
 */
class BenchCommandTest {

    @TempDir
    Path dir;

    record Outcome(int code, String out, String err) {
    }

    private static Outcome replex(String... args) {
        CommandLine cl = ReplexCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private Path job() throws IOException {
        Path file = dir.resolve("job.conf");
        Files.writeString(file, "job { target { name = cpu-burn, cost-us = 1 }, chains = 1, temperatures.count = 2, "
                + "rounds = 10, steps-per-round = 1 }");
        return file;
    }

    /** Exit code 2, exactly one line on stderr, starting with "replex: error: " and containing {@code text}. */
    private void assertUsageError(String text, String... args) {
        Outcome o = replex(args);
        assertEquals(2, o.code(), o.err());
        List<String> lines = o.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + o.err());
        assertTrue(lines.get(0).startsWith("replex: error: "), lines.get(0));
        assertTrue(lines.get(0).contains(text), lines.get(0));
        assertFalse(Files.exists(dir.resolve("bench")), "nothing is created for bad input");
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws IOException {
        String job = job().toString();
        String out = dir.resolve("bench").toString();
        assertUsageError("not found", "bench", dir.resolve("missing.conf").toString(), "--workers", "0,1", "--out", out);
        assertUsageError("--workers", "bench", job, "--workers", "0,,1", "--out", out);
        assertUsageError("--workers", "bench", job, "--workers", "one", "--out", out);
        assertUsageError("--workers", "bench", job, "--workers", "-1", "--out", out);
        assertUsageError("--nodes", "bench", job, "--workers", "0", "--nodes", "2", "--out", out);
        assertUsageError("--repeats", "bench", job, "--workers", "0,1", "--repeats", "0", "--out", out);
        assertUsageError("--timeout", "bench", job, "--workers", "0", "--timeout", "0", "--out", out);
        assertUsageError("--out", "bench", job, "--workers", "0,1");
        assertUsageError("--workers", "bench", job, "--out", out);
        assertUsageError("'--repeats'", "bench", job, "--workers", "0", "--repeats", "many", "--out", out);
    }

    @Test
    void anInvalidJobFileIsExitCode2NamingTheKey() throws IOException {
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "job { target { name = cpu-burn, cost-us = -3 } }");
        assertUsageError("job.target.cost-us", "bench", bad.toString(), "--workers", "0,1", "--out",
                dir.resolve("bench").toString());
    }

    @Test
    void helpTeachesWithAWorkedExample() {
        Outcome o = replex("bench", "--help");
        assertEquals(0, o.code(), o.err());
        String help = o.out();
        for (String text : List.of("--workers", "--nodes", "--repeats", "--out", "--quiet", "baseline",
                "Efficiency = speed-up / (threads / baseline threads)", "workers 0 counting as 1 thread",
                "wall_time_seconds", "byte-identical", "bench.csv", "bench.png",
                "replex bench examples/bench-cpu-burn.conf --workers 0,1,2 --out out/bench", "Exit codes")) {
            assertTrue(help.replaceAll("\\s+", " ").contains(text), "help lacks '" + text + "':\n" + help);
        }
        assertTrue(replex("--help").out().contains("bench"), "listed by replex --help");
    }

    @Test
    void lastErrorLinePrefersReplexsOwnReport() {
        assertEquals("replex: run failed: boom", BenchRunner.lastErrorLine(List.of("starting", "replex: run failed: boom",
                "[WARN] Akka shutting down", "")));
        assertEquals("replex: error: job.rounds: must be >= 1", BenchRunner.lastErrorLine(List.of(
                "replex: error: job.rounds: must be >= 1")));
        assertEquals("java.lang.OutOfMemoryError: Java heap space", BenchRunner.lastErrorLine(List.of("a",
                "java.lang.OutOfMemoryError: Java heap space", "  ")));
        assertEquals("last words", BenchRunner.lastErrorLine(List.of("first", "last words", " ")));
        assertEquals("(no output)", BenchRunner.lastErrorLine(List.of()));
    }

    @Test
    void theClusterSizeLineIsRecognised() {
        var m = BenchRunner.WORKER_NODES.matcher("worker node up: akka://replex@127.0.0.1:2552 (worker nodes: 3)");
        assertTrue(m.find());
        assertEquals("3", m.group(1));
    }
}
