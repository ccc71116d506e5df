package replex.core.evaluate;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import replex.core.Objective;
import replex.core.Target;
import replex.core.optimize.TableState;

/**
 * What an evaluate job evaluates at each design point: a {@link Target} (log prior, log likelihood,
 * metrics, metadata) or a vector {@link Objective} (one value and metrics). Both give a
 * {@link Target.Evaluation}, so that every engine (threads of one JVM, nodes of a cluster) records,
 * sends and keeps a point's result the same way; an objective's value travels in the evaluation's
 * log-likelihood with a log prior of 0 ({@link #objectiveValue}), and its metrics as metrics.
 *
 * <p>Implementations are called from several threads at once.
 */
@FunctionalInterface
public interface PointFunction {

    /**
     * @param x the point's coordinates, length d (the function may change this copy)
     * @return the evaluation, not null
     */
    Target.Evaluation evaluate(double[] x);

    /**
     * @param target the target
     * @return its {@link Target#evaluate}
     */
    static PointFunction of(Target target) {
        Objects.requireNonNull(target, "target");
        return target::evaluate;
    }

    /**
     * @param objective a vector objective, {@linkplain Objective#prepare prepared} for one row and these columns
     * @param names the parameter names, length d: the columns of the one-row state the objective sees
     * @return the function: the objective's value as the log-likelihood, a log prior of 0, its metrics
     */
    static PointFunction of(Objective objective, List<String> names) {
        Objects.requireNonNull(objective, "objective");
        List<String> columns = List.copyOf(names);
        return x -> {
            Objective.Evaluation e = objective.evaluate(TableState.vector(x, columns));
            if (e == null) {
                throw new IllegalStateException("the objective's evaluate returned null");
            }
            return new Target.Evaluation(0, e.value(), e.metrics(), Map.of());
        };
    }

    /**
     * @param e the evaluation of an objective's point ({@link #of(Objective, List)})
     * @return the objective's value f(x)
     */
    static double objectiveValue(Target.Evaluation e) {
        return e.logLikelihood();
    }
}
