package replex.core.replica;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

import replex.core.ConfigurationException;
import replex.core.Target;
import replex.core.TestTarget;
import replex.core.proposal.Proposal;

class ReplicaTest {

    /** Standard normal in 1-d whose evaluations fail on x &gt; 1 (NaN) and x &lt; −1 (exception). */
    static class Faulty extends TestTarget {
        Faulty() {
            super(1);
        }

        @Override
        public double logPrior(double[] x) {
            if (x[0] < -1) {
                throw new IllegalStateException("boom");
            }
            return 0;
        }

        @Override
        public double logLikelihood(double[] x) {
            return x[0] > 1 ? Double.NaN : super.logLikelihood(x);
        }
    }

    private static RoundInstruction instruction(long round, int steps, long firstDrawStep, int thin) {
        return RoundInstruction.builder().round(round).level(0).beta(1.0).steps(steps)
                .proposal(new Proposal(1.0, null, 1)).firstDrawStep(firstDrawStep).thin(thin).build();
    }

    @Test
    void failingEvaluationsAreRejectedAndCounted() {
        Replica r = new Replica(new Faulty(), 1, 0, 0);
        long errors = 0;
        for (int round = 0; round < 200; round++) {
            RoundReport report = r.runRound(instruction(round, 10, round * 10L, 1));
            errors += report.targetErrors();
            for (int i = 0; i < report.draws().length; i += 3) {
                double x = report.draws()[i];
                assertTrue(x >= -1 && x <= 1, "the chain never enters a region where the target fails: " + x);
            }
        }
        // With unit steps from within [−1, 1] a sizeable share of proposals leaves the interval.
        assertTrue(errors > 200, "errors counted: " + errors);
    }

    @Test
    void invalidInitialStatesAreInputErrors() {
        assertInitialStateRejected(new double[] {0, 0}, "length 2");
        assertInitialStateRejected(new double[] {Double.NaN}, "non-finite");
        assertInitialStateRejected(new double[] {5.0}, "outside the support");
        assertInitialStateRejected(null, "null");
    }

