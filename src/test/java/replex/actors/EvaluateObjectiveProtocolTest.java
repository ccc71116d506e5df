package replex.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import akka.actor.testkit.typed.javadsl.ActorTestKit;

import replex.core.ConfigurationException;
import replex.core.Objective;
import replex.core.evaluate.Design;
import replex.core.evaluate.EvaluateEngine;
import replex.core.evaluate.PointFunction;
import replex.core.evaluate.PointResult;
import replex.core.rng.RandomStreams;
import replex.io.EvaluateOutputs;
import replex.io.JobJson;
import replex.objectives.ObjectiveFactory;

/**
 * The evaluate protocol for a vector objective, in one JVM with every message serialized: the nodes
 * build the objective from its block for the design's names, report its default direction, and the
 * points they pull give evaluations.csv byte-identical to the calling thread's alone.
 */
class EvaluateObjectiveProtocolTest {

    private static final Config CONFIG = ConfigFactory.parseString("""
            akka.actor.provider = local
            akka.actor.serialize-messages = on
            replex.worker-dispatcher.thread-pool-executor.fixed-pool-size = 3
            """);
    private static final String OBJECTIVE = "{\"class\": \"replex.cli.ObjectiveProbe\", \"tag\": \"objective-protocol\", "
            + "\"fail-above\": 0.7}";
    private static final List<String> NAMES = List.of("p", "q");

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("evaluate-objective", CONFIG.withFallback(ConfigFactory.load()));
        testKit.spawn(EvaluateWorker.create(new NodeTargets(EvaluateObjectiveProtocolTest.class.getClassLoader()),
                "node-a", 1), "worker-a");
        testKit.spawn(EvaluateWorker.create(new NodeTargets(EvaluateObjectiveProtocolTest.class.getClassLoader()),
                "node-b", 2), "worker-b");
        EvaluateProtocolTest.awaitWorkers(testKit, 2);
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static Design design(List<String> names) {
        return Design.latinHypercube(names, 60, new double[] {-1, -1}, new double[] {1, 1},
                RandomStreams.designStream(4));
    }

    private static byte[] csv(Design design, PointResult[] results) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EvaluateOutputs.writeEvaluations(design, results, true, out);
        return out.toByteArray();
    }

    @Test
    void theNodesGiveTheFileOfOneThread() throws Exception {
        Set<String> nodes = ConcurrentHashMap.newKeySet();
        CompletableFuture<EvaluateCoordinator.Outcome> done = new CompletableFuture<>();
        testKit.spawn(EvaluateCoordinator.createForObjective("evaluate-objective", OBJECTIVE, NAMES, names -> {
            assertEquals(NAMES, names);
            Design d = design(names);
            return new EvaluateCoordinator.Start(d, new PointResult[d.size()], r -> nodes.add(r.node()));
        }, () -> false, done, Duration.ofSeconds(20)));
        EvaluateCoordinator.Outcome outcome = done.get(60, TimeUnit.SECONDS);
        assertTrue(outcome.complete());
        assertEquals("minimize", outcome.direction());
        assertEquals(Map.of("node-a", 1, "node-b", 2), outcome.slots());

        Objective local = ObjectiveFactory.createForPoints(JobJson.parse(OBJECTIVE), null, NAMES);
        Design d = design(NAMES);
        PointResult[] results = new PointResult[d.size()];
        int[] all = java.util.stream.IntStream.range(0, d.size()).toArray();
        EvaluateEngine.run(PointFunction.of(local, NAMES), d, all, 0, "local", r -> results[r.point()] = r, () -> false);
        byte[] expected = csv(d, results);
        assertArrayEquals(expected, csv(outcome.start().design(), outcome.start().results()));
        String text = new String(expected, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("point,p,q,value,norm,status,message\n") && text.contains(",failed,"), text);
    }

    /** A table objective is refused by the nodes with the reason, as a bad input. */
    @Test
    void aTableObjectiveFailsTheJob() {
        CompletableFuture<EvaluateCoordinator.Outcome> done = new CompletableFuture<>();
        testKit.spawn(EvaluateCoordinator.createForObjective("evaluate-table", "{\"name\": \"pearson-spearman-gap\", "
                + "\"columns\": [\"p\", \"q\"]}", NAMES, names -> {
                    throw new AssertionError("never started");
                }, () -> false, done, Duration.ofSeconds(20)));
        ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(60, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ConfigurationException, e.getCause().toString());
        assertTrue(e.getCause().getMessage().contains("works on a table"), e.getCause().getMessage());
    }
}
