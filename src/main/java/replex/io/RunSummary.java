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
import replex.core.chain.DrawBuffer;
import replex.core.diagnostics.ParameterSummary;
import replex.core.engine.RunResult;

/**
 * The summary of a completed run: posterior summaries and diagnostics per parameter, swap and
 * local-move statistics per chain, and warnings; written as {@code summary.json}.
 *
 * <p>{@code summary.json} holds, in this order: {@code replex_version}; {@code settings} (the
 * effective job: seed, mode, engine, workers, chains, levels, betas, swap, rounds,
 * steps_per_round, burn_in_rounds, thin, proposal {scale, adapt}, target); {@code warnings};
 * {@code parameters} (name → mean, sd, q05, q50, q95, ess_bulk, ess_tail, r_hat, over all chains'
 * level-0 draws, see {@link ParameterSummary}); {@code swap_acceptance} (per neighbouring pair of
 * levels (k, k+1), accepted / attempted over all chains); {@code round_trips} (all chains);
 * {@code target_errors_total}; {@code draws_per_chain}; {@code chains} (per chain: chain,
 * mh_acceptance per level, swap_acceptance per pair, communication_barrier Λ, round_trips,
 * tempered_restarts, target_errors per level, proposal_scales per level at the end of the run);
 * {@code wall_time_seconds}; {@code started_at} and {@code finished_at} (ISO-8601, UTC). Rates
 * count the rounds after burn-in; target errors the whole run. A value that is not a finite
 * number (e.g. R-hat of a constant parameter, a rate with no attempt) is written as {@code null}.
 *
 * <p>Warnings, each a sentence:
 * <ul>
 *   <li>target evaluations threw or returned NaN ({@code target_errors_total > 0});</li>
 *   <li>R-hat above {@value #R_HAT_LIMIT} for some parameter (the chains disagree);</li>
 *   <li>bulk ESS below {@value #MIN_ESS_BULK} for some parameter (too few effective draws);</li>
 *   <li>R-hat and ESS undefined for some parameter (fewer than 4 draws per chain, or constant or
 *       non-finite draws);</li>
 *   <li>no swap accepted between two neighbouring levels (the ladder has a gap).</li>
 * </ul>
 *
 * <p>Immutable after construction; thread-safe.
 *
 * @see <a href="https://doi.org/10.1214/20-BA1221">Vehtari et al. (2021), Bayesian Analysis 16(2):
 *     the thresholds R-hat &lt; 1.01 and bulk ESS &gt; 400</a>
 */
public final class RunSummary {

    /** The file name inside the output directory. */
    public static final String FILE_NAME = "summary.json";
    /** A parameter with a larger R-hat is reported in {@code warnings}. */
    public static final double R_HAT_LIMIT = 1.01;
    /** A parameter with a smaller bulk ESS is reported in {@code warnings}. */
    public static final double MIN_ESS_BULK = 400;
    private static final int NAMES_IN_WARNING = 5;

    /**
     * One row of the parameter table.
     *
     * @param name the parameter's name
     * @param summary its summary over all chains
     */
    public record Parameter(String name, ParameterSummary summary) {
    }

    private final String replexVersion;
    private final JobSpec spec;
    private final RunResult result;
    private final List<Parameter> parameters;
    private final double[] swapAcceptance;
    private final long roundTrips;
    private final long targetErrors;
    private final List<String> warnings;
    private final Instant startedAt;
    private final Instant finishedAt;
    private final double wallTimeSeconds;

