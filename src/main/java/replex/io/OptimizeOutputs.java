package replex.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import replex.core.engine.RecoveryEvent;
import replex.core.optimize.OptimizeChain;
import replex.core.optimize.OptimizeEngine;
import replex.core.optimize.OptimizeSettings;

/**
 * Writes the outputs of an {@code optimize} run into its output directory, each file atomically
 * ({@link StagedFile}), {@code summary.json} last (its presence marks a complete set):
 *
 * <ul>
 *   <li>{@code best.csv}: the best state, a header of column (parameter) names and its rows
 *       (one row for a vector), numbers in the shortest form that reads back exactly;
 *   <li>{@code history.csv}: {@code round,chain,level,temperature,jitter,value,<metrics…>}, each level's
 *       current state at the end of round 1, every {@code output.history-every} rounds, and the last
 *       round (rounds counted from 1);
 *   <li>{@code summary.json}: the best value, its metrics, the round, chain and level where it was
 *       found, why the run stopped, move acceptance per level, swap acceptance per pair, the final
 *       temperatures and jitters, the settings, what a cluster job recovered from ({@code recovery}),
 *       and the wall time.
 * </ul>
 *
 * <p>{@code best.csv} and {@code history.csv} depend only on the job (seed, settings, objective,
 * state), not on the number of worker threads; {@code summary.json} also holds the wall time.
 */
public final class OptimizeOutputs {

    /** File name of the best state. */
    public static final String BEST = "best.csv";
    /** File name of the history. */
    public static final String HISTORY = "history.csv";
    /** File name of the summary. */
    public static final String SUMMARY = "summary.json";

    private OptimizeOutputs() {
    }

    /**
     * @param spec the job
     * @param metricNames the objective's metric names
     * @param result the run's result
     * @param wallSeconds the run's wall time in seconds
     * @throws IOException if a file cannot be written (no partial file is left under a final name)
     */
    public static void write(OptimizeSpec spec, List<String> metricNames, OptimizeEngine.Result result,
            double wallSeconds) throws IOException {
        write(spec, metricNames, result, wallSeconds, List.of());
    }

