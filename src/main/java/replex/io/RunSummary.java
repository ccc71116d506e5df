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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import replex.core.diagnostics.ParameterSummary;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunDiagnostics;
import replex.core.engine.RunResult;
import replex.core.evidence.CommunicationBarrier;
import replex.core.evidence.EvidenceAccumulator;
import replex.core.evidence.LogEvidence;
import replex.core.evidence.LogZNotes;

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
 * {@code output.all-levels}, draws_metrics: {@code output.draws-metrics}, the metric columns of the
 * draws files, empty by default, draws_metadata: {@code output.draws-metadata}, the metadata columns
 * after them, empty by default); {@code warnings};
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
 * first: kind resumed | replicas-restored | job-restarted | round-deadline, at, detected_at_round, restored_round,
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

    private static final ObjectMapper MAPPER = new ObjectMapper();

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

    /** @return when the run started (UTC, to the millisecond) */
    public Instant startedAt() {
        return startedAt;
    }

    /** @return when the run finished (UTC, to the millisecond) */
    public Instant finishedAt() {
        return finishedAt;
    }

    /** @return the JSON document written to {@code summary.json}, laid out as the class comment says */
    public ObjectNode toJson() {
        return new RunSummaryJson(this).toJson();
    }

    /** @return the run's recovery events (resumes, restored replicas), oldest first */
    public List<RecoveryEvent> recoveryEvents() {
        return result.events();
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
        return LogZNotes.priorWarning(result.settings().levels(), priorNormalised);
    }

    /** @return what the log_z estimates are, in one sentence */
    public String logZNote() {
        return LogZNotes.note(result.settings().levels(), logEvidence().referenceBeta(), priorNormalised);
    }

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
