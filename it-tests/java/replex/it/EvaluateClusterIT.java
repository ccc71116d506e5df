package replex.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Evaluate mode on a cluster of real JVMs on loopback ({@code replex submit} of a job with
 * {@code job.mode = evaluate}): evaluations.csv is byte-identical to {@code replex run --workers 0},
 * the metrics and metadata that the Lotka–Volterra target reports on the worker nodes (ODE solver
 * steps and status) arrive in it, and points of a target with a cost go to both nodes; SIGTERM (as
 * Ctrl-C) keeps the finished points and {@code replex resume --contact} evaluates the rest.
 */
class EvaluateClusterIT {

    /** 60 points of 20 ms each: long enough that both nodes (one worker thread each) pull points. */
    static final String SLEEP_JOB = "job { mode = evaluate, seed = 4, target { name = sleep, dimension = 2, "
            + "latency-ms = 20 }, design { type = sobol, points = 60, lower = -1, upper = 1 } }\n";

    @TempDir
    Path tmp;

    /**
     * A vector objective ({@code examples/evaluate-rastrigin.conf}): the nodes build it and report its
     * direction; evaluations.csv and the best point are those of {@code replex run --workers 0}.
     */
    @Test
    void anObjectiveGivesTheSameEvaluationsOnTwoNodes() throws Exception {
        Path job = ReplexProcess.HOME.resolve("examples/evaluate-rastrigin.conf");
        runLocally(job, "0", "local");
        try (LocalCluster cluster = twoNodes()) {
            Path out = tmp.resolve("cluster");
            submit(cluster, job, out, "--quiet");
            assertArrayEquals(Files.readAllBytes(tmp.resolve("local/evaluations.csv")),
                    Files.readAllBytes(out.resolve("evaluations.csv")), "evaluations.csv from the cluster");
            JsonNode here = new ObjectMapper().readTree(tmp.resolve("local/summary.json").toFile());
            JsonNode there = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            assertEquals("minimize", there.get("direction").asText());
            assertEquals(here.get("best"), there.get("best"));
            assertTrue(there.get("engine").asText().startsWith("cluster: 2 nodes"), there.toString());
        }
    }

