package replex.plot;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import replex.core.ConfigurationException;
import replex.io.TableCsv;

/**
 * The {@code history.csv} of an optimize run as read back: the columns
 * {@code round,chain,level,temperature,jitter,value,<metrics…>}, one row per recorded round, chain
 * and level (written by {@link replex.io.OptimizeOutputs}). Metrics may be {@code NaN}. Immutable.
 */
public final class HistoryTable {

    /** The leading columns, before the metrics. */
    static final List<String> LEADING = List.of("round", "chain", "level", "temperature", "jitter", "value");
    /** The column of the value. */
    static final int VALUE = 5;

    private final TableCsv.Cells cells;
    private final int[] chainIds;
    private final int levels;

    private HistoryTable(TableCsv.Cells cells, int[] chainIds, int levels) {
        this.cells = cells;
        this.chainIds = chainIds;
        this.levels = levels;
    }

    /**
     * @param file a {@code history.csv}
     * @return its rows
     * @throws ConfigurationException naming the file (and line and column) if it is missing,
     *     unreadable, has another header, or a round, chain or level that is not a whole number ≥ 0
     *     (≥ 1 for the round)
     */
    static HistoryTable read(Path file) {
        TableCsv.Cells cells = TableCsv.read(file, null, false);
        List<String> names = cells.names();
        if (names.size() < LEADING.size() || !names.subList(0, LEADING.size()).equals(LEADING)) {
            throw new ConfigurationException(null, file + ", line 1: expected the header "
                    + String.join(",", LEADING) + ",<metrics>, got " + String.join(",", names)
                    + " (not a history.csv written by an optimize run?)");
        }
        TreeSet<Integer> chains = new TreeSet<>();
        int levels = 0;
        for (int i = 0; i < cells.rows(); i++) {
            for (int j = 0; j < 3; j++) {
                double v = cells.get(i, j);
                if (!(v >= (j == 0 ? 1 : 0)) || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                    throw new ConfigurationException(null, file + ", row " + (i + 1) + ": " + names.get(j)
                            + " must be a whole number" + (j == 0 ? " >= 1" : " >= 0") + ", got " + v);
                }
            }
            chains.add((int) cells.get(i, 1));
            levels = Math.max(levels, (int) cells.get(i, 2) + 1);
        }
        return new HistoryTable(cells, chains.stream().mapToInt(Integer::intValue).toArray(), levels);
    }

    /** @return the metric names, in column order (possibly none) */
    List<String> metrics() {
        return cells.names().subList(LEADING.size(), cells.names().size());
    }

    /** @return the chain numbers that occur, ascending */
    int[] chainIds() {
        return chainIds.clone();
    }

    /** @return the number of levels K (the largest level recorded + 1) */
    int levels() {
        return levels;
    }

    /**
     * @param chain a chain number
     * @param level a level
     * @param column a column index ({@link #VALUE}, or {@code LEADING.size() + m} for metric m)
     * @return {rounds, values} of that chain and level in file order (rounds ascending); empty
     *     arrays if none
     */
    double[][] series(int chain, int level, int column) {
        double[] x = new double[cells.rows()];
        double[] y = new double[cells.rows()];
        int n = 0;
        for (int i = 0; i < cells.rows(); i++) {
            if (cells.get(i, 1) == chain && cells.get(i, 2) == level) {
                x[n] = cells.get(i, 0);
                y[n] = cells.get(i, column);
                n++;
            }
        }
        return new double[][] {Arrays.copyOf(x, n), Arrays.copyOf(y, n)};
    }
}
