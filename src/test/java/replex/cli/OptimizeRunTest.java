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

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/** {@code replex run} on optimize jobs: the shipped example, thread-count invariance, bad CSV input. */
class OptimizeRunTest {

    @TempDir
    Path dir;

    record Outcome(int code, String out, String err) {
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

    /** Reads a numeric CSV with a header by plain splitting (not the code under test): columns of numbers. */
    private static double[][] columns(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int d = lines.get(0).split(",").length;
        double[][] c = new double[d][lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            for (int j = 0; j < d; j++) {
                c[j][i - 1] = Double.parseDouble(f[j]);
            }
        }
        return c;
    }

    /**
     * The shipped example reaches Pearson ≥ 0.8 with |Spearman| ≤ 0.05, computed by Commons Math from
     * best.csv, and the metrics recorded for the best state are those of best.csv.
     */
    @Test
    void correlationExampleReachesItsStatistics() throws IOException {
        Path out = dir.resolve("corr");
        Outcome o = replex("run", "examples/optimize-correlation.conf", "--out", out.toString(), "--workers", "0",
                "--quiet");
        assertEquals(0, o.code(), o.err());
        double[][] xy = columns(out.resolve("best.csv"));
        assertEquals(1000, xy[0].length);
        double r = new PearsonsCorrelation().correlation(xy[0], xy[1]);
        double rho = new SpearmansCorrelation().correlation(xy[0], xy[1]);
        assertTrue(r >= 0.8, "pearson " + r);
        // spearman = absolute: the value r - |rho| drives rho towards 0, not merely below 0.2
        assertTrue(Math.abs(rho) <= 0.05, "spearman " + rho);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        JsonNode best = summary.get("best");
        // recorded from the incremental evaluator (running sums): equal up to rounding
        assertEquals(r, best.get("metrics").get("pearson").asDouble(), 1e-9);
        assertEquals(rho, best.get("metrics").get("spearman").asDouble(), 1e-9);
        assertEquals(r - Math.abs(rho), best.get("value").asDouble(), 1e-9);
        assertTrue(summary.get("complete").asBoolean());
        assertEquals(7, summary.get("chains").get(0).get("swaps").size());
    }

    private Path smallCorrelationJob() throws IOException {
        Path data = Path.of("examples/data/two-normals-1000.csv").toAbsolutePath();
        Path job = dir.resolve("small.conf");
        Files.writeString(job, "job { mode = optimize, seed = 5, objective { name = pearson-spearman-gap }, "
                + "state { file = \"" + data + "\" }, chains = 2, temperatures { count = 4, t-min = 0.001, t-max = 0.1 }, "
                + "rounds = 60, steps-per-round = 50, move.cells = 3 }\noutput.history-every = 7\n");
        return job;
    }

    /** best.csv and history.csv are byte-identical for 0, 1 and 2 worker threads. */
    @Test
    void outputsDoNotDependOnWorkers() throws IOException {
        Path job = smallCorrelationJob();
        byte[][] best = new byte[3][];
        byte[][] history = new byte[3][];
        for (int w = 0; w <= 2; w++) {
            Path out = dir.resolve("w" + w);
            Outcome o = replex("run", job.toString(), "--out", out.toString(), "--workers", String.valueOf(w), "--quiet");
            assertEquals(0, o.code(), o.err());
            best[w] = Files.readAllBytes(out.resolve("best.csv"));
            history[w] = Files.readAllBytes(out.resolve("history.csv"));
        }
        assertArrayEquals(best[0], best[1]);
        assertArrayEquals(best[0], best[2]);
        assertArrayEquals(history[0], history[1]);
        assertArrayEquals(history[0], history[2]);
        // rounds 1, 7, 14, …, 56 and the last, 60: 10 recorded rounds x 2 chains x 4 levels + header
        assertEquals(1 + 10 * 2 * 4, new String(history[0]).lines().count());
    }

    private Outcome runOnCsv(String csv, String objective) throws IOException {
        Path data = dir.resolve("bad.csv");
        Files.writeString(data, csv);
        Path job = dir.resolve("bad.conf");
        Files.writeString(job, "job { mode = optimize, objective { " + objective + " }, state.file = \"bad.csv\", "
                + "rounds = 5 }\noutput.dir = \"" + dir.resolve("never") + "\"\n");
        return replex("run", job.toString());
    }

    @Test
    void raggedRowIsAnInputError() throws IOException {
        Outcome o = runOnCsv("x,y\n1,2\n3\n", "name = pearson-spearman-gap");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("bad.csv, line 3, column 2 has 1 fields, the header has 2 (column 'y' is missing)"),
                o.err());
        assertFalse(Files.exists(dir.resolve("never")));
    }

    @Test
    void nonNumericCellIsAnInputError() throws IOException {
        Outcome o = runOnCsv("x,y\n1,2\n3,abc\n4,5\n", "name = pearson-spearman-gap");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("bad.csv, line 3, column 2 (y): 'abc' is not a number"), o.err());
    }

    @Test
    void missingColumnIsAnInputError() throws IOException {
        Outcome o = runOnCsv("x,y,z\n1,2,3\n3,4,1\n4,5,0\n", "name = pearson-spearman-gap, columns = [x, w]");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("job.objective.columns: names column 'w', which the state does not have"), o.err());
        assertTrue(o.err().contains("bad.csv, line 1)"), o.err());
    }

    @Test
    void emptyFileIsAnInputError() throws IOException {
        Outcome o = runOnCsv("", "name = pearson-spearman-gap");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("job.state.file: file " + dir.resolve("bad.csv") + ", line 1: the file is empty"),
                o.err());
    }

    /**
     * A submitted job's direction is decided by the client: a user class it cannot load, without
     * job.direction, is refused before the client contacts any node.
     */
    @Test
    void submitWithoutDirectionNeedsTheUserClassHere() throws IOException {
        Path job = dir.resolve("user.conf");
        Files.writeString(job, "job { mode = optimize, objective { class = \"com.example.NotHere\" }, "
                + "state { dimension = 3, lower = -1, upper = 1 } }\n");
        Outcome o = replex("submit", job.toString(), "--contact", "127.0.0.1:1", "--out", dir.resolve("o").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("job.direction: missing, and the objective class cannot be asked for its default"),
                o.err());
        assertFalse(Files.exists(dir.resolve("o")));
    }
}
