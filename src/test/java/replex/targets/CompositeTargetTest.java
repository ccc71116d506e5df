package replex.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.Target;
import replex.core.TestTarget;
import replex.io.JobSpec;

class CompositeTargetTest {

    private static final Path EXAMPLE = Path.of("examples", "composite.conf");
    private static final String SHIFTED = Shifted.class.getName();

    /** The composite of examples/composite.conf: the LV model on 1900–1910 and on 1911–1920. */
    private static CompositeTarget lvHalves() {
        Config block = JobSpec.load(EXAMPLE, JobSpec.Overrides.NONE).target();
        return (CompositeTarget) TargetFactory.create(block, null, 1);
    }

    private static Target create(String hocon) {
        return TargetFactory.create(ConfigFactory.parseString(hocon), null, 1);
    }

    private static ConfigurationException rejected(String hocon) {
        return assertThrows(ConfigurationException.class, () -> create(hocon));
    }

    /** Points near the posterior and from the whole initial distribution of the first term. */
    private static List<double[]> points(Target target, int count) {
        UniformRandomProvider rng = TargetTestSupport.rng();
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0.547, 0.0277, 0.800, 0.0241, 34.0, 5.94, 0.248, 0.251});
        while (points.size() < count) {
            double[] x = target.initialState(rng);
            for (int i = 0; i < x.length; i++) {
                x[i] *= Math.exp(0.3 * (rng.nextDouble() - 0.5));
            }
            points.add(x);
        }
        return points;
    }

    /**
     * The composite's log L is the sum of its terms', in term order, to the bit; and the two halves
     * of the Lotka–Volterra data give the whole data set's log L up to rounding: the solver takes the
     * same steps for either half as for the whole (it is never stopped short at the last time), so
     * each z[n] is the same bits, and only the order of the additions differs. About 50 terms of at
     * most a few hundred each are added: rounding errors of 2⁻⁵³ ≈ 1.1e-16 relative each stay far
     * below 1e-12 of the largest partial sum, which a solver difference (about 1e-6 relative, the
     * tolerance) would exceed by six orders of magnitude.
     */
    @Test
    void sumOfTermsAndTheHalvesOfTheDataGiveTheWholeLikelihood() {
        try (CompositeTarget composite = lvHalves()) {
            assertEquals(List.of("1900-1910", "1911-1920"), composite.termNames());
            LotkaVolterraTarget whole = new LotkaVolterraTarget();
            assertEquals(whole.parameterNames(), composite.parameterNames());
            int finite = 0;
            for (double[] x : points(whole, 300)) {
                double first = composite.terms().get(0).logLikelihood(x);
                double second = composite.terms().get(1).logLikelihood(x);
                double sum = composite.logLikelihood(x);
                assertEquals(first + second, sum, 0.0, "sum of the terms");
                assertEquals(whole.logPrior(x), composite.logPrior(x), 0.0, "the first term's prior");
                double expected = whole.logLikelihood(x);
                if (Double.isFinite(expected)) {
                    finite++;
                    assertEquals(expected, sum, 1e-12 * (Math.abs(first) + Math.abs(second) + Math.abs(expected)),
                            "whole data vs halves");
                } else {
                    assertEquals(expected, sum, "both -Infinity");
                }
            }
            assertTrue(finite > 250, "most points are in the support: " + finite);
        }
    }

    /**
     * A job travels as JSON (to a cluster's nodes, into checkpoints) with its data inline: read back
     * on a node, which has no data file, it is the same target.
     */
    @Test
    void theJobCarriesItsDataInline() {
        JobSpec spec = JobSpec.load(EXAMPLE, JobSpec.Overrides.NONE);
        String json = spec.toConfig().root().render(com.typesafe.config.ConfigRenderOptions.concise());
        assertFalse(json.contains("lynx-hare-1900-1910.json"), "no file name travels");
        JobSpec onNode = JobSpec.fromConfig(replex.io.JobJson.parse(json), JobSpec.Overrides.NONE, null);
        try (CompositeTarget sent = lvHalves();
                CompositeTarget received = (CompositeTarget) TargetFactory.create(onNode.target(), null, 1)) {
            assertEquals(sent.termNames(), received.termNames());
            assertTrue(received.parallelTerms());
            for (double[] x : points(new LotkaVolterraTarget(), 20)) {
                assertEquals(Double.doubleToRawLongBits(sent.logLikelihood(x)),
                        Double.doubleToRawLongBits(received.logLikelihood(x)));
            }
        }
    }

    /** Each half on its own is a proper model: the second has no y_init term. */
    @Test
    void secondHalfWithoutInitialObservationCountsOnlyItsOwnData() {
        try (CompositeTarget composite = lvHalves()) {
            double[] x = {0.547, 0.0277, 0.800, 0.0241, 34.0, 5.94, 0.248, 0.251};
            // the same data with y_init differ from the second half by exactly the two log-normal terms of y_init
            Config withInit = ConfigFactory.parseString("name = " + LotkaVolterraTarget.NAME + ", data { N = 10, "
                    + "ts = [11,12,13,14,15,16,17,18,19,20], y_init = [30, 4], y = [[40.3, 8], [57, 12.3], [76.6, 19.5], "
                    + "[52.3, 45.7], [19.5, 51.1], [11.2, 29.7], [7.6, 15.8], [14.6, 9.7], [16.2, 10.1], [24.7, 8.6]] }");
            double with = new LotkaVolterraTarget(withInit).logLikelihood(x);
            double without = composite.terms().get(1).logLikelihood(x);
            double initTerms = 0;
            double[] yInit = {30, 4};
            for (int k = 0; k < 2; k++) {
                double sigma = x[6 + k];
                double r = Math.log(yInit[k]) - Math.log(x[4 + k]);
                initTerms += -0.5 * Math.log(2 * Math.PI) - Math.log(sigma) - Math.log(yInit[k]) - 0.5 * r * r
                        / (sigma * sigma);
            }
            assertEquals(with - without, initTerms, 1e-9);
        }
    }

    @Test
    void perTermLogLikelihoodsAreMetricsOfTheEvaluation() {
        try (CompositeTarget composite = lvHalves()) {
            double[] x = {0.547, 0.0277, 0.800, 0.0241, 34.0, 5.94, 0.248, 0.251};
            Target.Evaluation e = composite.evaluate(x);
            assertEquals(composite.logPrior(x), e.logPrior(), 0.0);
            assertEquals(composite.logLikelihood(x), e.logLikelihood(), 0.0);
            // the terms' values first, then each term's own metrics (the ODE solver's cost), prefixed
            assertEquals(List.of("1900-1910", "1911-1920", "1900-1910.ode_steps", "1900-1910.ode_evaluations",
                    "1911-1920.ode_steps", "1911-1920.ode_evaluations"), List.copyOf(e.metrics().keySet()));
            assertEquals(composite.terms().get(1).evaluate(x).metrics().get("ode_steps"),
                    e.metrics().get("1911-1920.ode_steps"));
            assertEquals("ok", e.metadata().get("1900-1910.ode_status"));
            assertEquals(composite.terms().get(0).logLikelihood(x), e.metrics().get("1900-1910"), 0.0);
            assertEquals(composite.terms().get(1).logLikelihood(x), e.metrics().get("1911-1920"), 0.0);
            // outside the support: no term is evaluated
            x[0] = -1;
            Target.Evaluation outside = composite.evaluate(x);
            assertEquals(Double.NEGATIVE_INFINITY, outside.logLikelihood());
            assertTrue(outside.metrics().isEmpty());
        }
    }

    @Test
    void unnamedTermsAreNumberedAndTheirOwnMetricsArePrefixed() {
        Target target = create("type = composite, terms = [ { class = \"" + SHIFTED + "\", offset = 1 }, "
                + "{ class = \"" + SHIFTED + "\", offset = 2 } ]");
        double[] x = {0.5, -0.25};
        Target.Evaluation e = target.evaluate(x);
        assertEquals(List.of("term[1]", "term[2]", "term[1].offset", "term[2].offset"),
                List.copyOf(e.metrics().keySet()));
        assertEquals(Shifted.value(1, x), e.metrics().get("term[1]"), 0.0);
        assertEquals(Shifted.value(2, x), e.metrics().get("term[2]"), 0.0);
        assertEquals(2.0, e.metrics().get("term[2].offset"), 0.0);
        assertEquals(Map.of("term[1].kind", "shifted", "term[2].kind", "shifted"), e.metadata());
        assertEquals(Shifted.value(1, x) + Shifted.value(2, x), e.logLikelihood(), 0.0);
        TargetFactory.close(target);
    }

    /** With job.init, the target is wrapped for the starts; the evaluation context still comes through. */
    @Test
    void metricsSurviveTheInitialValuesWrapper() {
        JobSpec spec = JobSpec.fromConfig(ConfigFactory.parseString("job { target { type = composite, terms = [ "
                + "{ class = \"" + SHIFTED + "\" } ] }, init { values = [0.1, 0.2] } }"), JobSpec.Overrides.NONE, null);
        Target target = TargetFactory.create(spec.target(), null, 1);
        assertTrue(java.util.Arrays.equals(new double[] {0.1, 0.2}, target.initialState(TargetTestSupport.rng(), 0, 0)));
        assertEquals(List.of("term[1]", "term[1].offset"), List.copyOf(target.evaluate(new double[] {0, 0})
                .metrics().keySet()));
        TargetFactory.close(target);
    }

    /**
     * Parallel and sequential evaluation give the same bits for every point, also with more terms
     * than pool threads, and the same exception (the first term's in term order) where terms throw.
     */
    @Test
    void parallelTermsGiveTheSameValuesAndExceptionsAsSequential() {
        String terms = "terms = [ { class = \"" + SHIFTED + "\", offset = 0.5, fail-below = -2 }, "
                + "{ class = \"" + SHIFTED + "\", offset = 1.5, fail-below = -1 }, "
                + "{ class = \"" + SHIFTED + "\", offset = -3.25 } ]";
        CompositeTarget sequential = (CompositeTarget) create("type = composite, " + terms);
        CompositeTarget parallel = (CompositeTarget) create("type = composite, parallel-terms = true, "
                + "term-workers = 2, " + terms);
        try {
            assertFalse(sequential.parallelTerms());
            assertEquals(2, parallel.termWorkers());
            UniformRandomProvider rng = TargetTestSupport.rng();
            for (int i = 0; i < 2000; i++) {
                double[] x = {4 * rng.nextDouble() - 1, 4 * rng.nextDouble() - 1};
                assertEquals(Double.doubleToRawLongBits(sequential.logLikelihood(x)),
                        Double.doubleToRawLongBits(parallel.logLikelihood(x)));
                assertEquals(sequential.evaluate(x), parallel.evaluate(x));
            }
            assertNotNull(parallel.startedPool(), "the pool ran the terms");
            assertNull(sequential.startedPool(), "no pool without parallel-terms");
            // the first and the second term throw: the first term's exception, in both modes
            for (CompositeTarget target : List.of(sequential, parallel)) {
                RuntimeException both = assertThrows(RuntimeException.class,
                        () -> target.logLikelihood(new double[] {-3, 0}));
                assertEquals("x[1] = -3.0 is below -2.0", both.getMessage());
                RuntimeException second = assertThrows(RuntimeException.class,
                        () -> target.evaluate(new double[] {-1.5, 0}));
                assertEquals("x[1] = -1.5 is below -1.0", second.getMessage(), "only the second term throws");
            }
        } finally {
            sequential.close();
            parallel.close();
        }
    }

    /**
     * Several replica threads share one composite (as the replicas of a node do) and its one pool
     * thread, which is busier than they are: every evaluation ends (no thread waits for a term that
     * nobody runs) and gives the sequential value.
     */
    @Test
    void manyCallersShareOnePoolThreadWithoutWaitingForever() throws Exception {
        String terms = "terms = [ { class = \"" + SHIFTED + "\", offset = 0.5 }, { class = \"" + SHIFTED
                + "\", offset = 1.5 }, { class = \"" + SHIFTED + "\", offset = 2.5 } ]";
        CompositeTarget sequential = (CompositeTarget) create("type = composite, " + terms);
        CompositeTarget parallel = (CompositeTarget) create("type = composite, parallel-terms = true, "
                + "term-workers = 1, " + terms);
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(callers.submit(() -> {
                    java.util.Random random = new java.util.Random(seed);
                    int same = 0;
                    for (int i = 0; i < 5000; i++) {
                        double[] x = {random.nextGaussian(), random.nextGaussian()};
                        same += Double.doubleToRawLongBits(sequential.logLikelihood(x))
                                == Double.doubleToRawLongBits(parallel.logLikelihood(x)) ? 1 : 0;
                    }
                    return same;
                }));
            }
            for (java.util.concurrent.Future<Integer> result : results) {
                assertEquals(5000, result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
            sequential.close();
            parallel.close();
        }
    }

    /**
     * Terms of one evaluation really run at the same time on the pool: three terms that each wait
     * until all three have started finish only if the calling thread and two pool threads run them
     * together (a sequential evaluation would wait forever; the latch's timeout turns that into a
     * failure instead of a hang).
     */
    @Test
    void termsOfOneEvaluationRunConcurrentlyOnThePool() throws Exception {
        Rendezvous.reset(3);
        CompositeTarget composite = (CompositeTarget) create("type = composite, parallel-terms = true, "
                + "term-workers = 2, terms = [ { class = \"" + Rendezvous.class.getName() + "\" }, { class = \""
                + Rendezvous.class.getName() + "\" }, { class = \"" + Rendezvous.class.getName() + "\" } ]");
        try {
            assertEquals(0.0, composite.logLikelihood(new double[] {1}), 0.0);
            assertTrue(Rendezvous.threads.size() == 3, "three threads: " + Rendezvous.threads);
            assertTrue(Rendezvous.threads.contains(Thread.currentThread().getName()), "the caller ran a term");
        } finally {
            composite.close();
        }
    }

    @Test
    void closingShutsThePoolDownAndClosesEveryTerm() throws Exception {
        Closeable.closed.set(0);
        CompositeTarget composite = (CompositeTarget) create("type = composite, parallel-terms = true, "
                + "term-workers = 1, terms = [ { class = \"" + Closeable.class.getName() + "\" }, { class = \""
                + Closeable.class.getName() + "\" } ], prior { class = \"" + Closeable.class.getName() + "\" }");
        composite.logLikelihood(new double[] {0.5});
        ThreadPoolExecutor pool = composite.startedPool();
        assertNotNull(pool);
        TargetFactory.close(composite);
        assertTrue(pool.isShutdown());
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "the pool's threads end");
        assertEquals(3, Closeable.closed.get(), "both terms and the prior are closed");
        TargetFactory.close(composite);
        assertEquals(3, Closeable.closed.get(), "closing is idempotent");
        // a closed composite still answers, on the calling thread
        assertEquals(0.0, composite.logLikelihood(new double[] {0.5}), 0.0);
    }

    @Test
    void anExplicitPriorGivesLogPriorStartsAndNormalisation() {
        Target target = create("type = composite, terms = [ { class = \"" + SHIFTED + "\" } ], "
                + "prior { name = gaussian, means = [0, 0], sd = 1, prior-sd = 3 }");
        Target gaussian = TargetFactory.create(ConfigFactory.parseString(
                "name = gaussian, means = [0, 0], sd = 1, prior-sd = 3"), null);
        double[] x = {0.3, -1.2};
        assertEquals(gaussian.logPrior(x), target.logPrior(x), 0.0);
        assertEquals(Shifted.value(0, x), target.logLikelihood(x), 0.0);
        assertTrue(target.hasNormalisedPrior());
        assertTrue(java.util.Arrays.equals(gaussian.initialState(TargetTestSupport.rng()),
                target.initialState(TargetTestSupport.rng())), "the prior's initial state");
        assertFalse(create("type = composite, terms = [ { class = \"" + SHIFTED + "\" } ]").hasNormalisedPrior(),
                "by default the first term's");
    }

    @Test
    void defaultTermWorkersLeaveNoCoreOversubscribed() {
        assertEquals(1, CompositeTarget.defaultTermWorkers(2, 1, 2));
        assertEquals(0, CompositeTarget.defaultTermWorkers(2, 2, 2), "every core runs a replica");
        assertEquals(0, CompositeTarget.defaultTermWorkers(2, 4, 2));
        assertEquals(3, CompositeTarget.defaultTermWorkers(5, 1, 4));
        assertEquals(1, CompositeTarget.defaultTermWorkers(2, 1, 8), "the caller runs one term itself");
        assertEquals(0, CompositeTarget.defaultTermWorkers(1, 1, 8), "one term needs no pool");
        CompositeTarget composite = (CompositeTarget) TargetFactory.create(ConfigFactory.parseString(
                "type = composite, parallel-terms = true, terms = [ { class = \"" + SHIFTED + "\" }, { class = \""
                        + SHIFTED + "\" } ]"), null, 1);
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(CompositeTarget.defaultTermWorkers(2, 1, cores), composite.termWorkers());
        composite.close();
    }

    @Test
    void configurationErrorsNameTheKey() {
        String term = "{ class = \"" + SHIFTED + "\" }";
        assertKey("job.target.terms", "type = composite");
        assertKey("job.target.terms", "type = composite, terms = []");
        assertKey("job.target.terms", "type = composite, terms = 3");
        assertKey("job.target.terms[1]", "type = composite, terms = [ " + term + ", 7 ]");
        assertKey("job.target.term-workers", "type = composite, parallel-terms = true, term-workers = 0, terms = [ "
                + term + " ]");
        assertKey("job.target.term-workers", "type = composite, term-workers = 1.5, terms = [ " + term + " ]");
        assertKey("job.target.parallel-terms", "type = composite, parallel-terms = yes-please, terms = [ " + term
                + " ]");
        assertKey("job.target.type", "type = compost, terms = [ " + term + " ]");
        assertKey("job.target", "type = composite, name = gaussian, terms = [ " + term + " ]");
        assertKey("job.target.weights", "type = composite, weights = [1, 2], terms = [ " + term + " ]");
        // a term's own error, under the term's key
        assertKey("job.target.terms[1].name", "type = composite, terms = [ " + term + ", { name = gausian } ]");
        assertKey("job.target.terms[0].sd", "type = composite, terms = [ { name = gaussian, means = [0, 0], "
                + "sd = -1 } ]");
        assertKey("job.target.terms[0]", "type = composite, terms = [ { label = \"a\" } ]");
        assertKey("job.target.terms[0].type", "type = composite, terms = [ { type = composite, terms = [ " + term
                + " ] } ]");
        // mismatched dimensions and names
        ConfigurationException e = assertKey("job.target.terms[1]", "type = composite, terms = [ " + term
                + ", { name = gaussian, means = [0, 0, 0] } ]");
        assertTrue(e.getMessage().contains("dimension 3") && e.getMessage().contains("dimension 2"), e.getMessage());
        assertKey("job.target.terms[1]", "type = composite, terms = [ { name = " + LotkaVolterraTarget.NAME + " }, "
                + "{ name = gaussian, means = [0, 0, 0, 0, 0, 0, 0, 0] } ]");
        assertKey("job.target.prior", "type = composite, terms = [ " + term + " ], prior { name = gaussian, "
                + "means = [0] }");
        // labels
        assertKey("job.target.terms[1].label", "type = composite, terms = [ { class = \"" + SHIFTED + "\", label = a },"
                + " { class = \"" + SHIFTED + "\", label = a } ]");
        assertKey("job.target.terms[0].label", "type = composite, terms = [ { class = \"" + SHIFTED
                + "\", label = \"a,b\" } ]");
        // the data of a term
        assertKey("job.target.terms[0].data", "type = composite, terms = [ { name = " + LotkaVolterraTarget.NAME
                + ", data { N = 2, ts = [1, 1], y = [[1, 1], [1, 1]] } } ]");
        assertKey("job.target.terms[0].data", "type = composite, terms = [ { name = " + LotkaVolterraTarget.NAME
                + ", data = \"file.json\" } ]");
    }

    @Test
    void aFailingTermClosesTheTermsBuiltBeforeIt() {
        Closeable.closed.set(0);
        rejected("type = composite, terms = [ { class = \"" + Closeable.class.getName() + "\" }, "
                + "{ name = gaussian, means = [0, 0] } ]");
        assertEquals(1, Closeable.closed.get());
    }

    private static ConfigurationException assertKey(String key, String hocon) {
        ConfigurationException e = rejected(hocon);
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
        return e;
    }

    @Test
    void lotkaVolterraDataAreChecked() {
        String lv = "name = " + LotkaVolterraTarget.NAME + ", ";
        TargetTestSupport.assertRejected(LotkaVolterraTarget::new, lv + "data { N = 1, ts = [1], y = [[1, -1]] }",
                "job.target.data");
        TargetTestSupport.assertRejected(LotkaVolterraTarget::new, lv + "data { N = 2, ts = [1], y = [[1, 1]] }",
                "job.target.data");
        TargetTestSupport.assertRejected(LotkaVolterraTarget::new, lv + "data { N = 1, ts = [0], y = [[1, 1]] }",
                "job.target.data");
        TargetTestSupport.assertRejected(LotkaVolterraTarget::new, lv + "data { N = 1, ts = [1], y = [[1, 1]], "
                + "extra = 1 }", "job.target.data");
        TargetTestSupport.assertRejected(LotkaVolterraTarget::new, lv + "data = 5", "job.target.data");
        ConfigurationException missing = assertThrows(ConfigurationException.class, () ->
                LotkaVolterraTarget.inlineDataFile(ConfigFactory.parseString(lv + "data = \"absent.json\""),
                        Path.of("examples"), "job.target.terms[3]"));
        assertEquals("job.target.terms[3].data", missing.key());
        assertTrue(missing.getMessage().contains("absent.json"), missing.getMessage());
    }

    /** The built-in data set and the same data given inline are the same target. */
    @Test
    void inlineDataEqualToTheBuiltInSetGiveTheSameValues() {
        Config block = LotkaVolterraTarget.inlineDataFile(ConfigFactory.parseString("name = " + LotkaVolterraTarget.NAME
                + ", data = \"data.json\""), Path.of("src/main/resources/replex/targets/" + LotkaVolterraTarget.NAME),
                "job.target");
        LotkaVolterraTarget inline = new LotkaVolterraTarget(block);
        LotkaVolterraTarget builtIn = new LotkaVolterraTarget();
        for (double[] x : points(builtIn, 50)) {
            assertEquals(Double.doubleToRawLongBits(builtIn.logLikelihood(x)),
                    Double.doubleToRawLongBits(inline.logLikelihood(x)));
        }
    }

    /** A test term: log L = −½ Σ (x_i − offset)², with a metric and metadata; throws below fail-below. */
    public static final class Shifted extends TestTarget {
        private final double offset;
        private final double failBelow;

        public Shifted(Config block) {
            super(2);
            this.offset = block.hasPath("offset") ? block.getDouble("offset") : 0;
            this.failBelow = block.hasPath("fail-below") ? block.getDouble("fail-below") : Double.NEGATIVE_INFINITY;
        }

        static double value(double offset, double[] x) {
            double s = 0;
            for (double v : x) {
                s -= 0.5 * (v - offset) * (v - offset);
            }
            return s;
        }

        @Override
        public double logLikelihood(double[] x) {
            if (x[0] < failBelow) {
                throw new IllegalArgumentException("x[1] = " + x[0] + " is below " + failBelow);
            }
            return value(offset, x);
        }

        @Override
        public Evaluation evaluate(double[] x) {
            return super.evaluate(x).withMetric("offset", offset).withMetadata("kind", "shifted");
        }

        @Override
        public double[] initialState(UniformRandomProvider rng) {
            return new double[] {rng.nextDouble(), rng.nextDouble()};
        }
    }

    /** A test term that returns 0 once all the terms of one evaluation have started (or fails after 30 s). */
    public static final class Rendezvous extends TestTarget {
        static volatile CountDownLatch started;
        static final List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());

        static void reset(int terms) {
            started = new CountDownLatch(terms);
            threads.clear();
        }

        public Rendezvous() {
            super(1);
        }

        @Override
        public double logLikelihood(double[] x) {
            threads.add(Thread.currentThread().getName());
            started.countDown();
            try {
                if (!started.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the terms did not run at the same time");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return 0;
        }

        @Override
        public double[] initialState(UniformRandomProvider rng) {
            return new double[] {rng.nextDouble()};
        }
    }

    /** A test term that counts how often targets of its kind are closed. */
    public static final class Closeable extends TestTarget implements AutoCloseable {
        static final AtomicInteger closed = new AtomicInteger();
        private final AtomicInteger mine = new AtomicInteger();

        public Closeable() {
            super(1, false);
        }

        @Override
        public double[] initialState(UniformRandomProvider rng) {
            return new double[] {rng.nextDouble()};
        }

        @Override
        public void close() {
            if (mine.getAndIncrement() == 0) {
                closed.incrementAndGet();
            }
        }
    }
}
