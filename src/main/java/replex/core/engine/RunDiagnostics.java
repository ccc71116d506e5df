package replex.core.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import replex.core.SamplerSettings;
import replex.core.chain.ChainResult;
import replex.core.chain.ChainStatistics;
import replex.core.diagnostics.ParameterSummary;
import replex.core.evidence.CommunicationBarrier;
import replex.core.evidence.EvidenceAccumulator;
import replex.core.evidence.LogEvidence;

/**
 * What a completed run says about itself: each parameter's summary and convergence diagnostics
 * pooled over the chains (mean, sd, quantiles, bulk and tail ESS, rank-normalised split-R-hat of
 * Vehtari et al. 2021, doi:10.1214/20-BA1221), acceptance of moves per level and of swaps per pair
 * of levels, round trips and tempered restarts, the communication barrier Λ (Syed et al. 2022,
 * doi:10.1111/rssb.12464), the log evidence, target errors, and the warnings these give rise to,
 * each with what to do about it. Output formats (summary.json, the summary table) lay it out; the
 * rules are here, once.
 */
public final class RunDiagnostics {

    /** A parameter with a larger R-hat is reported in {@link #warnings()}. */
    public static final double R_HAT_LIMIT = 1.01;
    /** A parameter with a smaller bulk ESS is reported in {@link #warnings()}. */
    public static final double MIN_ESS_BULK = 400;
    /** A neighbouring pair of levels with a smaller (non-zero) swap acceptance is reported in {@link #warnings()}. */
    public static final double MIN_SWAP_ACCEPTANCE = 0.05;
    private static final int NAMES_IN_WARNING = 5;

    /**
     * One row of the parameter table.
     *
     * @param name the parameter's name
     * @param summary its summary over all chains
     */
    public record Parameter(String name, ParameterSummary summary) {
    }

    private final RunResult result;
    /** Whether the target's log-prior is normalised; {@code null} if not known. */
    private final Boolean priorNormalised;
    private final List<Parameter> parameters;
    private final double[] swapAcceptance;
    private final double[] mhAcceptance;
    private final long roundTrips;
    private final long restarts;
    private final long targetErrors;
    private final CommunicationBarrier barrier;
    private final LogEvidence logEvidence;
    private final Convergence convergence;
    private final List<String> warnings;

    private RunDiagnostics(RunResult result, Boolean priorNormalised) {
        this.result = Objects.requireNonNull(result, "result");
        this.priorNormalised = priorNormalised;
        this.parameters = summarise(result);
        this.convergence = Convergence.of(parameters);
        SamplerSettings settings = result.settings();
        int levels = settings.levels();
        int pairs = Math.max(0, levels - 1);
        long[] accepted = new long[pairs];
        long[] attempts = new long[pairs];
        long[] mhAccepted = new long[levels];
        long[] mhProposed = new long[levels];
        long trips = 0;
        long restartCount = 0;
        long errors = 0;
        List<long[]> chainAttempts = new ArrayList<>();
        List<double[]> chainRejections = new ArrayList<>();
        List<EvidenceAccumulator> evidence = new ArrayList<>();
        for (ChainResult c : result.chains()) {
            ChainStatistics chain = c.statistics();
            add(accepted, chain.swapAccepted());
            add(attempts, chain.swapAttempts());
            add(mhAccepted, chain.mhAccepted());
            add(mhProposed, chain.mhProposed());
            trips += chain.roundTrips();
            restartCount += chain.restarts();
            for (long e : chain.targetErrors()) {
                errors += e;
            }
            chainAttempts.add(chain.swapAttempts());
            chainRejections.add(chain.swapRejectionSum());
            evidence.add(chain.evidence());
        }
        this.swapAcceptance = new double[pairs];
        for (int k = 0; k < pairs; k++) {
            swapAcceptance[k] = ratio(accepted[k], attempts[k]);
        }
        this.mhAcceptance = new double[levels];
        for (int k = 0; k < levels; k++) {
            mhAcceptance[k] = ratio(mhAccepted[k], mhProposed[k]);
        }
        this.roundTrips = trips;
        this.restarts = restartCount;
        this.targetErrors = errors;
        this.barrier = CommunicationBarrier.of(chainAttempts, chainRejections);
        this.logEvidence = LogEvidence.of(evidence);
        this.warnings = Collections.unmodifiableList(warnings(attempts, accepted));
    }

