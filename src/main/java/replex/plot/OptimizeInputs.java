package replex.plot;

import java.nio.file.Path;
import java.util.Map;

import replex.io.TableCsv;

/**
 * Everything the plots of an optimize run need from its output directory.
 *
 * @param directory the output directory, absolute
 * @param direction the job's direction as {@code summary.json} gives it ({@code maximize},
 *     {@code minimize}, {@code target = v})
 * @param best the best state's value, metrics and where it was found
 * @param history the rows of {@code history.csv}
 * @param bestTable the cells of {@code best.csv}
 * @param original the cells of the job's {@code state.file} (the data the run started from), or
 *     {@code null} if there is none to compare with; {@code originalNote} then says why
 * @param originalFile the file {@code original} was read from, or {@code null}
 * @param originalNote why {@code original} is {@code null}, one sentence; {@code null} otherwise
 */
public record OptimizeInputs(Path directory, String direction, Best best, HistoryTable history,
        TableCsv.Cells bestTable, TableCsv.Cells original, Path originalFile, String originalNote) {

    /**
     * The best state, from {@code summary.json}'s {@code best}.
     *
     * @param value its value
     * @param metrics its metrics by name, in the objective's order ({@code NaN} where undefined)
     * @param round the round it was found in, from 1
     * @param chain the chain
     * @param level the level
     */
    public record Best(double value, Map<String, Double> metrics, long round, int chain, int level) {
        /** Copies the map, keeping its order. */
        public Best {
            metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        }
    }
}
