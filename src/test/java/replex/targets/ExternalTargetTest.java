package replex.targets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.Target;
import replex.core.replica.Replica;
import replex.core.rng.RandomStreams;

/**
 * The external-target protocol against a child written in Java ({@link ProtocolChild}, started
 * with {@code java -cp}): every reply form, error replies, a crash and its restart, a hang and its
 * timeout, garbage, start-up failures, and no child left after {@link ExternalTarget#close()}.
 */
class ExternalTargetTest {

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    @TempDir
    Path dir;

    /** @return the command that starts {@link ProtocolChild} */
    static List<String> childCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ProtocolChild.class.getName());
    }

    /** @return a target block for the Java child with the given extra settings */
    static Config block(Map<String, Object> settings) {
        Map<String, Object> map = new HashMap<>(settings);
        map.put("command", childCommand());
        return ConfigFactory.parseMap(map);
    }

    private ExternalTarget target(Map<String, Object> settings) {
        Map<String, Object> map = new HashMap<>(settings);
        map.putIfAbsent("stderr-log", dir.resolve("stderr.log").toString());
        return new ExternalTarget(block(map));
    }

    @Test
    void describesTheTargetAndEvaluatesWithOneRequestPerPoint() {
        try (ExternalTarget t = target(Map.of())) {
            assertEquals(3, t.dimension());
            assertEquals(List.of("a", "b[1]", "c"), t.parameterNames());
            assertTrue(t.hasNormalisedPrior());
            double[] x = {0.5, -1.25, 2.0};
            double lp = 0;
            double ll = 0;
            for (double v : x) {
                lp += -HALF_LOG_2PI - 0.5 * v * v;
                ll += -0.5 * (v - 1) * (v - 1);
            }
            assertEquals(lp, t.logPrior(x), 0.0);
            assertEquals(ll, t.logLikelihood(x), 0.0);
            // a likelihood asked for another point than the last prior is a request of its own
            double[] y = {0.0, 0.0, 0.0};
            assertEquals(-3 * 0.5, t.logLikelihood(y), 0.0);
            assertEquals(1, t.childrenStarted());
            assertEquals(0, t.errors());
        }
    }

    @Test
    void readsEveryReplyForm() {
        try (ExternalTarget t = target(Map.of())) {
            assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
                    t.logDensity(new double[] {100, 0, 0}));
            assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
                    t.logDensity(new double[] {101, 0, 0}));
            assertArrayEquals(new double[] {0.5, -1.25}, t.logDensity(new double[] {102, 0, 0}));
            assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
                    t.logDensity(new double[] {109, 0, 0}));
            assertTrue(Double.isNaN(t.logDensity(new double[] {110, 0, 0})[0]));
            assertEquals(0, t.errors());
            assertEquals(1, t.childrenStarted());
        }
    }

    /** evaluate returns the reply's metrics and metadata in their order; null entries are left out. */
    @Test
    void evaluateReturnsTheEvaluationContext() {
        try (ExternalTarget t = target(Map.of())) {
            Target.Evaluation e = t.evaluate(new double[] {111, 0, 0});
            assertEquals(0.5, e.logPrior());
            assertEquals(-1.25, e.logLikelihood());
            assertEquals(List.of("ode_steps", "t"), List.copyOf(e.metrics().keySet()));
            assertEquals(42.0, e.metrics().get("ode_steps"));
            assertEquals(1e-3, e.metrics().get("t"));
            assertEquals(List.of("file", "converged", "n"), List.copyOf(e.metadata().keySet()));
            assertEquals("/tmp/out, \"a\".csv", e.metadata().get("file"));
            assertEquals("true", e.metadata().get("converged"));
            assertEquals("3", e.metadata().get("n"));
            Target.Evaluation plain = t.evaluate(new double[] {102, 0, 0});
            assertEquals(Map.of("ode_steps", 42.0, "t", 1e-3), plain.metrics());
            assertEquals(Map.of(), plain.metadata());
            assertEquals(Map.of(), t.evaluate(new double[] {0, 0, 0}).metrics());
            var list = assertThrows(ExternalTarget.EvaluationException.class, () -> t.evaluate(new double[] {112, 0, 0}));
            assertTrue(list.getMessage().contains("metadata 'bad' must be a string"), list.getMessage());
            var text = assertThrows(ExternalTarget.EvaluationException.class, () -> t.evaluate(new double[] {113, 0, 0}));
            assertTrue(text.getMessage().contains("'metadata' must be an object"), text.getMessage());
            assertEquals(1, t.childrenStarted());
        }
    }

    @Test
    void anErrorReplyIsATargetErrorAndTheChildStays() {
        try (ExternalTarget t = target(Map.of())) {
            long pid = t.children().get(0).pid();
            var e = assertThrows(ExternalTarget.EvaluationException.class, () -> t.logPrior(new double[] {103, 0, 0}));
            assertTrue(e.getMessage().contains("boom at 103"), e.getMessage());
            var missing = assertThrows(ExternalTarget.EvaluationException.class,
                    () -> t.logDensity(new double[] {107, 0, 0}));
            assertTrue(missing.getMessage().contains("log_likelihood"), missing.getMessage());
            assertEquals(2, t.errors());
            assertEquals(0, t.restarts());
            assertEquals(List.of(pid), t.children().stream().map(ProcessHandle::pid).toList());
            assertEquals(-1.5, t.logLikelihood(new double[] {0, 0, 0}), 0.0);
        }
    }

    @Test
    void aChildThatDiesIsRestartedAndTheRequestSentAgain() throws Exception {
        Path marker = dir.resolve("crashed");
        try (ExternalTarget t = target(Map.of("marker", marker.toString()))) {
            ProcessHandle first = t.children().get(0);
            assertArrayEquals(new double[] {2.0, 3.0}, t.logDensity(new double[] {108, 0, 0}));
            assertTrue(Files.exists(marker));
            assertEquals(1, t.restarts());
            assertEquals(0, t.errors());
            assertEquals(2, t.childrenStarted());
            first.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(first.isAlive());
            assertNotEquals(first.pid(), t.children().get(0).pid());
        }
    }

    @Test
    void aChildThatDiesTwiceOnTheSameRequestIsATargetError() {
        try (ExternalTarget t = target(Map.of())) {
            var e = assertThrows(ExternalTarget.EvaluationException.class,
                    () -> t.logDensity(new double[] {104, 0, 0}));
            assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
            assertTrue(e.getMessage().contains("dying at 104"), e.getMessage());
            assertEquals(1, t.restarts());
            assertEquals(1, t.errors());
            // the next request starts a new child
            assertEquals(-1.5, t.logLikelihood(new double[] {0, 0, 0}), 0.0);
        }
    }

    @Test
    void aHangingChildIsKilledAfterTheTimeout() throws Exception {
        try (ExternalTarget t = target(Map.of("timeout", "300 ms"))) {
            ProcessHandle first = t.children().get(0);
            var e = assertThrows(ExternalTarget.EvaluationException.class,
                    () -> t.logDensity(new double[] {105, 0, 0}));
            assertTrue(e.getMessage().contains("no reply within 0.3 s"), e.getMessage());
            first.onExit().get(30, TimeUnit.SECONDS);
            assertEquals(0, t.restarts()); // a timeout is not retried
            assertEquals(1, t.errors());
            assertEquals(-1.5, t.logLikelihood(new double[] {0, 0, 0}), 0.0);
            assertEquals(2, t.childrenStarted());
        }
    }

    @Test
    void garbageOnStandardOutputIsRetriedOnceThenATargetError() {
        try (ExternalTarget t = target(Map.of())) {
            var e = assertThrows(ExternalTarget.EvaluationException.class,
                    () -> t.logDensity(new double[] {106, 0, 0}));
            assertTrue(e.getMessage().contains("not a JSON object: 'hello there'"), e.getMessage());
            assertEquals(1, t.restarts());
            assertEquals(-1.5, t.logLikelihood(new double[] {0, 0, 0}), 0.0);
        }
    }

    @Test
    void initialStatesComeFromTheReplicaStreamAlone() {
        try (ExternalTarget t = target(Map.of())) {
            UniformRandomProvider rng = RandomStreams.replicaStream(42, 1, 2);
            long seed = RandomStreams.replicaStream(42, 1, 2).nextLong() >>> 1;
            java.util.SplittableRandom expected = new java.util.SplittableRandom(seed);
            double[] x = t.initialState(rng, 1, 2);
            assertEquals(3, x.length);
            for (double v : x) {
                assertEquals(-2 + 4 * expected.nextDouble(), v, 0.0);
            }
            // a replica built on the target starts there and runs
            Replica replica = new Replica(t, 42, 1, 2);
            assertArrayEquals(x, replica.state());
        }
    }

    @Test
    void aBatchIsOneRequestAndFallsBackToSinglePointsWhenRefused() {
        double[][] xs = {{0, 0, 0}, {103, 0, 0}, {102, 0, 0}};
        for (boolean batch : new boolean[] {true, false}) {
            try (ExternalTarget t = target(Map.of("batch", batch))) {
                double[][] r = t.logDensities(xs);
                assertEquals(-1.5, r[0][1], 0.0);
                assertNull(r[1]);
                assertArrayEquals(new double[] {0.5, -1.25}, r[2]);
                assertEquals(1, t.childrenStarted());
            }
        }
    }

    @Test
    void aChildThatCannotStartFailsTheJobQuotingItsStandardError() {
        var noProgram = assertThrows(ConfigurationException.class, () -> new ExternalTarget(ConfigFactory.parseMap(
                Map.of("command", List.of("no-such-program-replex", "model.py")))));
        assertEquals("job.target.command", noProgram.key());
        assertTrue(noProgram.getMessage().contains("cannot start [no-such-program-replex, model.py]"),
                noProgram.getMessage());
        var exits = assertThrows(ConfigurationException.class, () -> target(Map.of("startup", "exit")));
        assertTrue(exits.getMessage().contains("exited before answering describe with status 1"), exits.getMessage());
        assertTrue(exits.getMessage().contains("No module named 'numpyy'"), exits.getMessage());
        var protocol = assertThrows(ConfigurationException.class, () -> target(Map.of("startup", "protocol2")));
        assertTrue(protocol.getMessage().contains("protocol = 2"), protocol.getMessage());
        var garbage = assertThrows(ConfigurationException.class, () -> target(Map.of("startup", "garbage")));
        assertTrue(garbage.getMessage().contains("'Loading model...'"), garbage.getMessage());
        var names = assertThrows(ConfigurationException.class, () -> target(Map.of("startup", "names")));
        assertTrue(names.getMessage().contains("a list of 3 strings"), names.getMessage());
        var hangs = assertThrows(ConfigurationException.class,
                () -> target(Map.of("startup", "hang", "start-timeout", "500 ms")));
        assertTrue(hangs.getMessage().contains("did not answer describe within 0.5 s"), hangs.getMessage());
    }

    @Test
    void theFactoryBuildsItAndRejectsTwoKinds() {
        Target t = TargetFactory.create(block(Map.of("stderr-log", dir.resolve("e.log").toString())), null);
        try {
            assertEquals(3, t.dimension());
        } finally {
            TargetFactory.close(t);
        }
        var both = assertThrows(ConfigurationException.class, () -> TargetFactory.create(ConfigFactory.parseMap(
                Map.of("command", List.of("python3"), "name", "gaussian")), null));
        assertTrue(both.getMessage().contains("more than one of 'name', 'class' and 'command'"), both.getMessage());
        var empty = assertThrows(ConfigurationException.class, () -> TargetFactory.create(ConfigFactory.parseMap(
                Map.of("command", List.of())), null));
        assertEquals("job.target.command", empty.key());
        var timeout = assertThrows(ConfigurationException.class, () -> TargetFactory.create(ConfigFactory.parseMap(
                Map.of("command", List.of("python3"), "timeout", "soon")), null));
        assertEquals("job.target.timeout", timeout.key());
    }

    @Test
    void theChildGetsTheOtherSettingsAndItsStandardErrorIsLogged() throws Exception {
        Path log = dir.resolve("stderr.log");
        try (ExternalTarget t = target(Map.of("alpha", 2.5, "stderr-log", log.toString()))) {
            assertEquals(log, t.stderrLog());
        }
        String text = Files.readString(log);
        assertTrue(text.contains("\"alpha\":2.5"), text);
        assertFalse(text.contains("\"command\""), text);
        assertTrue(text.contains("input closed, exiting"), text);
    }

    @Test
    void noChildIsLeftAfterCloseEvenBusyOnes() throws Exception {
        Path log = dir.resolve("busy.log");
        ExternalTarget t = target(Map.of("stderr-log", log.toString()));
        Thread hang = new Thread(() -> {
            try {
                t.logDensity(new double[] {105, 0, 0});
            } catch (ExternalTarget.EvaluationException e) {
                // closed under it
            }
        });
        hang.start();
        // wait (on the child's own word, not a sleep) until the first child hangs in its reply
        while (!Files.exists(log) || !Files.readString(log).contains("hanging at 105")) {
            hang.join(20);
            assertTrue(hang.isAlive());
        }
        assertEquals(-1.5, t.logLikelihood(new double[] {0, 0, 0}), 0.0); // a second child, idle afterwards
        List<ProcessHandle> children = t.children();
        assertEquals(2, children.size());
        t.close();
        hang.join(30_000);
        assertFalse(hang.isAlive());
        for (ProcessHandle child : children) {
            child.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(child.isAlive(), "child " + child.pid() + " still runs");
        }
        assertTrue(t.children().isEmpty());
        assertThrows(ExternalTarget.EvaluationException.class, () -> t.logDensity(new double[] {0, 0, 0}));
    }
}
