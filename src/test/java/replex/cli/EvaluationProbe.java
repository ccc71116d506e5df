package replex.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;

import replex.core.TestTarget;

/**
 * A target for the evaluate-mode tests, named by class: two parameters {@code a, b}; it counts its
 * {@link #evaluate} calls per {@code tag} (a key of its block) and point, throws where
 * a &gt; {@code fail-above}, and reports metrics ({@code norm} everywhere, {@code tail} only where
 * b &gt; 0.5, so the columns' first-seen order is tested) and metadata that needs CSV quoting.
 */
public final class EvaluationProbe extends TestTarget {

    private static final Map<String, Map<List<Double>, AtomicInteger>> CALLS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> TOTAL = new ConcurrentHashMap<>();

    private final String tag;
    private final double failAbove;

    /** @param block {@code tag} (required), {@code fail-above} (default: never) */
    public EvaluationProbe(Config block) {
        super(2);
        this.tag = block.getString("tag");
        this.failAbove = block.hasPath("fail-above") ? block.getDouble("fail-above") : Double.POSITIVE_INFINITY;
    }

    /** @return evaluations so far under a tag */
    static int total(String tag) {
        AtomicInteger n = TOTAL.get(tag);
        return n == null ? 0 : n.get();
    }

    /** Counts one evaluation of a point under a tag (also {@link ObjectiveProbe}'s). */
    static void count(String tag, List<Double> point) {
        CALLS.computeIfAbsent(tag, t -> new ConcurrentHashMap<>()).computeIfAbsent(point, p -> new AtomicInteger())
                .incrementAndGet();
        TOTAL.computeIfAbsent(tag, t -> new AtomicInteger()).incrementAndGet();
    }

    /** @return evaluations so far of each point under a tag */
    static Map<List<Double>, AtomicInteger> calls(String tag) {
        return CALLS.getOrDefault(tag, Map.of());
    }

    @Override
    public List<String> parameterNames() {
        return List.of("a", "b");
    }

    @Override
    public double logPrior(double[] x) {
        return standardNormal(x);
    }

    @Override
    public double logLikelihood(double[] x) {
        double d = x[0] - 0.3;
        return -10 * d * d - Math.abs(x[1]);
    }

    @Override
    public Evaluation evaluate(double[] x) {
        count(tag, List.of(x[0], x[1]));
        if (x[0] > failAbove) {
            throw new IllegalStateException("probe refuses a = " + x[0]);
        }
        Evaluation e = Evaluation.of(logPrior(x), logLikelihood(x)).withMetric("norm", Math.hypot(x[0], x[1]));
        if (x[1] > 0.5) {
            e = e.withMetric("tail", x[1] - 0.5);
        }
        return e.withMetadata("label", "a \"" + (x[0] > 0 ? "east" : "west") + "\", b " + (x[1] > 0 ? "north" : "south"));
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        return new double[] {rng.nextDouble(), rng.nextDouble()};
    }

    @Override
    public String toString() {
        return "EvaluationProbe" + Arrays.asList(tag, failAbove);
    }
}
