package replex.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.Target;
import replex.core.evaluate.Design;
import replex.core.evaluate.PointResult;

class EvaluateJournalTest {

    @TempDir
    Path dir;

    private EvaluateSpec spec() {
        return EvaluateSpec.fromConfig(ConfigFactory.parseString("job { mode = evaluate, seed = 3, target { name = "
                + "gaussian, means = [0, 0] }, design { type = sobol, points = 4, lower = -1, upper = 1 }, "
                + "workers = 0 }, output.dir = \"" + dir.resolve("out") + "\""), null, dir, dir);
    }

    private static PointResult special(int point) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("z", -0.0);
        metrics.put("a", Double.NaN);
        metrics.put("inf", Double.POSITIVE_INFINITY);
        metrics.put("tiny", Double.MIN_VALUE);
        metrics.put("third", 1.0 / 3);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("path", "/tmp/a, \"b\"\nc");
        metadata.put("é", "ü");
        return new PointResult(point, new Target.Evaluation(Double.NEGATIVE_INFINITY, 2.82879384806159E17, metrics,
                metadata), null, 0.25, "local", "main");
    }

    /** Every value reads back to the same double (−0, NaN, ±∞, subnormal), keys in their order. */
    @Test
    void linesReadBackExactly() throws IOException {
        PointResult r = special(2);
        PointResult back = EvaluateJournal.parse(EvaluateJournal.line(r), dir, 1);
        assertEquals(r.evaluation().metrics().keySet().stream().toList(),
                back.evaluation().metrics().keySet().stream().toList());
        for (String k : r.evaluation().metrics().keySet()) {
            assertEquals(Double.doubleToRawLongBits(r.evaluation().metrics().get(k)),
                    Double.doubleToRawLongBits(back.evaluation().metrics().get(k)), k);
        }
        assertEquals(r, new PointResult(back.point(), back.evaluation(), null, back.seconds(), back.node(),
                back.worker()));
        PointResult failed = new PointResult(1, null, "it broke: \"x\"\n", 0.5, "10.0.0.1:2552", "w");
        assertEquals(failed, EvaluateJournal.parse(EvaluateJournal.line(failed), dir, 1));
        assertTrue(!EvaluateJournal.line(r).contains("\n"), "one line per point");
    }

    /** A last line cut short (a crash while writing) is dropped, and appending goes on after the last whole line. */
    @Test
    void aLastLineCutShortIsDroppedOnResume() throws IOException {
        EvaluateSpec spec = spec();
        Design design = spec.design(List.of("x[1]", "x[2]"));
        try (EvaluateJournal j = EvaluateJournal.start(spec, design)) {
            j.append(special(0));
            j.append(new PointResult(3, null, "no", 0.1, "local", "main"));
            j.append(special(0)); // a point recorded twice counts once
        }
        Path ckpt = EvaluateJournal.find(dir.resolve("out"));
        assertEquals(spec.checkpointDir(), ckpt);
        Files.writeString(ckpt.resolve(EvaluateJournal.RESULTS), "{\"point\":1,\"sta", StandardOpenOption.APPEND);
        EvaluateJournal.Loaded loaded = EvaluateJournal.load(ckpt);
        assertEquals(List.of(0, 3), loaded.results().stream().map(PointResult::point).toList());
        assertEquals(4, loaded.points().rows());
        try (EvaluateJournal j = EvaluateJournal.resume(loaded)) {
            j.append(special(1));
        }
        EvaluateJournal.Loaded again = EvaluateJournal.load(ckpt);
        assertEquals(List.of(0, 3, 1), again.results().stream().map(PointResult::point).toList());
        EvaluateSpec saved = EvaluateJournal.spec(again, dir);
        assertEquals(spec, new EvaluateSpec(saved.seed(), saved.target(), spec.design(), saved.workers(),
                saved.outputDir(), saved.checkpointDir(), null));
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 2; k++) {
                assertEquals(design.get(i, k), again.points().get(i, k));
            }
        }
        assertThrows(ConfigurationException.class, () -> EvaluateJournal.start(spec, design));
        EvaluateJournal.delete(ckpt, spec.outputDir());
        assertTrue(!Files.exists(ckpt));
    }

    @Test
    void aDamagedLineInTheMiddleIsAnError() throws IOException {
        EvaluateSpec spec = spec();
        try (EvaluateJournal j = EvaluateJournal.start(spec, spec.design(List.of("x[1]", "x[2]")))) {
            j.append(special(0));
        }
        Files.writeString(spec.checkpointDir().resolve(EvaluateJournal.RESULTS), "garbage\n",
                StandardOpenOption.APPEND);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> EvaluateJournal.load(spec.checkpointDir()));
        assertTrue(e.getMessage().contains("line 2 is damaged"), e.getMessage());
    }

    /** Metric and metadata columns: first-seen order by point, empty cells where missing, names taken prefixed. */
    @Test
    void contextColumnsAndQuoting() throws IOException {
        Design design = Design.of(List.of("x", "y"), new double[][] {{1, 2}, {3, 4}, {5, 6}});
        PointResult[] results = {
            new PointResult(0, Target.Evaluation.of(-1, -2).withMetric("b", 1).withMetadata("note", "x,y"), null, 0,
                    "n", "w"),
            new PointResult(1, null, "bad \"thing\"", 0, "n", "w"),
            new PointResult(2, Target.Evaluation.of(-3, Double.NEGATIVE_INFINITY).withMetric("a", 0.5)
                    .withMetric("x", 7).withMetric("b", 2).withMetadata("a", "q"), null, 0, "n", "w"),
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EvaluateOutputs.writeEvaluations(design, results, out);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("point,x,y,log_prior,log_likelihood,b,a,metric.x,note,metadata.a,status,message", lines.get(0));
        assertEquals("0,1.0,2.0,-1.0,-2.0,1.0,,,\"x,y\",,ok,", lines.get(1));
        assertEquals("1,3.0,4.0,,,,,,,,failed,\"bad \"\"thing\"\"\"", lines.get(2));
        assertEquals("2,5.0,6.0,-3.0,-Infinity,2.0,0.5,7.0,,q,ok,", lines.get(3));
    }
}
