package replex.objectives;

import java.util.ArrayList;
import java.util.List;

import com.typesafe.config.Config;

import replex.core.ConfigurationException;
import replex.core.Objective;
import replex.core.optimize.Direction;
import replex.core.optimize.StateView;

/**
 * Built-in objective {@value #NAME}: drives the means, standard deviations and correlations of k
 * columns of a table to given targets. The value is the squared distance
 * Σ_j (mean_j − μ*_j)² + Σ_j (sd_j − σ*_j)² + Σ_{j&lt;l} (r_jl − r*_jl)² over the targets given;
 * minimised by default. Metrics: {@code mean[c]}, {@code sd[c]} for every column c and
 * {@code cor[c1,c2]} for every pair (sd with n − 1 in the denominator).
 *
 * <p>Settings: {@code columns = [a, b, …]} (default: every column); {@code means = [...]} and
 * {@code sds = [...]}, k numbers each (sds &gt; 0); {@code correlations}, a k × k matrix of which
 * the part above the diagonal is used. At least one of the three. Incremental evaluation keeps
 * Σx_j, Σx_j² and Σx_j x_l (centred on the initial means): O(k) per changed cell. Thread-safe after
 * {@link #prepare}.
 */
public final class MomentsObjective implements Objective {

    /** The name in a job file. */
    public static final String NAME = "moments";

    private final List<String> columnsWanted;
    private final double[] means;
    private final double[] sds;
    private final double[][] correlations;
    private int[] idx;
    private List<String> metricNames;

    /** @param block the job's {@code objective} block */
    public MomentsObjective(Config block) {
        ObjectiveSettings.allowOnly(block, NAME, "columns", "means", "sds", "correlations");
        columnsWanted = ObjectiveSettings.stringList(block, "columns");
        means = ObjectiveSettings.numberList(block, "means");
        sds = ObjectiveSettings.numberList(block, "sds");
        correlations = ObjectiveSettings.matrix(block, "correlations");
        if (means == null && sds == null && correlations == null) {
            throw new ConfigurationException(ObjectiveSettings.PREFIX, "objective moments needs at least one of "
                    + "means = [...], sds = [...], correlations = [[...], ...]");
        }
        if (sds != null) {
            for (double s : sds) {
                if (!(s > 0)) {
                    throw new ConfigurationException(ObjectiveSettings.key("sds"), "must hold numbers > 0, got " + s);
                }
            }
        }
    }

    @Override
    public void prepare(List<String> columnNames, int rows) {
        List<String> cols = columnsWanted != null ? columnsWanted : columnNames;
        idx = ObjectiveSettings.indices(cols, columnNames, "columns");
        int k = idx.length;
        check("means", means, k);
        check("sds", sds, k);
        if (correlations != null) {
            if (correlations.length != k) {
                throw new ConfigurationException(ObjectiveSettings.key("correlations"), "must be a " + k + " x " + k
                        + " matrix (one row and column per column " + cols + "), got " + correlations.length + " rows");
            }
            for (double[] row : correlations) {
                if (row.length != k) {
                    throw new ConfigurationException(ObjectiveSettings.key("correlations"), "must be a " + k + " x "
                            + k + " matrix, got a row of " + row.length);
                }
                for (double r : row) {
                    if (!(r >= -1 && r <= 1)) {
                        throw new ConfigurationException(ObjectiveSettings.key("correlations"),
                                "must hold numbers in [-1, 1], got " + r);
                    }
                }
            }
        }
        if (rows < 2) {
            throw new ConfigurationException(ObjectiveSettings.key("name"), "objective moments needs a table of "
                    + "at least 2 rows, got " + rows);
        }
        List<String> names = new ArrayList<>();
        for (String c : cols) {
            names.add("mean[" + c + "]");
        }
        for (String c : cols) {
            names.add("sd[" + c + "]");
        }
        for (int j = 0; j < k; j++) {
            for (int l = j + 1; l < k; l++) {
                names.add("cor[" + cols.get(j) + "," + cols.get(l) + "]");
            }
        }
        metricNames = List.copyOf(names);
    }

