package com.example;

import java.util.List;

import com.typesafe.config.Config;

import replex.core.Objective;
import replex.core.optimize.Direction;
import replex.core.optimize.StateView;

/**
 * Moves the points (x, y) of a two-column table onto a circle of a given radius R: the value is
 * the mean of (x² + y² − R²)² over the rows, minimised; the metric mean_radius is the mean of
 * sqrt(x² + y²). The incremental evaluator keeps both sums, so a changed cell costs O(1).
 */
public final class CircleObjective implements Objective {

    private static final List<String> METRICS = List.of("mean_radius");

    private final double radius;

    /** @param block the job's objective block; reads radius (default 1) */
    public CircleObjective(Config block) {
        radius = block.hasPath("radius") ? block.getDouble("radius") : 1.0;
    }

    @Override
    public void prepare(List<String> columnNames, int rows) {
        if (columnNames.size() != 2) {
            throw new replex.core.ConfigurationException("job.objective.class",
                    "CircleObjective needs a table of two columns (x, y), got " + columnNames);
        }
    }

    @Override
    public List<String> metricNames() {
        return METRICS;
    }

    @Override
    public Direction defaultDirection() {
        return Direction.minimize();
    }

    private double term(double x, double y) {
        double e = x * x + y * y - radius * radius;
        return e * e;
    }

    @Override
    public Evaluation evaluate(StateView state) {
        double sum = 0;
        double r = 0;
        for (int i = 0; i < state.rows(); i++) {
            sum += term(state.get(i, 0), state.get(i, 1));
            r += Math.hypot(state.get(i, 0), state.get(i, 1));
        }
        return Evaluation.of(sum / state.rows(), METRICS, r / state.rows());
    }

    @Override
    public Incremental incremental(StateView state) {
        Evaluation start = evaluate(state);
        int n = state.rows();
        return new Incremental() {
            private double sum = start.value() * n;
            private double r = start.metrics().get("mean_radius") * n;

            @Override
            public void changed(int row, int column, double oldValue, double newValue) {
                // the state already holds newValue; the other cell of the row is unchanged
                double other = state.get(row, 1 - column);
                sum += term(newValue, other) - term(oldValue, other);
                r += Math.hypot(newValue, other) - Math.hypot(oldValue, other);
            }

            @Override
            public double value() {
                return sum / n;
            }

            @Override
            public Evaluation evaluation() {
                return Evaluation.of(sum / n, METRICS, r / n);
            }
        };
    }
}
