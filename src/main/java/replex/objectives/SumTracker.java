package replex.objectives;

import java.util.List;

import replex.core.Objective;

/**
 * The incremental evaluator of an objective whose value is a sum of terms and has no metrics: a
 * changed cell adds what the terms holding it change by. Used by one replica's thread at a time.
 */
final class SumTracker implements Objective.Incremental {

    /** What the sum changes by when one cell changes (the state already holds the new value). */
    @FunctionalInterface
    interface Change {
        double of(int row, int column, double oldValue, double newValue);
    }

    private final Change change;
    private double f;

    /**
     * @param start the value of the state it starts from
     * @param change the change of the sum for a changed cell
     */
    SumTracker(double start, Change change) {
        this.f = start;
        this.change = change;
    }

    @Override
    public void changed(int row, int column, double oldValue, double newValue) {
        f += change.of(row, column, oldValue, newValue);
    }

    @Override
    public double value() {
        return f;
    }

    @Override
    public Objective.Evaluation evaluation() {
        return Objective.Evaluation.of(f, List.of());
    }
}
