package replex.objectives;

import java.util.Arrays;
import java.util.List;

import com.typesafe.config.Config;

import replex.core.CentredSums;
import replex.core.ConfigurationException;
import replex.core.Objective;
import replex.core.optimize.Direction;
import replex.core.optimize.StateView;

/**
 * Built-in objective {@value #NAME}: on two columns x and y of a table, the value r − ρ (or r − |ρ|),
 * Pearson's correlation minus Spearman's rank correlation (or its absolute value), with both recorded as metrics {@code pearson} and
 * {@code spearman}. Maximised by default: it makes data whose linear correlation is high while their
 * ranks are nearly unrelated (a few extreme points carry r).
 *
 * <p>Ranks are ordinal, 0 … n−1, ties broken by row index (for continuous data there are no ties,
 * and ρ equals the usual Spearman coefficient with average ranks); ρ = (Σ r_x r_y − n·m²) / (n(n²−1)/12)
 * with m = (n−1)/2, the Pearson correlation of the ranks.
 *
 * <p>Incremental evaluation, per changed cell of x (y alike): r from running sums Σx, Σx², Σxy (of
 * values centred on the initial means), O(1); ρ from the sorted order of each column, updated by
 * moving the changed row to its new place and shifting the rows between by one rank, with Σ r_x r_y
 * kept exactly in a 64-bit integer. That costs O(1 + |Δrank|), where Δrank is the number of rows
 * the value passes: small for the small jitter of a tuned move, at most n. (O(log n) for any move
 * would need an order-statistics tree of x holding sums of r_y, but a change of y shifts many r_y
 * at once, so the tree's sums would need O(|Δrank|) updates too.) Memory: 4 int and 2 double arrays
 * of length n per replica.
 *
 * <p>Settings: {@code columns = [x, y]}, two distinct column names; optional for a table of exactly
 * two columns. {@code spearman = signed} (the default) gives r − ρ, which drives ρ negative when
 * maximised; {@code spearman = absolute} gives r − |ρ|, which drives ρ towards 0 (high linear
 * correlation with unrelated ranks). The metrics and the cost of an update are the same for both.
 * Thread-safe after {@link #prepare}.
 */
public final class PearsonSpearmanGapObjective implements Objective {

    /** The name in a job file. */
    public static final String NAME = "pearson-spearman-gap";
    private static final List<String> METRICS = List.of("pearson", "spearman");

    /** How ρ enters the value: {@code signed} r − ρ, {@code absolute} r − |ρ|. */
    public enum Spearman {
        /** value = r − ρ. */
        SIGNED,
        /** value = r − |ρ|. */
        ABSOLUTE
    }

    private final List<String> columns;
    private final Spearman spearman;
    private int ix;
    private int iy;

    /** @param block the job's {@code objective} block */
    public PearsonSpearmanGapObjective(Config block) {
        ObjectiveSettings.allowOnly(block, NAME, "columns", "spearman");
        columns = ObjectiveSettings.stringList(block, "columns");
        if (columns != null && (columns.size() != 2 || columns.get(0).equals(columns.get(1)))) {
            throw new ConfigurationException(ObjectiveSettings.key("columns"), "must name two distinct columns "
                    + "like [x, y], got " + columns);
        }
        spearman = spearmanSetting(block);
    }

    private static Spearman spearmanSetting(Config block) {
        if (!block.hasPath("spearman")) {
            return Spearman.SIGNED;
        }
        Object v = block.getValue("spearman").unwrapped();
        for (Spearman s : Spearman.values()) {
            if (s.name().toLowerCase(java.util.Locale.ROOT).equals(v)) {
                return s;
            }
        }
        throw new ConfigurationException(ObjectiveSettings.key("spearman"), "must be signed (value = pearson - "
                + "spearman) or absolute (value = pearson - |spearman|), got " + v);
    }

    /** @return the value r − ρ or r − |ρ| as the {@code spearman} setting says */
    private double combine(double r, double rho) {
        return spearman == Spearman.ABSOLUTE ? r - Math.abs(rho) : r - rho;
    }

    @Override
    public void prepare(List<String> columnNames, int rows) {
        List<String> c = columns;
        if (c == null) {
            if (columnNames.size() != 2) {
                throw new ConfigurationException(ObjectiveSettings.key("columns"), "missing; the table has "
                        + columnNames.size() + " columns " + columnNames + ", so name two: columns = [x, y]");
            }
            c = columnNames;
        }
        int[] idx = ObjectiveSettings.indices(c, columnNames, "columns");
        if (rows < 3) {
            throw new ConfigurationException(ObjectiveSettings.key("name"), "objective " + NAME
                    + " needs a table of at least 3 rows, got " + rows);
        }
        ix = idx[0];
        iy = idx[1];
    }

    @Override
    public List<String> metricNames() {
        return METRICS;
    }

    @Override
    public Direction defaultDirection() {
        return Direction.maximize();
    }

