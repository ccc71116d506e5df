package replex.io;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigRenderOptions;

import replex.core.SamplerSettings;
import replex.core.chain.ChainResult;
import replex.core.chain.ChainStatistics;
import replex.core.diagnostics.ParameterSummary;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunDiagnostics;
import replex.core.engine.RunResult;
import replex.core.evidence.CommunicationBarrier;
import replex.core.evidence.EvidenceAccumulator;
import replex.core.evidence.LogEvidence;

/**
 * The summary of a completed run: posterior summaries and diagnostics per parameter, sampler
 * diagnostics (convergence, acceptance, communication barrier, round trips), the log evidence,
 * swap and local-move statistics per chain, and warnings; written as {@code summary.json}.
 *
 * <p>{@code summary.json} holds, in this order: {@code replex_version}; {@code settings} (the
 * effective job: seed, mode, engine, workers, chains, levels, betas, swap, rounds,
 * steps_per_round, burn_in_rounds, thin, proposal {scale, adapt}, target, init (null, or for
 * {@code job.init} its source, rows, per = job | chain | replica, and jitter), level_count_pilot: with
 * {@code temperatures.count = auto} the pilot's levels, rounds, burn_in_rounds, seed, barrier Λ,
 * recommended_levels and chosen_levels (see {@link LevelCountChoice}), else null, all_levels:
 * {@code output.all-levels}); {@code warnings};
 * {@code parameters} (name → mean, sd, q05, q50, q95, ess_bulk, ess_tail, r_hat, over all chains'
 * level-0 draws, see {@link ParameterSummary}); {@code convergence} (r_hat_max, ess_bulk_min,
 * ess_bulk_median, ess_tail_min over the parameters, and ess_bulk_min_per_second);
 * {@code mh_acceptance} (per level, over all chains); {@code swap_acceptance} (per neighbouring
 * pair of levels (k, k+1), accepted / attempted over all chains); {@code communication_barrier}
 * (global Λ, per_pair rejection rates, recommended_levels ⌈2Λ + 1⌉, see
 * {@link CommunicationBarrier}); {@code round_trips} and {@code tempered_restarts} (all chains),
 * {@code round_trips_per_second} and {@code tempered_restarts_per_second} (per second of wall
 * time); {@code log_z} (stepping_stone {estimate, se}, thermodynamic_integration {estimate, se},
 * reference_beta, batches, mean_log_likelihood per level, note, prior_normalised: whether the
 * target's log-prior is a normalised density ({@link replex.core.Target#hasNormalisedPrior()}; null
 * if not known), warning: a sentence when it is not, else null; see {@link LogEvidence});
 * {@code target_errors_total}; {@code draws_per_chain}; {@code level_draws} (null, or with
 * {@code output.all-levels} per level: level, file ({@code draws-level-<k>.csv}), betas (the
 * level's β in each chain) and parameters (name → mean, sd over all chains' draws of the level));
 * {@code replicas_per_node}; {@code recovery}
 * (every resume from a checkpoint and every restoration of replicas after a node was lost, oldest
 * first: kind resumed | replicas-restored | job-restarted, at, detected_at_round, restored_round,
 * rounds_replayed (detected_at_round and rounds_replayed are null when unknown), detail; empty for an uninterrupted run, see
 * {@link RecoveryEvent}); {@code chains}
 * (per chain: chain, mh_acceptance per level, swap_acceptance per pair, communication_barrier Λ,
 * communication_barrier_per_pair (its own mean swap rejection probability per pair), round_trips,
 * round_trips_by_batch {end_rounds, counts}: the round trips completed in each of the
 * {@value EvidenceAccumulator#BATCHES} batches of sampling rounds, batch b ending when end_rounds[b]
 * rounds (burn-in included) are done, see {@link EvidenceAccumulator#batchEndRounds}; tempered_restarts, target_errors
 * per level, proposal_scales per level at the end of the run, betas: the chain's ladder after
 * burn-in); {@code wall_time_seconds}; {@code round_seconds} (rounds measured, median and 90th
 * percentile of a round's time: on actors a chain's round, instructions out to last report in; on
 * the sequential engine a round of every chain);
 * {@code started_at} and {@code finished_at} (ISO-8601, UTC). Rates count the rounds after
 * burn-in; target errors the whole run. A value that is not a finite number (e.g. R-hat of a
 * constant parameter, a rate with no attempt, a rate per second of a run that took no
 * measurable time) is written as {@code null}.
 *
 * <p>Warnings, each a sentence:
 * <ul>
 *   <li>target evaluations threw or returned NaN ({@code target_errors_total > 0});</li>
 *   <li>R-hat above {@value #R_HAT_LIMIT} for some parameter (the chains disagree);</li>
 *   <li>bulk ESS below {@value #MIN_ESS_BULK} for some parameter (too few effective draws);</li>
 *   <li>R-hat and ESS undefined for some parameter (fewer than 4 draws per chain, or constant or
 *       non-finite draws);</li>
 *   <li>no swap accepted between two neighbouring levels (the ladder has a gap);</li>
 *   <li>swap acceptance below {@value #MIN_SWAP_ACCEPTANCE} (but above 0) for some pairs: add
 *       levels between them;</li>
 *   <li>no round trip at all, with two or more levels;</li>
 *   <li>the standard error of log Z not estimable (fewer than two batches of rounds);</li>
 *   <li>a ladder ending at β = 0 with a prior that is not normalised: log Z is not the evidence;</li>
 *   <li>a level count pilot whose Λ is near the most its ladder can measure.</li>
 * </ul>
 *
 * <p>Everything except the wall time and the rates per second is a deterministic function of the
 * run's result. Immutable after construction; thread-safe.
 *
 * @see <a href="https://doi.org/10.1214/20-BA1221">Vehtari et al. (2021), Bayesian Analysis 16(2):
 *     the thresholds R-hat &lt; 1.01 and bulk ESS &gt; 400</a>
 * @see <a href="https://doi.org/10.1111/rssb.12464">Syed et al. (2022), JRSSB 84(2): the
 *     communication barrier and the recommended number of levels</a>
 */
