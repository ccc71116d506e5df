package replex.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import replex.core.SamplerSettings;
import replex.io.JobSpec;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.core.engine.SequentialEngine;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;
import replex.targets.TargetFactory;

/**
 * Strong parallelism invariance: the sequential engine and the actor engine with 1, 2 and 4
 * workers give bit-identical draws and statistics. Messages are serialised (Kryo) even locally.
 */
public class ParallelismInvarianceTest {

    public static final Config SERIALIZE = ConfigFactory.parseString("akka.actor.serialize-messages = on");

    /** The same job as {@link #settings}, as a job file. */
    public static final String JOB = "job { seed = 7, chains = 3, temperatures { count = 5, beta-min = 0.05, adapt = true }, "
            + "swap = seo, "
            + "rounds = 120, steps-per-round = 4, burn-in-rounds = 40, thin = 3, "
            + "proposal { scale = 0.5, adapt = covariance }, "
            + "target { name = gaussian-mixture, weights = [0.3, 0.7], means = [[-4, 0], [4, 1]], sd = 1 } }";

    static Config target;
    static SamplerSettings settings;
    public static RunResult sequential;

    @BeforeAll
    public static void runSequential() {
        target = ConfigFactory.parseString(
                "name = gaussian-mixture, weights = [0.3, 0.7], means = [[-4, 0], [4, 1]], sd = 1");
        // Covariance adaptation, ladder tuning and SEO exercise every message field and code path.
        settings = SamplerSettings.builder().seed(7L).chains(3).ladder(Ladder.geometric(5, 0.05)).swap(SwapRule.SEO)
                .rounds(120).stepsPerRound(4).burnInRounds(40).thin(3).proposalScale(0.5)
                .adapt(AdaptationMode.COVARIANCE).adaptLadder(true).build();
        sequential = SequentialEngine.run(settings, TargetFactory.create(target, ClassLoader.getSystemClassLoader()),
                ProgressListener.NONE);
    }

    @Test
    void actorEngineMatchesSequentialForEveryWorkerCount() {
        for (int workers : new int[] {1, 2, 4}) {
            List<Long> progress = new ArrayList<>();
            // no checkpoint files: this test writes nothing into the working directory
            JobSpec spec = JobSpec.fromConfig(ConfigFactory.parseString(JOB + "\njob.workers = " + workers
                    + "\njob.checkpoint-every = 0"), JobSpec.Overrides.NONE, null);
            RunResult actors = ActorEngine.run(spec, ClassLoader.getSystemClassLoader(),
                    (done, total) -> progress.add(done), SERIALIZE);
            assertEquals(1, actors.replicasPerNode().size(), "one node");
            assertEquals(15, actors.replicasPerNode().values().iterator().next(), "hosting all 3 x 5 replicas");
            assertSameResult(sequential, actors, workers);
            assertEquals(settings.rounds(), progress.get(progress.size() - 1), "progress reaches the last round");
        }
    }

