package replex.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.SamplerSettings;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;

class JobSpecTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private JobSpec load(String content) throws IOException {
        return JobSpec.load(write("job.conf", content), JobSpec.Overrides.NONE);
    }

    @Test
    void defaultsFillEverythingButTheTarget() throws IOException {
        Path file = write("mixture.conf", "job { target { name = gaussian, means = [0] } }");
        JobSpec spec = JobSpec.load(file, JobSpec.Overrides.NONE);
        SamplerSettings s = spec.sampler();
        assertEquals(1L, s.seed());
        assertEquals(4, s.chains());
        assertEquals(Ladder.geometric(8, 0.01), s.ladder());
        assertEquals(SwapRule.DEO, s.swap());
        assertEquals(2000, s.rounds());
        assertEquals(10, s.stepsPerRound());
        assertEquals(500, s.burnInRounds());
        assertEquals(1, s.thin());
        assertEquals(1.0, s.proposalScale());
        assertEquals(AdaptationMode.SCALE, s.adapt());
        assertEquals(Runtime.getRuntime().availableProcessors(), spec.workers());
        assertEquals("sample", spec.mode());
        assertEquals(file, spec.jobFile());
        assertEquals("gaussian", spec.target().getString("name"));
        assertEquals(Path.of("out", "mixture").toAbsolutePath().normalize(), spec.outputDir());
    }

    @Test
    void readsEverySetting() throws IOException {
        JobSpec spec = load("""
                job {
                  mode = sample
                  seed = 42
                  target { name = gaussian-mixture, weights = [0.3, 0.7], means = [[-5], [5]], sd = 1 }
                  chains = 3
                  temperatures { betas = [1.0, 0.5, 0.25] }
                  swap = SEO
                  rounds = 200
                  steps-per-round = 5
                  burn-in-rounds = 20
                  thin = 2
                  proposal { scale = 0.5, adapt = covariance }
                  workers = 0
                }
                output { dir = "results/run1" }
                """);
        SamplerSettings s = spec.sampler();
        assertEquals(42L, s.seed());
        assertEquals(3, s.chains());
        assertArrayEquals(new double[] {1.0, 0.5, 0.25}, s.ladder().betas());
        assertEquals(SwapRule.SEO, s.swap());
        assertEquals(200, s.rounds());
        assertEquals(5, s.stepsPerRound());
        assertEquals(20, s.burnInRounds());
        assertEquals(2, s.thin());
        assertEquals(0.5, s.proposalScale());
        assertEquals(AdaptationMode.COVARIANCE, s.adapt());
        assertEquals(0, spec.workers());
        assertEquals(Path.of("results/run1").toAbsolutePath().normalize(), spec.outputDir());
        assertEquals(2, spec.target().getList("means").size());
    }

    @Test
    void geometricLadderAndAdaptFalse() throws IOException {
        JobSpec spec = load("job { target { name = gaussian, means = [0] }, temperatures { count = 3, beta-min = 0.25 }"
                + ", proposal.adapt = false, rounds = 10 }");
        assertArrayEquals(new double[] {1.0, 0.5, 0.25}, spec.sampler().ladder().betas(), 1e-15);
        assertEquals(AdaptationMode.NONE, spec.sampler().adapt());
        assertEquals(2, spec.sampler().burnInRounds());
    }

    static Stream<Arguments> invalidJobs() {
        String t = "target { name = gaussian, means = [0] }";
        return Stream.of(
                Arguments.of("job { " + t + ", chains = \"four\" }", "job.chains",
                        "job.chains: must be an integer >= 1, got STRING 'four'"),
                Arguments.of("job { " + t + ", chains = 0 }", "job.chains", "must be an integer >= 1, got 0"),
                Arguments.of("job { " + t + ", chains = 2.5 }", "job.chains", "got NUMBER 2.5"),
                Arguments.of("job { " + t + ", chains = null }", "job.chains", "got NULL"),
                Arguments.of("job { " + t + ", tempratures { count = 4 } }", "job.tempratures",
                        "unknown key (did you mean job.temperatures?); allowed keys under job: mode, seed, target"),
                Arguments.of("job { " + t + ", temperatures { count = 4, betamin = 0.1 } }",
                        "job.temperatures.betamin", "allowed keys under job.temperatures: count, beta-min, betas"),
                Arguments.of("job { " + t + ", proposal { scael = 2 } }", "job.proposal.scael",
                        "did you mean job.proposal.scale?"),
                Arguments.of("job { " + t + " }, output { dri = x }", "output.dri", "allowed keys under output: dir"),
                Arguments.of("job { " + t + " }, ouput { dir = x }", "ouput", "did you mean output?"),
                Arguments.of("job { " + t + ", temperatures { count = 4, betas = [1.0, 0.5] } }",
                        "job.temperatures", "not both"),
                Arguments.of("job { " + t + ", temperatures { count = 0 } }", "job.temperatures.count", ">= 1"),
                Arguments.of("job { " + t + ", temperatures { count = automatic } }", "job.temperatures.count",
                        "must be an integer >= 1 or auto, got STRING 'automatic'"),
                Arguments.of("job { " + t + ", temperatures { count = -2 } }", "job.temperatures.count",
                        "must be an integer >= 1 or auto, got -2"),
                Arguments.of("job { " + t + ", temperatures { count = [8] } }", "job.temperatures.count",
                        "an integer >= 1 or auto, got LIST"),
                Arguments.of("job { " + t + ", temperatures { count = auto, betas = [1.0, 0.5] } }",
                        "job.temperatures", "not both"),
                Arguments.of("job { " + t + ", temperatures { count = auto, beta-min = 0 } }",
                        "job.temperatures.beta-min", "(0, 1)"),
                Arguments.of("job { " + t + ", temperatures { beta-min = 2 } }", "job.temperatures.beta-min",
                        "(0, 1)"),
                Arguments.of("job { " + t + ", temperatures { betas = [0.5, 0.2] } }", "job.temperatures.betas",
                        "must start with 1.0"),
                Arguments.of("job { " + t + ", temperatures { betas = [1.0, \"x\"] } }",
                        "job.temperatures.betas[1]", "got STRING 'x'"),
                Arguments.of("job { " + t + ", temperatures = 8 }", "job.temperatures", "got NUMBER 8"),
                Arguments.of("job { " + t + ", workers = -1 }", "job.workers", ">= 0"),
                Arguments.of("job { " + t + ", mode = optimise }", "job.mode", "must be one of sample, got 'optimise'"),
                Arguments.of("job { " + t + ", mode = optimize }", "job.mode",
                        "this command takes sampling jobs only"),
                Arguments.of("job { " + t + ", swap = random }", "job.swap", "must be one of deo | seo"),
                Arguments.of("job { " + t + ", rounds = 0 }", "job.rounds", ">= 1"),
                Arguments.of("job { " + t + ", rounds = 10000000000 }", "job.rounds", "got 10000000000"),
                Arguments.of("job { " + t + ", rounds = 100, burn-in-rounds = 100 }", "job.burn-in-rounds",
                        "smaller than job.rounds"),
                Arguments.of("job { " + t + ", thin = 1.5 }", "job.thin", "must be an integer >= 1"),
                Arguments.of("job { " + t + ", seed = \"abc\" }", "job.seed", "got STRING 'abc'"),
                Arguments.of("job { " + t + ", proposal { scale = -1 } }", "job.proposal.scale", "> 0"),
                Arguments.of("job { " + t + ", proposal { adapt = maybe } }", "job.proposal.adapt",
                        "false | true | none | scale | covariance"),
                Arguments.of("job { " + t + ", proposal = 1 }", "job.proposal", "must be an object"),
                Arguments.of("job { chains = 2 }", "job.target", "missing"),
                Arguments.of("job { target = gaussian }", "job.target", "got STRING 'gaussian'"),
                Arguments.of("output { dir = x }", "job", "missing"),
                Arguments.of("job = 3", "job", "got NUMBER 3"),
                Arguments.of("job { " + t + " }, output { dir = \"\" }", "output.dir", "must not be empty"),
                // upper bounds, checked before anything is built (a huge count once ran out of heap)
                Arguments.of("job { " + t + ", chains = 2000000000 }", "job.chains",
                        "must be at most " + JobSpec.MAX_CHAINS + " (the limit), got 2000000000"),
                Arguments.of("job { " + t + ", temperatures.count = 2000000000 }", "job.temperatures.count",
                        "must be at most " + JobSpec.MAX_LEVELS + " (the limit), got 2000000000"),
                Arguments.of("job { " + t + ", chains = 1000, temperatures.count = 101 }", "job.chains",
                        "1000 x 101 = 101000 replicas, more than the limit " + JobSpec.MAX_REPLICAS),
                Arguments.of("job { " + t + ", temperatures.betas = [" + "1.0, ".repeat(JobSpec.MAX_LEVELS) + "0] }",
                        "job.temperatures.betas", "holds 1001 levels, more than the limit " + JobSpec.MAX_LEVELS),
                Arguments.of("job { " + t + ", workers = 100000 }", "job.workers",
                        "must be at most " + JobSpec.MAX_WORKERS),
                Arguments.of("job { " + t + ", rounds = 2147483648 }", "job.rounds",
                        "must be at most 2147483647 (the limit), got 2147483648"),
                Arguments.of("job { " + t + ", steps-per-round = 2147483648 }", "job.steps-per-round",
                        "must be at most 2147483647"),
                Arguments.of("job { " + t + ", checkpoint-every = 2147483648 }", "job.checkpoint-every",
                        "must be at most 2147483647"));
    }

    @ParameterizedTest
    @MethodSource("invalidJobs")
    void invalidValuesNameTheirKey(String content, String key, String fragment) throws IOException {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(content));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
    }

    @Test
    void missingFileIsReported() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> JobSpec.load(dir.resolve("nope.conf"), JobSpec.Overrides.NONE));
        assertTrue(e.getMessage().contains("nope.conf") && e.getMessage().contains("not found"), e.getMessage());
        assertNull(e.key());
    }

    @Test
    void syntaxErrorGivesTheLine() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> load("job {\n  chains = 2\n  target { name = gaussian\n"));
        assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
        assertTrue(e.getMessage().matches(".*line \\d+.*"), e.getMessage());
    }

    @Test
    void unresolvedSubstitutionIsReported() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> load("job { target { name = gaussian, means = [0] }, chains = ${nothing} }"));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("nothing"), e.getMessage());
    }

    @Test
    void jsonJobFilesWork() throws IOException {
        Path file = write("j.json", "{\"job\": {\"target\": {\"name\": \"gaussian\", \"means\": [1]}, \"chains\": 2}}");
        assertEquals(2, JobSpec.load(file, JobSpec.Overrides.NONE).sampler().chains());
    }

    @Test
    void overridesWinOverTheFile() throws IOException {
        Path file = write("job.conf", "job { target { name = gaussian, means = [0] }, seed = 5, workers = 3 }\n"
                + "output { dir = from-file }");
        JobSpec spec = JobSpec.load(file, new JobSpec.Overrides(Path.of("from-cli"), 0, 99L));
        assertEquals(99L, spec.sampler().seed());
        assertEquals(0, spec.workers());
        assertEquals(Path.of("from-cli").toAbsolutePath().normalize(), spec.outputDir());

        JobSpec partial = JobSpec.load(file, new JobSpec.Overrides(null, null, 7L));
        assertEquals(7L, partial.sampler().seed());
        assertEquals(3, partial.workers());
        assertEquals(Path.of("from-file").toAbsolutePath().normalize(), partial.outputDir());
    }

    @Test
    void emptyOutOptionIsRefusedLikeAnEmptyOutputDir() throws IOException {
        Path file = dir.resolve("o.conf");
        Files.writeString(file, "job { target { name = gaussian, means = [0] } }");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> JobSpec.load(file, new JobSpec.Overrides(Path.of(""), null, null)));
        assertEquals("--out", e.key());
        assertTrue(e.getMessage().contains("must not be empty"), e.getMessage());
    }

    @Test
    void tooManyWorkersOverrideNamesTheOption() throws IOException {
        Path file = dir.resolve("w.conf");
        Files.writeString(file, "job { target { name = gaussian, means = [0] } }");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> JobSpec.load(file, new JobSpec.Overrides(null, JobSpec.MAX_WORKERS + 1, null)));
        assertEquals("--workers", e.key());
        assertTrue(e.getMessage().contains("[0, " + JobSpec.MAX_WORKERS + "]"), e.getMessage());
    }

    @Test
    void negativeWorkersOverrideNamesTheOption() throws IOException {
        Path file = write("job.conf", "job { target { name = gaussian, means = [0] } }");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> JobSpec.load(file, new JobSpec.Overrides(null, -2, null)));
        assertEquals("--workers", e.key());
    }

    @Test
    void relativeOutputDirIsResolvedAgainstTheBaseDirectory() {
        JobSpec spec = JobSpec.fromConfig(ConfigFactory.parseString(
                "job { target { name = gaussian, means = [0] } }, output.dir = \"a/../b\""),
                JobSpec.Overrides.NONE, dir);
        assertEquals(dir.resolve("b"), spec.outputDir());
        JobSpec defaulted = JobSpec.fromConfig(ConfigFactory.parseString("job.target { name = gaussian, means = [0] }"),
                JobSpec.Overrides.NONE, dir);
        assertEquals(dir.resolve("out").resolve("job"), defaulted.outputDir());
        assertNull(defaulted.jobFile());
    }

    @Test
    void effectiveConfigLoadsBackToTheSameJob() throws IOException {
        JobSpec spec = load("job { target { name = gaussian, means = [0, 1] }, seed = -3, chains = 2, "
                + "temperatures.count = 5, swap = seo, rounds = 40, thin = 3, proposal.adapt = none, workers = 2 }");
        JobSpec again = JobSpec.fromConfig(spec.toConfig(), JobSpec.Overrides.NONE, dir);
        assertEquals(spec.sampler(), again.sampler());
        assertEquals(spec.target(), again.target());
        assertEquals(spec.workers(), again.workers());
        assertEquals(spec.outputDir(), again.outputDir());
        JobSpec rendered = JobSpec.fromConfig(ConfigFactory.parseString(spec.render()), JobSpec.Overrides.NONE, dir);
        assertEquals(spec.sampler(), rendered.sampler());
        assertTrue(spec.render().contains("burn-in-rounds"), spec.render());
    }

    @Test
    void countAutoGivesThePilotLadderUntilAPilotHasRun() throws IOException {
        JobSpec spec = load("job { target { name = gaussian, means = [0] }, temperatures { count = AUTO, "
                + "beta-min = 0.001, adapt = true }, rounds = 100 }");
        assertTrue(spec.autoLevels());
        assertNull(spec.levelCountChoice());
        assertEquals(Ladder.geometric(JobSpec.AUTO_PILOT_LEVELS, 0.001), spec.sampler().ladder());
        assertTrue(spec.sampler().adaptLadder());
        JobSpec fixed = load("job { target { name = gaussian, means = [0] }, temperatures.count = 4 }");
        assertFalse(fixed.autoLevels());
        assertEquals(4, fixed.sampler().levels());
    }

    @Test
    void countAutoSurvivesTheEffectiveConfigUntilTheCountIsChosen() throws IOException {
        JobSpec spec = load("job { target { name = gaussian, means = [0] }, temperatures { count = auto, "
                + "beta-min = 0.05 }, rounds = 100 }");
        JobSpec again = JobSpec.fromConfig(spec.toConfig(), JobSpec.Overrides.NONE, dir);
        assertTrue(again.autoLevels());
        assertEquals(spec.sampler(), again.sampler());
        assertTrue(spec.render().contains("auto"), spec.render());

        SamplerSettings s = spec.sampler();
        SamplerSettings chosen = SamplerSettings.builder().seed(s.seed()).chains(s.chains())
                .ladder(Ladder.geometric(5, 0.05)).swap(s.swap()).rounds(s.rounds()).stepsPerRound(s.stepsPerRound())
                .burnInRounds(s.burnInRounds()).thin(s.thin()).proposalScale(s.proposalScale()).adapt(s.adapt())
                .adaptLadder(s.adaptLadder()).build();
        LevelCountChoice choice = new LevelCountChoice(32, 256, 128, 9, 1.7, 5, 5);
        JobSpec piloted = spec.withLevelCountChoice(chosen, choice);
        assertEquals(choice, piloted.levelCountChoice());
        assertEquals(5, piloted.sampler().levels());
        // after the pilot, the chosen ladder is written out explicitly: no second pilot
        JobSpec reloaded = JobSpec.fromConfig(piloted.toConfig(), JobSpec.Overrides.NONE, dir);
        assertFalse(reloaded.autoLevels());
        assertEquals(piloted.sampler(), reloaded.sampler());
        assertThrows(IllegalArgumentException.class, () -> spec.withLevelCountChoice(s, choice),
                "a choice of 5 levels does not fit the 32-level pilot ladder");
        JobSpec fixed = load("job { target { name = gaussian, means = [0] }, temperatures.count = 5 }");
        assertThrows(IllegalStateException.class, () -> fixed.withLevelCountChoice(chosen, choice));
    }

    static Stream<Arguments> invalidInitialValues() {
        String t = "target { name = gaussian, means = [0, 1] }, chains = 2, temperatures.count = 2";
        return Stream.of(
                Arguments.of("job { " + t + ", init { } }", "job.init", "gives neither values nor file"),
                Arguments.of("job { " + t + ", init { values = [1, 2], file = a.csv } }", "job.init", "gives both"),
                Arguments.of("job { " + t + ", init { values = [[1, 2], [3, 4], [5, 6]] } }", "job.init.values",
                        "holds 3 rows, but the job has 2 chains x 2 levels: give 1 row (every replica), 2 (one per "
                        + "chain) or 4 (one per replica)"),
                Arguments.of("job { " + t + ", init { values = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 0]] } }",
                        "job.init.values", "holds 5 rows, more than one per replica"),
                Arguments.of("job { " + t + ", init { values = [[1, 2], [3]] } }", "job.init.values",
                        "row 2 holds 1 values, row 1 holds 2"),
                Arguments.of("job { " + t + ", init { values = [1, x] } }", "job.init.values[1]",
                        "must be a finite number"),
                Arguments.of("job { " + t + ", init { values = 3 } }", "job.init.values", "must be a list"),
                Arguments.of("job { " + t + ", init { values = [1, 2], jitter = -0.5 } }", "job.init.jitter",
                        "must be a finite number >= 0, got -0.5"),
                Arguments.of("job { " + t + ", init { values = [1, 2], names = [a] } }", "job.init.values",
                        "names 1 parameters, but row 1 holds 2 values"),
                Arguments.of("job { " + t + ", init { file = a.csv, names = [a] } }", "job.init.names",
                        "only goes with values"),
                Arguments.of("job { " + t + ", init { values = [1, 2], jiter = 1 } }", "job.init.jiter",
                        "unknown key"),
                Arguments.of("job { " + t + ", init { file = \"\" } }", "job.init.file", "must not be empty"),
                Arguments.of("job { " + t + ", init { file = missing.csv } }", "job.init.file",
                        "missing.csv not found (a relative path is relative to the job file's folder)"),
                Arguments.of("job { target { name = gaussian, means = [0], init { values = [1] } } }",
                        "job.target.init", "is reserved: give where the replicas start as job.init"),
                Arguments.of("job { target { name = gaussian, means = [0] }, chains = 2, temperatures.count = auto, "
                        + "init { values = [[1], [2], [3]] } }", "job.init.values",
                        "with job.temperatures.count = auto the number of levels is not known before the pilot"));
    }

    @ParameterizedTest
    @MethodSource("invalidInitialValues")
    void invalidInitialValuesNameTheirKey(String content, String key, String fragment) throws IOException {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(content));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void anInitFileIsReadRelativeToTheJobFileAndNamesTheBadLine() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(sub.resolve("init.csv"), "# starting points\nb, a\n1, 2\n\n3, 4\n");
        Path job = sub.resolve("job.conf");
        Files.writeString(job, "job { target { name = gaussian, means = [0, 1] }, chains = 2, temperatures.count = 2, "
                + "init { file = init.csv, jitter = 0.5 } }");
        JobSpec spec = JobSpec.load(job, JobSpec.Overrides.NONE);
        replex.core.InitialValues init = spec.init();
        assertEquals(2, init.rowCount());
        assertArrayEquals(new double[] {3, 4}, init.row(1));
        assertEquals(java.util.List.of("b", "a"), init.names());
        assertEquals(0.5, init.jitter());
        assertEquals("job.init.file", init.key());
        assertFalse(spec.userTarget().hasPath("init"), "the block as written");
        assertTrue(spec.target().hasPath("init"), "the values travel with the target block");
        // The effective job carries the rows themselves (a node need not see the file).
        JobSpec again = JobSpec.fromConfig(spec.toConfig(), JobSpec.Overrides.NONE, dir);
        assertEquals(2, again.init().rowCount());
        assertArrayEquals(init.row(0), again.init().row(0));
        assertEquals(init.names(), again.init().names());
        assertEquals(spec.userTarget(), again.userTarget());
        assertFalse(spec.toConfig().hasPath("job.target.init"));

        Files.writeString(sub.resolve("init.csv"), "a,b\n1,2\n3,oops\n");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> JobSpec.load(job, JobSpec.Overrides.NONE));
        assertEquals("job.init.file", e.key());
        assertTrue(e.getMessage().endsWith("init.csv, line 3, parameter b: 'oops' is not a finite number"),
                e.getMessage());
        Files.writeString(sub.resolve("init.csv"), "a,b\n1,2,3\n");
        e = assertThrows(ConfigurationException.class, () -> JobSpec.load(job, JobSpec.Overrides.NONE));
        assertTrue(e.getMessage().endsWith("line 2: 3 fields, but the header names 2 parameters"), e.getMessage());
    }

    @Test
    void theHottestLevelLeftToItsDefaultIsThePriorOnlyIfItIsNormalised() throws IOException {
        JobSpec spec = load("job { target { name = gaussian, means = [0] }, temperatures.count = 5 }");
        assertTrue(spec.hottestDefault());
        assertEquals(Ladder.geometric(5, 0.01), spec.sampler().ladder(), "until the target is known");
        assertEquals(Ladder.geometricToPrior(5, 0.01), spec.withHottestLevel(true).sampler().ladder());
        assertEquals(Ladder.geometric(5, 0.01), spec.withHottestLevel(false).sampler().ladder());
        assertFalse(spec.withHottestLevel(true).hottestDefault());
        JobSpec explicit = load("job { target { name = gaussian, means = [0] }, temperatures { count = 5, "
                + "beta-min = 0.01 } }");
        assertEquals(Ladder.geometric(5, 0.01), explicit.withHottestLevel(true).sampler().ladder());
        JobSpec betas = load("job { target { name = gaussian, means = [0] }, temperatures.betas = [1, 0.5] }");
        assertEquals(Ladder.of(1, 0.5), betas.withHottestLevel(true).sampler().ladder());
        assertTrue(load("job { target { name = gaussian, means = [0] } }").hottestDefault());
        assertTrue(load("job { target { name = gaussian, means = [0] }, temperatures.adapt = true }").hottestDefault());
    }

    @Test
    void checkpointEveryDefaultsToATenthOfTheRoundsAndAtLeastOne() throws IOException {
        String t = "target { name = gaussian, means = [0] }";
        assertEquals(200, load("job { " + t + " }").checkpointEvery(), "2000 rounds by default");
        assertEquals(25, load("job { " + t + ", rounds = 250 }").checkpointEvery());
        assertEquals(1, load("job { " + t + ", rounds = 9 }").checkpointEvery(), "9 / 10 = 0, raised to 1");
        assertEquals(1, load("job { " + t + ", rounds = 1 }").checkpointEvery());
        assertEquals(1, JobSpec.defaultCheckpointEvery(19));
        assertEquals(2, JobSpec.defaultCheckpointEvery(20));
    }

    @Test
    void checkpointEveryTakesAnExplicitValueAndZero() throws IOException {
        String t = "target { name = gaussian, means = [0] }";
        assertEquals(7, load("job { " + t + ", rounds = 100, checkpoint-every = 7 }").checkpointEvery());
        assertEquals(500, load("job { " + t + ", rounds = 100, checkpoint-every = 500 }").checkpointEvery());
        assertEquals(0, load("job { " + t + ", checkpoint-every = 0 }").checkpointEvery(), "0 = no checkpoints");
    }

    @ParameterizedTest
    @MethodSource("invalidCheckpointSettings")
    void invalidCheckpointSettingsNameTheirKey(String content, String key, String fragment) throws IOException {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(content));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
    }

    static Stream<Arguments> invalidCheckpointSettings() {
        String t = "target { name = gaussian, means = [0] }";
        return Stream.of(
                Arguments.of("job { " + t + ", checkpoint-every = -1 }", "job.checkpoint-every", ">= 0"),
                Arguments.of("job { " + t + ", checkpoint-every = 2.5 }", "job.checkpoint-every",
                        "must be an integer >= 0"),
                Arguments.of("job { " + t + ", checkpoint-every = \"often\" }", "job.checkpoint-every",
                        "got STRING 'often'"),
                Arguments.of("job { " + t + ", checkpoint-every = 10000000000 }", "job.checkpoint-every",
                        "got 10000000000"),
                Arguments.of("job { " + t + ", checkpoint-evry = 5 }", "job.checkpoint-evry",
                        "did you mean job.checkpoint-every?"),
                Arguments.of("job { " + t + " }, output { checkpoint-dir = \"\" }", "output.checkpoint-dir",
                        "must not be empty"),
                Arguments.of("job { " + t + " }, output { checkpoint-dir = [1] }", "output.checkpoint-dir",
                        "got LIST"));
    }

    @Test
    void negativeCheckpointEveryInTheConstructorNamesTheKey() {
        JobSpec ok = JobSpec.fromConfig(ConfigFactory.parseString("job.target { name = gaussian, means = [0] }"),
                JobSpec.Overrides.NONE, dir);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new JobSpec(ok.sampler(),
                ok.target(), 0, ok.outputDir(), "sample", null, -3, ok.checkpointDir(), false));
        assertEquals("job.checkpoint-every", e.key());
    }

    @Test
    void checkpointDirDefaultsToCheckpointsInTheOutputDirectory() throws IOException {
        JobSpec spec = load("job { target { name = gaussian, means = [0] } }, output { dir = \"" + dir.resolve("o")
                + "\" }");
        assertEquals(dir.resolve("o").resolve("checkpoints"), spec.checkpointDir());
        JobSpec overridden = JobSpec.load(write("j2.conf", "job { target { name = gaussian, means = [0] } }"),
                new JobSpec.Overrides(dir.resolve("cli"), null, null));
        assertEquals(dir.resolve("cli").resolve(JobSpec.DEFAULT_CHECKPOINT_DIR), overridden.checkpointDir(),
                "follows --out");
        JobSpec fromConstructor = new JobSpec(spec.sampler(), spec.target(), 0, dir.resolve("x"), "sample", null);
        assertEquals(dir.resolve("x").resolve("checkpoints"), fromConstructor.checkpointDir());
        assertEquals(JobSpec.defaultCheckpointEvery(spec.sampler().rounds()), fromConstructor.checkpointEvery());
    }

    @Test
    void relativeCheckpointDirIsResolvedAgainstTheBaseDirectoryNotTheOutputDirectory() {
        JobSpec spec = JobSpec.fromConfig(ConfigFactory.parseString("job { target { name = gaussian, means = [0] } },"
                + " output { dir = \"runs/a\", checkpoint-dir = \"ckpt/../saved\" }"), JobSpec.Overrides.NONE, dir);
        assertEquals(dir.resolve("saved"), spec.checkpointDir());
        assertTrue(spec.checkpointDir().isAbsolute());
        JobSpec absolute = JobSpec.fromConfig(ConfigFactory.parseString("job { target { name = gaussian, means = [0] }"
                + " }, output { checkpoint-dir = \"" + dir.resolve("abs") + "\" }"), JobSpec.Overrides.NONE,
                dir.resolve("elsewhere"));
        assertEquals(dir.resolve("abs"), absolute.checkpointDir());
        JobSpec working = JobSpec.fromConfig(ConfigFactory.parseString("job { target { name = gaussian, means = [0] }"
                + " }, output { checkpoint-dir = rel }"), JobSpec.Overrides.NONE, null);
        assertEquals(Path.of("rel").toAbsolutePath().normalize(), working.checkpointDir(), "null = working directory");
    }

    @Test
    void effectiveConfigKeepsTheCheckpointSettings() throws IOException {
        JobSpec spec = load("job { target { name = gaussian, means = [0] }, rounds = 50, checkpoint-every = 7 }, "
                + "output { dir = \"" + dir.resolve("o") + "\", checkpoint-dir = \"" + dir.resolve("c") + "\" }");
        assertEquals(7, spec.toConfig().getInt("job.checkpoint-every"));
        assertEquals(dir.resolve("c").toString(), spec.toConfig().getString("output.checkpoint-dir"));
        JobSpec again = JobSpec.fromConfig(spec.toConfig(), JobSpec.Overrides.NONE, dir.resolve("other"));
        assertEquals(7, again.checkpointEvery());
        assertEquals(dir.resolve("c"), again.checkpointDir());
        assertEquals(spec.outputDir(), again.outputDir());
        JobSpec rendered = JobSpec.fromConfig(ConfigFactory.parseString(spec.render()), JobSpec.Overrides.NONE, null);
        assertEquals(7, rendered.checkpointEvery());
        assertEquals(dir.resolve("c"), rendered.checkpointDir());

        JobSpec none = load("job { target { name = gaussian, means = [0] }, checkpoint-every = 0 }");
        assertEquals(0, JobSpec.fromConfig(none.toConfig(), JobSpec.Overrides.NONE, dir).checkpointEvery());
        JobSpec defaulted = load("job { target { name = gaussian, means = [0] }, rounds = 30 }");
        JobSpec defaultedAgain = JobSpec.fromConfig(defaulted.toConfig(), JobSpec.Overrides.NONE, dir);
        assertEquals(3, defaultedAgain.checkpointEvery());
        assertEquals(defaulted.checkpointDir(), defaultedAgain.checkpointDir());
    }

    @Test
    void aCommandTargetsRelativePathsAreResolvedAgainstTheJobFilesFolder() throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.writeString(models.resolve("model.py"), "");
        Path file = models.resolve("job.conf");
        Files.writeString(file, "job { target { command = [\"python3\", \"-u\", \"model.py\", \"absent.txt\"], "
                + "alpha = 1 } }\noutput { dir = \"" + dir.resolve("out") + "\" }");
        JobSpec spec = JobSpec.load(file, JobSpec.Overrides.NONE);
        assertEquals(List.of("python3", "-u", models.resolve("model.py").toString(), "absent.txt"),
                spec.target().getStringList("command"));
        assertEquals(models.toString(), spec.target().getString("directory"));
        assertEquals(dir.resolve("out").resolve("target-stderr.log").toString(), spec.target().getString("stderr-log"));
        assertEquals(1, spec.target().getInt("alpha"));
        Files.writeString(file, "job { target { command = [\"./bin/model\"], directory = \"data\" } }");
        JobSpec second = JobSpec.load(file, JobSpec.Overrides.NONE);
        assertEquals(List.of(models.resolve("bin/model").toString()), second.target().getStringList("command"));
        assertEquals(models.resolve("data").toString(), second.target().getString("directory"));
    }
}