    private static void check(String field, double[] v, int k) {
        if (v != null && v.length != k) {
            throw new ConfigurationException(ObjectiveSettings.key(field), "must hold " + k
                    + " numbers (one per column), got " + v.length);
        }
    }

    @Override
    public List<String> metricNames() {
        return metricNames;
    }

    @Override
    public Direction defaultDirection() {
        return Direction.minimize();
    }

    @Override
    public Evaluation evaluate(StateView state) {
        return new Sums(state).evaluation();
    }

    @Override
    public Incremental incremental(StateView state) {
        return new Sums(state);
    }

    /** Running sums of the k columns, centred on their initial means. */
    private final class Sums implements Incremental {
        private final StateView state;
        private final int n;
        private final int k;
        private final double[] centre;
        private final double[] s;
        private final double[][] ss;
        private final int[] position;

        Sums(StateView state) {
            this.state = state;
            n = state.rows();
            k = idx.length;
            centre = new double[k];
            s = new double[k];
            ss = new double[k][k];
            position = new int[state.columns()];
            java.util.Arrays.fill(position, -1);
            for (int j = 0; j < k; j++) {
                position[idx[j]] = j;
                double m = 0;
                for (int i = 0; i < n; i++) {
                    m += state.get(i, idx[j]);
                }
                centre[j] = m / n;
            }
            double[] row = new double[k];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    row[j] = state.get(i, idx[j]) - centre[j];
                    s[j] += row[j];
                }
                for (int j = 0; j < k; j++) {
                    for (int l = j; l < k; l++) {
                        ss[j][l] += row[j] * row[l];
                    }
                }
            }
        }

        @Override
        public void changed(int row, int column, double oldValue, double newValue) {
            int j = position[column];
            if (j < 0) {
                return;
            }
            double o = oldValue - centre[j];
            double w = newValue - centre[j];
            s[j] += w - o;
            for (int l = 0; l < k; l++) {
                if (l == j) {
                    ss[j][j] += w * w - o * o;
                } else {
                    double other = state.get(row, idx[l]) - centre[l];
                    if (l > j) {
                        ss[j][l] += (w - o) * other;
                    } else {
                        ss[l][j] += (w - o) * other;
                    }
                }
            }
        }

        private double cov(int j, int l) {
            return (ss[j][l] - s[j] * s[l] / n) / (n - 1);
        }

        @Override
        public double value() {
            return compute(null);
        }

        @Override
        public Evaluation evaluation() {
            double[] metrics = new double[metricNames.size()];
            double f = compute(metrics);
            return Evaluation.of(f, metricNames, metrics);
        }

        private double compute(double[] metrics) {
            double f = 0;
            int m = 0;
            for (int j = 0; j < k; j++) {
                double mean = centre[j] + s[j] / n;
                if (means != null) {
                    f += (mean - means[j]) * (mean - means[j]);
                }
                if (metrics != null) {
                    metrics[m++] = mean;
                }
            }
            for (int j = 0; j < k; j++) {
                double sd = Math.sqrt(cov(j, j));
                if (sds != null) {
                    f += (sd - sds[j]) * (sd - sds[j]);
                }
                if (metrics != null) {
                    metrics[m++] = sd;
                }
            }
            if (correlations != null || metrics != null) {
                for (int j = 0; j < k; j++) {
                    for (int l = j + 1; l < k; l++) {
                        double r = cov(j, l) / Math.sqrt(cov(j, j) * cov(l, l));
                        if (correlations != null) {
                            f += (r - correlations[j][l]) * (r - correlations[j][l]);
                        }
                        if (metrics != null) {
                            metrics[m++] = r;
                        }
                    }
                }
            }
            return f;
        }
    }
}
