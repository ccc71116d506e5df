package replex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;

import picocli.CommandLine;
import replex.api.Replex;
import replex.core.engine.ProgressListener;
import replex.io.JobSpec;

class PlotCommandTest {

    private static final String JOB = "job { target { name = gaussian-mixture, weights = [0.3, 0.7], "
            + "means = [[-4, 0], [4, 1]], sd = 1 }, chains = 2, rounds = 200, burn-in-rounds = 50, workers = 0 }";

    @TempDir
    static Path shared;

    static Path run;

    @TempDir
    Path dir;

    /** Exit code and captured output of one invocation. */
    record Outcome(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    @BeforeAll
    static void runTinyJob() {
        run = shared.resolve("mixture");
        JobSpec spec = JobSpec.fromConfig(ConfigFactory.parseString(JOB), new JobSpec.Overrides(run, null, null),
                shared);
        Replex.runAndWrite(spec, ProgressListener.NONE);
    }

    static Outcome replex(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ReplexCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static BufferedImage png(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), () -> file + " missing");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, () -> file + " is not a readable PNG");
        return image;
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    @Test
    void writesEveryPlotAndListsTheFiles() throws IOException {
        Path plots = dir.resolve("plots");
        Outcome o = replex("plot", run.toString(), "--dir", plots.toString());
        assertEquals(ExitCodes.OK, o.code(), o.err());
        List<String> expected = List.of("trace-x_1.png", "trace-x_2.png", "marginals.png", "swap-acceptance.png",
                "ladder.png", "mh-acceptance.png", "communication-barrier.png", "round-trips.png");
        List<String> listed = o.out().lines().map(line -> Path.of(line).getFileName().toString()).toList();
        assertEquals(expected, listed, o.out());
        for (String name : expected) {
            BufferedImage image = png(plots.resolve(name));
            if (name.equals("marginals.png")) {
                assertEquals(2 * 250, image.getWidth(), name);
                assertEquals(40 + 2 * 250, image.getHeight(), name);
            } else {
                assertEquals(800, image.getWidth(), name);
                assertEquals(600, image.getHeight(), name);
            }
            assertTrue(distinctColours(image) > 1, () -> name + " is blank");
        }
        assertTrue(distinctColours(png(plots.resolve("trace-x_1.png"))) > 10);
        try (Stream<Path> files = Files.list(plots)) {
            assertEquals(expected.size(), files.count(), "no temporary files left behind");
        }
    }

    @Test
    void defaultDirectoryIsPlotsInsideTheRunAndQuietPrintsNothing() throws IOException {
        Outcome o = replex("plot", run.toString(), "--quiet");
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertEquals("", o.out());
        assertEquals("", o.err());
        png(run.resolve("plots").resolve("ladder.png"));
        assertEquals(800, png(run.resolve("plots").resolve("mh-acceptance.png")).getWidth());
    }

    @Test
    void missingDirectoryIsAUsageErrorNamingIt() {
        Path absent = dir.resolve("absent");
        Outcome o = replex("plot", absent.toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.err().startsWith("replex: error: ") && o.err().contains(absent.toString()), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
        assertEquals("", o.out());
    }

    @Test
    void missingSummaryIsAUsageErrorNamingTheFile() throws IOException {
        Path partial = dir.resolve("partial");
        Files.createDirectories(partial);
        Files.copy(run.resolve("draws.csv"), partial.resolve("draws.csv"));
        Outcome o = replex("plot", partial.toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.err().contains(partial.resolve("summary.json").toString()), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
        assertFalse(Files.exists(partial.resolve("plots")), "nothing is written on bad input");
    }

    @Test
    void missingDrawsIsAUsageErrorNamingTheFile() throws IOException {
        Path partial = dir.resolve("partial");
        Files.createDirectories(partial);
        Files.copy(run.resolve("summary.json"), partial.resolve("summary.json"));
        Outcome o = replex("plot", partial.toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.err().contains(partial.resolve("draws.csv").toString()), o.err());
    }

    @Test
    void corruptSummaryIsAUsageErrorWithTheLine() throws IOException {
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.copy(run.resolve("draws.csv"), broken.resolve("draws.csv"));
        Files.writeString(broken.resolve("summary.json"), "{\n  \"settings\": { \"betas\": [1.0, \n");
        Outcome o = replex("plot", broken.toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.err().contains("summary.json, line "), o.err());
    }

    @Test
    void nonFiniteDrawsAreAUsageErrorAndNoPlotIsWritten() throws IOException {
        for (String bad : List.of("NaN", "Infinity")) {
            Path edited = dir.resolve("edited-" + bad);
            Files.createDirectories(edited);
            Files.copy(run.resolve("summary.json"), edited.resolve("summary.json"));
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(run.resolve("draws.csv")));
            String[] fields = lines.get(7).split(",");
            fields[3] = bad; // the second parameter of draw 6
            lines.set(7, String.join(",", fields));
            Files.write(edited.resolve("draws.csv"), lines);
            Outcome o = replex("plot", edited.toString());
            assertEquals(ExitCodes.USAGE, o.code(), o.err());
            assertEquals(1, o.errLines().size(), o.err());
            assertTrue(o.err().contains("draws.csv, line 8: column 'x[2]' holds " + bad), o.err());
            assertFalse(Files.exists(edited.resolve("plots")), "no plot, not even a partial set");
        }
    }

    @Test
    void paramsChoosesTheParametersAndTheirOrder() throws IOException {
        Path plots = dir.resolve("chosen");
        Outcome o = replex("plot", run.toString(), "--dir", plots.toString(), "--params", "x[2]");
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertTrue(Files.exists(plots.resolve("trace-x_2_.png")) || Files.exists(plots.resolve("trace-x_2.png")),
                o.out());
        assertFalse(o.out().contains("trace-x_1"), "only the chosen parameter: " + o.out());
        Outcome both = replex("plot", run.toString(), "--dir", dir.resolve("both").toString(), "--params",
                "x[2],x[1]");
        assertEquals(ExitCodes.OK, both.code(), both.err());
        assertTrue(both.out().indexOf("trace-x_2") < both.out().indexOf("trace-x_1"), both.out());

        Outcome unknown = replex("plot", run.toString(), "--dir", dir.resolve("bad").toString(), "--params", "mu");
        assertEquals(ExitCodes.USAGE, unknown.code(), unknown.err());
        assertEquals(List.of("replex: error: --params: unknown parameter 'mu'; the run's parameters: x[1], x[2]"),
                unknown.errLines());
        assertFalse(Files.exists(dir.resolve("bad")), "nothing written");
    }

    @Test
    void unusableDirIsAUsageError() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Outcome o = replex("plot", run.toString(), "--dir", file.toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertTrue(o.err().startsWith("replex: error: --dir: "), o.err());
    }

    @Test
    void helpExplainsEveryPlotWithAnExample() {
        Outcome o = replex("plot", "--help");
        assertEquals(ExitCodes.OK, o.code());
        for (String text : List.of("OUT_DIR", "--dir", "--quiet", "--verbose", "trace-", "marginals.png",
                "swap-acceptance.png", "ladder.png", "mh-acceptance.png", "0.234", "communication-barrier.png",
                "round-trips.png",
                "bin/replex run examples/mixture.conf && bin/replex plot out/mixture", "Exit codes")) {
            assertTrue(o.out().contains(text), () -> text + " missing from:\n" + o.out());
        }
        assertTrue(replex("--help").out().contains("plot"));
    }
}
