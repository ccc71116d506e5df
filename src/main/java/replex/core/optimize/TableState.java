package replex.core.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A mutable n × d table of finite numbers with named columns, stored row-major in one array
 * (8·n·d bytes). A vector of d parameters is a table of one row. Not thread-safe: one replica
 * owns each copy.
 */
public final class TableState implements StateView {

    private final int rows;
    private final int columns;
    private final double[] cells;
    private final List<String> names;

    /**
     * @param rows n ≥ 1
     * @param columns d ≥ 1
     * @param cells row-major values, length n·d (copied)
     * @param names d distinct column names
     * @throws IllegalArgumentException if the shapes disagree, a name repeats or a cell is not finite
     */
    public TableState(int rows, int columns, double[] cells, List<String> names) {
        if (rows < 1 || columns < 1 || (long) rows * columns != cells.length) {
            throw new IllegalArgumentException("a " + rows + " x " + columns + " table needs " + (long) rows * columns
                    + " cells, got " + cells.length);
        }
        if (names.size() != columns || names.stream().distinct().count() != columns) {
            throw new IllegalArgumentException("need " + columns + " distinct column names, got " + names);
        }
        for (double c : cells) {
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("cells must be finite, got " + c);
            }
        }
        this.rows = rows;
        this.columns = columns;
        this.cells = cells.clone();
        this.names = List.copyOf(names);
    }

    /**
     * @param values a vector's parameters, length d ≥ 1
     * @param names its d parameter names, or {@code null} for {@code x[1]} … {@code x[d]}
     * @return a one-row table
     */
    public static TableState vector(double[] values, List<String> names) {
        return new TableState(1, values.length, values, names != null ? names : defaultNames(values.length));
    }

    /**
     * @param d the dimension
     * @return {@code x[1]} … {@code x[d]}
     */
    public static List<String> defaultNames(int d) {
        List<String> n = new ArrayList<>(d);
        for (int i = 1; i <= d; i++) {
            n.add("x[" + i + "]");
        }
        return n;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public double get(int row, int column) {
        return cells[row * columns + column];
    }

    /**
     * @param row 0 … n−1
     * @param column 0 … d−1
     * @param value the new value
     */
    public void set(int row, int column, double value) {
        cells[row * columns + column] = value;
    }

    @Override
    public List<String> columnNames() {
        return names;
    }

    /** @return a copy of the cells, row-major, n·d values */
    public double[] cells() {
        return cells.clone();
    }

    /** @return an independent copy */
    public TableState copy() {
        return new TableState(rows, columns, cells, names);
    }

    /**
     * Copies another table of the same shape into this one (no allocation).
     *
     * @param other a table of the same shape
     */
    public void copyFrom(TableState other) {
        System.arraycopy(other.cells, 0, cells, 0, cells.length);
    }

    /**
     * @param column 0 … d−1
     * @return the column's sample standard deviation (n − 1 in the denominator), 0 for one row
     */
    public double columnSd(int column) {
        if (rows < 2) {
            return 0;
        }
        double mean = 0;
        for (int r = 0; r < rows; r++) {
            mean += get(r, column);
        }
        mean /= rows;
        double ss = 0;
        for (int r = 0; r < rows; r++) {
            double e = get(r, column) - mean;
            ss += e * e;
        }
        return Math.sqrt(ss / (rows - 1));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableState t && t.rows == rows && t.columns == columns && t.names.equals(names)
                && Arrays.equals(t.cells, cells);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cells) * 31 + names.hashCode();
    }
}
