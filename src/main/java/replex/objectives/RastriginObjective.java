package replex.objectives;

import java.util.List;

import com.typesafe.config.Config;

import replex.core.Objective;
import replex.core.optimize.Direction;
import replex.core.optimize.StateView;

/**
 * Built-in objective {@value #NAME}: f(x) = A·d + Σ_i [x_i² − A·cos(2π x_i)], A = 10, a highly
 * multimodal function with its global minimum f = 0 at x = 0 (Rastrigin 1974; Mühlenbein, Schomisch
 * &amp; Born 1991, doi:10.1016/0167-8191(91)90102-N). Minimised by default; needs a vector state
 * (usually bounded by [−5.12, 5.12]). Its incremental evaluation costs O(1) per changed cell.
 * No settings. Immutable and thread-safe.
 */
public final class RastriginObjective implements Objective {

    /** The name in a job file. */
    public static final String NAME = "rastrigin";
    private static final double A = 10;

    /** @param block the job's {@code objective} block */
    public RastriginObjective(Config block) {
        ObjectiveSettings.allowOnly(block, NAME);
    }

    @Override
    public void prepare(List<String> columnNames, int rows) {
        ObjectiveSettings.requireVector(NAME, rows);
    }

    @Override
    public Direction defaultDirection() {
        return Direction.minimize();
    }

    private static double term(double x) {
        return x * x - A * Math.cos(2 * Math.PI * x);
    }

    @Override
    public Evaluation evaluate(StateView state) {
        double f = A * state.columns();
        for (int j = 0; j < state.columns(); j++) {
            f += term(state.get(0, j));
        }
        return Evaluation.of(f, List.of());
    }

    @Override
    public Incremental incremental(StateView state) {
        return new SumTracker(evaluate(state).value(), (row, column, oldValue, newValue) -> term(newValue)
                - term(oldValue));
    }
}