    private RunSummary(String replexVersion, JobSpec spec, RunResult result, Instant startedAt, Instant finishedAt,
            double wallTimeSeconds) {
        this.replexVersion = Objects.requireNonNull(replexVersion, "replexVersion");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.result = Objects.requireNonNull(result, "result");
        this.startedAt = startedAt.truncatedTo(ChronoUnit.MILLIS);
        this.finishedAt = finishedAt.truncatedTo(ChronoUnit.MILLIS);
        this.wallTimeSeconds = wallTimeSeconds;
        this.parameters = summarise(result);
        int pairs = Math.max(0, result.settings().levels() - 1);
        long[] accepted = new long[pairs];
        long[] attempts = new long[pairs];
        long trips = 0;
        long errors = 0;
        for (ChainResult c : result.chains()) {
            ChainStatistics chain = c.statistics();
            long[] a = chain.swapAccepted();
            long[] n = chain.swapAttempts();
            for (int k = 0; k < pairs; k++) {
                accepted[k] += a[k];
                attempts[k] += n[k];
            }
            trips += chain.roundTrips();
            for (long e : chain.targetErrors()) {
                errors += e;
            }
        }
        this.swapAcceptance = new double[pairs];
        for (int k = 0; k < pairs; k++) {
            swapAcceptance[k] = ratio(accepted[k], attempts[k]);
        }
        this.roundTrips = trips;
        this.targetErrors = errors;
        this.warnings = Collections.unmodifiableList(warnings(attempts, accepted));
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
        return new RunSummary(replexVersion, spec, result, startedAt, finishedAt, wallTimeSeconds);
    }

    private static List<Parameter> summarise(RunResult result) {
        List<String> names = result.parameterNames();
        List<ChainResult> chains = result.chains();
        List<Parameter> out = new ArrayList<>(names.size());
        for (int p = 0; p < names.size(); p++) {
            double[][] draws = new double[chains.size()][];
            for (int c = 0; c < chains.size(); c++) {
                draws[c] = chains.get(c).draws().column(p);
            }
            out.add(new Parameter(names.get(p), ParameterSummary.of(draws)));
        }
        return Collections.unmodifiableList(out);
    }

    private List<String> warnings(long[] attempts, long[] accepted) {
        List<String> out = new ArrayList<>();
        if (targetErrors > 0) {
            out.add(targetErrors + " target evaluations threw an exception or returned NaN or +Infinity and were "
                    + "counted as rejected moves (per chain and level: chains[].target_errors); check the target");
        }
        List<String> highRHat = new ArrayList<>();
        List<String> lowEss = new ArrayList<>();
        List<String> undefined = new ArrayList<>();
        double maxRHat = Double.NEGATIVE_INFINITY;
        double minEss = Double.POSITIVE_INFINITY;
        for (Parameter p : parameters) {
            ParameterSummary s = p.summary();
            if (Double.isNaN(s.rHat()) || Double.isNaN(s.essBulk())) {
                undefined.add(p.name());
                continue;
            }
            if (s.rHat() > R_HAT_LIMIT) {
                highRHat.add(p.name() + " (" + fixed(s.rHat(), 3) + ")");
                maxRHat = Math.max(maxRHat, s.rHat());
            }
            if (s.essBulk() < MIN_ESS_BULK) {
                lowEss.add(p.name() + " (" + fixed(s.essBulk(), 0) + ")");
                minEss = Math.min(minEss, s.essBulk());
            }
        }
        if (!highRHat.isEmpty()) {
            out.add("r_hat > " + R_HAT_LIMIT + " for " + list(highRHat) + "; max " + fixed(maxRHat, 3)
                    + ": the chains disagree, so the draws do not represent the target yet; run more rounds or "
                    + "check for modes the chains do not cross between");
        }
        if (!lowEss.isEmpty()) {
            out.add("ess_bulk < " + fixed(MIN_ESS_BULK, 0) + " for " + list(lowEss) + "; min " + fixed(minEss, 0)
                    + ": too few effective draws for reliable estimates; run more rounds or chains");
        }
        if (!undefined.isEmpty()) {
            out.add("r_hat and ess are undefined for " + list(undefined) + " (fewer than 4 draws per chain, or "
                    + "constant or non-finite draws)");
        }
        for (int k = 0; k < attempts.length; k++) {
            if (attempts[k] > 0 && accepted[k] == 0) {
                out.add("no swap was accepted between levels " + k + " and " + (k + 1) + " (beta "
                        + result.settings().ladder().beta(k) + " and " + result.settings().ladder().beta(k + 1)
                        + "): the ladder has a gap; add levels (job.temperatures.count) or raise "
                        + "job.temperatures.beta-min");
            }
        }
        return out;
    }