    /**
     * Computes the diagnostics of a completed run.
     *
     * @param result the run's result
     * @param priorNormalised the target's {@link replex.core.Target#hasNormalisedPrior()}, or
     *     {@code null} if the target is not known (then no warning depends on it)
     * @return the diagnostics
     * @throws IllegalArgumentException if a chain has no draws
     */
    public static RunDiagnostics of(RunResult result, Boolean priorNormalised) {
        return new RunDiagnostics(result, priorNormalised);
    }

    private static void add(long[] total, long[] values) {
        for (int i = 0; i < total.length; i++) {
            total[i] += values[i];
        }
    }

    /**
     * The parameters' diagnostics in one line each: the worst R-hat, the smallest and the median
     * bulk ESS, the smallest tail ESS, over the parameters where they are defined (NaN if none).
     *
     * @param rHatMax the largest R-hat
     * @param essBulkMin the smallest bulk ESS
     * @param essBulkMedian the median bulk ESS
     * @param essTailMin the smallest tail ESS
     */
    public record Convergence(double rHatMax, double essBulkMin, double essBulkMedian, double essTailMin) {

        static Convergence of(List<Parameter> parameters) {
            double rHatMax = Double.NaN;
            double tailMin = Double.NaN;
            double[] bulk = new double[parameters.size()];
            int n = 0;
            for (Parameter p : parameters) {
                ParameterSummary s = p.summary();
                if (!Double.isNaN(s.rHat())) {
                    rHatMax = Double.isNaN(rHatMax) ? s.rHat() : Math.max(rHatMax, s.rHat());
                }
                if (!Double.isNaN(s.essTail())) {
                    tailMin = Double.isNaN(tailMin) ? s.essTail() : Math.min(tailMin, s.essTail());
                }
                if (!Double.isNaN(s.essBulk())) {
                    bulk[n++] = s.essBulk();
                }
            }
            Arrays.sort(bulk, 0, n);
            double median = n == 0 ? Double.NaN : n % 2 == 1 ? bulk[n / 2] : 0.5 * (bulk[n / 2 - 1] + bulk[n / 2]);
            return new Convergence(rHatMax, n == 0 ? Double.NaN : bulk[0], median, tailMin);
        }
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
        List<String> rarely = new ArrayList<>();
        // β of chain 0's ladder after burn-in: the job's ladder unless the chains tuned their own
        double[] betas = result.chains().isEmpty() ? result.settings().ladder().betas()
                : result.chains().get(0).statistics().betas();
        for (int k = 0; k < attempts.length; k++) {
            if (attempts[k] > 0 && accepted[k] == 0) {
                out.add("no swap was accepted between levels " + k + " and " + (k + 1) + " (beta "
                        + betas[k] + " and " + betas[k + 1]
                        + "): the ladder has a gap; add levels (job.temperatures.count) or raise "
                        + "job.temperatures.beta-min");
            } else if (attempts[k] > 0 && swapAcceptance[k] < MIN_SWAP_ACCEPTANCE) {
                rarely.add(k + " and " + (k + 1) + " (beta " + betas[k] + " and " + betas[k + 1] + ": "
                        + fixed(100 * swapAcceptance[k], 1) + "%)");
            }
        }
        if (!rarely.isEmpty()) {
            out.add("swap acceptance below " + fixed(100 * MIN_SWAP_ACCEPTANCE, 0) + "% between levels "
                    + list(rarely) + ": replicas rarely cross there; add levels between them (more levels in "
                    + "job.temperatures.count, or extra betas in job.temperatures.betas)");
        }
        if (result.settings().levels() > 1 && roundTrips == 0) {
            out.add("no replica made a round trip (hottest level -> level 0 -> hottest) after burn-in: the hot "
                    + "levels did not reach the cold one, so modes found there may be missing from the draws; run "
                    + "more rounds, or add levels where swap acceptance is low (communication_barrier."
                    + "recommended_levels = " + barrier.recommendedLevels() + ")");
        }
        if (result.settings().levels() > 1 && (Double.isNaN(logEvidence.steppingStone().standardError())
                || Double.isNaN(logEvidence.thermodynamicIntegration().standardError()))) {
            out.add("the standard error of log_z is not estimable (" + logEvidence.batches() + " batch"
                    + (logEvidence.batches() == 1 ? "" : "es") + " of rounds; at least 2 are needed): run more "
                    + "rounds after burn-in or more chains");
        }
        String disagreement = result.settings().levels() > 1 ? evidenceDisagreement(logEvidence.steppingStone(),
                logEvidence.thermodynamicIntegration(), result.settings().levels()) : null;
        if (disagreement != null) {
            out.add(disagreement);
        }
        if (result.settings().levels() > 1 && logEvidence.referenceBeta() == 0
                && Boolean.FALSE.equals(priorNormalised)) {
            out.add("log_z: the ladder ends at beta = 0, but the target's prior is not a normalised density (improper, "
                    + "or without its normalising constants), so log Z is not the model evidence and the hottest "
                    + "level samples no proper distribution; use a proper, normalised prior, or a ladder ending "
                    + "above 0");
        }
        return out;
    }

