package replex.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import replex.core.chain.ChainResult;
import replex.core.chain.DrawBuffer;
import replex.core.engine.RunResult;

/**
 * Writes the level-0 draws of a run as CSV (RFC 4180, UTF-8, {@code \n} line ends), and with
 * {@code output.all-levels} the draws of each level k in the same layout as
 * {@code draws-level-<k>.csv} ({@link #levelFileName}):
 *
 * <pre>
 * chain,draw,&lt;parameter names&gt;,log_likelihood,log_prior
 * 0,0,-0.4012,...
 * </pre>
 *
 * <p>Rows are ordered by (chain, draw), both 0-based. Numbers are written as the shortest decimal
 * that reads back to the same double ({@link ShortestDecimal}), independent of the locale and the
 * JVM, so identical results give byte-identical files. A parameter name holding a comma, a quote or a
 * line break is quoted. The {@code log_likelihood} column is the untempered ℓ at every level (the
 * level at β samples ∝ prior × exp(β ℓ)); level 0 is β = 1, so {@code draws-level-0.csv} equals
 * {@code draws.csv} byte for byte.
 *
 * <p>With {@code output.draws-metrics} each row goes on after {@code log_prior} with the named metrics
 * of the target's evaluation of the kept state, one column each, in the order listed; a name taken by
 * an earlier column is prefixed with {@code metric.} (as in {@code evaluations.csv}). A metric that the
 * evaluation lacks, or whose value is NaN, is an empty cell.
 *
 * <p>With {@code output.draws-metadata} each row goes on after the metrics with the named metadata
 * strings of the same evaluation, one column each, in the order listed, quoted as RFC 4180 says when
 * they hold a comma, a quote or a line break; a name taken by an earlier column is prefixed with
 * {@code metadata.} (as in {@code evaluations.csv}). An entry that the evaluation lacks is an empty
 * cell. Thread-safe (stateless).
 */
public final class DrawsCsv {

    /** The file name inside the output directory. */
    public static final String FILE_NAME = "draws.csv";
    /** Matches the file names written by {@link #levelFileName(int)}. */
    public static final String LEVEL_FILE_NAME_PATTERN = "draws-level-[0-9]*.csv";

    /**
     * @param level a level index, 0 = β = 1
     * @return the name of that level's draws file, {@code draws-level-<level>.csv}
     */
    public static String levelFileName(int level) {
        return "draws-level-" + level + ".csv";
    }

    private DrawsCsv() {
    }

    /**
     * @param result a completed run
     * @param out where to write; flushed, not closed
     * @throws IOException if writing fails
     */
    public static void write(RunResult result, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        write(result, w);
        w.flush();
    }

    /**
     * @param result a completed run
     * @param w where to write; not flushed or closed
     * @throws IOException if writing fails
     */
    public static void write(RunResult result, Writer w) throws IOException {
        write(result, -1, w);
    }

    /**
     * Writes the draws of one level ({@code output.all-levels}).
     *
     * @param result a completed run whose chains hold the draws of every level
     * @param level the level, 0 … K−1
     * @param out where to write; flushed, not closed
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the chains hold no draws of that level
     */
    public static void writeLevel(RunResult result, int level, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        write(result, level, w);
        w.flush();
    }

    /** Level −1: the level-0 draws as {@code draws.csv} ({@link ChainResult#draws()}). */
    private static void write(RunResult result, int level, Writer w) throws IOException {
        List<String> names = result.parameterNames();
        int d = names.size();
        StringBuilder line = new StringBuilder(256);
        line.append("chain,draw");
        for (String name : names) {
            line.append(',').append(quote(name));
        }
        line.append(",log_likelihood,log_prior");
        List<String> metrics = result.settings().drawMetrics();
        List<String> metadata = result.settings().drawMetadata();
        for (String header : contextHeaders(names, metrics, metadata)) {
            line.append(',').append(quote(header));
        }
        line.append('\n');
        w.append(line);
        int width = d + 2 + metrics.size();
        for (ChainResult chain : result.chains()) {
            if (level >= chain.levelDraws().size()) {
                throw new IllegalArgumentException("chain " + chain.chain() + " holds no draws of level " + level
                        + " (output.all-levels is off)");
            }
            DrawBuffer draws = level < 0 ? chain.draws() : chain.levelDraws().get(level);
            if (draws.width() != width || draws.metadataWidth() != metadata.size()) {
                throw new IllegalArgumentException("chain " + chain.chain() + " has rows of width " + draws.width()
                        + " with " + draws.metadataWidth() + " metadata but there are " + d + " parameter names, "
                        + metrics.size() + " metrics and " + metadata.size() + " metadata");
            }
            int rows = draws.rows();
            for (int row = 0; row < rows; row++) {
                line.setLength(0);
                line.append(chain.chain()).append(',').append(row);
                for (int col = 0; col < d + 2; col++) {
                    line.append(',').append(ShortestDecimal.of(draws.get(row, col)));
                }
                for (int col = d + 2; col < width; col++) {
                    double v = draws.get(row, col);
                    line.append(',');
                    if (!Double.isNaN(v)) {
                        line.append(ShortestDecimal.of(v));
                    }
                }
                for (int i = 0; i < metadata.size(); i++) {
                    String v = draws.metadataOf(row, i);
                    line.append(',');
                    if (v != null) {
                        line.append(quote(v));
                    }
                }
                line.append('\n');
                w.append(line);
            }
        }
    }

    /**
     * @param parameterNames the target's parameter names
     * @param metrics the metrics the draws record ({@code output.draws-metrics})
     * @return the metrics' column names: each metric's name, prefixed with {@code metric.} as long as
     *     an earlier column ({@code chain}, {@code draw}, a parameter, {@code log_likelihood},
     *     {@code log_prior}, an earlier metric) has it
     */
    public static List<String> metricHeaders(List<String> parameterNames, List<String> metrics) {
        return contextHeaders(parameterNames, metrics, List.of());
    }

    /**
     * @param parameterNames the target's parameter names
     * @param metrics the metrics the draws record ({@code output.draws-metrics})
     * @param metadata the metadata the draws record ({@code output.draws-metadata})
     * @return the column names after {@code log_prior}: the metrics' ({@link #metricHeaders}), then
     *     each metadata name, prefixed with {@code metadata.} as long as an earlier column has it
     */
    public static List<String> contextHeaders(List<String> parameterNames, List<String> metrics,
            List<String> metadata) {
        java.util.Set<String> taken = new java.util.HashSet<>(parameterNames);
        taken.addAll(List.of("chain", "draw", "log_likelihood", "log_prior"));
        List<String> headers = new java.util.ArrayList<>(metrics.size() + metadata.size());
        headers.addAll(prefixed(metrics, "metric.", taken));
        headers.addAll(prefixed(metadata, "metadata.", taken));
        return headers;
    }

    /**
     * The column names of {@code names} after the columns {@code taken}, as {@code draws.csv} and
     * {@code evaluations.csv} name them.
     *
     * @param names the names, in column order
     * @param prefix what a name taken by an earlier column is prefixed with, as often as it takes
     * @param taken the earlier columns' names; each header is added to it
     * @return the headers, in order
     */
    static List<String> prefixed(java.util.Collection<String> names, String prefix, java.util.Set<String> taken) {
        List<String> headers = new java.util.ArrayList<>(names.size());
        for (String m : names) {
            String h = m;
            while (taken.contains(h)) {
                h = prefix + h;
            }
            taken.add(h);
            headers.add(h);
        }
        return headers;
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
