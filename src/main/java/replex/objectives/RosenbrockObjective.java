package replex.objectives;

import java.util.List;

import com.typesafe.config.Config;

import replex.core.Objective;
import replex.core.optimize.Direction;
import replex.core.optimize.StateView;

/**
 * Built-in objective {@value #NAME}: f(x) = Σ_{i=0}^{d−2} [100·(x_{i+1} − x_i²)² + (1 − x_i)²], a
 * narrow curved valley with its global minimum f = 0 at x = (1, …, 1) (Rosenbrock 1960,
 * doi:10.1093/comjnl/3.3.175). Minimised by default; needs a vector state of d ≥ 2. Its incremental
 * evaluation costs O(1) per changed cell (the two terms holding x_i). No settings. Immutable and
 * thread-safe.
 */
public final class RosenbrockObjective implements Objective {

    /** The name in a job file. */
    public static final String NAME = "rosenbrock";

    /** @param block the job's {@code objective} block */
    public RosenbrockObjective(Config block) {
        ObjectiveSettings.allowOnly(block, NAME);
    }

    @Override
    public void prepare(List<String> columnNames, int rows) {
        ObjectiveSettings.requireVector(NAME, rows);
        if (columnNames.size() < 2) {
            throw new replex.core.ConfigurationException(ObjectiveSettings.key("name"),
                    "objective rosenbrock needs a vector of dimension >= 2, got " + columnNames.size());
        }
    }

    @Override
    public Direction defaultDirection() {
        return Direction.minimize();
    }

    private static double term(double xi, double xNext) {
        double a = xNext - xi * xi;
        double b = 1 - xi;
        return 100 * a * a + b * b;
    }

    /** The terms that hold x_j, with x_j = v. */
    private static double around(StateView s, int j, double v) {
        double t = 0;
        if (j > 0) {
            t += term(s.get(0, j - 1), v);
        }
        if (j + 1 < s.columns()) {
            t += term(v, s.get(0, j + 1));
        }
        return t;
    }

    @Override
    public Evaluation evaluate(StateView state) {
        double f = 0;
        for (int j = 0; j + 1 < state.columns(); j++) {
            f += term(state.get(0, j), state.get(0, j + 1));
        }
        return Evaluation.of(f, List.of());
    }

    @Override
    public Incremental incremental(StateView state) {
        return new SumTracker(evaluate(state).value(), (row, column, oldValue, newValue) -> around(state, column,
                newValue) - around(state, column, oldValue));
    }
}