    private static String list(List<String> items) {
        if (items.size() <= NAMES_IN_WARNING) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, NAMES_IN_WARNING)) + " and " + (items.size() - NAMES_IN_WARNING)
                + " more";
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }

    /** @return the parameters in the target's order */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** @return per neighbouring pair (k, k+1), the swap acceptance rate over all chains (NaN: no attempt) */
    public double[] swapAcceptance() {
        return swapAcceptance.clone();
    }

    /** @return round trips after burn-in, summed over chains */
    public long roundTrips() {
        return roundTrips;
    }

    /** @return target evaluations that failed, whole run, all chains */
    public long targetErrors() {
        return targetErrors;
    }

    /** @return the warnings, possibly empty */
    public List<String> warnings() {
        return warnings;
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

        ObjectNode settings = root.putObject("settings");
        settings.put("seed", s.seed());
        settings.put("mode", spec.mode());
        settings.put("engine", result.engine());
        settings.put("workers", spec.workers());
        settings.put("chains", s.chains());
        settings.put("levels", s.levels());
        settings.set("betas", numbers(s.ladder().betas()));
        settings.put("swap", s.swap().name().toLowerCase(Locale.ROOT));
        settings.put("rounds", s.rounds());
        settings.put("steps_per_round", s.stepsPerRound());
        settings.put("burn_in_rounds", s.burnInRounds());
        settings.put("thin", s.thin());
        ObjectNode proposal = settings.putObject("proposal");
        proposal.set("scale", number(s.proposalScale()));
        proposal.put("adapt", s.adapt().name().toLowerCase(Locale.ROOT));
        settings.set("target", targetJson());

        ArrayNode warningsNode = root.putArray("warnings");
        warnings.forEach(warningsNode::add);

        ObjectNode params = root.putObject("parameters");
        for (Parameter p : parameters) {
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
        root.set("swap_acceptance", numbers(swapAcceptance));
        root.put("round_trips", roundTrips);
        root.put("target_errors_total", targetErrors);
        root.put("draws_per_chain", drawsPerChain());
        ObjectNode perNode = root.putObject("replicas_per_node");
        result.replicasPerNode().forEach(perNode::put);

        ArrayNode chains = root.putArray("chains");
        for (ChainResult chain : result.chains()) {
            chains.add(chainJson(chain));
        }
        root.set("wall_time_seconds", number(wallTimeSeconds));
        root.put("started_at", startedAt.toString());
        root.put("finished_at", finishedAt.toString());
        return root;
    }

    private static ObjectNode chainJson(ChainResult result) {
        ChainStatistics chain = result.statistics();
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("chain", chain.chain());
        long[] mhAccepted = chain.mhAccepted();
        long[] mhProposed = chain.mhProposed();
        ArrayNode mh = node.putArray("mh_acceptance");
        for (int k = 0; k < mhAccepted.length; k++) {
            mh.add(number(ratio(mhAccepted[k], mhProposed[k])));
        }
        long[] swapAccepted = chain.swapAccepted();
        long[] swapAttempts = chain.swapAttempts();
        double[] rejection = chain.swapRejectionSum();
        ArrayNode swaps = node.putArray("swap_acceptance");
        double barrier = 0;
        for (int k = 0; k < swapAccepted.length; k++) {
            swaps.add(number(ratio(swapAccepted[k], swapAttempts[k])));
            barrier += swapAttempts[k] == 0 ? Double.NaN : rejection[k] / swapAttempts[k];
        }
        node.set("communication_barrier", number(barrier));
        node.put("round_trips", chain.roundTrips());
        node.put("tempered_restarts", chain.restarts());
        ArrayNode errors = node.putArray("target_errors");
        for (long e : chain.targetErrors()) {
            errors.add(e);
        }
        node.set("proposal_scales", numbers(chain.proposalScales()));
        return node;
    }

    private JsonNode targetJson() {
        String json = spec.target().root().render(ConfigRenderOptions.concise());
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the target block as JSON: " + json, e);
        }
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