public final class RunSummary {

    /** The file name inside the output directory. */
    public static final String FILE_NAME = "summary.json";

    private final String replexVersion;
    private final JobSpec spec;
    private final RunResult result;
    private final RunDiagnostics diagnostics;
    private final List<String> warnings;
    private final Instant startedAt;
    private final Instant finishedAt;
    private final double wallTimeSeconds;
    /** Whether the target's log-prior is normalised; {@code null} if not known. */
    private final Boolean priorNormalised;

    private RunSummary(String replexVersion, JobSpec spec, RunResult result, Instant startedAt, Instant finishedAt,
            double wallTimeSeconds, Boolean priorNormalised) {
        this.replexVersion = Objects.requireNonNull(replexVersion, "replexVersion");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.result = Objects.requireNonNull(result, "result");
        this.startedAt = startedAt.truncatedTo(ChronoUnit.MILLIS);
        this.finishedAt = finishedAt.truncatedTo(ChronoUnit.MILLIS);
        this.wallTimeSeconds = wallTimeSeconds;
        this.priorNormalised = priorNormalised;
        this.diagnostics = RunDiagnostics.of(result, priorNormalised);
        List<String> all = new ArrayList<>(diagnostics.warnings());
        LevelCountChoice choice = spec.levelCountChoice();
        if (choice != null && choice.saturated()) {
            all.add("temperatures.count = auto: the pilot's barrier Lambda = " + fixed(choice.barrier(), 2)
                    + " is close to the most its " + choice.pilotLevels() + " levels can measure, so "
                    + choice.chosenLevels() + " levels may be too few; if round trips are rare, give "
                    + "job.temperatures.count explicitly (more levels)");
        }
        this.warnings = Collections.unmodifiableList(all);
    }

    /** @return the version of Replex that ran the job */
    public String replexVersion() {
        return replexVersion;
    }

