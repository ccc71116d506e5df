package replex.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;

import picocli.CommandLine;
import replex.core.Target;
import replex.io.EvaluateJournal;
import replex.io.JobSpec;

/**
 * {@code replex run} and {@code replex resume} on evaluate jobs: every point evaluated exactly once
 * with the values of direct calls, failed points as rows, the same evaluations.csv for any number of
 * worker threads, stop and resume, bad input.
 */
public class EvaluateRunTest {

    @TempDir
    Path dir;

    record Outcome(int code, String out, String err) {
    }

    static Outcome replex(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ReplexCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** Splits CSV text as RFC 4180 says (quoted fields with "" and line breaks): rows of fields. */
    public static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        return rows;
    }

    private Path job(String tag, String extra, int points) throws IOException {
        Path job = dir.resolve(tag + ".conf");
        Files.writeString(job, "job { mode = evaluate, seed = 11, target { class = \"" + EvaluationProbe.class.getName()
                + "\", tag = " + tag + extra + " }, design { type = latin-hypercube, points = " + points
                + ", lower = -1, upper = [1, 2] } }\n");
        return job;
    }

    /** 200 Latin-hypercube points: each evaluated exactly once, with the values of direct calls. */
    @Test
    void everyPointOnceWithTheValuesOfDirectCalls() throws IOException {
        Path out = dir.resolve("once");
        Outcome o = replex("run", job("once", "", 200).toString(), "--out", out.toString(), "--workers", "2",
                "--quiet");
        assertEquals(0, o.code(), o.err());
        List<List<String>> rows = csv(Files.readString(out.resolve("evaluations.csv")));
        assertEquals(List.of("point", "a", "b", "log_prior", "log_likelihood", "norm", "tail", "label", "status",
                "message"), rows.get(0));
        assertEquals(201, rows.size());
        Map<List<Double>, AtomicInteger> calls = EvaluationProbe.calls("once");
        assertEquals(200, calls.size());
        assertEquals(200, EvaluationProbe.total("once"));
        Target direct = new EvaluationProbe(ConfigFactory.parseString("tag = direct"));
        for (int i = 1; i <= 200; i++) {
            List<String> r = rows.get(i);
            assertEquals(String.valueOf(i - 1), r.get(0));
            double a = Double.parseDouble(r.get(1));
            double b = Double.parseDouble(r.get(2));
            assertEquals(1, calls.get(List.of(a, b)).get(), "calls of point " + (i - 1));
            Target.Evaluation e = direct.evaluate(new double[] {a, b});
            assertEquals(e.logPrior(), Double.parseDouble(r.get(3)));
            assertEquals(e.logLikelihood(), Double.parseDouble(r.get(4)));
            assertEquals(e.metrics().get("norm"), Double.parseDouble(r.get(5)));
            if (e.metrics().containsKey("tail")) {
                assertEquals(e.metrics().get("tail"), Double.parseDouble(r.get(6)));
            } else {
                assertEquals("", r.get(6));
            }
            assertEquals(e.metadata().get("label"), r.get(7));
            assertEquals("ok", r.get(8));
            assertEquals("", r.get(9));
        }
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(200, summary.get("ok").asInt());
        assertEquals(0, summary.get("failed").asInt());
        assertEquals(201, Files.readAllLines(out.resolve("timings.csv")).size());
        assertFalse(Files.exists(out.resolve("checkpoints")), "the progress is deleted once the job is complete");
    }

    /** A target that throws at some points: those rows are failed with the message, the others fine; exit 0. */
    @Test
    void failingPointsAreRowsAndTheJobSucceeds() throws IOException {
        Path out = dir.resolve("fail");
        Outcome o = replex("run", job("fail", ", fail-above = 0.5", 40).toString(), "--out", out.toString(),
                "--workers", "2");
        assertEquals(0, o.code(), o.err());
        List<List<String>> rows = csv(Files.readString(out.resolve("evaluations.csv")));
        int failed = 0;
        for (List<String> r : rows.subList(1, rows.size())) {
            double a = Double.parseDouble(r.get(1));
            if (a > 0.5) {
                failed++;
                assertEquals(List.of("", "", "", "", "", "failed", "probe refuses a = " + a), r.subList(3, 10));
            } else {
                assertEquals("ok", r.get(8));
                assertFalse(r.get(3).isEmpty());
            }
        }
        assertTrue(failed > 0 && failed < 40, "failed " + failed);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(failed, summary.get("failed").asInt());
        assertEquals(40 - failed, summary.get("ok").asInt());
        assertEquals(failed, summary.get("failed_points").size());
        assertTrue(o.err().contains("replex: warning: " + failed + " of 40 points failed"), o.err());
        assertTrue(o.out().contains("evaluated 40 points (" + (40 - failed) + " ok, " + failed + " failed)"), o.out());
    }

    /** evaluations.csv is byte-identical for 0, 1 and 2 worker threads. */
    @Test
    void evaluationsDoNotDependOnWorkers() throws IOException {
        byte[][] csv = new byte[3][];
        for (int w = 0; w <= 2; w++) {
            Path out = dir.resolve("w" + w);
            Outcome o = replex("run", job("w" + w, ", fail-above = 0.8", 60).toString(), "--out", out.toString(),
                    "--workers", String.valueOf(w), "--quiet");
            assertEquals(0, o.code(), o.err());
            csv[w] = Files.readAllBytes(out.resolve("evaluations.csv"));
        }
        assertArrayEquals(csv[0], csv[1]);
        assertArrayEquals(csv[0], csv[2]);
    }

