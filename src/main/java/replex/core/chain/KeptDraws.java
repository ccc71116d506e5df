package replex.core.chain;

import java.util.Arrays;
import java.util.List;

/**
 * The draws a chain keeps after burn-in: level 0's, and with {@code output.all-levels} every
 * level's. Every level keeps the same steps, so all buffers hold the same number of rows at all
 * times. Mutable, not thread-safe: one chain's.
 */
final class KeptDraws {

    /** Index = level; length K with all levels, else 1. */
    private final DrawBuffer[] levels;

    /**
     * @param levelsKept 1, or K with {@code output.all-levels}
     * @param dimension d
     * @param metrics m, the metrics each row records ({@code output.draws-metrics})
     * @param metadata n, the metadata strings each row records ({@code output.draws-metadata})
     * @param expectedRows rows to reserve per level
     */
    KeptDraws(int levelsKept, int dimension, int metrics, int metadata, int expectedRows) {
        this.levels = new DrawBuffer[levelsKept];
        for (int k = 0; k < levelsKept; k++) {
            levels[k] = new DrawBuffer(dimension, metrics, metadata, expectedRows);
        }
    }

    /**
     * @param level a level
     * @return whether it keeps draws
     */
    boolean keeps(int level) {
        return level < levels.length;
    }

    /** @return how many levels keep draws: 1 or K */
    int levelsKept() {
        return levels.length;
    }

    /**
     * @param level a level that {@link #keeps} draws
     * @param rows rows to append, row-major
     * @param metadata their metadata, n per row (empty when n = 0)
     */
    void append(int level, double[] rows, String[] metadata) {
        levels[level].append(rows, metadata);
    }

    /** @return level 0's draws (live view) */
    DrawBuffer levelZero() {
        return levels[0];
    }

    /** @return every kept level's draws, index = level (live views, a new list) */
    List<DrawBuffer> all() {
        return List.of(levels);
    }

    /** @return rows per level */
    int rows() {
        return levels[0].rows();
    }

    /** @return the draws of every level that keeps them, level after level, row-major (a copy) */
    double[] copy() {
        int rows = rows();
        int block = rows * levels[0].width();
        double[] all = new double[levels.length * block];
        for (int k = 0; k < levels.length; k++) {
            System.arraycopy(levels[k].rows(0, rows), 0, all, k * block, block);
        }
        return all;
    }

    /**
     * @return the metadata of every level that keeps draws, level after level, n per row, row-major
     *     (a copy); {@code null} when the rows record no metadata
     */
    String[] copyMetadata() {
        int n = levels[0].metadataWidth();
        if (n == 0) {
            return null;
        }
        int rows = rows();
        int block = rows * n;
        String[] all = new String[levels.length * block];
        for (int k = 0; k < levels.length; k++) {
            System.arraycopy(levels[k].metadataRows(0, rows), 0, all, k * block, block);
        }
        return all;
    }

    /**
     * Appends what {@link #copy} and {@link #copyMetadata} wrote.
     *
     * @param draws level after level, each {@code rows} rows of the buffers' width
     * @param metadata their metadata, level after level, n per row ({@code null} when n = 0)
     * @param rows rows per level
     * @return whether {@code draws} and {@code metadata} held exactly {@link #levelsKept} levels of
     *     {@code rows} rows (else nothing is appended)
     */
    boolean appendCopy(double[] draws, String[] metadata, int rows) {
        long block = (long) rows * levels[0].width();
        int n = levels[0].metadataWidth();
        long metadataBlock = (long) rows * n;
        if (draws.length != levels.length * block
                || (n == 0 ? metadata != null && metadata.length != 0 : metadata == null
                        || metadata.length != levels.length * metadataBlock)) {
            return false;
        }
        for (int k = 0; k < levels.length; k++) {
            levels[k].append(Arrays.copyOfRange(draws, (int) (k * block), (int) ((k + 1) * block)),
                    n == 0 ? new String[0] : Arrays.copyOfRange(metadata, (int) (k * metadataBlock),
                            (int) ((k + 1) * metadataBlock)));
        }
        return true;
    }

    /** @param rows rows to keep per level (the first ones) */
    void truncate(int rows) {
        for (DrawBuffer level : levels) {
            level.truncate(rows);
        }
    }
}
