package replex.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import replex.api.CompletedRun;
import replex.api.Replex;
import replex.core.SamplerSettings;
import replex.core.engine.ProgressListener;
import replex.io.JobSpec;

/**
 * Every job file in {@code examples/} is valid as shipped (its target is built and every chain's
 * initial state checked), and the two benchmark jobs run as is and have the sizes that
 * docs/performance.md describes.
 */
class ExampleJobsTest {

    private static final Path EXAMPLES = Path.of("examples");

    @TempDir
    Path dir;

    @Test
    void everyExampleJobIsValid() throws IOException {
        List<Path> jobs;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            jobs = files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertTrue(jobs.size() >= 6, "examples: " + jobs);
        for (Path job : jobs) {
            if (replex.io.OptimizeSpec.isOptimizeJob(job)) { // mode = optimize: its own reader and objective
                replex.io.OptimizeSpec spec = replex.io.OptimizeSpec.load(job, JobSpec.Overrides.NONE);
                replex.objectives.ObjectiveFactory.create(spec.objectiveBlock(), null).prepare(spec.columnNames(),
                        spec.rows());
                continue;
            }
            if (replex.io.EvaluateSpec.isEvaluateJob(job)) { // mode = evaluate: its own reader; the design fits
                replex.io.EvaluateSpec spec = replex.io.EvaluateSpec.load(job, JobSpec.Overrides.NONE);
                if (spec.isObjective()) { // a vector objective: built for the design's names
                    replex.objectives.ObjectiveFactory.createForPoints(spec.objective(), null, spec.parameterNames());
                    spec.design(spec.parameterNames());
                    continue;
                }
                replex.core.Target target = replex.targets.TargetFactory.create(spec.target(), null);
                spec.design(target.parameterNames());
                replex.targets.TargetFactory.close(target);
                continue;
            }
            JobSpec spec = JobSpec.load(job, JobSpec.Overrides.NONE);
            Replex.preflight(spec, null);
        }
    }

    @Test
    void cpuBurnBenchmarkJobHasTheDocumentedSizeAndRuns() {
        Path job = EXAMPLES.resolve("bench-cpu-burn.conf");
        JobSpec spec = JobSpec.load(job, new JobSpec.Overrides(dir.resolve("cpu-burn"), 0, null));
        assertEquals("cpu-burn", spec.target().getString("name"));
        assertEquals(3, spec.target().getInt("dimension"));
        assertEquals(200, spec.target().getInt("cost-us"));
        assertSize(spec.sampler(), 4, 8, 100, 5);
        assertRuns(spec);
    }

    @Test
    void sleepBenchmarkJobHasTheDocumentedSizeAndRuns() {
        Path job = EXAMPLES.resolve("bench-sleep.conf");
        JobSpec spec = JobSpec.load(job, new JobSpec.Overrides(dir.resolve("sleep"), 0, null));
        assertEquals("sleep", spec.target().getString("name"));
        assertEquals(10, spec.target().getInt("latency-ms"));
        assertSize(spec.sampler(), 1, 16, 20, 1);
        assertRuns(spec);
    }

    /** examples/evaluate-lhs.conf runs as shipped: 200 points, all ok, with the ODE solver's metrics. */
    @Test
    void evaluateExampleRuns() throws IOException {
        Path out = dir.resolve("evaluate-lhs");
        int code = new picocli.CommandLine(new replex.cli.ReplexCommand()).execute("run",
                EXAMPLES.resolve("evaluate-lhs.conf").toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, code);
        List<String> lines = Files.readAllLines(out.resolve("evaluations.csv"), StandardCharsets.UTF_8);
        assertEquals(201, lines.size());
        assertTrue(lines.get(0).endsWith(",log_prior,log_likelihood,ode_steps,ode_evaluations,ode_status,status,message"),
                lines.get(0));
        assertTrue(lines.stream().skip(1).allMatch(l -> l.endsWith(",ok,")), "every point ok");
    }

    private static void assertSize(SamplerSettings s, int chains, int levels, int rounds, int steps) {
        assertEquals(chains, s.chains(), "chains");
        assertEquals(levels, s.levels(), "levels");
        assertEquals(rounds, s.rounds(), "rounds");
        assertEquals(steps, s.stepsPerRound(), "steps per round");
    }

    private static void assertRuns(JobSpec spec) {
        CompletedRun run = Replex.runAndWrite(spec, ProgressListener.NONE);
        SamplerSettings s = spec.sampler();
        try {
            List<String> lines = Files.readAllLines(run.outputs().draws(), StandardCharsets.UTF_8);
            assertEquals(1 + s.chains() * s.drawsPerChain(), lines.size(), "header plus every draw");
            assertFalse(Files.readString(run.outputs().summary(), StandardCharsets.UTF_8).isEmpty());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
