package replex.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import replex.api.Replex;
import replex.core.engine.ProgressListener;
import replex.io.JobSpec;

/**
 * {@code bin/replex run} as a user runs it, each run in its own JVM: byte-identical draws for any
 * number of workers and through the Java API, the README's main job against its reference, and
 * clear errors for bad input.
 */
class RunCommandIT {

    static final Path MIXTURE = ReplexProcess.HOME.resolve("examples/mixture.conf");
    static final Path KIDIQ = ReplexProcess.HOME.resolve("examples/kidiq.conf");

    @TempDir
    Path tmp;

    @Test
    void drawsAreByteIdenticalForEveryWorkerCountAndThroughTheJavaApi() throws Exception {
        byte[] reference = null;
        for (int workers : new int[] {0, 1, 2, 4}) {
            Path out = tmp.resolve("w" + workers);
            ReplexProcess.Result r = ReplexProcess.run(tmp, 300, "run", MIXTURE.toString(), "--out", out.toString(),
                    "--workers", Integer.toString(workers), "--quiet");
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(Files.exists(out.resolve("summary.json")), "summary.json written");
            byte[] draws = Files.readAllBytes(out.resolve("draws.csv"));
            if (reference == null) {
                reference = draws;
                // 4 chains × (3000 − 500) rounds × 10 steps, plus the header.
                assertEquals(4 * 2500 * 10 + 1, new String(draws).lines().count());
            } else {
                assertArrayEquals(reference, draws, "draws.csv with workers=" + workers + " differs from workers=0");
            }
        }
        Path api = tmp.resolve("api");
        JobSpec spec = JobSpec.load(MIXTURE, new JobSpec.Overrides(api, 2, null));
        Replex.runAndWrite(spec, ProgressListener.NONE);
        assertArrayEquals(reference, Files.readAllBytes(api.resolve("draws.csv")), "Java API and CLI agree");
    }

    @Test
    void readmeMainJobMatchesTheKidiqReference() throws Exception {
        Path out = tmp.resolve("kidiq");
        ReplexProcess.Result r = ReplexProcess.run(tmp, 300, "run", KIDIQ.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("beta[1]"), "the summary table is printed: " + r.out());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("parameters");
        JsonNode reference = new ObjectMapper().readTree(
                RunCommandIT.class.getResourceAsStream("/replex/targets/kidiq-kidscore_momiq/reference.json"))
                .get("parameters");
        for (String name : List.of("beta[1]", "beta[2]", "sigma")) {
            JsonNode got = summary.get(name);
            JsonNode ref = reference.get(name);
            double sd = ref.get("sd").asDouble();
            // 4 Monte Carlo standard errors of the difference (reference ESS taken as 4000, a lower bound).
            double tolerance = 4 * sd * Math.sqrt(1 / got.get("ess_bulk").asDouble() + 1 / 4000.0);
            assertEquals(ref.get("mean").asDouble(), got.get("mean").asDouble(), tolerance, name + " mean");
            assertTrue(got.get("r_hat").asDouble() < 1.01, name + " R-hat");
        }
    }

    @Test
    void badInputExitsWithCodeTwoAndOneClearLine() throws IOException, InterruptedException {
        Path job = tmp.resolve("bad.conf");
        Files.writeString(job, "job { target { name = no-such-target }, rounds = 100 }\n");
        ReplexProcess.Result r = ReplexProcess.run(tmp, 120, "run", job.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("job.target.name") && r.err().contains("kidiq-kidscore_momiq"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(tmp.resolve("o").resolve("draws.csv")), "no output from a rejected job");

        ReplexProcess.Result missing = ReplexProcess.run(tmp, 120, "run", tmp.resolve("nope.conf").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("nope.conf"), missing.err());
    }
}
