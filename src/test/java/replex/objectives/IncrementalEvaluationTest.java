package replex.objectives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.Objective;
import replex.core.optimize.TableState;

/**
 * Every built-in objective's incremental evaluator agrees with its full evaluation after long
 * sequences of single-cell changes (some of them undone, as a rejected move is), to 1e-9: the
 * running sums lose no more than rounding (relative to max(1, |f|)).
 */
class IncrementalEvaluationTest {

    private static TableState normalTable(int n, int d, long seed) {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] cells = new double[n * d];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = 3 + g.sample();
        }
        return new TableState(n, d, cells, d == 1 ? List.of("a") : TableState.defaultNames(d));
    }

    /** Makes {@code changes} random changes (jitter 0.3, every 7th undone at once) and compares. */
    private static void agree(Objective objective, TableState state, int changes, long seed) {
        objective.prepare(state.columnNames(), state.rows());
        Objective.Incremental inc = objective.incremental(state);
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        for (int c = 0; c < changes; c++) {
            int row = rng.nextInt(state.rows());
            int col = rng.nextInt(state.columns());
            double old = state.get(row, col);
            double now = old + 0.3 * g.sample() * (rng.nextInt(20) == 0 ? 30 : 1);
            state.set(row, col, now);
            inc.changed(row, col, old, now);
            if (c % 7 == 0) {
                state.set(row, col, old);
                inc.changed(row, col, now, old);
            }
            if (c % 97 == 0 || c == changes - 1) {
                Objective.Evaluation full = objective.evaluate(state);
                Objective.Evaluation fast = inc.evaluation();
                double tol = 1e-9 * Math.max(1, Math.abs(full.value()));
                assertEquals(full.value(), inc.value(), tol, "value after " + c + " changes");
                assertEquals(full.value(), fast.value(), tol);
                assertEquals(full.metrics().keySet(), fast.metrics().keySet());
                for (Map.Entry<String, Double> e : full.metrics().entrySet()) {
                    assertEquals(e.getValue(), fast.metrics().get(e.getKey()), 1e-9, e.getKey());
                }
            }
        }
    }

    @Test
    void pearsonSpearmanGap() {
        agree(new PearsonSpearmanGapObjective(ConfigFactory.parseString("name = pearson-spearman-gap, "
                + "columns = [\"x[3]\", \"x[1]\"]")), normalTable(400, 3, 1), 20_000, 2);
    }

    /**
     * With {@code spearman = absolute} (value r − |ρ|). The table starts with ρ near 0 so that the
     * changes cross ρ = 0, where |ρ| has its kink, many times.
     */
    @Test
    void pearsonSpearmanGapWithAbsoluteSpearman() {
        PearsonSpearmanGapObjective o = new PearsonSpearmanGapObjective(ConfigFactory.parseString(
                "name = pearson-spearman-gap, spearman = absolute"));
        TableState t = normalTable(300, 2, 11);
        agree(o, t, 20_000, 12);
        Objective.Evaluation e = o.evaluate(t);
        assertEquals(e.metrics().get("pearson") - Math.abs(e.metrics().get("spearman")), e.value(), 1e-12);
    }

    /** A value of {@code spearman} other than signed or absolute is refused, naming the key. */
    @Test
    void unknownSpearmanSettingIsRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new PearsonSpearmanGapObjective(
                ConfigFactory.parseString("name = pearson-spearman-gap, spearman = abs")));
        assertEquals("job.objective.spearman: must be signed (value = pearson - spearman) or absolute "
                + "(value = pearson - |spearman|), got abs", e.getMessage());
    }

    @Test
    void moments() {
        agree(new MomentsObjective(ConfigFactory.parseString("name = moments, means = [0, 1, 2], sds = [1, 1, 1], "
                + "correlations = [[1, 0.5, 0], [0.5, 1, 0.2], [0, 0.2, 1]]")), normalTable(300, 3, 3), 20_000, 4);
    }

    @Test
    void rastrigin() {
        agree(new RastriginObjective(ConfigFactory.empty()), TableState.vector(normalTable(1, 10, 5).copy().columnNames()
                .stream().mapToDouble(x -> 0.5).toArray(), null), 5_000, 6);
    }

    @Test
    void rosenbrock() {
        TableState start = normalTable(1, 10, 7);
        agree(new RosenbrockObjective(ConfigFactory.empty()), start, 5_000, 8);
    }

    /** The full evaluation equals Commons Math's Pearson and Spearman (no ties in continuous data). */
    @Test
    void pearsonSpearmanGapAgreesWithCommonsMath() {
        TableState t = normalTable(500, 2, 9);
        double[] x = new double[500];
        double[] y = new double[500];
        for (int i = 0; i < 500; i++) {
            // a dependent pair, so that both coefficients are far from 0
            t.set(i, 1, t.get(i, 0) + Math.pow(t.get(i, 1) - 3, 3));
            x[i] = t.get(i, 0);
            y[i] = t.get(i, 1);
        }
        PearsonSpearmanGapObjective o = new PearsonSpearmanGapObjective(ConfigFactory.empty());
        o.prepare(t.columnNames(), t.rows());
        Objective.Evaluation e = o.evaluate(t);
        double r = new PearsonsCorrelation().correlation(x, y);
        double rho = new SpearmansCorrelation().correlation(x, y);
        assertEquals(r, e.metrics().get("pearson"), 1e-12);
        assertEquals(rho, e.metrics().get("spearman"), 1e-12);
        assertEquals(r - rho, e.value(), 1e-12);
    }
}
