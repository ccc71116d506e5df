package replex.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import replex.api.CompletedRun;
import replex.core.diagnostics.ParameterSummary;
import replex.io.RunSummary;

/** The short human-readable report printed at the end of {@code replex run}. */
final class SummaryTable {

    /** More parameters than this are left to {@code summary.json}. */
    static final int MAX_ROWS = 20;
    private static final String[] HEADER = {"parameter", "mean", "sd", "q05", "q50", "q95", "ess_bulk", "r_hat"};

    private SummaryTable() {
    }

    static void print(PrintWriter out, CompletedRun run) {
        RunSummary summary = run.summary();
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        List<RunSummary.Parameter> parameters = summary.parameters();
        for (RunSummary.Parameter p : parameters.subList(0, Math.min(MAX_ROWS, parameters.size()))) {
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
        double[] swaps = summary.swapAcceptance();
        if (swaps.length > 0) {
            StringBuilder line = new StringBuilder("swap acceptance (levels k,k+1, all chains):");
            for (int k = 0; k < swaps.length; k++) {
                line.append(' ').append(k).append(',').append(k + 1).append('=').append(fixed(swaps[k], 2));
            }
            out.println(line);
        }
        int chains = run.result().settings().chains();
        out.println("round trips: " + summary.roundTrips() + " (all chains, after burn-in)");
        out.println("draws: " + chains + " chains x " + summary.drawsPerChain() + " = "
                + ((long) chains * summary.drawsPerChain()));
        out.println("engine: " + run.result().engine());
        out.println("wall time: " + String.format(Locale.ROOT, "%.2f s", summary.wallTimeSeconds()));
        out.println("outputs: " + run.outputs().draws());
        out.println("         " + run.outputs().summary());
        out.flush();
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
