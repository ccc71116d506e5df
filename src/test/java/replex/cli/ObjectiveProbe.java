package replex.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.typesafe.config.Config;

import replex.core.Objective;
import replex.core.optimize.Direction;
import replex.core.optimize.StateView;

/**
 * A vector objective for the evaluate-mode tests, named by class: f(x) = Σ (x_j − 0.25)², minimised
 * by default, with the metric {@code norm} = |x|. It counts its {@link #evaluate} calls per
 * {@code tag} (a key of its block) and point, and throws where x_1 &gt; {@code fail-above}.
 */
public final class ObjectiveProbe implements Objective {

    private static final List<String> METRICS = List.of("norm");

    private final String tag;
    private final double failAbove;

    /** @param block {@code tag} (required), {@code fail-above} (default: never) */
    public ObjectiveProbe(Config block) {
        this.tag = block.getString("tag");
        this.failAbove = block.hasPath("fail-above") ? block.getDouble("fail-above") : Double.POSITIVE_INFINITY;
    }

    /** @return evaluations so far under a tag (counted with {@link EvaluationProbe}'s, tags apart) */
    static int total(String tag) {
        return EvaluationProbe.total(tag);
    }

    /** @return evaluations so far of each point under a tag */
    static Map<List<Double>, AtomicInteger> calls(String tag) {
        return EvaluationProbe.calls(tag);
    }

    /** @return f(x), the value of a direct call */
    static double f(double[] x) {
        double f = 0;
        for (double v : x) {
            f += (v - 0.25) * (v - 0.25);
        }
        return f;
    }

    @Override
    public List<String> metricNames() {
        return METRICS;
    }

    @Override
    public Direction defaultDirection() {
        return Direction.minimize();
    }

    @Override
    public Evaluation evaluate(StateView state) {
        double[] x = new double[state.columns()];
        Double[] key = new Double[x.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = state.get(0, j);
            key[j] = x[j];
        }
        EvaluationProbe.count(tag, List.of(key));
        if (x[0] > failAbove) {
            throw new IllegalStateException("probe refuses x1 = " + x[0]);
        }
        double norm = 0;
        for (double v : x) {
            norm += v * v;
        }
        return Evaluation.of(f(x), METRICS, Math.sqrt(norm));
    }
}