    /**
     * Computes the summary of a completed run.
     *
     * @param spec the job that ran
     * @param result its result
     * @param replexVersion the version of Replex that ran it
     * @param startedAt when the run started
     * @param finishedAt when it finished
     * @param wallTimeSeconds its duration in seconds, from a monotonic clock
     * @return the summary
     * @throws IllegalArgumentException if a chain has no draws
     */
    public static RunSummary of(JobSpec spec, RunResult result, String replexVersion, Instant startedAt,
            Instant finishedAt, double wallTimeSeconds) {
        return new RunSummary(replexVersion, spec, result, startedAt, finishedAt, wallTimeSeconds, null);
    }

    /**
     * Computes the summary of a completed run whose target is known.
     *
     * @param spec the job that ran
     * @param result its result
     * @param replexVersion the version of Replex that ran it
     * @param startedAt when the run started
     * @param finishedAt when it finished
     * @param wallTimeSeconds its duration in seconds, from a monotonic clock
     * @param priorNormalised the target's {@link replex.core.Target#hasNormalisedPrior()}, or
     *     {@code null} if the target is not available (then nothing is said about it)
     * @return the summary
     * @throws IllegalArgumentException if a chain has no draws
     */
    public static RunSummary of(JobSpec spec, RunResult result, String replexVersion, Instant startedAt,
            Instant finishedAt, double wallTimeSeconds, Boolean priorNormalised) {
        return new RunSummary(replexVersion, spec, result, startedAt, finishedAt, wallTimeSeconds, priorNormalised);
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }

    /** @return the parameters in the target's order */
    public List<RunDiagnostics.Parameter> parameters() {
        return diagnostics.parameters();
    }

    /** @return per neighbouring pair (k, k+1), the swap acceptance rate over all chains (NaN: no attempt) */
    public double[] swapAcceptance() {
        return diagnostics.swapAcceptance();
    }

    /** @return per level, the Metropolis–Hastings acceptance rate over all chains (NaN: no proposal) */
    public double[] mhAcceptance() {
        return diagnostics.mhAcceptance();
    }

    /** @return round trips after burn-in, summed over chains */
    public long roundTrips() {
        return diagnostics.roundTrips();
    }

    /** @return tempered restarts after burn-in, summed over chains */
    public long temperedRestarts() {
        return diagnostics.temperedRestarts();
    }

    /** @return round trips per second of wall time (NaN if the wall time is not positive) */
    public double roundTripsPerSecond() {
        return perSecond(roundTrips());
    }

    /** @return tempered restarts per second of wall time (NaN if the wall time is not positive) */
    public double temperedRestartsPerSecond() {
        return perSecond(temperedRestarts());
    }

    /** @return the smallest bulk ESS per second of wall time (NaN if not defined) */
    public double essBulkMinPerSecond() {
        return perSecond(convergence().essBulkMin());
    }

    private double perSecond(double count) {
        return wallTimeSeconds > 0 ? count / wallTimeSeconds : Double.NaN;
    }

    /** @return the worst R-hat, smallest and median ESS over the parameters */
    public RunDiagnostics.Convergence convergence() {
        return diagnostics.convergence();
    }

    /** @return the communication barrier, pooled over chains */
    public CommunicationBarrier communicationBarrier() {
        return diagnostics.communicationBarrier();
    }

    /** @return the log-evidence estimates, pooled over chains */
    public LogEvidence logEvidence() {
        return diagnostics.logEvidence();
    }

    /** @return target evaluations that failed, whole run, all chains */
    public long targetErrors() {
        return diagnostics.targetErrors();
    }

    /** @return the warnings (the run's diagnostics', then the level-count pilot's), possibly empty */
    public List<String> warnings() {
        return warnings;
    }

    /** @return the run's diagnostics, from which this summary is laid out */
    public RunDiagnostics diagnostics() {
        return diagnostics;
    }

    /** @return draws kept per chain */
    public int drawsPerChain() {
        return result.chains().isEmpty() ? 0 : result.chains().get(0).draws().rows();
    }

    /** @return the run's duration in seconds */
    public double wallTimeSeconds() {
        return wallTimeSeconds;
    }

    /** @return the job */
    public JobSpec spec() {
        return spec;
    }

    /** @return the result summarised */
    public RunResult result() {
        return result;
    }