    @Test
    void aThousandDimensionalTargetGivesTheSameDrawsOnActors() {
        String means = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> i % 2 == 0 ? "0" : "1")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        String job = "job { seed = 9, chains = 2, temperatures { count = 3, beta-min = 0.5 }, rounds = 12, "
                + "steps-per-round = 3, burn-in-rounds = 4, checkpoint-every = 0, "
                + "target { name = gaussian, sd = 1, means = " + means + " } }";
        assertSequentialEqualsTwoWorkers(job);
    }

    @Test
    void initialValuesPerReplicaWithJitterGiveTheSameDrawsOnActors() {
        String job = "job { seed = 5, chains = 2, temperatures { count = 3, beta-min = 0.2 }, rounds = 20, "
                + "steps-per-round = 3, burn-in-rounds = 0, checkpoint-every = 0, "
                + "target { name = gaussian, sd = 1, means = [0, 1] }, "
                + "init { values = [[1, 2], [3, 4], [5, 6], [-1, -2], [-3, -4], [-5, -6]], jitter = 0.25 } }";
        assertSequentialEqualsTwoWorkers(job);
    }

    @Test
    void metricsRecordedWithTheDrawsCrossTheWireAndAgreeOnActors() {
        // output.draws-metrics: the Lotka-Volterra solver's cost of each kept state, evaluated where the
        // replica runs and carried, serialised, in the round reports (a wider row of doubles)
        String job = "job { seed = 4, chains = 2, temperatures { count = 3, beta-min = 0.2 }, rounds = 16, "
                + "steps-per-round = 3, burn-in-rounds = 4, checkpoint-every = 0, proposal.scale = 0.01, "
                + "target { name = hudson_lynx_hare-lotka_volterra } }\n"
                + "output.draws-metrics = [ode_evaluations, ode_steps]";
        RunResult result = assertSequentialEqualsTwoWorkers(job);
        var draws = result.chains().get(1).draws();
        assertEquals(8 + 2 + 2, draws.width(), "8 parameters, log-likelihood, log-prior, 2 metrics");
        for (int row = 0; row < draws.rows(); row++) {
            assertTrue(draws.get(row, 11) >= 1 && draws.get(row, 10) > draws.get(row, 11),
                    "the solver's steps and right-hand side evaluations, row " + row);
        }
    }

    @Test
    void metadataRecordedWithTheDrawsCrossTheWireAndAgreeOnActors() {
        // output.draws-metadata: strings of each kept state's evaluation, evaluated where the replica runs
        // and carried, serialised, beside the rows of doubles in the round reports and the client's draws
        String job = JOB.replace(
                "target { name = gaussian-mixture, weights = [0.3, 0.7], means = [[-4, 0], [4, 1]], sd = 1 }",
                "target { class = \"" + replex.api.MetricsTarget.class.getName() + "\" }")
                + "\noutput.draws-metrics = [sum]\noutput.draws-metadata = [note, right]\noutput.all-levels = true";
        RunResult result = assertSequentialEqualsTwoWorkers(job);
        var draws = result.chains().get(1).levelDraws().get(2);
        assertEquals(2, draws.metadataWidth());
        for (int row = 0; row < draws.rows(); row++) {
            assertEquals(draws.get(row, 1) > 0 ? replex.api.MetricsTarget.NOTE : "none", draws.metadataOf(row, 0),
                    "row " + row);
            assertEquals(draws.get(row, 0) > 0 ? "yes" : null, draws.metadataOf(row, 1), "row " + row);
        }
    }

    /** The job (a {@code job { … }} block without {@code workers}) on the sequential engine and on 2 workers. */
    private static RunResult assertSequentialEqualsTwoWorkers(String job) {
        JobSpec sequentialSpec = JobSpec.fromConfig(ConfigFactory.parseString(job + "\njob.workers = 0"),
                JobSpec.Overrides.NONE, null);
        RunResult expected = SequentialEngine.run(sequentialSpec.sampler(), TargetFactory.create(
                sequentialSpec.target(), ClassLoader.getSystemClassLoader()), ProgressListener.NONE);
        JobSpec spec = JobSpec.fromConfig(ConfigFactory.parseString(job + "\njob.workers = 2"),
                JobSpec.Overrides.NONE, null);
        RunResult actors = ActorEngine.run(spec, ClassLoader.getSystemClassLoader(), ProgressListener.NONE,
                SERIALIZE);
        assertSameResult(expected, actors, 2);
        return actors;
    }

    /**
     * Asserts that two results have the same draws and statistics, to the bit.
     *
     * @param expected the reference result
     * @param actual the result to check
     * @param workers for the messages
     */
    public static void assertSameResult(RunResult expected, RunResult actual, int workers) {
        assertSameResult(expected, actual, workers, java.util.Set.of());
    }

    /**
     * @param alsoExcluded further component paths that may differ (e.g. {@code "chains[].levelDraws"})
     */
    public static void assertSameResult(RunResult expected, RunResult actual, int workers,
            java.util.Set<String> alsoExcluded) {
        // Whole results, component by component; skipped only what describes how the run went, not what it
        // found: the engine's name, where replicas ran, round timings, and recovery events (a resumed run has one).
        java.util.Set<String> excluded = new java.util.HashSet<>(alsoExcluded);
        excluded.addAll(java.util.Set.of("engine", "replicasPerNode", "roundTiming", "events"));
        List<String> differences = WholeResults.differences(expected, actual, excluded);
        assertTrue(differences.isEmpty(), "workers=" + workers + ": " + String.join("; ", differences));
    }
}
