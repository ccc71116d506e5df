package replex.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * A composite target through {@code replex run}: the Lotka–Volterra ODE on two halves of the data
 * (data files next to the job file), sampled with the terms in parallel and one after the other,
 * and bad composite settings refused with exit code 2 and the key.
 */
class CompositeRunTest {

    @TempDir
    Path dir;

    @BeforeEach
    void copyData() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        for (String name : List.of("lynx-hare-1900-1910.json", "lynx-hare-1911-1920.json")) {
            Files.copy(Path.of("examples", "data", name), dir.resolve("data").resolve(name));
        }
    }

    private record Outcome(int code, String out, String err) {
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

    private Path job(String name, String target, int workers) throws IOException {
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, "job { seed = 11, target { " + target + " }, chains = 2, "
                + "temperatures { count = 3, beta-min = 0.1 }, rounds = 40, steps-per-round = 5, burn-in-rounds = 10, "
                + "proposal { scale = 0.01, adapt = covariance }, workers = " + workers + " }\n");
        return file;
    }

    private static String halves(String settings) {
        return "type = composite, " + settings + " terms = [ "
                + "{ name = hudson_lynx_hare-lotka_volterra, data = \"data/lynx-hare-1900-1910.json\" }, "
                + "{ name = hudson_lynx_hare-lotka_volterra, data = \"data/lynx-hare-1911-1920.json\" } ]";
    }

    private byte[] draws(String name, String settings, int workers) throws IOException {
        Path out = dir.resolve("out-" + name);
        Outcome o = replex("run", job(name, halves(settings), workers).toString(), "--out", out.toString(),
                "--quiet");
        assertEquals(0, o.code(), o.err());
        return Files.readAllBytes(out.resolve("draws.csv"));
    }

    /** The sum is taken in term order: which term finishes first changes no bit of the output. */
    @Test
    void parallelAndSequentialTermsGiveIdenticalDraws() throws IOException {
        byte[] sequential = draws("sequential", "parallel-terms = false,", 1);
        byte[] parallel = draws("parallel", "parallel-terms = true, term-workers = 1,", 1);
        byte[] wide = draws("wide", "parallel-terms = true, term-workers = 3,", 2);
        byte[] engine0 = draws("engine0", "parallel-terms = true, term-workers = 1,", 0);
        assertTrue(sequential.length > 1000, "draws were written");
        assertArrayEquals(sequential, parallel, "parallel-terms = true, 1 worker");
        assertArrayEquals(sequential, wide, "parallel-terms = true, 3 term workers, 2 workers");
        assertArrayEquals(sequential, engine0, "parallel-terms = true, sequential engine");
    }

    private void assertUsageError(String target, String key) throws IOException {
        Path out = dir.resolve("bad-out");
        Outcome o = replex("run", job("bad", target, 1).toString(), "--out", out.toString());
        assertEquals(ExitCodes.USAGE, o.code(), o.err());
        List<String> lines = o.err().lines().toList();
        assertEquals(1, lines.size(), o.err());
        assertTrue(lines.get(0).startsWith("replex: error: " + key + ": "), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
        assertFalse(Files.exists(out.resolve("draws.csv")), "nothing is written");
    }

    @Test
    void badCompositeSettingsExitWithCode2NamingTheKey() throws IOException {
        assertUsageError("type = composite, terms = []", "job.target.terms");
        assertUsageError("type = composite", "job.target.terms");
        assertUsageError("type = composite, terms = [ { name = hudson_lynx_hare-lotka_volterra }, "
                + "{ name = gaussian, means = [0, 0] } ]", "job.target.terms[1]");
        assertUsageError(halves("parallel-terms = true, term-workers = 0,"), "job.target.term-workers");
        assertUsageError("type = composite, terms = [ { name = hudson_lynx_hare-lotka_volterra, "
                + "data = \"data/absent.json\" } ]", "job.target.terms[0].data");
    }
}
