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
 * Writes the level-0 draws of a run as CSV (RFC 4180, UTF-8, {@code \n} line ends):
 *
 * <pre>
 * chain,draw,&lt;parameter names&gt;,log_likelihood,log_prior
 * 0,0,-0.4012,...
 * </pre>
 *
 * <p>Rows are ordered by (chain, draw), both 0-based. Numbers are written as the shortest decimal
 * that reads back to the same double ({@link ShortestDecimal}), independent of the locale and the
 * JVM, so identical results give byte-identical files. A parameter name holding a comma, a quote or a
 * line break is quoted. Thread-safe (stateless).
 */
public final class DrawsCsv {

    /** The file name inside the output directory. */
    public static final String FILE_NAME = "draws.csv";

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
            DrawBuffer draws = chain.draws();
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