    @Override
    public Evaluation evaluate(StateView state) {
        int n = state.rows();
        double[] x = column(state, ix);
        double[] y = column(state, iy);
        CentredSums sums = CentredSums.of(x, y);
        double r = sums.sxy() / Math.sqrt(sums.sxx() * sums.syy());
        int[] rx = ranks(x);
        int[] ry = ranks(y);
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += (long) rx[i] * ry[i];
        }
        double rho = spearman(s, n);
        return Evaluation.of(combine(r, rho), METRICS, r, rho);
    }

    private static double[] column(StateView state, int j) {
        double[] v = new double[state.rows()];
        for (int i = 0; i < v.length; i++) {
            v[i] = state.get(i, j);
        }
        return v;
    }

    /**
     * Ordinal ranks 0 … n−1 by (value, row): equal values (−0.0 and 0.0 are equal) take consecutive
     * ranks in row order. Sorts a copy of the values as primitives and places each row by a binary
     * search for the first copy of its value, plus the rows of that value already placed: O(n log n)
     * with no boxing.
     *
     * @param v finite values, length n
     * @return the rank of each row, length n
     */
    static int[] ranks(double[] v) {
        int n = v.length;
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = v[i] + 0.0; // −0.0 + 0.0 = 0.0: the two zeros compare equal, as with <
        }
        Arrays.sort(sorted);
        int[] placed = new int[n]; // rows of the value whose first copy is at p, placed so far
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            double x = v[i] + 0.0;
            int lo = 0;
            int hi = n;
            while (lo < hi) { // the first p with sorted[p] >= x
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            rank[i] = lo + placed[lo]++;
        }
        return rank;
    }

    private static boolean before(double[] v, int a, int b) {
        return v[a] < v[b] || (v[a] == v[b] && a < b);
    }

    private static double spearman(long sumRankProducts, int n) {
        double m = (n - 1) / 2.0;
        return (sumRankProducts - n * m * m) / (n * ((double) n * n - 1) / 12.0);
    }

    @Override
    public Incremental incremental(StateView state) {
        return new Tracker(state);
    }

    /**
     * The incremental evaluator: running sums and both columns' sorted orders. Index 0 of the arrays
     * is column x, index 1 column y; the sums are of the values less their starting means.
     */
    private final class Tracker implements Incremental {
        private final int n;
        private final double[][] v = new double[2][];
        private final int[][] rank = new int[2][];
        private final int[][] order = new int[2][];
        /** The starting means of x and y. */
        private final double[] centre = new double[2];
        /** Σ (xᵢ − centre), Σ (yᵢ − centre). */
        private final double[] sum = new double[2];
        /** Σ (xᵢ − centre)², Σ (yᵢ − centre)². */
        private final double[] squares = new double[2];
        private double sxy;
        private long sumRanks;

        Tracker(StateView state) {
            n = state.rows();
            v[0] = column(state, ix);
            v[1] = column(state, iy);
            centre[0] = Arrays.stream(v[0]).sum() / n;
            centre[1] = Arrays.stream(v[1]).sum() / n;
            for (int i = 0; i < n; i++) {
                double dx = v[0][i] - centre[0];
                double dy = v[1][i] - centre[1];
                sum[0] += dx;
                sum[1] += dy;
                squares[0] += dx * dx;
                squares[1] += dy * dy;
                sxy += dx * dy;
            }
            for (int c = 0; c < 2; c++) {
                rank[c] = ranks(v[c]);
                order[c] = new int[n];
                for (int i = 0; i < n; i++) {
                    order[c][rank[c][i]] = i;
                }
            }
            for (int i = 0; i < n; i++) {
                sumRanks += (long) rank[0][i] * rank[1][i];
            }
        }

        @Override
        public void changed(int row, int column, double oldValue, double newValue) {
            int c;
            if (column == ix) {
                c = 0;
            } else if (column == iy) {
                c = 1;
            } else {
                return;
            }
            double o = oldValue - centre[c];
            double w = newValue - centre[c];
            double d = v[1 - c][row] - centre[1 - c]; // the other column's, unchanged
            sum[c] += w - o;
            squares[c] += w * w - o * o;
            sxy += (w - o) * d;
            double[] val = v[c];
            int[] ord = order[c];
            int[] rk = rank[c];
            int[] other = rank[1 - c];
            val[row] = newValue;
            int from = rk[row];
            int p = from;
            while (p + 1 < n && before(val, ord[p + 1], row)) {
                int j = ord[p + 1];
                rk[j] = p;
                sumRanks -= other[j];
                ord[p] = j;
                p++;
            }
            while (p > 0 && before(val, row, ord[p - 1])) {
                int j = ord[p - 1];
                rk[j] = p;
                sumRanks += other[j];
                ord[p] = j;
                p--;
            }
            ord[p] = row;
            sumRanks += (long) (p - from) * other[row];
            rk[row] = p;
        }

        private double pearson() {
            double cov = sxy - sum[0] * sum[1] / n;
            double vx = squares[0] - sum[0] * sum[0] / n;
            double vy = squares[1] - sum[1] * sum[1] / n;
            return cov / Math.sqrt(vx * vy);
        }

        @Override
        public double value() {
            return combine(pearson(), spearman(sumRanks, n));
        }

        @Override
        public Evaluation evaluation() {
            double r = pearson();
            double rho = spearman(sumRanks, n);
            return Evaluation.of(combine(r, rho), METRICS, r, rho);
        }
    }
}
