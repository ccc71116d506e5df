package replex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static replex.cli.PlotCommandTest.distinctColours;
import static replex.cli.PlotCommandTest.png;
import static replex.cli.PlotCommandTest.replex;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;

import replex.api.Replex;
import replex.cli.PlotCommandTest.Outcome;
import replex.core.engine.ProgressListener;
import replex.io.JobSpec;

/**
 * {@code replex plot} on the outputs of real optimize runs (a 2-column table and a vector), on a
 * sample run, and on directories that hold neither.
 */
class OptimizePlotCommandTest {

    @TempDir
    static Path shared;

    /** The output of a small optimize run on a copy of the example's table. */
    static Path table;
    /** The table the run started from. */
    static Path data;
    /** The output of a small optimize run on a vector. */
    static Path vector;

    @TempDir
    Path dir;

    /** @return the file names of the paths listed on stdout, in order */
    private static List<String> listed(Outcome o) {
        return o.out().lines().map(line -> Path.of(line).getFileName().toString()).toList();
    }

    @BeforeAll
    static void runSmallOptimizeJobs() throws IOException {
        data = Files.copy(Path.of("examples/data/two-normals-1000.csv"), shared.resolve("points.csv"));
        Path job = shared.resolve("table.conf");
        Files.writeString(job, "job { mode = optimize, seed = 3, objective { name = pearson-spearman-gap, "
                + "spearman = absolute }, state { file = \"points.csv\", lower = -30, upper = 30 }, chains = 2, "
                + "temperatures { count = 4, t-min = 0.0001, t-max = 0.05 }, rounds = 80, steps-per-round = 200 }\n"
                + "output.history-every = 4\n");
        table = shared.resolve("table-out");
        Outcome o = replex("run", job.toString(), "--out", table.toString(), "--workers", "0", "--quiet");
        assertEquals(0, o.code(), o.err());
        Path vectorJob = shared.resolve("vector.conf");
        Files.writeString(vectorJob, "job { mode = optimize, objective.name = rastrigin, state { dimension = 4, "
                + "lower = -5.12, upper = 5.12 }, temperatures { count = 6, t-min = 0.01, t-max = 100 }, "
                + "rounds = 60, steps-per-round = 50 }\n");
        vector = shared.resolve("vector-out");
        o = replex("run", vectorJob.toString(), "--out", vector.toString(), "--workers", "0", "--quiet");
        assertEquals(0, o.code(), o.err());
    }

    @Test
    void tableRunGetsValueMetricsAndDataPlots() throws IOException {
        Path plots = dir.resolve("plots");
        Outcome o = replex("plot", table.toString(), "--dir", plots.toString());
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertEquals("", o.err());
        List<String> expected = List.of("value.png", "metric-pearson.png", "metric-spearman.png",
                "original-vs-best.png");
        assertEquals(expected, listed(o), o.out());
        for (String name : expected) {
            BufferedImage image = png(plots.resolve(name));
            assertEquals(name.equals("original-vs-best.png") ? 1200 : 800, image.getWidth(), name);
            assertEquals(600, image.getHeight(), name);
            assertTrue(distinctColours(image) > 10, () -> name + " is (nearly) blank");
        }
        try (Stream<Path> files = Files.list(plots)) {
            assertEquals(expected.size(), files.count(), "no temporary files left behind");
        }
    }

    @Test
    void defaultDirectoryIsPlotsInsideTheRun() throws IOException {
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        for (String f : List.of("best.csv", "history.csv", "summary.json")) {
            Files.copy(table.resolve(f), copy.resolve(f));
        }
        Outcome o = replex("plot", copy.toString(), "--quiet");
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertEquals("", o.out() + o.err());
        assertEquals(800, png(copy.resolve("plots").resolve("value.png")).getWidth());
    }

    @Test
    void vectorRunHasNoDataPlotAndSaysWhy() throws IOException {
        Path plots = dir.resolve("plots");
        Outcome o = replex("plot", vector.toString(), "--dir", plots.toString());
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertEquals(List.of("value.png"), listed(o), o.out());
        assertEquals(List.of("replex: note: original-vs-best.png left out: the state is a vector, not a table of "
                + "data"), o.errLines());
        BufferedImage image = png(plots.resolve("value.png"));
        assertEquals(800, image.getWidth());
        assertEquals(600, image.getHeight());
    }