    /** Standard errors of the difference beyond which the two log Z estimates are said to disagree. */
    public static final double LOG_Z_DISAGREEMENT_LIMIT = 3;

    /**
     * The warning given when stepping stone and thermodynamic integration disagree by more than
     * {@value #LOG_Z_DISAGREEMENT_LIMIT} standard errors of their difference, √(se_SS² + se_TI²)
     * (the errors are treated as independent; both come from the same draws, so this is a rough
     * scale). Stepping stone is to be trusted: each of its ratios Z(β_k)/Z(β_k+1) is an importance-
     * sampling estimate without discretisation error, while thermodynamic integration applies the
     * trapezoidal rule to the mean log-likelihood over the K levels, a bias that its standard error
     * does not include and that is large where E_β[log L] changes fast between levels (Gelman &amp;
     * Meng 1998, doi:10.1214/ss/1028905934; Lartillot &amp; Philippe 2006, doi:10.1080/10635150500433722).
     *
     * @param steppingStone the stepping-stone estimate and its standard error
     * @param thermodynamic the thermodynamic-integration estimate and its standard error
     * @param levels K, the ladder's levels
     * @return the warning, or {@code null} if they agree or an error is not finite
     */
    public static String evidenceDisagreement(LogEvidence.Estimate steppingStone, LogEvidence.Estimate thermodynamic,
            int levels) {
        double seSs = steppingStone.standardError();
        double seTi = thermodynamic.standardError();
        double difference = Math.abs(steppingStone.estimate() - thermodynamic.estimate());
        double se = Math.sqrt(seSs * seSs + seTi * seTi);
        if (!Double.isFinite(difference) || !Double.isFinite(se) || difference <= LOG_Z_DISAGREEMENT_LIMIT * se) {
            return null;
        }
        String zs = se > 0 ? fixed(difference / se, 1) + " standard errors" : "more than their standard errors (0)";
        return "the stepping-stone log Z (" + fixed(steppingStone.estimate(), 3) + " +- " + fixed(seSs, 3)
                + ") and the thermodynamic-integration log Z (" + fixed(thermodynamic.estimate(), 3) + " +- "
                + fixed(seTi, 3) + ") disagree by " + zs + "; trust stepping stone: thermodynamic integration's trapezoidal rule over "
                + levels + " levels has a discretisation bias that its standard error does not include; more levels "
                + "(job.temperatures.count) bring the two together";
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

    /** @return per level, the Metropolis–Hastings acceptance rate over all chains (NaN: no proposal) */
    public double[] mhAcceptance() {
        return mhAcceptance.clone();
    }

    /** @return round trips after burn-in, summed over chains */
    public long roundTrips() {
        return roundTrips;
    }

    /** @return tempered restarts after burn-in, summed over chains */
    public long temperedRestarts() {
        return restarts;
    }

    /** @return the worst R-hat, smallest and median ESS over the parameters */
    public Convergence convergence() {
        return convergence;
    }

    /** @return the communication barrier, pooled over chains */
    public CommunicationBarrier communicationBarrier() {
        return barrier;
    }

    /** @return the log-evidence estimates, pooled over chains */
    public LogEvidence logEvidence() {
        return logEvidence;
    }

    /** @return target evaluations that failed, whole run, all chains */
    public long targetErrors() {
        return targetErrors;
    }

    /** @return the warnings, possibly empty */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * @param chain one chain's statistics
     * @return that chain's own communication barrier (its mean swap rejection per pair and their sum)
     */
    public static CommunicationBarrier barrierOf(ChainStatistics chain) {
        return CommunicationBarrier.of(List.of(chain.swapAttempts()), List.of(chain.swapRejectionSum()));
    }
}
