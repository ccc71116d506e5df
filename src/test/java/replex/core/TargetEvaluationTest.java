package replex.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class TargetEvaluationTest {

    /** Counts its calls; the likelihood is called only inside the support x ≥ 0. */
    static final class HalfLine implements Target {
        final List<String> calls = new ArrayList<>();

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public double logPrior(double[] x) {
            calls.add("prior");
            return x[0] >= 0 ? -x[0] : Double.NEGATIVE_INFINITY;
        }

        @Override
        public double logLikelihood(double[] x) {
            calls.add("likelihood");
            return -0.5 * x[0] * x[0];
        }

        @Override
        public double[] initialState(UniformRandomProvider rng) {
            return new double[] {1};
        }
    }

    @Test
    void defaultEvaluationCallsBothMethodsAndReportsNoContext() {
        HalfLine t = new HalfLine();
        Target.Evaluation e = t.evaluate(new double[] {2});
        assertEquals(-2.0, e.logPrior());
        assertEquals(-2.0, e.logLikelihood());
        assertEquals(Map.of(), e.metrics());
        assertEquals(Map.of(), e.metadata());
        assertEquals(List.of("prior", "likelihood"), t.calls);
    }

    @Test
    void outsideThePriorsSupportTheLikelihoodIsNotCalled() {
        HalfLine t = new HalfLine();
        Target.Evaluation e = t.evaluate(new double[] {-1});
        assertEquals(Double.NEGATIVE_INFINITY, e.logPrior());
        assertEquals(Double.NEGATIVE_INFINITY, e.logLikelihood());
        assertEquals(List.of("prior"), t.calls);
    }

    @Test
    void metricsAndMetadataKeepTheirOrderAndAreCopied() {
        Map<String, Double> metrics = new HashMap<>();
        Target.Evaluation e = new Target.Evaluation(-1, -2, metrics, Map.of())
                .withMetric("steps", 40).withMetric("error", 1e-8).withMetric("another", 3)
                .withMetadata("file", "out/a.csv").withMetadata("converged", "yes")
                .withMetric("steps", 41);
        metrics.put("late", 1.0);
        assertEquals(List.of("steps", "error", "another"), new ArrayList<>(e.metrics().keySet()));
        assertEquals(41.0, e.metrics().get("steps"));
        assertEquals(List.of("file", "converged"), new ArrayList<>(e.metadata().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> e.metrics().put("x", 1.0));
        Map<String, String> withNull = new HashMap<>();
        withNull.put("k", null);
        assertThrows(NullPointerException.class, () -> new Target.Evaluation(0, 0, Map.of(), withNull));
    }
}