    /** @return the JSON document written to {@code summary.json} */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        SamplerSettings s = result.settings();
        ObjectNode root = f.objectNode();
        root.put("replex_version", replexVersion);

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
        replex.core.InitialValues init = spec.init();
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

        ArrayNode warningsNode = root.putArray("warnings");
        warnings.forEach(warningsNode::add);

        ObjectNode params = root.putObject("parameters");
        for (RunDiagnostics.Parameter p : parameters()) {
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
        convergenceNode.set("r_hat_max", number(convergence().rHatMax()));
        convergenceNode.set("ess_bulk_min", number(convergence().essBulkMin()));
        convergenceNode.set("ess_bulk_median", number(convergence().essBulkMedian()));
        convergenceNode.set("ess_tail_min", number(convergence().essTailMin()));
        convergenceNode.set("ess_bulk_min_per_second", number(essBulkMinPerSecond()));
        root.set(SummaryKeys.MH_ACCEPTANCE, numbers(mhAcceptance()));
        root.set(SummaryKeys.SWAP_ACCEPTANCE, numbers(swapAcceptance()));
        ObjectNode barrierNode = root.putObject(SummaryKeys.COMMUNICATION_BARRIER);
        barrierNode.set(SummaryKeys.GLOBAL, number(communicationBarrier().global()));
        barrierNode.set(SummaryKeys.PER_PAIR, numbers(communicationBarrier().perPair()));
        if (communicationBarrier().recommendedLevels() > 0) {
            barrierNode.put("recommended_levels", communicationBarrier().recommendedLevels());
        } else {
            barrierNode.putNull("recommended_levels");
        }
        root.put("round_trips", roundTrips());
        root.put("tempered_restarts", temperedRestarts());
        root.set("round_trips_per_second", number(roundTripsPerSecond()));
        root.set("tempered_restarts_per_second", number(temperedRestartsPerSecond()));
        root.set("log_z", logZJson());
        root.put("target_errors_total", targetErrors());
        root.put("draws_per_chain", drawsPerChain());
        root.set("level_draws", levelDrawsJson());
        ObjectNode perNode = root.putObject("replicas_per_node");
        result.replicasPerNode().forEach(perNode::put);
        root.set("recovery", recoveryJson(result.events()));

        ArrayNode chains = root.putArray(SummaryKeys.CHAINS);
        long[] batchEnds = EvidenceAccumulator.batchEndRounds(s.burnInRounds(), s.rounds());
        for (ChainResult chain : result.chains()) {
            chains.add(chainJson(chain, batchEnds));
        }
        root.set("wall_time_seconds", number(wallTimeSeconds));
        if (result.roundTiming() != null) {
            // Actor engine: instructions out to the chain's last report in; sequential: one round of every chain.
            ObjectNode timing = root.putObject("round_seconds");
            timing.put("chain_rounds", result.roundTiming().rounds());
            timing.set("median", number(result.roundTiming().medianSeconds()));
            timing.set("p90", number(result.roundTiming().p90Seconds()));
        }
        root.put("started_at", startedAt.toString());
        root.put("finished_at", finishedAt.toString());
        return root;
    }

    /**
     * @param events recovery events, oldest first
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

    /** @return the run's recovery events (resumes, restored replicas), oldest first */
    public List<RecoveryEvent> recoveryEvents() {
        return result.events();
    }

