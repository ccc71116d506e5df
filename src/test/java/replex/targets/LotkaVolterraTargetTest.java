package replex.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static replex.targets.TargetTestSupport.assertInitialStatesInSupport;
import static replex.targets.TargetTestSupport.assertRejected;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import replex.core.SamplerSettings;
import replex.core.diagnostics.ParameterSummary;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.core.engine.SequentialEngine;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;

class LotkaVolterraTargetTest {

    /**
     * Relative tolerance of log L against lotka_volterra_values.json (SciPy's DOP853 at
     * rtol = atol = 1e-10, itself accurate to about 1e-10 relative). The Java solver's tolerances,
     * 1e-6, bound the local error of each step, not the error of log L: the error of the solution
     * accumulates over the 20 time units (about 60 steps), and log L weighs each error of log z by
     * its residual / sigma² (about 4) over 40 observations. Measured: about 1e-6 relative near the
     * posterior (about 1e-4 in absolute terms), at most 6.5e-6 at the fast-dynamics point. 1e-5
     * leaves a margin and still catches any modelling error (a wrong constant or term moves log L
     * by far more).
     */
    static final double LIKELIHOOD_TOLERANCE = 1e-5;
    /** The prior has no solver: the usual tolerance of the built-in targets. */
    static final double PRIOR_TOLERANCE = TargetTestSupport.RELATIVE_TOLERANCE;
    /** As PosteriorReferenceTest: a conservative lower bound for the ESS of the reference draws. */
    static final double REFERENCE_ESS = 4000;

    @Test
    void matchesScipyReference() {
        LotkaVolterraTarget target = new LotkaVolterraTarget();
        int checked = 0;
        int finite = 0;
        for (JsonNode testCase : TargetTestSupport.json("lotka_volterra_values.json").get("cases")) {
            assertEquals(LotkaVolterraTarget.NAME, testCase.get("name").asText());
            for (JsonNode point : testCase.get("points")) {
                double[] x = doubles(point.get("x"));
                double[] copy = x.clone();
                String where = "at " + Arrays.toString(x);
                assertClose(number(point.get("logPrior")), target.logPrior(x), PRIOR_TOLERANCE, "logPrior " + where);
                double expected = number(point.get("logLikelihood"));
                assertClose(expected, target.logLikelihood(x), LIKELIHOOD_TOLERANCE, "logLikelihood " + where);
                assertTrue(Arrays.equals(copy, x), "the target modified x " + where);
                checked++;
                finite += Double.isFinite(expected) ? 1 : 0;
            }
        }
        assertTrue(finite >= 4 && checked > finite, "expected finite and outside-the-support points");
    }

    @Test
    void namesAreStansAndMatchTheReferencePosterior() {
        LotkaVolterraTarget target = new LotkaVolterraTarget();
        assertEquals(8, target.dimension());
        assertEquals(TargetTestSupport.referenceParameterNames(LotkaVolterraTarget.NAME), target.parameterNames());
    }

    @Test
    void outsideTheSupportIsMinusInfinity() {
        LotkaVolterraTarget target = new LotkaVolterraTarget();
        double[] inside = {0.55, 0.028, 0.8, 0.024, 34, 5.9, 0.25, 0.25};
        assertTrue(Double.isFinite(target.logPrior(inside)) && Double.isFinite(target.logLikelihood(inside)));
        for (int i = 0; i < 8; i++) {
            for (double bad : new double[] {0.0, -1e-3, Double.NaN, Double.POSITIVE_INFINITY}) {
                double[] x = inside.clone();
                x[i] = bad;
                assertEquals(Double.NEGATIVE_INFINITY, target.logPrior(x), "logPrior at " + Arrays.toString(x));
                assertEquals(Double.NEGATIVE_INFINITY, target.logLikelihood(x), "logLikelihood at " + Arrays.toString(x));
            }
        }
    }

    /** Where the solver fails or its solution is not positive, log L is −∞ and nothing is thrown. */
    @Test
    void solverFailuresAreMinusInfinityNotExceptions() {
        LotkaVolterraTarget target = new LotkaVolterraTarget();
        double[][] hard = {
            // almost no predation: the prey grows like e^(50 t) and overflows at t = 14
            {50, 1e-300, 0.8, 1e-300, 34, 5.9, 0.25, 0.25},
            // the prey grows like e^(1000 t): tiny steps, more evaluations than the solver allows
            {1000, 0.028, 0.8, 0.024, 34, 5.9, 0.25, 0.25},
            // fast oscillations: also more evaluations than allowed
            {300, 30, 300, 30, 34, 5.9, 0.25, 0.25},
            // huge initial populations: derivatives overflow at once
            {0.55, 0.028, 0.8, 0.024, 1e300, 1e300, 0.25, 0.25},
            // the lynxes die out (v ~ 1e-18 at t = 20): below the absolute tolerance the computed
            // v is noise around 0 and goes negative (a prior draw, seen in practice)
            {0.0654, 0.0560, 2.240, 0.0695, 1.627, 9.592, 0.122, 0.749},
        };
        for (double[] x : hard) {
            assertEquals(Double.NEGATIVE_INFINITY, target.logLikelihood(x), "at " + Arrays.toString(x));
            assertTrue(Double.isFinite(target.logPrior(x)), "the prior is finite at " + Arrays.toString(x));
        }
        // and it recovers: the next call is a normal one
        assertTrue(Double.isFinite(target.logLikelihood(new double[] {0.55, 0.028, 0.8, 0.024, 34, 5.9, 0.25, 0.25})));
    }

