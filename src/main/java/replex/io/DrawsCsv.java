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
 * {@code draws.csv} byte for byte. Thread-safe (stateless).
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
        line.append(",log_likelihood,log_prior\n");
        w.append(line);
        for (ChainResult chain : result.chains()) {
            if (level >= chain.levelDraws().size()) {
                throw new IllegalArgumentException("chain " + chain.chain() + " holds no draws of level " + level
                        + " (output.all-levels is off)");
            }
            DrawBuffer draws = level < 0 ? chain.draws() : chain.levelDraws().get(level);
            if (draws.width() != d + 2) {
                throw new IllegalArgumentException("chain " + chain.chain() + " has rows of width " + draws.width()
                        + " but there are " + d + " parameter names");
            }
            int rows = draws.rows();
            for (int row = 0; row < rows; row++) {
                line.setLength(0);
                line.append(chain.chain()).append(',').append(row);
                for (int col = 0; col < d + 2; col++) {
                    line.append(',').append(ShortestDecimal.of(draws.get(row, col)));
                }
                line.append('\n');
                w.append(line);
            }
        }
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
