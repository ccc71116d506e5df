package replex.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;

import replex.core.SamplerSettings;
import replex.core.chain.ChainResult;
import replex.core.chain.ChainStatistics;
import replex.core.chain.DrawBuffer;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.core.engine.SequentialEngine;
import replex.core.evidence.EvidenceAccumulator;
import replex.core.ladder.Ladder;
import replex.core.evidence.LogEvidence;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;
import replex.targets.TargetFactory;

/** The diagnostics, log evidence and warnings of {@code summary.json}. */
class RunSummaryTest {

    static final int B = EvidenceAccumulator.BATCHES;
    static final double[] BETAS = {1.0, 0.3, 0.05};

    static JobSpec spec(SamplerSettings settings) {
        return new JobSpec(settings, ConfigFactory.parseString("name = x"), 0, Path.of("out"), "sample", null);
    }

    static RunSummary summary(RunResult result, double seconds) {
        return RunSummary.of(spec(result.settings()), result, "t", Instant.EPOCH, Instant.EPOCH, seconds);
    }

    /** Draws of one parameter, iid normal, so that ESS and R-hat are defined. */
    static DrawBuffer draws(long seed, int n) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        DrawBuffer buffer = new DrawBuffer(1, n);
        for (int i = 0; i < n; i++) {
            buffer.append(new double[] {rng.nextDouble() - 0.5, -1, 0});
        }
        return buffer;
    }

    /** A three-level chain with the given swap counts and evidence sums in the given batches only. */
    static ChainStatistics chain(int index, long[] swapAccepted, long roundTrips, int... batches) {
        long[] rounds = new long[B];
        double[] sums = new double[3 * B];
        double[] max = new double[2 * B];
        double[] weights = new double[2 * B];
        for (int b : batches) {
            rounds[b] = 10;
            for (int k = 0; k < 3; k++) {
                sums[k * B + b] = 10 * (-10.0 * (k + 1) - b); // 10 rounds of mean −10(k+1) − b
            }
            for (int k = 0; k < 2; k++) {
                max[k * B + b] = -1;
                weights[k * B + b] = 10;
            }
        }
        return ChainStatistics.builder().chain(index).mhAccepted(new long[] {30, 40, 50})
                .mhProposed(new long[] {100, 100, 100}).targetErrors(new long[3]).swapAttempts(new long[] {100, 100})
                .swapAccepted(swapAccepted).swapRejectionSum(new double[] {40, 99}).roundTrips(roundTrips)
                .restarts(roundTrips + 1).proposalScales(new double[] {1, 1, 1}).levels(new int[] {0, 1, 2})
                .betas(BETAS.clone()).evidenceBatchRounds(rounds).evidenceLogLikelihoodSums(sums)
                .evidenceLogWeightMax(max).evidenceWeightSums(weights).roundTripsByBatch(roundTripsByBatch(roundTrips))
                .build();
    }

    /** All of a chain's round trips in its first batch. */
    private static long[] roundTripsByBatch(long roundTrips) {
        long[] byBatch = new long[EvidenceAccumulator.BATCHES];
        byBatch[0] = roundTrips;
        return byBatch;
    }

    static RunResult synthetic(List<ChainStatistics> chains) {
        SamplerSettings s = SamplerSettings.builder().seed(1).chains(chains.size()).ladder(Ladder.of(BETAS))
                .swap(SwapRule.DEO).rounds(300).stepsPerRound(1).burnInRounds(100).thin(1).proposalScale(1.0)
                .adapt(AdaptationMode.NONE).build();
        List<ChainResult> results = new ArrayList<>();
        for (ChainStatistics c : chains) {
            results.add(new ChainResult(c, draws(c.chain() + 1, 200)));
        }
        return new RunResult(s, List.of("a"), results, "sequential", Map.of());
    }

    @Test
    void poolsDiagnosticsOverChains() {
        RunResult r = synthetic(List.of(chain(0, new long[] {60, 3}, 2, 0, 1), chain(1, new long[] {70, 4}, 3, 0, 1)));
        RunSummary summary = summary(r, 0.5);
        JsonNode json = summary.toJson();
        assertEquals(0.3, json.get("mh_acceptance").get(0).asDouble(), 1e-15);
        assertEquals(0.5, json.get("mh_acceptance").get(2).asDouble(), 1e-15);
        assertEquals(0.65, json.get("swap_acceptance").get(0).asDouble(), 1e-15);
        JsonNode barrier = json.get("communication_barrier");
        assertEquals(0.4, barrier.get("per_pair").get(0).asDouble(), 1e-15);
        assertEquals(0.99, barrier.get("per_pair").get(1).asDouble(), 1e-15);
        assertEquals(1.39, barrier.get("global").asDouble(), 1e-12);
        assertEquals(4, barrier.get("recommended_levels").asInt(), "⌈2·1.39 + 1⌉ = ⌈3.78⌉");
        assertEquals(5, json.get("round_trips").asLong());
        assertEquals(7, json.get("tempered_restarts").asLong());
        assertEquals(10.0, json.get("round_trips_per_second").asDouble(), 1e-12);
        assertEquals(14.0, json.get("tempered_restarts_per_second").asDouble(), 1e-12);
        JsonNode convergence = json.get("convergence");
        double ess = json.get("parameters").get("a").get("ess_bulk").asDouble();
        assertEquals(ess, convergence.get("ess_bulk_min").asDouble());
        assertEquals(ess, convergence.get("ess_bulk_median").asDouble());
        assertEquals(ess / 0.5, convergence.get("ess_bulk_min_per_second").asDouble(), 1e-9);
        assertEquals(json.get("parameters").get("a").get("r_hat").asDouble(), convergence.get("r_hat_max").asDouble());
        assertEquals(json.get("parameters").get("a").get("ess_tail").asDouble(),
                convergence.get("ess_tail_min").asDouble());
    }

    @Test
    void logZIsRelativeToTheHottestLevelWhenItIsAboveZero() {
        RunResult r = synthetic(List.of(chain(0, new long[] {60, 30}, 2, 0, 1), chain(1, new long[] {70, 40}, 3, 2)));
        JsonNode logZ = summary(r, 1).toJson().get("log_z");
        List<String> keys = new ArrayList<>();
        logZ.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("stepping_stone", "thermodynamic_integration", "reference_beta", "batches",
                "mean_log_likelihood", "note", "prior_normalised", "warning"), keys);
        assertTrue(logZ.get("prior_normalised").isNull(), "not known without the target");
        assertTrue(logZ.get("warning").isNull());
        assertEquals(0.05, logZ.get("reference_beta").asDouble());
        assertEquals(3, logZ.get("batches").asInt());
        assertTrue(logZ.get("note").asText().contains("not the evidence"), logZ.get("note").asText());
        // each pair: log mean of the weights = −1 + log(10) − log(10 rounds) = −1
        assertEquals(-2.0, logZ.get("stepping_stone").get("estimate").asDouble(), 1e-12);
        assertEquals(0.0, logZ.get("stepping_stone").get("se").asDouble(), 1e-12);
        // E[ℓ] at level k pooled over the batches 0, 1, 2: −10(k+1) − 1
        double ti = 0.7 * 0.5 * (-11 - 21) + 0.25 * 0.5 * (-21 - 31);
        assertEquals(ti, logZ.get("thermodynamic_integration").get("estimate").asDouble(), 1e-12);
        assertTrue(logZ.get("thermodynamic_integration").get("se").asDouble() > 0);
        assertEquals(-11.0, logZ.get("mean_log_likelihood").get(0).asDouble(), 1e-12);
    }

    @Test
    void warnsAboutRareSwapsNoRoundTripAndUnknownStandardError() {
        RunResult r = synthetic(List.of(chain(0, new long[] {60, 3}, 0, 5)));
        RunSummary summary = summary(r, 1);
        String warnings = String.join("\n", summary.warnings());
        assertTrue(warnings.contains("swap acceptance below 5% between levels 1 and 2 (beta 0.3 and 0.05: 3.0%)"),
                warnings);
        assertTrue(warnings.contains("add levels between them"), warnings);
        assertFalse(warnings.contains("levels 0 and 1"), "pair (0, 1) accepts 60%: " + warnings);
        assertTrue(warnings.contains("no replica made a round trip"), warnings);
        assertTrue(warnings.contains("standard error of log_z is not estimable (1 batch of rounds"), warnings);
        JsonNode logZ = summary.toJson().get("log_z");
        assertTrue(logZ.get("stepping_stone").get("se").isNull());
        assertFalse(logZ.get("stepping_stone").get("estimate").isNull());
    }

    @Test
    void noRareSwapWarningForAGapAlreadyReported() {
        RunResult r = synthetic(List.of(chain(0, new long[] {60, 0}, 1, 0, 1)));
        List<String> warnings = summary(r, 1).warnings();
        assertEquals(1, warnings.stream().filter(w -> w.contains("levels 1 and 2")).count(), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("no swap was accepted between levels 1 and 2")));
    }

    @Test
    void zeroWallTimeGivesNullRates() {
        RunResult r = synthetic(List.of(chain(0, new long[] {60, 30}, 2, 0, 1)));
        JsonNode json = summary(r, 0).toJson();
        assertTrue(json.get("round_trips_per_second").isNull());
        assertTrue(json.get("convergence").get("ess_bulk_min_per_second").isNull());
    }

    @Test
    void singleLevelHasNoBarrierNorLogZ() {
        SamplerSettings s = SamplerSettings.builder().seed(3).chains(2).ladder(Ladder.geometric(1, 0.5))
                .swap(SwapRule.DEO).rounds(40).stepsPerRound(2).burnInRounds(10).thin(1).proposalScale(1.0)
                .adapt(AdaptationMode.SCALE).build();
        RunResult r = SequentialEngine.run(s, TargetFactory.create(ConfigFactory.parseString(
                "name = gaussian, means = [0]"), null), ProgressListener.NONE);
        RunSummary summary = summary(r, 1);
        JsonNode json = summary.toJson();
        assertTrue(json.get("communication_barrier").get("global").isNull());
        assertTrue(json.get("communication_barrier").get("recommended_levels").isNull());
        assertTrue(json.get("log_z").get("stepping_stone").get("estimate").isNull());
        assertEquals(1.0, json.get("log_z").get("reference_beta").asDouble());
        assertTrue(json.get("log_z").get("note").asText().startsWith("one level"));
        String warnings = String.join("\n", summary.warnings());
        assertFalse(warnings.contains("round trip") || warnings.contains("log_z"), warnings);
    }

    @Test
    void logZOfARealRunIsDeterministicAndNamesTheEvidence() {
        SamplerSettings s = SamplerSettings.builder().seed(4).chains(2).ladder(Ladder.of(1.0, 0.3, 0.05, 0.0))
                .swap(SwapRule.DEO).rounds(200).stepsPerRound(5).burnInRounds(50).thin(1).proposalScale(1.0)
                .adapt(AdaptationMode.SCALE).build();
        String target = "name = gaussian, means = [1, -1], sd = 0.5, prior-sd = 2";
        JsonNode first = summary(SequentialEngine.run(s, TargetFactory.create(ConfigFactory.parseString(target), null),
                ProgressListener.NONE), 1).toJson();
        JsonNode second = summary(SequentialEngine.run(s, TargetFactory.create(ConfigFactory.parseString(target),
                null), ProgressListener.NONE), 2).toJson();
        assertEquals(first.get("log_z"), second.get("log_z"));
        assertEquals(first.get("communication_barrier"), second.get("communication_barrier"));
        assertEquals(0.0, first.get("log_z").get("reference_beta").asDouble());
        assertEquals(2 * B, first.get("log_z").get("batches").asInt());
        assertTrue(first.get("log_z").get("note").asText().contains("the log evidence"));
        assertTrue(first.get("log_z").get("stepping_stone").get("se").asDouble() > 0);
    }

    @Test
    void logZEstimatesThatDisagreeBeyondTheirErrorsAreReportedWithWhichToTrust() {
        // the mixture example of the issue: -6.92 +- 0.02 against -7.26 +- 0.02, 12 standard errors apart
        String w = replex.core.engine.RunDiagnostics.evidenceDisagreement(new LogEvidence.Estimate(-6.92, 0.02),
                new LogEvidence.Estimate(-7.26, 0.02), 8);
        assertTrue(w.startsWith("the stepping-stone log Z (-6.920 +- 0.020) and the thermodynamic-integration log Z "
                + "(-7.260 +- 0.020) disagree by 12.0 standard errors; trust stepping stone"), w);
        assertTrue(w.contains("discretisation bias") && w.contains("8 levels"), w);
        // within 3 standard errors of the difference (sqrt(0.02^2 + 0.02^2) = 0.028): no warning
        assertNull(replex.core.engine.RunDiagnostics.evidenceDisagreement(new LogEvidence.Estimate(-3.873, 0.02),
                new LogEvidence.Estimate(-3.95, 0.02), 8));
        assertNull(replex.core.engine.RunDiagnostics.evidenceDisagreement(new LogEvidence.Estimate(-3.873, Double.NaN),
                new LogEvidence.Estimate(-14.19, 0.34), 8));

        // a real run on a ladder far too coarse for thermodynamic integration: a sharp likelihood
        // (sd 0.1) under a wide normalised prior (sd 10), three levels 1, 0.01, 0
        SamplerSettings s = SamplerSettings.builder().seed(3).chains(2).ladder(Ladder.of(1.0, 0.01, 0.0))
                .swap(SwapRule.DEO).rounds(400).stepsPerRound(5).burnInRounds(100).thin(1).proposalScale(1.0)
                .adapt(AdaptationMode.SCALE).build();
        RunResult r = SequentialEngine.run(s, TargetFactory.create(ConfigFactory.parseString(
                "name = gaussian, means = [0], sd = 0.1, prior-sd = 10"), null), ProgressListener.NONE);
        RunSummary coarse = RunSummary.of(spec(s), r, "t", Instant.EPOCH, Instant.EPOCH, 1, true);
        LogEvidence e = coarse.logEvidence();
        String expected = replex.core.engine.RunDiagnostics.evidenceDisagreement(e.steppingStone(), e.thermodynamicIntegration(), 3);
        assertTrue(expected != null, "SS " + e.steppingStone() + " TI " + e.thermodynamicIntegration());
        assertTrue(coarse.warnings().contains(expected), coarse.warnings().toString());
    }

    @Test
    void aPriorThatIsNotNormalisedIsReportedWithLogZ() {
        SamplerSettings s = SamplerSettings.builder().seed(4).chains(2).ladder(Ladder.of(1.0, 0.3, 0.0))
                .swap(SwapRule.DEO).rounds(100).stepsPerRound(2).burnInRounds(20).thin(1).proposalScale(1.0)
                .adapt(AdaptationMode.SCALE).build();
        RunResult r = SequentialEngine.run(s, TargetFactory.create(ConfigFactory.parseString(
                "name = gaussian, means = [0], prior-sd = 3"), null), ProgressListener.NONE);
        RunSummary improper = RunSummary.of(spec(s), r, "t", Instant.EPOCH, Instant.EPOCH, 1, false);
        JsonNode logZ = improper.toJson().get("log_z");
        assertFalse(logZ.get("prior_normalised").asBoolean(true));
        assertEquals(improper.logZPriorWarning(), logZ.get("warning").asText());
        assertTrue(logZ.get("warning").asText().contains("not the model evidence"), logZ.toString());
        assertTrue(improper.warnings().stream().anyMatch(w -> w.startsWith("log_z: the ladder ends at beta = 0")),
                improper.warnings().toString());

        RunSummary proper = RunSummary.of(spec(s), r, "t", Instant.EPOCH, Instant.EPOCH, 1, true);
        assertTrue(proper.toJson().get("log_z").get("prior_normalised").asBoolean(false));
        assertTrue(proper.toJson().get("log_z").get("warning").isNull());
        assertNull(proper.logZPriorWarning());
        assertFalse(proper.warnings().stream().anyMatch(w -> w.startsWith("log_z:")), proper.warnings().toString());

        // above beta = 0 log Z is a ratio anyway: said in log_z, but no run warning
        RunResult hot = synthetic(List.of(chain(0, new long[] {60, 30}, 2, 0, 1)));
        RunSummary ratio = RunSummary.of(spec(hot.settings()), hot, "t", Instant.EPOCH, Instant.EPOCH, 1, false);
        assertTrue(ratio.toJson().get("log_z").get("warning").isTextual());
        assertFalse(ratio.warnings().stream().anyMatch(w -> w.startsWith("log_z:")), ratio.warnings().toString());
    }

    @Test
    void batchEndRoundsMatchTheBatchesOfTheRounds() {
        for (int[] job : new int[][] {{300, 100}, {100, 90}, {1000, 0}, {2000, 500}, {37, 1}}) {
            int rounds = job[0];
            int burnIn = job[1];
            SamplerSettings s = SamplerSettings.builder().seed(1).chains(1).ladder(Ladder.of(BETAS))
                    .swap(SwapRule.DEO).rounds(rounds).stepsPerRound(1).burnInRounds(burnIn).thin(1)
                    .proposalScale(1.0).adapt(AdaptationMode.NONE).build();
            long[] ends = replex.core.evidence.EvidenceAccumulator.batchEndRounds(s.burnInRounds(), s.rounds());
            assertEquals(B, ends.length);
            assertEquals(rounds, ends[B - 1]);
            for (long round = burnIn; round < rounds; round++) {
                int b = EvidenceAccumulator.batchOf(round, burnIn, rounds - burnIn);
                long start = b == 0 ? burnIn : ends[b - 1];
                assertTrue(start <= round && round < ends[b], "round " + round + " of batch " + b + " in "
                        + java.util.Arrays.toString(ends));
            }
        }
    }

    @Test
    void chainsReportRoundTripsByBatchAndTheirOwnBarrierPerPair() {
        RunResult r = synthetic(List.of(chain(0, new long[] {60, 3}, 2, 0, 1), chain(1, new long[] {70, 4}, 3, 0, 1)));
        JsonNode chains = summary(r, 1).toJson().get("chains");
        long[] ends = replex.core.evidence.EvidenceAccumulator.batchEndRounds(r.settings().burnInRounds(), r.settings().rounds());
        for (int c = 0; c < 2; c++) {
            JsonNode chain = chains.get(c);
            JsonNode byBatch = chain.get("round_trips_by_batch");
            assertEquals(B, byBatch.get("counts").size());
            assertEquals(B, byBatch.get("end_rounds").size());
            long sum = 0;
            for (int b = 0; b < B; b++) {
                assertEquals(ends[b], byBatch.get("end_rounds").get(b).asLong());
                sum += byBatch.get("counts").get(b).asLong();
            }
            assertEquals(chain.get("round_trips").asLong(), sum);
            assertEquals(c + 2, byBatch.get("counts").get(0).asLong(), "all in the first batch");
            assertEquals(0.4, chain.get("communication_barrier_per_pair").get(0).asDouble(), 1e-15);
            assertEquals(0.99, chain.get("communication_barrier_per_pair").get(1).asDouble(), 1e-15);
        }
        assertEquals(107, ends[0], "batch 0 holds sampling rounds 0 to 6 of 200 (rounds 100 to 106): 107 done");
    }

    @Test
    void theLevelCountPilotIsReportedAndASaturatedOneWarns() {
        RunResult r = synthetic(List.of(chain(0, new long[] {60, 30}, 2, 0, 1)));
        JsonNode fixed = summary(r, 1).toJson().get("settings").get("level_count_pilot");
        assertTrue(fixed.isNull(), "a fixed count has no pilot");

        // a pilot of 8 levels that measured Λ = 6.5 > 0.8·7: its own ladder limited the estimate
        LevelCountChoice choice = new LevelCountChoice(8, 256, 128, 77, 6.5, 14, 3);
        JobSpec auto = new JobSpec(r.settings(), ConfigFactory.parseString("name = x"), 0, Path.of("out"), "sample",
                null, 10, Path.of("out", "checkpoints"), true, choice);
        RunSummary summary = RunSummary.of(auto, r, "t", Instant.EPOCH, Instant.EPOCH, 1);
        JsonNode pilot = summary.toJson().get("settings").get("level_count_pilot");
        assertEquals(8, pilot.get("levels").asInt());
        assertEquals(256, pilot.get("rounds").asInt());
        assertEquals(128, pilot.get("burn_in_rounds").asInt());
        assertEquals(77, pilot.get("seed").asLong());
        assertEquals(6.5, pilot.get("barrier").asDouble());
        assertEquals(14, pilot.get("recommended_levels").asInt());
        assertEquals(3, pilot.get("chosen_levels").asInt());
        assertTrue(summary.warnings().stream().anyMatch(w -> w.startsWith("temperatures.count = auto: the pilot's "
                + "barrier Lambda = 6.50 is close to the most its 8 levels can measure")),
                summary.warnings().toString());

        LevelCountChoice fine = new LevelCountChoice(8, 256, 128, 77, 5.5, 12, 3);
        JobSpec ok = new JobSpec(r.settings(), ConfigFactory.parseString("name = x"), 0, Path.of("out"), "sample",
                null, 10, Path.of("out", "checkpoints"), true, fine);
        assertFalse(RunSummary.of(ok, r, "t", Instant.EPOCH, Instant.EPOCH, 1).warnings().stream()
                .anyMatch(w -> w.startsWith("temperatures.count")));
    }

    @Test
    void recoveryEventsAreListedInOrderAndAnUninterruptedRunHasNone() {
        RunResult plain = synthetic(List.of(chain(0, new long[] {60, 30}, 2, 0, 1)));
        JsonNode none = summary(plain, 1).toJson().get("recovery");
        assertTrue(none.isArray(), none.toString());
        assertEquals(0, none.size());
        assertEquals(List.of(), summary(plain, 1).recoveryEvents());

        List<replex.core.engine.RecoveryEvent> events = List.of(
                new replex.core.engine.RecoveryEvent("resumed", "2024-05-01T10:00:00Z", 120, 120, 0,
                        "from /tmp/x/checkpoint-000000000120.rpx"),
                new replex.core.engine.RecoveryEvent("replicas-restored", "2024-05-01T10:05:00Z", 187, 180, 14,
                        "chain 1 levels 0-2 on node a:2552"),
                new replex.core.engine.RecoveryEvent("job-restarted", "2024-05-01T10:09:00Z", 250, 240, -1,
                        "coordinator lost"));
        RunResult recovered = new RunResult(plain.settings(), plain.parameterNames(), plain.chains(), "sequential",
                Map.of(), events);
        RunSummary summary = summary(recovered, 1);
        assertEquals(events, summary.recoveryEvents());
        JsonNode recovery = summary.toJson().get("recovery");
        assertEquals(3, recovery.size(), recovery.toString());
        List<String> keys = new ArrayList<>();
        recovery.get(0).fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("kind", "at", "detected_at_round", "restored_round", "rounds_replayed", "detail"), keys);
        JsonNode resumed = recovery.get(0);
        assertEquals("resumed", resumed.get("kind").asText());
        assertEquals("2024-05-01T10:00:00Z", resumed.get("at").asText());
        assertEquals(120, resumed.get("detected_at_round").asLong());
        assertEquals(120, resumed.get("restored_round").asLong());
        assertEquals(0, resumed.get("rounds_replayed").asLong());
        assertTrue(resumed.get("rounds_replayed").isIntegralNumber());
        assertEquals("from /tmp/x/checkpoint-000000000120.rpx", resumed.get("detail").asText());
        JsonNode restored = recovery.get(1);
        assertEquals("replicas-restored", restored.get("kind").asText());
        assertEquals(187, restored.get("detected_at_round").asLong());
        assertEquals(180, restored.get("restored_round").asLong());
        assertEquals(14, restored.get("rounds_replayed").asLong());
        assertEquals("chain 1 levels 0-2 on node a:2552", restored.get("detail").asText());
        JsonNode restarted = recovery.get(2);
        assertEquals("job-restarted", restarted.get("kind").asText());
        assertTrue(restarted.has("rounds_replayed"));
        assertTrue(restarted.get("rounds_replayed").isNull(), "unknown (-1) is null: " + restarted);
        assertEquals(240, restarted.get("restored_round").asLong());
    }
}