    private static void assertInitialStateRejected(double[] init, String expected) {
        Target t = new Faulty() {
            @Override
            public double[] initialState(UniformRandomProvider rng) {
                return init;
            }
        };
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new Replica(t, 1, 2, 3));
        assertEquals("job.target", e.key());
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains("chain 2, replica 3"), e.getMessage());
    }

    @Test
    void keptDrawsFollowThinningAcrossRounds() {
        Replica r = new Replica(new Faulty(), 1, 0, 0);
        // thin 4, 10 steps per round: sampling steps 3, 7 | 11, 15, 19 | 23, 27 ...
        assertEquals(2, r.runRound(instruction(0, 10, 0, 4)).draws().length / 3);
        assertEquals(3, r.runRound(instruction(1, 10, 10, 4)).draws().length / 3);
        assertEquals(2, r.runRound(instruction(2, 10, 20, 4)).draws().length / 3);
        assertEquals(0, r.runRound(instruction(3, 10, -1, 4)).draws().length, "not at level 0: nothing kept");
    }

    @Test
    void restoredSnapshotContinuesIdentically() {
        Replica a = new Replica(new Faulty(), 9, 1, 4);
        for (int round = 0; round < 3; round++) {
            a.runRound(instruction(round, 7, -1, 1));
        }
        ReplicaSnapshot snap = a.snapshot();
        Replica b = Replica.restore(new Faulty(), 9, snap);
        for (int round = 3; round < 6; round++) {
            RoundReport ra = a.runRound(instruction(round, 7, round * 7L, 1));
            RoundReport rb = b.runRound(instruction(round, 7, round * 7L, 1));
            assertArrayEquals(ra.draws(), rb.draws(), 0.0);
            assertEquals(ra.accepted(), rb.accepted());
        }
    }

    /**
     * Standard normal in 1-d whose {@code evaluate} reports {@code x2} = x², {@code positive} = 1 only
     * where x &gt; 0, throws where x &lt; −1.5, and counts its calls.
     */
    static class Reporting extends TestTarget {
        long evaluations;

        Reporting() {
            super(1);
        }

        @Override
        public Evaluation evaluate(double[] x) {
            evaluations++;
            if (x[0] < -1.5) {
                throw new IllegalStateException("no metrics here");
            }
            Evaluation e = Evaluation.of(logPrior(x), logLikelihood(x)).withMetric("x2", x[0] * x[0]);
            return x[0] > 0 ? e.withMetric("positive", 1.0) : e;
        }

        @Override
        public double[] initialState(UniformRandomProvider rng) {
            return new double[] {0.5};
        }
    }

    @Test
    void keptDrawsRecordTheMetricsOfTheirStateEvaluatedOncePerState() {
        Reporting target = new Reporting();
        Replica with = new Replica(target, 3, 0, 0).recordDrawMetrics(java.util.List.of("x2", "positive"));
        Replica without = new Replica(new Reporting(), 3, 0, 0);
        int changes = 0;
        int rows = 0;
        int missing = 0;
        int failed = 0;
        double previous = Double.NaN;
        for (int round = 0; round < 60; round++) {
            double[] a = with.runRound(instruction(round, 10, round * 10L, 1)).draws();
            double[] b = without.runRound(instruction(round, 10, round * 10L, 1)).draws();
            assertEquals(10 * 5, a.length, "rows of x, log-likelihood, log-prior, x2, positive");
            for (int i = 0; i < 10; i++) {
                double x = a[i * 5];
                assertArrayEquals(java.util.Arrays.copyOfRange(b, i * 3, i * 3 + 3),
                        java.util.Arrays.copyOfRange(a, i * 5, i * 5 + 3), 0.0, "the draw as without metrics");
                if (x < -1.5) {
                    assertTrue(Double.isNaN(a[i * 5 + 3]) && Double.isNaN(a[i * 5 + 4]), "evaluate threw: NaN");
                    failed++;
                } else {
                    assertEquals(x * x, a[i * 5 + 3], 0.0);
                    assertEquals(x > 0 ? 1.0 : Double.NaN, a[i * 5 + 4], 0.0, "positive at " + x);
                    missing += x > 0 ? 0 : 1;
                }
                changes += rows == 0 || x != previous ? 1 : 0;
                previous = x;
                rows++;
            }
        }
        assertEquals(changes, target.evaluations, "one evaluation per distinct kept state, none for a repeat");
        assertTrue(changes < rows && missing > 0 && failed > 0, changes + " states, " + rows + " rows, " + missing
                + " without the metric, " + failed + " failed");

        // A restored replica has no cached metrics: it evaluates its state again, with the same result.
        Replica restored = Replica.restore(new Reporting(), 3, with.snapshot())
                .recordDrawMetrics(java.util.List.of("x2", "positive"));
        assertArrayEquals(with.runRound(instruction(60, 10, 600, 1)).draws(),
                restored.runRound(instruction(60, 10, 600, 1)).draws(), 0.0);
    }

    /** {@link Reporting} whose evaluation also reports metadata {@code tag} = "x=&lt;x&gt;, \"q\"" where x &gt; 0. */
    static final class Tagging extends Reporting {
        @Override
        public Evaluation evaluate(double[] x) {
            Evaluation e = super.evaluate(x);
            return x[0] > 0 ? e.withMetadata("tag", "x=" + x[0] + ", \"q\"") : e;
        }
    }

    @Test
    void keptDrawsRecordTheMetadataOfTheirStateFromTheSameEvaluationAsTheMetrics() {
        Tagging target = new Tagging();
        Replica with = new Replica(target, 3, 0, 0).recordDrawMetrics(java.util.List.of("x2"))
                .recordDrawMetadata(java.util.List.of("tag"));
        Reporting metricsOnlyTarget = new Reporting();
        Replica metricsOnly = new Replica(metricsOnlyTarget, 3, 0, 0).recordDrawMetrics(java.util.List.of("x2"));
        int present = 0;
        int absent = 0;
        for (int round = 0; round < 60; round++) {
            RoundReport a = with.runRound(instruction(round, 10, round * 10L, 1));
            RoundReport b = metricsOnly.runRound(instruction(round, 10, round * 10L, 1));
            assertArrayEquals(b.draws(), a.draws(), 0.0, "the rows of doubles as without metadata");
            assertEquals(10, a.metadata().length, "one string per kept row");
            assertEquals(0, b.metadata().length);
            for (int i = 0; i < 10; i++) {
                double x = a.draws()[i * 4];
                String expected = x > 0 ? "x=" + x + ", \"q\"" : null; // null: missing, or evaluate threw
                assertEquals(expected, a.metadata()[i], "tag at " + x);
                present += x > 0 ? 1 : 0;
                absent += x > 0 ? 0 : 1;
            }
        }
        assertEquals(metricsOnlyTarget.evaluations, target.evaluations,
                "metrics and metadata share one evaluation per distinct kept state");
        assertTrue(present > 0 && absent > 0, present + " tagged, " + absent + " not");
        assertEquals(0, new Replica(new Tagging(), 3, 0, 0).runRound(instruction(0, 10, 0, 1)).metadata().length,
                "no metadata named: none recorded");
    }
}
