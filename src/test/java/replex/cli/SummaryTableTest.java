package replex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;

import replex.api.CompletedRun;
import replex.api.Replex;
import replex.core.engine.ProgressListener;
import replex.io.JobSpec;

/** The end-of-run table: the automatic level count and the warning about log Z. */
class SummaryTableTest {

    @TempDir
    Path dir;

    private List<String> table(String job) {
        JobSpec spec = JobSpec.fromConfig(ConfigFactory.parseString(job), new JobSpec.Overrides(dir.resolve("out"),
                null, null), dir);
        CompletedRun run = Replex.runAndWrite(spec, ProgressListener.NONE);
        StringWriter out = new StringWriter();
        SummaryTable.print(new PrintWriter(out), run);
        return out.toString().lines().toList();
    }

    private static String line(List<String> lines, String label) {
        return lines.stream().filter(l -> l.startsWith(label)).findFirst().orElse(null);
    }

    @Test
    void anAutomaticCountAndAnImproperPriorAreReported() {
        List<String> lines = table("job { target { name = gaussian, means = [0, 0] }, chains = 2, "
                + "temperatures.count = auto, rounds = 200, workers = 0 }");
        String auto = line(lines, "levels (auto)");
        assertTrue(auto != null && auto.matches("levels \\(auto\\) +\\d+ from a pilot of 32 levels x 256 rounds "
                + "\\(barrier Lambda \\d+\\.\\d\\d\\)"), lines.toString());
        String levels = auto.replaceAll("levels \\(auto\\) +(\\d+) .*", "$1");
        assertTrue(line(lines, "barrier Lambda").endsWith("this run: " + levels + ")"), lines.toString());
        assertEquals("log Z warning          the prior is not normalised: log Z is not the model evidence",
                line(lines, "log Z warning"));
    }

    @Test
    void aSingleLevelRunPrintsNoRoundTrips() {
        List<String> lines = table("job { target { name = gaussian, means = [0] }, chains = 2, "
                + "temperatures.count = 1, rounds = 60, workers = 0 }");
        assertNull(line(lines, "round trips"), lines.toString());
        assertNull(line(lines, "swap acceptance"), lines.toString());
        assertTrue(line(lines, "r_hat") != null, lines.toString());
    }

    @Test
    void aFixedCountAndANormalisedPriorPrintNeither() {
        List<String> lines = table("job { target { name = gaussian, means = [0, 0], prior-sd = 2 }, chains = 2, "
                + "temperatures.count = 3, rounds = 100, workers = 0 }");
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("levels (auto)")), lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("log Z warning")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("log Z stepping stone")), lines.toString());
        assertEquals("log Z reference beta   0 (the prior, normalised: the log evidence)",
                line(lines, "log Z reference beta"), "no beta-min: the ladder ends at the prior");
    }

    @Test
    void aLadderEndingAtZeroWithAnImproperPriorSaysItIsNotTheEvidence() {
        List<String> lines = table("job { target { name = gaussian, means = [0] }, chains = 2, "
                + "temperatures.betas = [1, 0.5, 0], rounds = 100, workers = 0 }");
        assertEquals("log Z reference beta   0 (the prior, not normalised: not the evidence)",
                line(lines, "log Z reference beta"));
    }
}
