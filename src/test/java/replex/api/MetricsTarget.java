package replex.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * A test target whose evaluation reports metrics that are known functions of x: a standard normal
 * in 2 dimensions with a flat prior; {@code evaluate} reports {@code square} = x[1]², {@code sum} =
 * x[1] + x[2] and, only where x[1] &gt; 0, {@code positive} = 1; metadata {@code sign} ("+" where
 * x[1] &gt; 0, else "-"), {@link #NOTE_KEY} = {@link #NOTE} where x[2] &gt; 0 (a comma, a quote and
 * a line break, which a CSV file must quote), else "none", and only where x[1] &gt; 0 {@code right} =
 * "yes" (x[1] &gt; 0 at every initial state). It counts
 * the calls of {@code evaluate} (across instances) so that tests can see how often the sampler asks.
 */
public final class MetricsTarget extends replex.core.TestTarget {

    /** Calls of {@link #evaluate} in this JVM. */
    public static final AtomicLong EVALUATIONS = new AtomicLong();
    /** A metadata key: {@link #NOTE} where x[2] &gt; 0. */
    public static final String NOTE_KEY = "note";
    /** Its value. */
    public static final String NOTE = "b > 0, \"up\"\nsecond line";

    /** The standard normal in 2 dimensions. */
    public MetricsTarget() {
        super(2);
    }

    @Override
    public List<String> parameterNames() {
        return List.of("a", "b");
    }

    @Override
    public Evaluation evaluate(double[] x) {
        EVALUATIONS.incrementAndGet();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("square", x[0] * x[0]);
        metrics.put("sum", x[0] + x[1]);
        if (x[0] > 0) {
            metrics.put("positive", 1.0);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("sign", x[0] > 0 ? "+" : "-");
        metadata.put(NOTE_KEY, x[1] > 0 ? NOTE : "none");
        if (x[0] > 0) {
            metadata.put("right", "yes");
        }
        return new Evaluation(logPrior(x), logLikelihood(x), metrics, metadata);
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        return new double[] {0.5 + rng.nextDouble(), rng.nextDouble() - 0.5};
    }
}