    /** evaluate agrees with the two methods and reports what the solver did. */
    @Test
    void evaluateReportsTheSolversWork() {
        LotkaVolterraTarget target = new LotkaVolterraTarget();
        double[] mean = {0.547, 0.0277, 0.800, 0.0241, 34.0, 5.94, 0.248, 0.251};
        replex.core.Target.Evaluation e = target.evaluate(mean);
        assertEquals(target.logPrior(mean), e.logPrior());
        assertEquals(target.logLikelihood(mean), e.logLikelihood());
        assertEquals(List.of("ode_steps", "ode_evaluations"), List.copyOf(e.metrics().keySet()));
        assertTrue(e.metrics().get("ode_steps") > 10 && e.metrics().get("ode_evaluations") > e.metrics().get("ode_steps"),
                e.metrics().toString());
        assertEquals("ok", e.metadata().get("ode_status"));
        replex.core.Target.Evaluation overflow = target.evaluate(new double[] {0.55, 0.028, 0.8, 0.024, 1e300, 1e300,
                0.25, 0.25});
        assertEquals(Double.NEGATIVE_INFINITY, overflow.logLikelihood());
        assertEquals("diverged", overflow.metadata().get("ode_status"));
        replex.core.Target.Evaluation tooMany = target.evaluate(new double[] {300, 30, 300, 30, 34, 5.9, 0.25, 0.25});
        assertEquals("failed", tooMany.metadata().get("ode_status"));
        replex.core.Target.Evaluation outside = target.evaluate(new double[] {-1, 0.028, 0.8, 0.024, 34, 5.9, 0.25,
                0.25});
        assertEquals(Double.NEGATIVE_INFINITY, outside.logPrior());
        assertTrue(outside.metrics().isEmpty());
    }

    @Test
    void posteriorMeanBeatsAFarPoint() {
        LotkaVolterraTarget target = new LotkaVolterraTarget();
        double[] mean = {0.547, 0.0277, 0.800, 0.0241, 34.0, 5.94, 0.248, 0.251};
        double[] wrongPeriod = {0.8, 0.0277, 0.800, 0.0241, 34.0, 5.94, 0.248, 0.251};
        assertTrue(target.logLikelihood(mean) > target.logLikelihood(wrongPeriod) + 50);
    }

