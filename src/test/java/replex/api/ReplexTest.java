package replex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.Target;
import replex.core.engine.RunResult;
import replex.io.JobSpec;

class ReplexTest {

    @TempDir
    Path dir;

    /** A target whose initial state is outside its support. */
    public static final class OutsideTarget implements Target {
        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public double logPrior(double[] x) {
            return x[0] > 0 ? 0 : Double.NEGATIVE_INFINITY;
        }

        @Override
        public double logLikelihood(double[] x) {
            return 0;
        }

        @Override
        public double[] initialState(UniformRandomProvider rng) {
            return new double[] {-1};
        }
    }

    private JobSpec spec(String target) {
        return JobSpec.fromConfig(ConfigFactory.parseString("job { target { " + target + " }, chains = 2, "
                + "temperatures.count = 2, rounds = 30, steps-per-round = 2, workers = 0 }"),
                new JobSpec.Overrides(dir.resolve("out"), null, null), dir);
    }

    @Test
    void runsSequentiallyAndReportsProgress() {
        AtomicLong last = new AtomicLong();
        RunResult result = Replex.run(spec("name = gaussian, means = [2]"), (done, total) -> last.set(done));
        assertEquals(30, last.get());
        assertEquals("sequential", result.engine());
        assertEquals(List.of("x[1]"), result.parameterNames());
        assertEquals(2, result.chains().size());
        assertEquals((30 - 7) * 2, result.chains().get(0).draws().rows());
    }

    @Test
    void runAndWriteReturnsTheOutputs() throws IOException {
        CompletedRun run = Replex.runAndWrite(spec("name = gaussian, means = [2]"), null);
        assertEquals(dir.resolve("out"), run.outputs().directory());
        assertTrue(Files.exists(run.outputs().draws()));
        assertTrue(Files.readString(run.outputs().summary()).contains("\"x[1]\""));
        assertEquals(1, run.summary().parameters().size());
    }

    private JobSpec evidenceJob(String target, String temperatures) {
        return JobSpec.fromConfig(ConfigFactory.parseString("job { target { " + target + " }, chains = 2, "
                + temperatures + " rounds = 1000, steps-per-round = 5, workers = 0 }"),
                new JobSpec.Overrides(dir.resolve("out"), null, null), dir);
    }

    @Test
    void withANormalisedPriorTheDefaultLadderEndsAtThePriorAndLogZIsTheEvidence() {
        // N(x; 1, 1) likelihood, N(0, 2^2) prior: the evidence is N(1; 0, sqrt(1 + 4)).
        String target = "name = gaussian, means = [1], sd = 1, prior-sd = 2";
        CompletedRun run = Replex.runAndWrite(evidenceJob(target, ""), null);
        double[] betas = run.summary().result().settings().ladder().betas();
        assertEquals(JobSpec.DEFAULT_LEVELS, betas.length);
        assertEquals(0.0, betas[betas.length - 1], 0.0, "the hottest level is the prior");
        assertEquals(JobSpec.DEFAULT_BETA_MIN, betas[betas.length - 2], 0.0);
        replex.core.evidence.LogEvidence.Estimate ss = run.summary().logEvidence().steppingStone();
        double exact = -0.5 * Math.log(2 * Math.PI * 5) - 0.5 / 5;
        assertTrue(Math.abs(ss.estimate() - exact) < 4 * ss.standardError(), ss + " vs " + exact);
        assertEquals("log Z(beta=1) - log Z(beta=0) = log of the integral of prior x likelihood: the log evidence "
                + "(the target's prior is normalised)", run.summary().logZNote());

        JobSpec explicit = evidenceJob(target, "temperatures { count = 8, beta-min = 0.01 },");
        assertEquals(0.01, Replex.run(explicit, null).settings().ladder().beta(7), 0.0, "an explicit beta-min stays");
        JobSpec flat = evidenceJob("name = gaussian, means = [1], sd = 1", "");
        assertEquals(0.01, Replex.run(flat, null).settings().ladder().beta(7), 0.0, "an improper prior is no reference");
        JobSpec adaptive = evidenceJob(target, "temperatures { count = 6, adapt = true },");
        RunResult tuned = Replex.run(adaptive, null);
        for (var chain : tuned.chains()) {
            assertEquals(0.0, chain.statistics().betas()[5], 0.0, "an adaptive ladder keeps its end at the prior");
        }
    }

    @Test
    void preflightRejectsBadInputBeforeAnythingRuns() {
        ConfigurationException unknown = assertThrows(ConfigurationException.class,
                () -> Replex.runAndWrite(spec("name = nope"), null));
        assertEquals("job.target.name", unknown.key());
        ConfigurationException outside = assertThrows(ConfigurationException.class,
                () -> Replex.runAndWrite(spec("class = \"" + OutsideTarget.class.getName() + "\""), null));
        assertEquals("job.target", outside.key());
        assertTrue(outside.getMessage().contains("outside the support"), outside.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void drawsThatCannotBeHeldInMemoryAreRefusedBeforeAnyWork() {
        // 2 chains x (30 - 7) rounds x 2 steps = 46 draws each of 1 + 2 values: 2208 bytes
        replex.core.SamplerSettings s = spec("name = gaussian, means = [2]").sampler();
        Preflight.checkDrawMemory(s, 1, 2 * 2208);
        ConfigurationException heap = assertThrows(ConfigurationException.class,
                () -> Preflight.checkDrawMemory(s, 1, 2 * 2208 - 1));
        assertEquals("job.thin", heap.key());
        assertTrue(heap.getMessage().contains("half of the maximum heap"), heap.getMessage());
        ConfigurationException array = assertThrows(ConfigurationException.class,
                () -> Preflight.checkDrawMemory(s, Integer.MAX_VALUE / 40, Long.MAX_VALUE));
        assertEquals("job.thin", array.key());
        assertTrue(array.getMessage().contains("more values per chain than the limit"), array.getMessage());

        // output.all-levels: both levels keep their draws, twice the bytes
        replex.core.SamplerSettings all = s.withAllLevels(true);
        Preflight.checkDrawMemory(all, 1, 2 * 2 * 2208);
        ConfigurationException levels = assertThrows(ConfigurationException.class,
                () -> Preflight.checkDrawMemory(all, 1, 2 * 2 * 2208 - 1));
        assertTrue(levels.getMessage().contains("2 chains x 2 levels x 46 draws"), levels.getMessage());

        // output.draws-metadata: one 4-byte reference per kept draw and name, 2 x 46 x 2 x 4 = 736 bytes
        replex.core.SamplerSettings meta = s.withDrawMetadata(List.of("status", "solver"));
        Preflight.checkDrawMemory(meta, 1, 2 * (2208 + 736));
        assertThrows(ConfigurationException.class, () -> Preflight.checkDrawMemory(meta, 1, 2 * (2208 + 736) - 1));
    }

    @Test
    void versionIsKnown() {
        assertFalse(Replex.version().isBlank());
    }
}
