package replex.io;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigRenderOptions;

import replex.core.InitialValues;
import replex.core.SamplerSettings;
import replex.core.chain.ChainResult;
import replex.core.chain.ChainStatistics;
import replex.core.diagnostics.ParameterSummary;
import replex.core.engine.LevelMoments;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunDiagnostics;
import replex.core.engine.RunResult;
import replex.core.evidence.CommunicationBarrier;
import replex.core.evidence.EvidenceAccumulator;
import replex.core.evidence.LogEvidence;

/**
 * The layout of {@code summary.json} ({@link RunSummary} has the list of its keys): every number
 * comes from the summary and its {@link RunDiagnostics}; this class only places them, with the key
 * names of {@link SummaryKeys} where a reader looks them up.
 */
final class RunSummaryJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RunSummary summary;
    private final JobSpec spec;
    private final RunResult result;
    private final Boolean priorNormalised;

    RunSummaryJson(RunSummary summary) {
        this.summary = summary;
        this.spec = summary.spec();
        this.result = summary.result();
        this.priorNormalised = summary.priorNormalised();
    }

    /** @return the JSON document written to {@code summary.json} */
    ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        SamplerSettings s = result.settings();
        ObjectNode root = f.objectNode();
        root.put("replex_version", summary.replexVersion());

        ObjectNode settings = root.putObject(SummaryKeys.SETTINGS);
        settings.put("seed", s.seed());
        settings.put("mode", spec.mode());
        settings.put("engine", result.engine());
        settings.put("workers", spec.workers());
        settings.put(SummaryKeys.CHAINS, s.chains());
        settings.put("levels", s.levels());
        settings.set(SummaryKeys.BETAS, numbers(s.ladder().betas()));
        settings.put("swap", s.swap().name().toLowerCase(Locale.ROOT));
        settings.put("rounds", s.rounds());
        settings.put("steps_per_round", s.stepsPerRound());
        settings.put(SummaryKeys.BURN_IN_ROUNDS, s.burnInRounds());
        settings.put("thin", s.thin());
        ObjectNode proposal = settings.putObject("proposal");
        proposal.set("scale", number(s.proposalScale()));
        proposal.put("adapt", s.adapt().name().toLowerCase(Locale.ROOT));
        settings.set("target", targetJson());
        InitialValues init = spec.init();
        if (init == null) {
            settings.putNull("init");
        } else {
            ObjectNode initNode = settings.putObject("init");
            initNode.put("from", init.source() == null ? init.key() : init.source());
            initNode.put("rows", init.rowCount());
            initNode.put("per", init.rowCount() == 1 ? "job" : init.rowCount() == init.chains() ? SummaryKeys.CHAIN : "replica");
            initNode.set("jitter", number(init.jitter()));
        }
        settings.set("level_count_pilot", levelCountPilotJson(spec.levelCountChoice()));
        settings.put("all_levels", s.allLevels());
        ArrayNode drawMetrics = settings.putArray("draws_metrics");
        s.drawMetrics().forEach(drawMetrics::add);
        ArrayNode drawMetadata = settings.putArray("draws_metadata");
        s.drawMetadata().forEach(drawMetadata::add);

        ArrayNode warningsNode = root.putArray("warnings");
        summary.warnings().forEach(warningsNode::add);

        ObjectNode params = root.putObject("parameters");
        for (RunDiagnostics.Parameter p : summary.parameters()) {
            ParameterSummary ps = p.summary();
            ObjectNode node = params.putObject(p.name());
            node.set("mean", number(ps.mean()));
            node.set("sd", number(ps.sd()));
            node.set("q05", number(ps.q05()));
            node.set("q50", number(ps.q50()));
            node.set("q95", number(ps.q95()));
            node.set("ess_bulk", number(ps.essBulk()));
            node.set("ess_tail", number(ps.essTail()));
            node.set("r_hat", number(ps.rHat()));
        }
        ObjectNode convergenceNode = root.putObject("convergence");
        convergenceNode.set("r_hat_max", number(summary.convergence().rHatMax()));
        convergenceNode.set("ess_bulk_min", number(summary.convergence().essBulkMin()));
        convergenceNode.set("ess_bulk_median", number(summary.convergence().essBulkMedian()));
        convergenceNode.set("ess_tail_min", number(summary.convergence().essTailMin()));
        convergenceNode.set("ess_bulk_min_per_second", number(summary.essBulkMinPerSecond()));
        root.set(SummaryKeys.MH_ACCEPTANCE, numbers(summary.mhAcceptance()));
        root.set(SummaryKeys.SWAP_ACCEPTANCE, numbers(summary.swapAcceptance()));
        ObjectNode barrierNode = root.putObject(SummaryKeys.COMMUNICATION_BARRIER);
        barrierNode.set(SummaryKeys.GLOBAL, number(summary.communicationBarrier().global()));
        barrierNode.set(SummaryKeys.PER_PAIR, numbers(summary.communicationBarrier().perPair()));
        if (summary.communicationBarrier().recommendedLevels() > 0) {
            barrierNode.put("recommended_levels", summary.communicationBarrier().recommendedLevels());
        } else {
            barrierNode.putNull("recommended_levels");
        }
        root.put("round_trips", summary.roundTrips());
        root.put("tempered_restarts", summary.temperedRestarts());
        root.set("round_trips_per_second", number(summary.roundTripsPerSecond()));
        root.set("tempered_restarts_per_second", number(summary.temperedRestartsPerSecond()));
        root.set("log_z", logZJson());
        root.put("target_errors_total", summary.targetErrors());
        root.put("draws_per_chain", summary.drawsPerChain());
        root.set("level_draws", levelDrawsJson());
        ObjectNode perNode = root.putObject("replicas_per_node");
        result.replicasPerNode().forEach(perNode::put);
        root.set("recovery", recoveryJson(result.events()));

        ArrayNode chains = root.putArray(SummaryKeys.CHAINS);
        long[] batchEnds = EvidenceAccumulator.batchEndRounds(s.burnInRounds(), s.rounds());
        for (ChainResult chain : result.chains()) {
            chains.add(chainJson(chain, batchEnds));
        }
        root.set("wall_time_seconds", number(summary.wallTimeSeconds()));
        if (result.roundTiming() != null) {
            // Actor engine: instructions out to the chain's last report in; sequential: one round of every chain.
            ObjectNode timing = root.putObject("round_seconds");
            timing.put("chain_rounds", result.roundTiming().rounds());
            timing.set("median", number(result.roundTiming().medianSeconds()));
            timing.set("p90", number(result.roundTiming().p90Seconds()));
        }
        root.put("started_at", summary.startedAt().toString());
        root.put("finished_at", summary.finishedAt().toString());
        return root;
    }

    /**
     * @param events recovery events (resumes, restored replicas, restarted jobs), oldest first; none for
     *     an uninterrupted run
     * @return them as summary.json's {@code recovery}: kind, when, the rounds (null where unknown), detail
     */
    static ArrayNode recoveryJson(List<RecoveryEvent> events) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (RecoveryEvent e : events) {
            ObjectNode node = list.addObject();
            node.put("kind", e.kind());
            node.put("at", e.at());
            if (e.detectedAtRound() >= 0) {
                node.put("detected_at_round", e.detectedAtRound());
            } else {
                node.putNull("detected_at_round");
            }
            node.put("restored_round", e.restoredRound());
            if (e.roundsReplayed() >= 0) {
                node.put("rounds_replayed", e.roundsReplayed());
            } else {
                node.putNull("rounds_replayed");
            }
            node.put("detail", e.detail());
        }
        return list;
    }

    private ObjectNode logZJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("stepping_stone", estimateJson(summary.logEvidence().steppingStone()));
        node.set("thermodynamic_integration", estimateJson(summary.logEvidence().thermodynamicIntegration()));
        node.set("reference_beta", number(summary.logEvidence().referenceBeta()));
        node.put("batches", summary.logEvidence().batches());
        node.set("mean_log_likelihood", numbers(summary.logEvidence().meanLogLikelihood()));
        node.put("note", summary.logZNote());
        if (priorNormalised == null) {
            node.putNull("prior_normalised");
        } else {
            node.put("prior_normalised", priorNormalised);
        }
        String warning = summary.logZPriorWarning();
        if (warning == null) {
            node.putNull("warning");
        } else {
            node.put("warning", warning);
        }
        return node;
    }

    private static JsonNode levelCountPilotJson(LevelCountChoice choice) {
        if (choice == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("levels", choice.pilotLevels());
        node.put("rounds", choice.pilotRounds());
        node.put(SummaryKeys.BURN_IN_ROUNDS, choice.pilotBurnInRounds());
        node.put("seed", choice.pilotSeed());
        node.set("barrier", number(choice.barrier()));
        node.put("recommended_levels", choice.recommendedLevels());
        node.put("chosen_levels", choice.chosenLevels());
        return node;
    }

    private static ObjectNode estimateJson(LogEvidence.Estimate estimate) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("estimate", number(estimate.estimate()));
        node.set("se", number(estimate.standardError()));
        return node;
    }

    private static ObjectNode chainJson(ChainResult result, long[] batchEnds) {
        ChainStatistics chain = result.statistics();
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(SummaryKeys.CHAIN, chain.chain());
        long[] mhAccepted = chain.mhAccepted();
        long[] mhProposed = chain.mhProposed();
        ArrayNode mh = node.putArray(SummaryKeys.MH_ACCEPTANCE);
        for (int k = 0; k < mhAccepted.length; k++) {
            mh.add(number(ratio(mhAccepted[k], mhProposed[k])));
        }
        long[] swapAccepted = chain.swapAccepted();
        long[] swapAttempts = chain.swapAttempts();
        ArrayNode swaps = node.putArray(SummaryKeys.SWAP_ACCEPTANCE);
        for (int k = 0; k < swapAccepted.length; k++) {
            swaps.add(number(ratio(swapAccepted[k], swapAttempts[k])));
        }
        CommunicationBarrier own = RunDiagnostics.barrierOf(chain);
        node.set(SummaryKeys.COMMUNICATION_BARRIER, number(own.global()));
        node.set(SummaryKeys.COMMUNICATION_BARRIER_PER_PAIR, numbers(own.perPair()));
        node.put("round_trips", chain.roundTrips());
        long[] byBatch = chain.roundTripsByBatch();
        if (byBatch == null || byBatch.length != batchEnds.length) {
            node.putNull(SummaryKeys.ROUND_TRIPS_BY_BATCH);
        } else {
            ObjectNode batches = node.putObject(SummaryKeys.ROUND_TRIPS_BY_BATCH);
            ArrayNode ends = batches.putArray(SummaryKeys.END_ROUNDS);
            ArrayNode counts = batches.putArray(SummaryKeys.COUNTS);
            for (int b = 0; b < byBatch.length; b++) {
                ends.add(batchEnds[b]);
                counts.add(byBatch[b]);
            }
        }
        node.put("tempered_restarts", chain.restarts());
        ArrayNode errors = node.putArray("target_errors");
        for (long e : chain.targetErrors()) {
            errors.add(e);
        }
        node.set("proposal_scales", numbers(chain.proposalScales()));
        node.set(SummaryKeys.BETAS, numbers(chain.betas()));
        return node;
    }

    private JsonNode targetJson() {
        String json = spec.userTarget().root().render(ConfigRenderOptions.concise());
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the target block as JSON: " + json, e);
        }
    }

    /**
     * With {@code output.all-levels}, per level: its index, its file, its β in each chain (equal
     * across chains unless {@code temperatures.adapt} tuned each chain's ladder), and per parameter
     * the mean and standard deviation over all chains' draws of the level ({@link LevelMoments}); else null.
     */
    private JsonNode levelDrawsJson() {
        List<LevelMoments> levels = LevelMoments.of(result);
        if (levels.isEmpty()) {
            return JsonNodeFactory.instance.nullNode();
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        List<String> names = result.parameterNames();
        for (LevelMoments level : levels) {
            ObjectNode node = list.addObject();
            node.put("level", level.level());
            node.put("file", DrawsCsv.levelFileName(level.level()));
            node.set(SummaryKeys.BETAS, numbers(level.betas()));
            ObjectNode params = node.putObject("parameters");
            for (int p = 0; p < names.size(); p++) {
                ObjectNode param = params.putObject(names.get(p));
                param.set("mean", number(level.means()[p]));
                param.set("sd", number(level.sds()[p]));
            }
        }
        return list;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }

    private static JsonNode number(double v) {
        return Double.isFinite(v) ? JsonNodeFactory.instance.numberNode(v) : JsonNodeFactory.instance.nullNode();
    }

    private static ArrayNode numbers(double[] values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (double v : values) {
            a.add(number(v));
        }
        return a;
    }
}
