package replex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.engine.ProgressListener;
import replex.core.ladder.Ladder;
import replex.io.JobSpec;
import replex.io.LevelCountChoice;
import replex.targets.TargetFactory;

/** {@code temperatures.count = auto}: the pilot run that chooses the number of levels. */
class LevelCountPilotTest {

    /** Five coordinates, normal prior N(0, 1), normal likelihood of sd 1: little to temper. */
    private static final String EASY = "name = gaussian, means = [0, 0, 0, 0, 0], sd = 1, prior-sd = 1";
    /** The same with likelihood sd 0.01: the posterior is 100 times narrower than the prior. */
    private static final String HARD = "name = gaussian, means = [0, 0, 0, 0, 0], sd = 0.01, prior-sd = 1";

    @TempDir
    Path dir;

    private JobSpec job(String target, String count) {
        return JobSpec.fromConfig(ConfigFactory.parseString("job { target { " + target + " }, seed = 11, chains = 2, "
                + "temperatures { count = " + count + ", beta-min = 0.01 }, rounds = 400, steps-per-round = 5, "
                + "workers = 0 }"), new JobSpec.Overrides(dir.resolve("out"), null, null), dir);
    }

    private static Target target(JobSpec spec) {
        return TargetFactory.create(spec.target(), null);
    }

    @Test
    void aPosteriorFarNarrowerThanThePriorGetsMoreLevels() {
        JobSpec easySpec = job(EASY, "auto");
        JobSpec hardSpec = job(HARD, "auto");
        LevelCountChoice easy = LevelCountPilot.apply(easySpec, target(easySpec)).levelCountChoice();
        LevelCountChoice hard = LevelCountPilot.apply(hardSpec, target(hardSpec)).levelCountChoice();
        // With prior N(0, 1) and likelihood sd s, π_β is N(0, 1/(1 + β/s²)) per coordinate and
        // λ(β) ≈ 0.89·(β/s²)/(β/s² + 1)/β over β in [0.01, 1] (½ E|ℓ − ℓ'| of a scaled χ²_5), so
        // Λ ≈ 0.89·ln(2/1.01) ≈ 0.61 for s = 1 and ≈ 0.89·ln(100) ≈ 4.1 for s = 0.01.
        // Tolerance: 4 standard deviations of the pilot's estimate itself, measured over seeds 1-60 of
        // these two jobs (easy: mean 0.576, sd 0.035; hard: mean 3.85, sd 0.14), around the values above.
        assertEquals(0.61, easy.barrier(), 4 * 0.035, "easy barrier");
        assertEquals(4.1, hard.barrier(), 4 * 0.14, "hard barrier");
        assertEquals((int) Math.ceil(2 * easy.barrier() + 1), easy.recommendedLevels());
        assertEquals(Math.max(2, easy.recommendedLevels()), easy.chosenLevels());
        assertTrue(easy.chosenLevels() <= 3, "easy: " + easy);
        assertTrue(hard.chosenLevels() >= 8, "hard: " + hard);
    }

    @Test
    void theChosenLadderIsGeometricToBetaMinAndTheRestOfTheJobIsKept() {
        JobSpec spec = job(HARD, "auto");
        JobSpec chosen = LevelCountPilot.apply(spec, target(spec));
        LevelCountChoice choice = chosen.levelCountChoice();
        SamplerSettings before = spec.sampler();
        SamplerSettings after = chosen.sampler();
        assertEquals(Ladder.geometric(choice.chosenLevels(), 0.01), after.ladder());
        assertEquals(SamplerSettings.builder().seed(before.seed()).chains(before.chains()).ladder(after.ladder())
                .swap(before.swap()).rounds(before.rounds()).stepsPerRound(before.stepsPerRound())
                .burnInRounds(before.burnInRounds()).thin(before.thin()).proposalScale(before.proposalScale())
                .adapt(before.adapt()).adaptLadder(before.adaptLadder()).build(), after, "only the ladder changes");
        assertFalse(after.adaptLadder(), "temperatures.adapt stays the job's");
        assertTrue(chosen.autoLevels());
        assertEquals(spec.outputDir(), chosen.outputDir());
        assertEquals(JobSpec.AUTO_PILOT_LEVELS, choice.pilotLevels());
        assertEquals(LevelCountPilot.MIN_ROUNDS, choice.pilotRounds(), "400 / 8 rounds, raised to the minimum");
        assertEquals(choice.pilotRounds() / 2, choice.pilotBurnInRounds());
        assertEquals(LevelCountPilot.pilotSeed(11), choice.pilotSeed());
        assertNotEquals(11L, choice.pilotSeed());
    }

