package replex.core.chain;

import java.util.Arrays;

/**
 * The kept draws of one chain in draw order, row-major: each row holds the d parameters, then the
 * log-likelihood, then the log-prior, then the m metrics a job records with its draws
 * ({@code output.draws-metrics}; usually none): row width d + 2 + m. Mutable, not thread-safe.
 */
public final class DrawBuffer {

    private final int width;
    private double[] data;
    private int size;

    /**
     * @param dimension d
     * @param expectedRows rows to reserve room for
     */
    public DrawBuffer(int dimension, int expectedRows) {
        this(dimension, 0, expectedRows);
    }

    /**
     * @param dimension d
     * @param metrics m, the metrics each row records after the log-prior
     * @param expectedRows rows to reserve room for
     */
    public DrawBuffer(int dimension, int metrics, int expectedRows) {
        this.width = dimension + 2 + metrics;
        this.data = new double[Math.max(1, expectedRows) * width];
    }

    /** Appends whole rows (length a multiple of the width). */
    public void append(double[] rows) {
        if (rows.length % width != 0) {
            throw new IllegalArgumentException("rows of width " + width + " expected, got length " + rows.length);
        }
        if (size + rows.length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + rows.length));
        }
        System.arraycopy(rows, 0, data, size, rows.length);
        size += rows.length;
    }

    /**
     * Drops the rows after the first {@code rows} (rolling back to an earlier round).
     *
     * @param rows rows to keep, 0 … {@link #rows()}
     * @throws IllegalArgumentException if out of range
     */
    public void truncate(int rows) {
        if (rows < 0 || rows > rows()) {
            throw new IllegalArgumentException("cannot keep " + rows + " of " + rows() + " rows");
        }
        size = rows * width;
    }

    /** @return the number of rows (draws) */
    public int rows() {
        return size / width;
    }

    /** @return the row width d + 2 + m */
    public int width() {
        return width;
    }

    /**
     * @param row draw index
     * @param column 0 … d−1 parameters, d log-likelihood, d+1 log-prior, then the metrics
     * @return the value
     */
    public double get(int row, int column) {
        return data[row * width + column];
    }

    /**
     * @param first the first row
     * @param count how many rows
     * @return a new row-major array of those rows (length count × width)
     */
    public double[] rows(int first, int count) {
        if (first < 0 || count < 0 || first + count > rows()) {
            throw new IndexOutOfBoundsException("rows " + first + ".." + (first + count) + " of " + rows());
        }
        return Arrays.copyOfRange(data, first * width, (first + count) * width);
    }

    /**
     * @param column 0 … width − 1
     * @return a new array of that column over all rows
     */
    public double[] column(int column) {
        int n = rows();
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = data[i * width + column];
        }
        return c;
    }
}
