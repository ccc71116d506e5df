package replex.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import replex.api.CompletedRun;
import replex.core.diagnostics.ParameterSummary;
import replex.core.evidence.CommunicationBarrier;
import replex.core.evidence.LogEvidence;
import replex.io.LevelCountChoice;
import replex.io.RunSummary;

/**
 * The short human-readable report printed at the end of {@code replex run} and {@code replex
 * submit}: the parameter table, then the sampler diagnostics (see docs/diagnostics.md), the draws,
 * the engine, the wall time and the output files.
 */
final class SummaryTable {

    /** More parameters than this are left to {@code summary.json}. */
    static final int MAX_ROWS = 20;
    /** Swap acceptance pairs wrap after this many characters. */
    private static final int PAIRS_WIDTH = 96;
    private static final String[] HEADER = {"parameter", "mean", "sd", "q05", "q50", "q95", "ess_bulk", "r_hat"};

    private SummaryTable() {
    }

    static void print(PrintWriter out, CompletedRun run) {
        RunSummary summary = run.summary();
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        List<replex.core.engine.RunDiagnostics.Parameter> parameters = summary.parameters();
        for (replex.core.engine.RunDiagnostics.Parameter p : parameters.subList(0, Math.min(MAX_ROWS, parameters.size()))) {
            ParameterSummary s = p.summary();
            rows.add(new String[] {p.name(), value(s.mean()), value(s.sd()), value(s.q05()), value(s.q50()),
                value(s.q95()), fixed(s.essBulk(), 0), fixed(s.rHat(), 3)});
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i == 0) {
                    line.append(String.format(Locale.ROOT, "%-" + width[i] + "s", row[i]));
                } else {
                    line.append("  ").append(String.format(Locale.ROOT, "%" + width[i] + "s", row[i]));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        if (parameters.size() > MAX_ROWS) {
            out.println("... and " + (parameters.size() - MAX_ROWS) + " more parameters in "
                    + run.outputs().summary());
        }
        out.println();
        printDiagnostics(out, summary, run.result().settings().ladder().size());
        int chains = run.result().settings().chains();
        out.println("draws: " + chains + " chains x " + summary.drawsPerChain() + " = "
                + ((long) chains * summary.drawsPerChain()));
        out.println("engine: " + run.result().engine());
        out.println("wall time: " + String.format(Locale.ROOT, "%.2f s", summary.wallTimeSeconds()));
        out.println("outputs: " + run.outputs().draws());
        for (java.nio.file.Path file : run.outputs().cmdstan()) {
            out.println("         " + file);
        }
        List<java.nio.file.Path> levels = run.outputs().levels();
        if (!levels.isEmpty()) {
            out.println("         " + levels.get(0) + (levels.size() == 1 ? "" : " ... "
                    + levels.get(levels.size() - 1).getFileName()) + " (every level's draws, level 0 = beta 1)");
        }
        out.println("         " + run.outputs().summary());
        out.flush();
    }

    /**
     * The sampler diagnostics, one labelled line each (all chains, after burn-in): swap acceptance
     * per pair, communication barrier, round trips, log Z by both estimators, ESS and R-hat.
     */
    static void printDiagnostics(PrintWriter out, RunSummary summary, int levels) {
        List<String[]> lines = new ArrayList<>();
        double[] swaps = summary.swapAcceptance();
        if (swaps.length > 0) {
            // wrapped: a long ladder would otherwise make one line of hundreds of characters
            StringBuilder pairs = new StringBuilder("levels");
            String label = "swap acceptance";
            for (int k = 0; k < swaps.length; k++) {
                String item = k + "," + (k + 1) + "=" + fixed(swaps[k], 2);
                if (pairs.length() + 1 + item.length() > PAIRS_WIDTH) {
                    lines.add(new String[] {label, pairs.toString()});
                    label = "";
                    pairs.setLength(0);
                    pairs.append("      ");
                }
                pairs.append(' ').append(item);
            }
            lines.add(new String[] {label, pairs.toString()});
            CommunicationBarrier barrier = summary.communicationBarrier();
            lines.add(new String[] {"barrier Lambda", fixed(barrier.global(), 2) + " (recommended levels: "
                + (barrier.recommendedLevels() > 0 ? Integer.toString(barrier.recommendedLevels()) : "NA")
                + "; this run: " + levels + ")"});
        }
        LevelCountChoice choice = summary.spec().levelCountChoice();
        if (choice != null) {
            lines.add(new String[] {"levels (auto)", choice.chosenLevels() + " from a pilot of "
                + choice.pilotLevels() + " levels x " + choice.pilotRounds() + " rounds (barrier Lambda "
                + fixed(choice.barrier(), 2) + (choice.saturated() ? ", a lower bound" : "") + ")"});
        }
        if (levels > 1) { // one level: no ladder to travel, so no round trips to count
            lines.add(new String[] {"round trips", summary.roundTrips() + " (" + rate(summary.roundTripsPerSecond())
                + "); tempered restarts " + summary.temperedRestarts() + " ("
                + rate(summary.temperedRestartsPerSecond()) + ")"});
        }
        if (levels > 1) {
            LogEvidence evidence = summary.logEvidence();
            double reference = evidence.referenceBeta();
            lines.add(new String[] {"log Z stepping stone", plusMinus(evidence.steppingStone())});
            lines.add(new String[] {"log Z thermo. integr.", plusMinus(evidence.thermodynamicIntegration())});
            Boolean normalised = summary.priorNormalised();
            lines.add(new String[] {"log Z reference beta", reference != 0
                ? beta(reference) + " (log Z(1) - log Z(" + beta(reference) + "): not the evidence)"
                : Boolean.TRUE.equals(normalised) ? "0 (the prior, normalised: the log evidence)"
                : Boolean.FALSE.equals(normalised) ? "0 (the prior, not normalised: not the evidence)"
                : "0 (the log evidence if the prior is normalised)"});
            if (summary.logZPriorWarning() != null) {
                lines.add(new String[] {"log Z warning", "the prior is not normalised: log Z is not the model "
                    + "evidence"});
            }
        }
        for (replex.core.engine.RecoveryEvent e : summary.recoveryEvents()) {
            lines.add(new String[] {"recovery", e.kind() + " at round " + e.restoredRound()
                + (e.roundsReplayed() > 0 ? " (" + e.roundsReplayed() + " rounds replayed)" : "")});
        }
        replex.core.engine.RunDiagnostics.Convergence c = summary.convergence();
        lines.add(new String[] {"ess_bulk", "min " + fixed(c.essBulkMin(), 0) + ", median "
            + fixed(c.essBulkMedian(), 0) + "; min per second " + fixed(summary.essBulkMinPerSecond(), 1)});
        lines.add(new String[] {"r_hat", "max " + fixed(c.rHatMax(), 3)});
        int width = 0;
        for (String[] line : lines) {
            width = Math.max(width, line[0].length());
        }
        for (String[] line : lines) {
            out.println(String.format(Locale.ROOT, "%-" + width + "s  %s", line[0], line[1]));
        }
    }

    /** β to four significant digits, without trailing zeros: 0.01, 0.003162. */
    static String beta(double beta) {
        return new BigDecimal(String.format(Locale.ROOT, "%.4g", beta)).stripTrailingZeros().toPlainString();
    }

    private static String rate(double perSecond) {
        return fixed(perSecond, Double.isFinite(perSecond) && perSecond < 10 ? 2 : 1) + " /s";
    }

    /** An estimate ± its standard error, to two significant digits of the standard error. */
    static String plusMinus(LogEvidence.Estimate e) {
        double se = e.standardError();
        if (!Double.isFinite(e.estimate())) {
            return "NA";
        }
        if (!(se > 0) || !Double.isFinite(se)) {
            return value(e.estimate()) + " +- " + (se == 0 ? "0" : "NA (se not estimable)");
        }
        int decimals = Math.max(0, Math.min(12, 1 - (int) Math.floor(Math.log10(se))));
        return fixed(e.estimate(), decimals) + " +- " + fixed(se, decimals);
    }

    /** Four significant digits, without an exponent unless the magnitude needs one. */
    static String value(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NA" : (v > 0 ? "Inf" : "-Inf");
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a < 1e-3 || a >= 1e6) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        int decimals = Math.max(0, 3 - (int) Math.floor(Math.log10(a)));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "NA";
    }
}