    @Test
    void evaluationsAreTheSameOnTwoNodesWithTheirContext() throws Exception {
        Path lhs = ReplexProcess.HOME.resolve("examples/evaluate-lhs.conf");
        runLocally(lhs, "0", "local");
        Path sleep = tmp.resolve("sleep.conf");
        Files.writeString(sleep, SLEEP_JOB);
        runLocally(sleep, "0", "local-sleep");

        try (LocalCluster cluster = twoNodes()) {
            Path out = tmp.resolve("cluster");
            ReplexProcess.Result r = submit(cluster, lhs, out);
            byte[] expected = Files.readAllBytes(tmp.resolve("local/evaluations.csv"));
            assertArrayEquals(expected, Files.readAllBytes(out.resolve("evaluations.csv")),
                    "evaluations.csv from the cluster");
            List<String> lines = Files.readAllLines(out.resolve("evaluations.csv"), StandardCharsets.UTF_8);
            assertTrue(lines.get(0).contains(",ode_steps,ode_evaluations,ode_status,status,message"), lines.get(0));
            assertTrue(lines.stream().skip(1).anyMatch(l -> l.matches(".*,[0-9]+\\.0,[0-9]+\\.0,ok,ok,")),
                    "metric and metadata values from the nodes: " + lines.get(1));
            assertTrue(r.out().contains("cluster: 2 nodes, 2 worker threads"), r.out());
            JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            assertEquals(200, summary.get("ok").asInt());
            assertTrue(summary.get("engine").asText().startsWith("cluster: 2 nodes"), summary.toString());
            for (String line : Files.readAllLines(out.resolve("timings.csv")).subList(1, 201)) {
                assertTrue(line.contains("akka://replex@127.0.0.1:"), "evaluated on a node: " + line);
            }

            Path outSleep = tmp.resolve("cluster-sleep");
            submit(cluster, sleep, outSleep, "--quiet");
            assertArrayEquals(Files.readAllBytes(tmp.resolve("local-sleep/evaluations.csv")),
                    Files.readAllBytes(outSleep.resolve("evaluations.csv")), "evaluations.csv of the sleep target");
            Set<String> nodes = new TreeSet<>();
            for (String line : Files.readAllLines(outSleep.resolve("timings.csv")).subList(1, 61)) {
                nodes.add(line.split(",")[2]);
            }
            assertEquals(2, nodes.size(), "both nodes pulled points: " + nodes);

            // SIGTERM (as Ctrl-C) once some points are done: the points under way finish, the client leaves the
            // cluster, and resume --contact evaluates the rest; the file is the uninterrupted run's
            Path longer = tmp.resolve("longer.conf");
            Files.writeString(longer, SLEEP_JOB.replace("points = 60", "points = 200"));
            runLocally(longer, "2", "local-longer");
            Path outStop = tmp.resolve("cluster-stop");
            Path results = outStop.resolve("checkpoints/evaluate-results.jsonl");
            Process submit = ReplexProcess.start(tmp, tmp.resolve("stop.out"), tmp.resolve("stop.err"), "submit",
                    longer.toString(), "--contact", cluster.contact(), "--out", outStop.toString(), "--quiet");
            try {
                Await.until("5 points done", submit, Duration.ofSeconds(120), Duration.ofMillis(50),
                        () -> Files.readString(tmp.resolve("stop.err")),
                        () -> Files.exists(results) && Files.readAllLines(results).size() >= 5);
                submit.destroy(); // SIGTERM
                assertTrue(submit.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "submit did not stop");
            } finally {
                submit.destroyForcibly();
            }
            String err = Files.readString(tmp.resolve("stop.err"));
            assertEquals(143, submit.exitValue(), err);
            assertTrue(err.contains("replex: continue with: replex resume " + outStop), err);
            int kept = Files.readAllLines(results).size();
            assertTrue(kept >= 5 && kept < 200, "points kept: " + kept);
            ReplexProcess.Result resumed = ReplexProcess.run(tmp, 300, "resume", outStop.toString(), "--contact",
                    cluster.contact());
            assertEquals(0, resumed.exitCode(), resumed.err());
            assertTrue(resumed.err().contains("(" + kept + " of 200 points done)"), resumed.err());
            assertArrayEquals(Files.readAllBytes(tmp.resolve("local-longer/evaluations.csv")),
                    Files.readAllBytes(outStop.resolve("evaluations.csv")), "evaluations.csv after stop and resume");
            assertEquals(kept, new ObjectMapper().readTree(outStop.resolve("summary.json").toFile())
                    .get("resumed_points").asInt());
            for (String line : Files.readAllLines(tmp.resolve("node-" + cluster.contact().split(":")[1] + ".log"))) {
                assertTrue(!line.contains("UNREACHABLE"), "the stopped client left the cluster: " + line);
            }
        }
    }

    /** Runs {@code replex run job --workers workers --out tmp/<out> --quiet}; asserts exit status 0. */
    private void runLocally(Path job, String workers, String out) throws Exception {
        ReplexProcess.Result r = ReplexProcess.run(tmp, 120, "run", job.toString(), "--workers", workers, "--out",
                tmp.resolve(out).toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
    }

    /** @return a loopback cluster of two nodes, each with one worker thread */
    private LocalCluster twoNodes() throws Exception {
        LocalCluster cluster = new LocalCluster(tmp);
        try {
            cluster.addNode();
            cluster.addNode();
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Runs {@code replex submit job --contact <the cluster> --out out options...}; asserts exit status 0. */
    private ReplexProcess.Result submit(LocalCluster cluster, Path job, Path out, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("submit", job.toString(), "--contact", cluster.contact(), "--out",
                out.toString()));
        args.addAll(List.of(options));
        ReplexProcess.Result r = ReplexProcess.run(tmp, 300, args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.err());
        return r;
    }
}