    @Test
    void originalThatMovedIsANoteNotAnError() throws IOException {
        Path moved = dir.resolve("moved");
        Files.createDirectories(moved);
        Files.copy(table.resolve("best.csv"), moved.resolve("best.csv"));
        Files.copy(table.resolve("history.csv"), moved.resolve("history.csv"));
        String summary = Files.readString(table.resolve("summary.json"));
        String gone = dir.resolve("gone.csv").toString();
        assertTrue(summary.contains("\"state\": \"" + data.toAbsolutePath() + "\""), summary);
        Files.writeString(moved.resolve("summary.json"), summary.replace(data.toAbsolutePath().toString(), gone));
        Outcome o = replex("plot", moved.toString(), "--dir", dir.resolve("plots").toString());
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertEquals(List.of("value.png", "metric-pearson.png", "metric-spearman.png"), listed(o));
        assertEquals(List.of("replex: note: original-vs-best.png left out: the original data " + gone
                + " (settings.state in summary.json) is not there any more"), o.errLines());
    }

    @Test
    void sampleRunStillGetsTheSamplePlots() {
        Path sample = dir.resolve("sample");
        JobSpec spec = JobSpec.fromConfig(ConfigFactory.parseString("job { target { name = gaussian, means = [0, 1] }, "
                + "chains = 2, rounds = 100, burn-in-rounds = 20, workers = 0 }"), new JobSpec.Overrides(sample, null,
                null), dir);
        Replex.runAndWrite(spec, ProgressListener.NONE);
        Outcome o = replex("plot", sample.toString(), "--dir", dir.resolve("plots").toString());
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertTrue(listed(o).contains("marginals.png") && listed(o).contains("trace-x_1.png"), o.out());
        assertFalse(listed(o).contains("value.png"), o.out());
    }

    @Test
    void directoryOfNeitherKindIsAUsageError() throws IOException {
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "not a run");
        Outcome o = replex("plot", other.toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertEquals(List.of("replex: error: " + other + " holds no outputs of a run: expected draws.csv and "
                + "summary.json (mode = sample) or best.csv, history.csv and summary.json (mode = optimize); give "
                + "the directory 'replex run' wrote (output.dir or --out)"), o.errLines());
        assertEquals("", o.out());
        assertFalse(Files.exists(other.resolve("plots")), "nothing written");
    }

    @Test
    void optimizeRunWithoutSummaryNamesIt() throws IOException {
        Path partial = dir.resolve("partial");
        Files.createDirectories(partial);
        Files.copy(table.resolve("best.csv"), partial.resolve("best.csv"));
        Files.copy(table.resolve("history.csv"), partial.resolve("history.csv"));
        Outcome o = replex("plot", partial.toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.err().contains(partial.resolve("summary.json") + " not found: the run did not finish"), o.err());
        assertFalse(Files.exists(partial.resolve("plots")), "nothing written");
    }

    @Test
    void damagedHistoryIsAUsageErrorNamingTheFile() throws IOException {
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.copy(table.resolve("best.csv"), broken.resolve("best.csv"));
        Files.copy(table.resolve("summary.json"), broken.resolve("summary.json"));
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(table.resolve("history.csv")));
        lines.set(3, lines.get(3).replaceFirst(",[^,]*$", ",oops"));
        Files.write(broken.resolve("history.csv"), lines);
        Outcome o = replex("plot", broken.toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertEquals(List.of("replex: error: file " + broken.resolve("history.csv") + ", line 4, column 8 (spearman): "
                + "'oops' is not a number"), o.errLines());
        assertFalse(Files.exists(broken.resolve("plots")), "nothing written");
    }

    @Test
    void paramsIsRefusedForAnOptimizeRun() {
        Outcome o = replex("plot", table.toString(), "--dir", dir.resolve("p").toString(), "--params", "x");
        assertEquals(ExitCodes.USAGE, o.code());
        assertTrue(o.err().startsWith("replex: error: --params: chooses parameters of a sample run's draws.csv"),
                o.err());
        assertFalse(Files.exists(dir.resolve("p")));
    }

    @Test
    void helpExplainsTheOptimizePlots() {
        Outcome o = replex("plot", "--help");
        for (String text : List.of("value.png", "metric-<name>.png", "original-vs-best.png",
                "bin/replex plot out/optimize-correlation")) {
            assertTrue(o.out().contains(text), () -> text + " missing from:\n" + o.out());
        }
    }
}