    /** The integrator holds state: calls from several threads at once must not interfere. */
    @Test
    void concurrentCallsGiveTheSameValues() throws Exception {
        LotkaVolterraTarget target = new LotkaVolterraTarget();
        double[][] points = new double[64][];
        double[] expected = new double[points.length];
        var rng = TargetTestSupport.rng();
        for (int i = 0; i < points.length; i++) {
            points[i] = target.initialState(rng);
            expected[i] = target.logLikelihood(points[i]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    double[] got = new double[points.length];
                    for (int repeat = 0; repeat < 20; repeat++) {
                        for (int i = 0; i < points.length; i++) {
                            got[i] = target.logLikelihood(points[i]);
                        }
                    }
                    return got;
                }));
            }
            for (Future<double[]> result : results) {
                assertTrue(Arrays.equals(expected, result.get()), "a concurrent call gave another value");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void initialStatesAreInTheSupportNearThePriorMedians() {
        // TargetTestSupport draws 1000 seeded initial states and checks log p and log L are finite
        for (double[] x : assertInitialStatesInSupport(new LotkaVolterraTarget())) {
            String where = Arrays.toString(x);
            for (int i : new int[] {0, 2}) {
                assertTrue(x[i] >= Math.exp(-0.5) && x[i] <= Math.exp(0.5), where);
            }
            for (int i : new int[] {1, 3}) {
                assertTrue(x[i] >= 0.05 * Math.exp(-0.5) && x[i] <= 0.05 * Math.exp(0.5), where);
            }
            assertTrue(x[4] >= 30 * Math.exp(-0.2) && x[4] <= 30 * Math.exp(0.2), where);
            assertTrue(x[5] >= 4 * Math.exp(-0.2) && x[5] <= 4 * Math.exp(0.2), where);
            for (int i : new int[] {6, 7}) {
                assertTrue(x[i] >= 0.25 * Math.exp(-0.5) && x[i] <= 0.25 * Math.exp(0.5), where);
            }
        }
    }

    @Test
    void rejectsSettings() {
        assertRejected(LotkaVolterraTarget::new, "name = \"" + LotkaVolterraTarget.NAME + "\", rtol = 1e-8",
                "job.target.rtol");
    }

    /**
     * Samples the posterior with parallel tempering and compares every parameter's mean, median,
     * 5% and 95% quantiles with posteriordb's reference (10 × 1000 Stan NUTS draws), with the
     * tolerances of replex.core.engine.PosteriorReferenceTest: 4·sd·√(1/ESS + 1/ESS_ref) for a mean,
     * 4·√(q(1−q))/φ(z_q)·sd·√(1/ESS + 1/ESS_ref) for a quantile q (tail ESS for q05/q95), and
     * R-hat &lt; 1.01. 4 chains × 4 levels × 2500 rounds × 10 steps = 400 000 evaluations of the
     * ODE likelihood, about 10 s on one core; bulk ESS about 1100–1500 per parameter. (1500 rounds
     * × 5 steps with 400 burn-in rounds is cheaper but gives ESS of 50–250 and R-hat up to 1.06:
     * the covariance of this correlated, badly scaled posterior needs the longer burn-in.)
     */
    @Test
    void posteriorMatchesReference() {
        SamplerSettings settings = SamplerSettings.builder().seed(42).chains(4).ladder(Ladder.geometric(4, 0.1))
                .swap(SwapRule.DEO).rounds(2500).stepsPerRound(10).burnInRounds(800).thin(1).proposalScale(0.01)
                .adapt(AdaptationMode.COVARIANCE).build();
        RunResult result = SequentialEngine.run(settings, new LotkaVolterraTarget(), ProgressListener.NONE);
        JsonNode reference = TargetTestSupport.json(LotkaVolterraTarget.NAME + "/reference.json").get("parameters");
        List<String> failures = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            double[][] draws = new double[result.chains().size()][];
            for (int c = 0; c < draws.length; c++) {
                draws[c] = result.chains().get(c).draws().column(p);
            }
            failures.addAll(compare(reference, result.parameterNames().get(p), draws));
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** The checks of replex.core.engine.PosteriorReferenceTest#compare, for one parameter. */
    private static List<String> compare(JsonNode reference, String name, double[][] draws) {
        ParameterSummary s = ParameterSummary.of(draws);
        JsonNode r = reference.get(name);
        double sd = r.get("sd").asDouble();
        double bulk = sd * Math.sqrt(1 / s.essBulk() + 1 / REFERENCE_ESS);
        double tail = sd * Math.sqrt(1 / s.essTail() + 1 / REFERENCE_ESS);
        List<String> failures = new ArrayList<>();
        check(failures, name + " mean", s.mean(), r.get("mean").asDouble(), 4 * bulk);
        check(failures, name + " q50", s.q50(), r.get("q50").asDouble(), 4 * quantileFactor(0.5) * bulk);
        check(failures, name + " q05", s.q05(), r.get("q05").asDouble(), 4 * quantileFactor(0.05) * tail);
        check(failures, name + " q95", s.q95(), r.get("q95").asDouble(), 4 * quantileFactor(0.95) * tail);
        if (!(s.rHat() < 1.01)) {
            failures.add(name + " R-hat " + s.rHat());
        }
        return failures;
    }

    /** √(q(1−q)) / φ(Φ⁻¹(q)): the sd of a sample quantile in units of sd/√n for a normal. */
    private static double quantileFactor(double q) {
        NormalDistribution n = new NormalDistribution();
        return Math.sqrt(q * (1 - q)) / n.density(n.inverseCumulativeProbability(q));
    }

    private static void check(List<String> failures, String what, double got, double expected, double tolerance) {
        if (!(Math.abs(got - expected) <= tolerance)) {
            failures.add(String.format("%s: got %.5g, reference %.5g, allowed ±%.3g", what, got, expected, tolerance));
        }
    }

    private static void assertClose(double expected, double actual, double relative, String message) {
        if (expected == Double.NEGATIVE_INFINITY) {
            assertEquals(Double.NEGATIVE_INFINITY, actual, message);
        } else {
            assertTrue(Double.isFinite(actual), message + ": expected " + expected + ", got " + actual);
            assertEquals(expected, actual, relative * Math.abs(expected), message);
        }
    }

    private static double number(JsonNode node) {
        return node.isTextual() ? Double.parseDouble(node.asText()) : node.doubleValue();
    }

    private static double[] doubles(JsonNode node) {
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = node.get(i).doubleValue();
        }
        return values;
    }
}