    /**
     * A job stopped after some points (the stop request of Ctrl-C) keeps them; resume evaluates only the
     * others: every point once in all, and evaluations.csv byte-identical to an uninterrupted run's.
     */
    @Test
    void stopAndResumeEvaluateEveryPointOnce() throws IOException {
        Path whole = dir.resolve("whole");
        assertEquals(0, replex("run", job("whole", "", 200).toString(), "--out", whole.toString(), "--workers", "2",
                "--quiet").code());
        Path out = dir.resolve("stopped");
        Path job = job("stop", "", 200);
        StringWriter err = new StringWriter();
        int code = EvaluateRun.run(job, new JobSpec.Overrides(out, 2, null), null, true, new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), () -> EvaluationProbe.total("stop") >= 70);
        assertEquals(ExitCodes.STOPPED, code);
        assertTrue(err.toString().contains("replex: continue with: replex resume " + out), err.toString());
        int first = EvaluationProbe.total("stop");
        assertTrue(first >= 70 && first < 200, "evaluated before the stop: " + first);
        assertFalse(Files.exists(out.resolve("evaluations.csv")));
        assertEquals(first, Files.readAllLines(out.resolve("checkpoints").resolve(EvaluateJournal.RESULTS)).size());

        Outcome o = replex("resume", out.toString(), "--workers", "1");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("(" + first + " of 200 points done)"), o.err());
        assertEquals(200, EvaluationProbe.total("stop"), "every point exactly once across stop and resume");
        for (AtomicInteger n : EvaluationProbe.calls("stop").values()) {
            assertEquals(1, n.get());
        }
        assertEquals(200, EvaluationProbe.calls("stop").size());
        String expected = Files.readString(whole.resolve("evaluations.csv"));
        assertEquals(expected, Files.readString(out.resolve("evaluations.csv")));
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(first, summary.get("resumed_points").asInt());
        assertNull(EvaluateJournal.find(out), "the progress is deleted once the job is complete");
        Outcome again = replex("resume", out.toString());
        assertEquals(2, again.code(), "a complete job has nothing to resume: " + again.err());
    }

    /** A fresh run refuses to start over the progress of an interrupted one. */
    @Test
    void freshRunRefusesEarlierProgress() throws IOException {
        Path out = dir.resolve("earlier");
        Path job = job("earlier", "", 50);
        assertEquals(ExitCodes.STOPPED, EvaluateRun.run(job, new JobSpec.Overrides(out, 0, null), null, true,
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                () -> EvaluationProbe.total("earlier") >= 10));
        Outcome o = replex("run", job.toString(), "--out", out.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("output.checkpoint-dir") && o.err().contains("replex resume"), o.err());
    }

    /** A design file: its columns in any order, the points in its order; bad CSV names file, line and column. */
    @Test
    void designFileAndItsErrors() throws IOException {
        Files.writeString(dir.resolve("points.csv"), "b,a\n0.5,0.25\n-1,2\n");
        Path job = dir.resolve("file.conf");
        Files.writeString(job, "job { mode = evaluate, target { class = \"" + EvaluationProbe.class.getName()
                + "\", tag = file }, design { file = \"points.csv\" }, workers = 0 }\n");
        Path out = dir.resolve("file");
        Outcome o = replex("run", job.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, o.code(), o.err());
        List<List<String>> rows = csv(Files.readString(out.resolve("evaluations.csv")));
        assertEquals(List.of("0", "0.25", "0.5"), rows.get(1).subList(0, 3));
        assertEquals(List.of("1", "2.0", "-1.0"), rows.get(2).subList(0, 3));

        Files.writeString(dir.resolve("points.csv"), "a,b\n0.5,0.25\n0.1,x\n");
        o = replex("run", job.toString(), "--out", out.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("job.design.file: file " + dir.resolve("points.csv") + ", line 3, column 2"),
                o.err());
        Files.writeString(dir.resolve("points.csv"), "a,c\n0.5,0.25\n");
        o = replex("run", job.toString(), "--out", out.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("line 1, column 2: 'c' is not a parameter of the target"), o.err());
    }

    /** Keys are checked and errors name them. */
    @Test
    void badKeysAreNamed() throws IOException {
        String[][] cases = {
            {"design { type = latin-hypercube, points = 10, lower = [0, 0, 0], upper = 1 }", "job.design.lower"},
            {"design { type = lhs, points = 10, lower = 0, upper = 1 }", "job.design.type"},
            {"design { type = grid, points = [2, 3, 4], lower = 0, upper = 1 }", "job.design.points"},
            {"design { type = sobol, points = 0, lower = 0, upper = 1 }", "job.design.points"},
            {"design { type = grid, points = 3, lower = 1, upper = 0 }", "job.design.lower"},
            {"design { type = grid, points = 3, lower = 0, upper = 1, skip = 2 }", "job.design.skip"},
            {"design { type = sobol, points = 3, lower = 0 }", "job.design.upper"},
            {"design { type = sobol, points = 3, lower = 0, uper = 1 }", "job.design.uper"},
            {"desing { type = sobol, points = 3, lower = 0, upper = 1 }", "job.desing"},
        };
        for (String[] c : cases) {
            Path job = dir.resolve("bad.conf");
            Files.writeString(job, "job { mode = evaluate, target { class = \"" + EvaluationProbe.class.getName()
                    + "\", tag = bad }, " + c[0] + " }\n");
            Outcome o = replex("run", job.toString(), "--out", dir.resolve("bad").toString());
            assertEquals(2, o.code(), c[0] + ": " + o.err());
            assertTrue(o.err().startsWith("replex: error: " + c[1] + ":"), c[0] + ": " + o.err());
        }
    }
}
