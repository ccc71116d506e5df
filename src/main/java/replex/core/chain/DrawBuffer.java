package replex.core.chain;

import java.util.Arrays;

/**
 * The kept draws of one chain in draw order, row-major: each row holds the d parameters, then the
 * log-likelihood, then the log-prior, then the m metrics a job records with its draws
 * ({@code output.draws-metrics}; usually none): row width d + 2 + m. Beside each row it may hold n
 * strings, the row's metadata ({@code output.draws-metadata}; usually none), {@code null} where the
 * evaluation lacked one. Mutable, not thread-safe.
 */
public final class DrawBuffer {

    private final int width;
    private double[] data;
    private int size;
    /** n, the metadata strings per row. */
    private final int metadataWidth;
    /** The rows' metadata, row-major, n per row (size rows × n used); empty when n = 0. */
    private String[] metadata;

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
        this(dimension, metrics, 0, expectedRows);
    }

    /**
     * @param dimension d
     * @param metrics m, the metrics each row records after the log-prior
     * @param metadata n, the metadata strings each row records beside its values
     * @param expectedRows rows to reserve room for
     */
    public DrawBuffer(int dimension, int metrics, int metadata, int expectedRows) {
        this.width = dimension + 2 + metrics;
        this.data = new double[Math.max(1, expectedRows) * width];
        this.metadataWidth = metadata;
        this.metadata = new String[metadata == 0 ? 0 : Math.max(1, expectedRows) * metadata];
    }

    /**
     * Appends whole rows (length a multiple of the width) of a buffer that records no metadata.
     *
     * @param rows the rows, row-major
     * @throws IllegalArgumentException if the length is not a multiple of the width, or the buffer
     *     records metadata
     */
    public void append(double[] rows) {
        append(rows, new String[0]);
    }

    /**
     * Appends whole rows with their metadata.
     *
     * @param rows the rows, row-major (length a multiple of the width)
     * @param rowMetadata their metadata, n per row, row-major (length rows × n; empty when n = 0)
     * @throws IllegalArgumentException if a length does not fit
     */
    public void append(double[] rows, String[] rowMetadata) {
        if (rows.length % width != 0) {
            throw new IllegalArgumentException("rows of width " + width + " expected, got length " + rows.length);
        }
        if (rowMetadata.length != rows.length / width * metadataWidth) {
            throw new IllegalArgumentException(rows.length / width + " rows of " + metadataWidth
                    + " metadata expected, got " + rowMetadata.length + " strings");
        }
        if (size + rows.length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + rows.length));
        }
        System.arraycopy(rows, 0, data, size, rows.length);
        if (metadataWidth > 0) {
            int used = rows() * metadataWidth;
            if (used + rowMetadata.length > metadata.length) {
                metadata = Arrays.copyOf(metadata, Math.max(metadata.length * 2, used + rowMetadata.length));
            }
            System.arraycopy(rowMetadata, 0, metadata, used, rowMetadata.length);
        }
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
        if (metadataWidth > 0) {
            Arrays.fill(metadata, rows * metadataWidth, rows() * metadataWidth, null);
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

    /** @return n, the metadata strings per row ({@code output.draws-metadata}) */
    public int metadataWidth() {
        return metadataWidth;
    }

    /**
     * @param row draw index
     * @param index 0 … n − 1, the metadata name's index
     * @return the row's string for that name, or {@code null} if its evaluation lacked it
     */
    public String metadataOf(int row, int index) {
        return metadata[row * metadataWidth + index];
    }

    /**
     * @param first the first row
     * @param count how many rows
     * @return a new row-major array of those rows' metadata (length count × n)
     */
    public String[] metadataRows(int first, int count) {
        checkRows(first, count);
        return Arrays.copyOfRange(metadata, first * metadataWidth, (first + count) * metadataWidth);
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
        checkRows(first, count);
        return Arrays.copyOfRange(data, first * width, (first + count) * width);
    }

    private void checkRows(int first, int count) {
        if (first < 0 || count < 0 || first + count > rows()) {
            throw new IndexOutOfBoundsException("rows " + first + ".." + (first + count) + " of " + rows());
        }
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
