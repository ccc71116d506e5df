package replex.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import replex.core.optimize.Direction;
import replex.core.optimize.StateView;

/**
 * What an {@code optimize} job drives: a function of a state (a vector, or an n × d table of
 * numbers) that returns one value to optimise and named metrics that are only recorded.
 *
 * <p>User code implements this interface and is named in a job file by its fully qualified class
 * name ({@code objective.class = "com.example.MyObjective"}), as a {@link Target} is: the class needs
 * a public constructor taking a {@link com.typesafe.config.Config} (the job's {@code objective} block)
 * or a public no-argument constructor, and is found on the application class path or on
 * {@code --classpath}.
 *
 * <p>Life cycle: {@link #prepare} is called once, before the run, with the state's shape; then
 * {@link #evaluate} and {@link #incremental} may be called from several threads at once (one
 * instance serves every replica of a node), so they must not modify the objective's fields.
 * An {@link Incremental} belongs to one replica and is used by one thread at a time.
 *
 * <p>A non-finite value ({@code NaN}, ±∞) makes the engine reject the move that produced it.
 */
public interface Objective {

    /**
     * Checks that the objective can be evaluated on states of this shape and resolves what it needs
     * from it (e.g. column names to indices). Called once before the run; by default does nothing.
     *
     * @param columnNames the state's column names (a vector's parameter names), length d
     * @param rows the state's rows n (1 for a vector)
     * @throws ConfigurationException if the shape does not fit (the message names the key of the
     *     objective block, e.g. {@code job.objective.columns})
     */
    default void prepare(List<String> columnNames, int rows) {
    }

    /**
     * The names of the metrics that {@link #evaluate} returns, in the order they are written to
     * {@code history.csv} and {@code summary.json}.
     *
     * @return distinct names; empty by default
     */
    default List<String> metricNames() {
        return List.of();
    }

    /**
     * The direction used when the job file gives none ({@code job.direction}).
     *
     * @return {@link Direction#maximize()} by default
     */
    default Direction defaultDirection() {
        return Direction.maximize();
    }

    /**
     * Full evaluation of a state: O(n·d) for a table objective.
     *
     * @param state the state; must not be kept after the call (its cells change)
     * @return the value and the metrics, one per {@link #metricNames()} name
     */
    Evaluation evaluate(StateView state);

    /**
     * An evaluator that follows changes of single cells, so that a move that changes one cell costs
     * O(1) (or little more) instead of a full evaluation. By default {@code null}: the engine then
     * calls {@link #evaluate} after every move.
     *
     * @param state the state it starts from; the engine reports every later change of a cell through
     *     {@link Incremental#changed} after making it
     * @return the evaluator, or {@code null} if the objective offers none
     */
    default Incremental incremental(StateView state) {
        return null;
    }

    /**
     * An objective's value and metrics.
     *
     * @param value the value optimised
     * @param metrics the recorded metrics by name, in {@link Objective#metricNames()} order
     */
    record Evaluation(double value, Map<String, Double> metrics) {
        /** Copies the metrics, keeping their order. */
        public Evaluation {
            Objects.requireNonNull(metrics, "metrics");
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }

        /**
         * @param value the value
         * @param names metric names
         * @param values metric values, same length as {@code names}
         * @return the evaluation
         */
        public static Evaluation of(double value, List<String> names, double... values) {
            if (names.size() != values.length) {
                throw new IllegalArgumentException(names.size() + " metric names but " + values.length + " values");
            }
            Map<String, Double> m = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                m.put(names.get(i), values[i]);
            }
            return new Evaluation(value, m);
        }
    }

    /**
     * Follows a state cell by cell. Must agree with {@link Objective#evaluate} on the same state up
     * to floating-point rounding.
     */
    interface Incremental {
        /**
         * One cell of the state has changed (the state already holds {@code newValue}).
         *
         * @param row the cell's row, 0 … n−1
         * @param column the cell's column, 0 … d−1
         * @param oldValue its value before
         * @param newValue its value now
         */
        void changed(int row, int column, double oldValue, double newValue);

        /** @return the value of the current state */
        double value();

        /** @return the value and the metrics of the current state */
        Evaluation evaluation();
    }
}