    @Test
    void withANormalisedPriorAndNoBetaMinThePilotAndTheChosenLadderEndAtThePrior() {
        JobSpec spec = JobSpec.fromConfig(ConfigFactory.parseString("job { target { " + HARD + " }, seed = 11, "
                + "chains = 2, temperatures.count = auto, rounds = 400, steps-per-round = 5, workers = 0 }"),
                new JobSpec.Overrides(dir.resolve("out"), null, null), dir);
        Target target = target(spec);
        JobSpec decided = spec.withHottestLevel(target.hasNormalisedPrior());
        assertEquals(Ladder.geometricToPrior(JobSpec.AUTO_PILOT_LEVELS, 0.01), decided.sampler().ladder(),
                "the pilot's ladder");
        JobSpec chosen = LevelCountPilot.apply(decided, target);
        assertEquals(Ladder.geometricToPrior(chosen.levelCountChoice().chosenLevels(), 0.01), chosen.sampler().ladder());
    }

    @Test
    void theSameJobGetsTheSameCountAndAChosenJobIsLeftAlone() {
        JobSpec spec = job(HARD, "auto");
        JobSpec first = LevelCountPilot.apply(spec, target(spec));
        JobSpec second = LevelCountPilot.apply(spec, (ClassLoader) null);
        assertEquals(first, second);
        assertEquals(first.levelCountChoice().barrier(), second.levelCountChoice().barrier(), 0.0, "bit for bit");
        assertSame(first, LevelCountPilot.apply(first, target(first)), "no second pilot");
        JobSpec fixed = job(HARD, "6");
        assertSame(fixed, LevelCountPilot.apply(fixed, target(fixed)), "a fixed count is kept");
    }

    @Test
    void pilotRoundsAreAnEighthOfTheJobsWithinBounds() {
        assertEquals(256, LevelCountPilot.pilotRounds(1));
        assertEquals(256, LevelCountPilot.pilotRounds(2000));
        assertEquals(375, LevelCountPilot.pilotRounds(3000));
        assertEquals(512, LevelCountPilot.pilotRounds(1_000_000));
        assertNotEquals(LevelCountPilot.pilotSeed(1), LevelCountPilot.pilotSeed(2));
    }

    @Test
    void summaryJsonRecordsThePilotAndWhetherThePriorIsNormalised() throws IOException {
        JobSpec spec = job(HARD, "auto");
        CompletedRun run = Replex.runAndWrite(spec, ProgressListener.NONE);
        JsonNode json = new ObjectMapper().readTree(Files.readString(run.outputs().summary()));
        JsonNode settings = json.get("settings");
        JsonNode pilot = settings.get("level_count_pilot");
        int levels = settings.get("levels").asInt();
        assertEquals(levels, pilot.get("chosen_levels").asInt());
        assertEquals(levels, json.get("chains").get(0).get("betas").size());
        assertTrue(levels >= 8, "levels " + levels);
        assertEquals(JobSpec.AUTO_PILOT_LEVELS, pilot.get("levels").asInt());
        assertEquals(256, pilot.get("rounds").asInt());
        assertEquals(128, pilot.get("burn_in_rounds").asInt());
        assertEquals(LevelCountPilot.pilotSeed(11), pilot.get("seed").asLong());
        assertEquals(run.summary().spec().levelCountChoice().barrier(), pilot.get("barrier").asDouble(), 0.0);
        assertTrue(json.get("log_z").get("prior_normalised").asBoolean());
        assertTrue(json.get("log_z").get("warning").isNull());

        JobSpec flat = JobSpec.fromConfig(ConfigFactory.parseString("job { target { name = gaussian, means = [0] }, "
                + "chains = 2, temperatures.count = 3, rounds = 100, workers = 0 }"),
                new JobSpec.Overrides(dir.resolve("flat"), null, null), dir);
        JsonNode flatJson = new ObjectMapper().readTree(Files.readString(
                Replex.runAndWrite(flat, ProgressListener.NONE).outputs().summary()));
        assertTrue(flatJson.get("settings").get("level_count_pilot").isNull());
        assertFalse(flatJson.get("log_z").get("prior_normalised").asBoolean());
        assertTrue(flatJson.get("log_z").get("warning").asText().contains("not the model evidence"));
    }

    @Test
    void aTargetThatCannotBeBuiltHereSaysThatThePilotNeedsIt() {
        JobSpec spec = job("class = \"com.example.Missing\"", "auto");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> LevelCountPilot.apply(spec, (ClassLoader) null));
        assertEquals("job.target.class", e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith("job.target.class: ") && !e.getMessage().contains(
                "job.target.class: job.target.class"), e.getMessage());
        assertTrue(e.getMessage().contains("count = auto runs a short pilot in this JVM"), e.getMessage());
    }
}
