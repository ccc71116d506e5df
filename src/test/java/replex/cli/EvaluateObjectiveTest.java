package replex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;

import replex.core.optimize.TableState;
import replex.io.EvaluateJournal;
import replex.io.JobSpec;
import replex.objectives.RastriginObjective;

/**
 * {@code replex run} and {@code replex resume} of evaluate jobs with a vector objective: the values of
 * direct calls, the best point in the objective's direction, failed points as rows, the same
 * evaluations.csv for any number of worker threads, stop and resume, and the refusals.
 */
class EvaluateObjectiveTest {

    @TempDir
    Path dir;

    private Path job(String name, String text) throws IOException {
        Path job = dir.resolve(name + ".conf");
        Files.writeString(job, text);
        return job;
    }

    private Path probeJob(String tag, String extra, int points) throws IOException {
        return job(tag, "job { mode = evaluate, seed = 5, objective { class = \"" + ObjectiveProbe.class.getName()
                + "\", tag = " + tag + extra + " }, design { type = latin-hypercube, points = " + points
                + ", lower = -1, upper = [1, 2] } }\n");
    }

    private static JsonNode summary(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    /** Rastrigin on a Sobol design: each value that of a direct call; the best is the lowest (minimised). */
    @Test
    void valuesAreThoseOfDirectCallsAndTheBestFollowsTheDirection() throws IOException {
        Path out = dir.resolve("rastrigin");
        Path job = job("rastrigin", "job { mode = evaluate, objective { name = rastrigin }, design { type = sobol, "
                + "points = 64, lower = -5.12, upper = 5.12, names = [u, v, w] } }\n");
        EvaluateRunTest.Outcome o = EvaluateRunTest.replex("run", job.toString(), "--out", out.toString(), "--workers",
                "2");
        assertEquals(0, o.code(), o.err());
        List<List<String>> rows = EvaluateRunTest.csv(Files.readString(out.resolve("evaluations.csv")));
        assertEquals(List.of("point", "u", "v", "w", "value", "status", "message"), rows.get(0));
        assertEquals(65, rows.size());
        RastriginObjective direct = new RastriginObjective(ConfigFactory.parseString("name = rastrigin"));
        int best = -1;
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 1; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            double[] x = {Double.parseDouble(r.get(1)), Double.parseDouble(r.get(2)), Double.parseDouble(r.get(3))};
            double f = direct.evaluate(TableState.vector(x, List.of("u", "v", "w"))).value();
            assertEquals(f, Double.parseDouble(r.get(4)), "point " + (i - 1));
            assertEquals("ok", r.get(5));
            if (f < lowest) {
                lowest = f;
                best = i - 1;
            }
        }
        JsonNode s = summary(out);
        assertEquals("minimize", s.get("direction").asText());
        assertEquals(best, s.get("best").get("point").asInt());
        assertEquals(lowest, s.get("best").get("value").asDouble());
        assertEquals(List.of("u", "v", "w"), List.of(s.get("parameters").get(0).asText(),
                s.get("parameters").get(1).asText(), s.get("parameters").get(2).asText()));
        assertTrue(o.out().contains("best value") && o.out().contains("(minimize) at point " + best), o.out());

        Path max = dir.resolve("maximized");
        Files.writeString(job, Files.readString(job).replace("mode = evaluate,", "mode = evaluate, direction = maximize,"));
        assertEquals(0, EvaluateRunTest.replex("run", job.toString(), "--out", max.toString(), "--quiet").code());
        double highest = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < rows.size(); i++) {
            highest = Math.max(highest, Double.parseDouble(rows.get(i).get(4)));
        }
        assertEquals("maximize", summary(max).get("direction").asText());
        assertEquals(highest, summary(max).get("best").get("value").asDouble());
        assertEquals(Files.readString(out.resolve("evaluations.csv")), Files.readString(max.resolve(
                "evaluations.csv")), "the direction picks the best point; the values do not change");
    }

    /** A point whose objective throws is a failed row with the message; the others are evaluated, the job succeeds. */
    @Test
    void aFailingPointIsAFailedRow() throws IOException {
        Path out = dir.resolve("failing");
        EvaluateRunTest.Outcome o = EvaluateRunTest.replex("run", probeJob("objective-failing", ", fail-above = 0.5", 40)
                .toString(), "--out", out.toString(), "--workers", "2", "--quiet");
        assertEquals(0, o.code(), o.err());
        List<List<String>> rows = EvaluateRunTest.csv(Files.readString(out.resolve("evaluations.csv")));
        assertEquals(List.of("point", "x[1]", "x[2]", "value", "norm", "status", "message"), rows.get(0));
        int failed = 0;
        for (int i = 1; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            double[] x = {Double.parseDouble(r.get(1)), Double.parseDouble(r.get(2))};
            if (x[0] > 0.5) {
                failed++;
                assertEquals(List.of("", "", "failed", "probe refuses x1 = " + x[0]), r.subList(3, 7));
            } else {
                assertEquals(ObjectiveProbe.f(x), Double.parseDouble(r.get(3)));
                assertEquals(Math.hypot(x[0], x[1]), Double.parseDouble(r.get(4)), 1e-12);
                assertEquals(List.of("ok", ""), r.subList(5, 7));
            }
        }
        assertTrue(failed > 0 && failed < 40, "failed: " + failed);
        assertEquals(failed, summary(out).get("failed").asInt());
        assertTrue(o.err().contains(failed + " of 40 points failed"), o.err());
    }

    /** evaluations.csv is the same bytes with 0, 1 and 2 worker threads. */
    @Test
    void evaluationsDoNotDependOnWorkers() throws IOException {
        Path job = probeJob("objective-workers", ", fail-above = 0.8", 60);
        String first = null;
        for (String workers : List.of("0", "1", "2")) {
            Path out = dir.resolve("w" + workers);
            assertEquals(0, EvaluateRunTest.replex("run", job.toString(), "--out", out.toString(), "--workers", workers,
                    "--quiet").code());
            String csv = Files.readString(out.resolve("evaluations.csv"));
            if (first == null) {
                first = csv;
            }
            assertEquals(first, csv, "workers = " + workers);
        }
    }

    /** A stopped job keeps its points; resume evaluates only the others, and the file equals a whole run's. */
    @Test
    void resumeEvaluatesNothingDoneBefore() throws IOException {
        Path whole = dir.resolve("whole");
        assertEquals(0, EvaluateRunTest.replex("run", probeJob("objective-whole", "", 120).toString(), "--out",
                whole.toString(), "--quiet").code());
        Path out = dir.resolve("stopped");
        StringWriter err = new StringWriter();
        int code = EvaluateRun.run(probeJob("objective-stop", "", 120), new JobSpec.Overrides(out, 2, null), null,
                true, new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                () -> ObjectiveProbe.total("objective-stop") >= 40);
        assertEquals(ExitCodes.STOPPED, code, err.toString());
        int first = ObjectiveProbe.total("objective-stop");
        assertTrue(first >= 40 && first < 120, "evaluated before the stop: " + first);
        assertFalse(Files.exists(out.resolve("evaluations.csv")));

        EvaluateRunTest.Outcome o = EvaluateRunTest.replex("resume", out.toString(), "--workers", "1");
        assertEquals(0, o.code(), o.err());
        assertEquals(120, ObjectiveProbe.total("objective-stop"), "every point exactly once across stop and resume");
        assertEquals(120, ObjectiveProbe.calls("objective-stop").size());
        for (AtomicInteger n : ObjectiveProbe.calls("objective-stop").values()) {
            assertEquals(1, n.get());
        }
        assertEquals(Files.readString(whole.resolve("evaluations.csv")), Files.readString(out.resolve(
                "evaluations.csv")));
        assertEquals(first, summary(out).get("resumed_points").asInt());
        assertEquals("minimize", summary(out).get("direction").asText());
        assertNull(EvaluateJournal.find(out));
    }

    /** A table objective, a design without names, a target and an objective together: one line, exit 2. */
    @Test
    void refusalsNameTheKey() throws IOException {
        String[][] cases = {
            {"objective { name = pearson-spearman-gap, columns = [x, y] }, design { type = sobol, points = 8, "
                + "lower = 0, upper = 1, names = [x, y] }", "job.objective.name: objective pearson-spearman-gap works "
                + "on a table"},
            {"objective { name = moments, columns = [x], means = [0] }, design { type = sobol, points = 8, lower = 0, upper = 1, "
                + "names = [x] }", "job.objective.name: objective moments works on a table"},
            {"objective { name = rastrigin }, design { type = sobol, points = 8, lower = 0, upper = 1 }",
                "job.design.names: missing"},
            {"objective { name = rastrigin }, design { type = sobol, points = 8, lower = [0, 0, 0], upper = 1, "
                + "names = [u, v] }", "job.design.lower: gives 3 bounds; the design has 2 parameters [u, v]"},
            {"objective { name = rosenbrock }, design { type = sobol, points = 8, lower = [0], upper = [1] }",
                "needs a vector of dimension >= 2"},
            {"objective { name = rastrigin }, target { name = gaussian }, design { type = sobol, points = 8, "
                + "lower = 0, upper = 1, dimension = 2 }", "job.objective: give job.target or job.objective"},
            {"target { name = gaussian }, design { type = sobol, points = 8, lower = 0, upper = 1, dimension = 2 }",
                "job.design.dimension: only goes with job.objective"},
        };
        for (String[] c : cases) {
            Path job = job("bad", "job { mode = evaluate, " + c[0] + " }\n");
            EvaluateRunTest.Outcome o = EvaluateRunTest.replex("run", job.toString(), "--out", dir.resolve("bad")
                    .toString(), "--quiet");
            assertEquals(2, o.code(), c[0] + ": " + o.err());
            assertTrue(o.err().contains(c[1]), o.err());
            assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
        }
    }
}
