package replex.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import akka.actor.testkit.typed.javadsl.ActorTestKit;

import replex.core.Target;
import replex.core.evaluate.Design;
import replex.core.evaluate.EvaluateEngine;
import replex.core.evaluate.PointResult;
import replex.core.rng.RandomStreams;
import replex.io.EvaluateOutputs;
import replex.targets.TargetFactory;

/**
 * The evaluate protocol in one JVM with every message serialized ({@code serialize-messages = on}):
 * two workers of 1 and 2 slots pull the points of a coordinator; each point has exactly one result,
 * and evaluations.csv is byte-identical to the one of the calling thread alone.
 */
class EvaluateProtocolTest {

    private static final Config CONFIG = ConfigFactory.parseString("""
            akka.actor.provider = local
            akka.actor.serialize-messages = on
            replex.worker-dispatcher.thread-pool-executor.fixed-pool-size = 3
            """);
    private static final String TARGET = "{\"class\": \"replex.cli.EvaluationProbe\", \"tag\": \"protocol\", "
            + "\"fail-above\": 0.7}";

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("evaluate", CONFIG.withFallback(ConfigFactory.load()));
        NodeTargets targets = new NodeTargets(EvaluateProtocolTest.class.getClassLoader());
        testKit.spawn(EvaluateWorker.create(targets, "node-a", 1), "worker-a");
        testKit.spawn(EvaluateWorker.create(new NodeTargets(EvaluateProtocolTest.class.getClassLoader()), "node-b",
                2), "worker-b");
        awaitWorkers(testKit, 2);
    }

    /**
     * Waits until the receptionist lists {@code n} evaluate workers, so that a coordinator started
     * afterwards finds them all in its first listing (else a fast job can end before a slower
     * worker's registration arrives, and that worker never joins).
     */
    static void awaitWorkers(ActorTestKit kit, int n) {
        akka.actor.testkit.typed.javadsl.TestProbe<akka.actor.typed.receptionist.Receptionist.Listing> probe =
                kit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(30), () -> {
            kit.system().receptionist().tell(akka.actor.typed.receptionist.Receptionist.find(
                    EvaluateWorker.SERVICE_KEY, probe.ref()));
            assertEquals(n, probe.receiveMessage().getServiceInstances(EvaluateWorker.SERVICE_KEY).size());
            return null;
        });
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static Design design(List<String> names) {
        return Design.latinHypercube(names, 80, new double[] {-1, -1}, new double[] {1, 1},
                RandomStreams.designStream(9));
    }

    private static byte[] csv(Design design, PointResult[] results) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EvaluateOutputs.writeEvaluations(design, results, out);
        return out.toByteArray();
    }

    @Test
    void everyPointOnceAndTheSameFileAsOneThread() throws Exception {
        Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
        Set<String> nodes = ConcurrentHashMap.newKeySet();
        CompletableFuture<EvaluateCoordinator.Outcome> done = new CompletableFuture<>();
        testKit.spawn(EvaluateCoordinator.create("evaluate-once", TARGET, names -> {
            Design d = design(names);
            return new EvaluateCoordinator.Start(d, new PointResult[d.size()], r -> {
                seen.computeIfAbsent(r.point(), p -> new AtomicInteger()).incrementAndGet();
                nodes.add(r.node());
            });
        }, () -> false, done, Duration.ofSeconds(20)));
        EvaluateCoordinator.Outcome outcome = done.get(60, TimeUnit.SECONDS);
        assertTrue(outcome.complete());
        assertEquals(80, seen.size());
        seen.values().forEach(n -> assertEquals(1, n.get()));
        assertEquals(Map.of("node-a", 1, "node-b", 2), outcome.slots());

        Target local = TargetFactory.create(replex.io.JobJson.parse(TARGET), null);
        Design d = design(local.parameterNames());
        PointResult[] results = new PointResult[d.size()];
        int[] all = java.util.stream.IntStream.range(0, d.size()).toArray();
        EvaluateEngine.run(local, d, all, 0, "local", r -> results[r.point()] = r, () -> false);
        byte[] expected = csv(d, results);
        assertArrayEquals(expected, csv(outcome.start().design(), outcome.start().results()));
        assertTrue(new String(expected, java.nio.charset.StandardCharsets.UTF_8).contains(",failed,"),
                "some points fail, and their messages travel too");
    }

    /** A stop request: no new point is handed out, the points under way come back, the job ends incomplete. */
    @Test
    void aStopKeepsThePointsUnderWay() throws Exception {
        AtomicInteger got = new AtomicInteger();
        CompletableFuture<EvaluateCoordinator.Outcome> done = new CompletableFuture<>();
        testKit.spawn(EvaluateCoordinator.create("evaluate-stop", TARGET, names -> {
            Design d = design(names);
            PointResult[] earlier = new PointResult[d.size()];
            earlier[0] = new PointResult(0, Target.Evaluation.of(1, 2), null, 0, "before", "before");
            return new EvaluateCoordinator.Start(d, earlier, r -> got.incrementAndGet());
        }, () -> got.get() >= 5, done, Duration.ofSeconds(20)));
        EvaluateCoordinator.Outcome outcome = done.get(60, TimeUnit.SECONDS);
        assertFalse(outcome.complete());
        PointResult[] results = outcome.start().results();
        long filled = java.util.Arrays.stream(results).filter(r -> r != null).count();
        assertEquals(got.get() + 1, filled, "every result that came back is kept, the earlier one too");
        assertEquals("before", results[0].node(), "a point done before is not handed out again");
        assertTrue(filled < 80, "stopped before the end: " + filled);
    }

    /** A target that no node can build fails the job with the node's reason. */
    @Test
    void aTargetThatCannotBeBuiltFailsTheJob() {
        CompletableFuture<EvaluateCoordinator.Outcome> done = new CompletableFuture<>();
        testKit.spawn(EvaluateCoordinator.create("evaluate-bad", "{\"name\": \"no-such-target\"}", names -> {
            throw new AssertionError("never started");
        }, () -> false, done, Duration.ofSeconds(20)));
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> done.get(60, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof replex.core.ConfigurationException, e.getCause().toString());
        assertTrue(e.getCause().getMessage().contains("no-such-target"), e.getCause().getMessage());
    }
}