    /**
     * @param spec the job
     * @param metricNames the objective's metric names
     * @param result the run's result
     * @param wallSeconds the run's wall time in seconds
     * @param events what the run recovered from (lost nodes, a lost coordinator), oldest first: its
     *     {@code recovery} in summary.json; a {@code resumed} event is left out, so that a resumed run's
     *     summary is the uninterrupted run's
     * @throws IOException if a file cannot be written (no partial file is left under a final name)
     */
    public static void write(OptimizeSpec spec, List<String> metricNames, OptimizeEngine.Result result,
            double wallSeconds, List<RecoveryEvent> events) throws IOException {
        Path dir = spec.outputDir();
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(SUMMARY));
        StagedFile.write(dir.resolve(BEST), out -> TableCsv.write(result.bestState(), out));
        StagedFile.write(dir.resolve(HISTORY), out -> writeHistory(metricNames, result, out));
        List<RecoveryEvent> recovery = events.stream().filter(e -> !e.is(RecoveryEvent.Kind.RESUMED)).toList();
        StagedFile.write(dir.resolve(SUMMARY), out -> JobParts.writeJson(summary(spec, metricNames, result,
                wallSeconds, recovery), out));
    }

    /**
     * @param metricNames the objective's metric names
     * @param result the result
     * @param out where to write; flushed, not closed
     * @throws IOException if writing fails
     */
    static void writeHistory(List<String> metricNames, OptimizeEngine.Result result, OutputStream out)
            throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder("round,chain,level,temperature,jitter,value");
        for (String m : metricNames) {
            b.append(',').append(m);
        }
        w.write(b.append('\n').toString());
        for (OptimizeEngine.HistoryRow row : result.history()) {
            b.setLength(0);
            b.append(row.round() + 1).append(',').append(row.chain()).append(',').append(row.level()).append(',')
                    .append(ShortestDecimal.of(row.temperature())).append(',')
                    .append(ShortestDecimal.of(row.jitter())).append(',')
                    .append(ShortestDecimal.of(row.evaluation().value()));
            for (String m : metricNames) {
                Double v = row.evaluation().metrics().get(m);
                b.append(',').append(v == null ? "NaN" : ShortestDecimal.of(v));
            }
            w.write(b.append('\n').toString());
        }
        w.flush();
    }

    static Map<String, Object> summary(OptimizeSpec spec, List<String> metricNames, OptimizeEngine.Result r,
            double wallSeconds, List<RecoveryEvent> recovery) {
        OptimizeSettings s = spec.settings();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", OptimizeSpec.MODE);
        root.put("complete", r.stopReason() != OptimizeEngine.StopReason.REQUESTED);
        root.put("stop_reason", r.stopReason().name().toLowerCase(Locale.ROOT));
        root.put("rounds_done", r.roundsDone());
        Map<String, Object> best = new LinkedHashMap<>();
        best.put("value", r.bestValue());
        Map<String, Double> metrics = new LinkedHashMap<>(); // in the objective's order, whatever the map's
        double[] values = OptimizeChain.metricValues(r.bestEvaluation(), metricNames);
        for (int i = 0; i < values.length; i++) {
            metrics.put(metricNames.get(i), values[i]);
        }
        best.put("metrics", metrics);
        best.put("round", r.bestRound() + 1);
        best.put("chain", r.bestChain());
        best.put("level", r.bestLevel());
        best.put("file", BEST);
        root.put("best", best);
        List<Object> chains = new ArrayList<>();
        for (OptimizeChain c : r.chains()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chain", c.index());
            m.put("best_value", c.bestValue());
            List<Object> levels = new ArrayList<>();
            long[] acc = c.movesAccepted();
            long[] prop = c.movesProposed();
            double[] temps = c.temperatures();
            double[] jit = c.jitters();
            for (int k = 0; k < acc.length; k++) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("level", k);
                l.put("temperature", s.ladder().temperature(k));
                l.put("temperature_final", temps[k]);
                l.put("jitter", jit[k]);
                l.put("move_acceptance", prop[k] == 0 ? Double.NaN : (double) acc[k] / prop[k]);
                levels.add(l);
            }
            m.put("levels", levels);
            List<Object> pairs = new ArrayList<>();
            long[] sa = c.swapsAccepted();
            long[] st = c.swapsTried();
            for (int k = 0; k < sa.length; k++) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("levels", List.of(k, k + 1));
                p.put("tried", st[k]);
                p.put("acceptance", st[k] == 0 ? Double.NaN : (double) sa[k] / st[k]);
                pairs.add(p);
            }
            m.put("swaps", pairs);
            chains.add(m);
        }
        root.put("chains", chains);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("objective", spec.objectiveBlock().root().unwrapped());
        settings.put("direction", s.direction().toString());
        settings.put("state", spec.stateFile() != null ? spec.stateFile().toString()
                : spec.table() != null ? "table" : "vector");
        settings.put("rows", spec.rows());
        settings.put("columns", spec.columnNames());
        settings.put("seed", s.seed());
        settings.put("chains", s.chains());
        settings.put("temperatures", s.ladder().temperatures());
        settings.put("cooling", s.cooling());
        settings.put("swap", s.swap().name().toLowerCase(Locale.ROOT));
        settings.put("rounds", s.rounds());
        settings.put("steps_per_round", s.stepsPerRound());
        settings.put("burn_in_rounds", s.burnInRounds());
        settings.put("cells_per_move", s.cellsPerMove());
        settings.put("jitter", s.jitter());
        settings.put("target_acceptance", s.targetAcceptance());
        settings.put("lower", s.lower());
        settings.put("upper", s.upper());
        settings.put("patience", s.patience());
        settings.put("stop_value", s.stopValue());
        settings.put("history_every", s.historyEvery());
        settings.put("workers", spec.workers());
        root.put("settings", settings);
        root.put("recovery", RunSummaryJson.recoveryJson(recovery));
        root.put("wall_seconds", wallSeconds);
        root.put("replex_version", ReplexVersion.get());
        return root;
    }
}