    private ObjectNode logZJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("stepping_stone", estimateJson(logEvidence().steppingStone()));
        node.set("thermodynamic_integration", estimateJson(logEvidence().thermodynamicIntegration()));
        node.set("reference_beta", number(logEvidence().referenceBeta()));
        node.put("batches", logEvidence().batches());
        node.set("mean_log_likelihood", numbers(logEvidence().meanLogLikelihood()));
        node.put("note", logZNote());
        if (priorNormalised == null) {
            node.putNull("prior_normalised");
        } else {
            node.put("prior_normalised", priorNormalised);
        }
        String warning = logZPriorWarning();
        if (warning == null) {
            node.putNull("warning");
        } else {
            node.put("warning", warning);
        }
        return node;
    }

    /**
     * @return whether the target's log-prior is a normalised density
     *     ({@link replex.core.Target#hasNormalisedPrior()}); {@code null} if not known
     */
    public Boolean priorNormalised() {
        return priorNormalised;
    }

    /**
     * @return a sentence saying that log Z is not the model evidence because the target's prior is
     *     not normalised; {@code null} if it is, if that is not known, or with a single level (no log Z)
     */
    public String logZPriorWarning() {
        if (result.settings().levels() < 2 || !Boolean.FALSE.equals(priorNormalised)) {
            return null;
        }
        return "the target's prior is not a normalised density (improper, such as a flat prior, or without its "
                + "normalising constants): log Z is not the model evidence, whatever the ladder";
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

    /** @return what the log_z estimates are, in one sentence */
    public String logZNote() {
        if (result.settings().levels() < 2) {
            return "one level: no ladder to estimate log Z from";
        }
        double reference = logEvidence().referenceBeta();
        if (reference == 0) {
            String integral = "log Z(beta=1) - log Z(beta=0) = log of the integral of prior x likelihood";
            if (Boolean.TRUE.equals(priorNormalised)) {
                return integral + ": the log evidence (the target's prior is normalised)";
            }
            if (Boolean.FALSE.equals(priorNormalised)) {
                return integral + ": not the log evidence, the target's prior is not normalised";
            }
            return integral + ": the log evidence if log_prior is a normalised density (a proper prior); "
                    + "meaningless for an improper prior";
        }
        String ratio = "log Z(beta=1) - log Z(beta=" + reference + "): the log ratio to the hottest level, not the "
                + "evidence";
        if (Boolean.FALSE.equals(priorNormalised)) {
            return ratio + " (the target's prior is not normalised, so no ladder gives the evidence)";
        }
        return ratio + "; for the evidence let the ladder end at beta = 0: leave out job.temperatures.beta-min "
                + "(the default with a normalised prior) or end job.temperatures.betas with 0";
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
     * the mean and standard deviation over all chains' draws of the level; else null.
     */
    private JsonNode levelDrawsJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<ChainResult> chains = result.chains();
        if (chains.isEmpty() || chains.get(0).levelDraws().isEmpty()) {
            return f.nullNode();
        }
        ArrayNode levels = f.arrayNode();
        int k = chains.get(0).levelDraws().size();
        List<String> names = result.parameterNames();
        for (int level = 0; level < k; level++) {
            ObjectNode node = levels.addObject();
            node.put("level", level);
            node.put("file", DrawsCsv.levelFileName(level));
            double[] betas = new double[chains.size()];
            for (int c = 0; c < chains.size(); c++) {
                betas[c] = chains.get(c).statistics().betas()[level];
            }
            node.set(SummaryKeys.BETAS, numbers(betas));
            ObjectNode params = node.putObject("parameters");
            for (int p = 0; p < names.size(); p++) {
                double sum = 0;
                long n = 0;
                for (ChainResult chain : chains) {
                    replex.core.chain.DrawBuffer draws = chain.levelDraws().get(level);
                    for (int row = 0; row < draws.rows(); row++) {
                        sum += draws.get(row, p);
                    }
                    n += draws.rows();
                }
                double mean = sum / n;
                double squares = 0;
                for (ChainResult chain : chains) {
                    replex.core.chain.DrawBuffer draws = chain.levelDraws().get(level);
                    for (int row = 0; row < draws.rows(); row++) {
                        double dev = draws.get(row, p) - mean;
                        squares += dev * dev;
                    }
                }
                ObjectNode param = params.putObject(names.get(p));
                param.set("mean", number(mean));
                param.set("sd", number(n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN));
            }
        }
        return levels;
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

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Writes {@link #toJson()} pretty printed (two-space indent, {@code \n} line ends, UTF-8).
     *
     * @param out where to write; flushed, not closed
     * @throws IOException if writing fails
     */
    public void writeTo(OutputStream out) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        MAPPER.writer(printer).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, toJson());
        out.write('\n');
        out.flush();
    }
}
