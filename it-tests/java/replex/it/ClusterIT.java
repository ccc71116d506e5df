package replex.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Cluster mode with real processes on loopback: worker nodes started with {@code bin/replex node},
 * jobs sent from client processes with {@code bin/replex submit}.
 */
class ClusterIT {

    /** 3 chains × 8 levels = 24 replicas. */
    static final String JOB = "job { seed = 11, chains = 3, temperatures { count = 8, beta-min = 0.01 },\n"
            + "  rounds = 600, steps-per-round = 10, burn-in-rounds = 150, proposal { adapt = covariance },\n"
            + "  target { name = gaussian-mixture, weights = [0.3, 0.7], means = [[-6, -6], [6, 6]], sd = 1 } }\n";

    @TempDir
    Path tmp;

    static Map.Entry<Integer, Integer> replicaSpread(Path out) throws Exception {
        JsonNode perNode = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("replicas_per_node");
        int max = 0;
        int total = 0;
        for (Iterator<JsonNode> it = perNode.elements(); it.hasNext();) {
            int n = it.next().asInt();
            max = Math.max(max, n);
            total += n;
        }
        assertEquals(24, total, "every replica placed once: " + perNode);
        return Map.entry(perNode.size(), max);
    }

    @Test
    void drawsAreByteIdenticalFromRunAndFromClustersOfOneTwoAndThreeNodes() throws Exception {
        Path job = tmp.resolve("job.conf");
        Files.writeString(job, JOB);
        ReplexProcess.Result seq = ReplexProcess.run(tmp, 120, "run", job.toString(), "--workers", "0", "--out",
                tmp.resolve("seq").toString(), "--quiet");
        assertEquals(0, seq.exitCode(), seq.err());
        ReplexProcess.Result two = ReplexProcess.run(tmp, 120, "run", job.toString(), "--workers", "2", "--out",
                tmp.resolve("w2").toString(), "--quiet");
        assertEquals(0, two.exitCode(), two.err());
        byte[] reference = Files.readAllBytes(tmp.resolve("seq/draws.csv"));
        assertArrayEquals(reference, Files.readAllBytes(tmp.resolve("w2/draws.csv")), "run --workers 2");

        try (LocalCluster cluster = new LocalCluster(tmp)) {
            for (int nodes = 1; nodes <= 3; nodes++) {
                cluster.addNode();
                Path out = tmp.resolve("cluster" + nodes);
                ReplexProcess.Result r = ReplexProcess.run(tmp, 300, "submit", job.toString(), "--contact",
                        cluster.contact(), "--out", out.toString(), "--quiet");
                assertEquals(0, r.exitCode(), r.err());
                assertArrayEquals(reference, Files.readAllBytes(out.resolve("draws.csv")),
                        "submit to a cluster of " + nodes + " node(s)");
                Map.Entry<Integer, Integer> spread = replicaSpread(out);
                assertEquals(nodes, spread.getKey(), "every node hosted replicas");
                assertEquals(24 / nodes, spread.getValue(), "replicas spread evenly over " + nodes + " nodes");
            }
            ReplexProcess.Result status = ReplexProcess.run(tmp, 120, "status", "--contact", cluster.contact(),
                    "--connect-timeout", "60");
            assertEquals(0, status.exitCode(), status.err());
            assertTrue(status.out().contains("worker nodes: 3"), status.out());
            assertEquals(3, status.out().lines().filter(l -> l.contains(" finished ")).count(), status.out());
        }
    }

    @Test
    void concurrentJobsFromTwoClientsAndARejectedJob() throws Exception {
        Path jobA = tmp.resolve("a.conf");
        // Job A records with each draw the per-term log-likelihoods of a composite target
        // (output.draws-metrics): evaluated on the node that holds the replica, carried to the client.
        String mixture = "name = gaussian-mixture, weights = [0.3, 0.7], means = [[-6, -6], [6, 6]], sd = 1";
        Files.writeString(jobA, JOB.replace("target { " + mixture + " }", "target { type = composite, terms = [{ "
                + "label = first, " + mixture + " }, { label = second, " + mixture.replace("sd = 1", "sd = 2")
                + " }] }") + "output.draws-metrics = [second, first]\n");
        Path jobB = tmp.resolve("b.conf");
        // Job B also writes every level's draws (output.all-levels): they stream from the cluster by level.
        Files.writeString(jobB, JOB.replace("seed = 11", "seed = 12").replace("rounds = 600", "rounds = 500")
                + "output.all-levels = true\n");
        Path bad = tmp.resolve("bad.conf");
        Files.writeString(bad, "job { rounds = 100, target { name = gaussian, means = [0], sds = [-1] } }\n");
        try (LocalCluster cluster = new LocalCluster(tmp)) {
            cluster.addNode();
            cluster.addNode();
            CompletableFuture<ReplexProcess.Result> a = CompletableFuture.supplyAsync(() -> submit(jobA, "outA",
                    cluster));
            CompletableFuture<ReplexProcess.Result> b = CompletableFuture.supplyAsync(() -> submit(jobB, "outB",
                    cluster));
            // While both run, an invalid job is rejected with the reason, and disturbs nothing.
            ReplexProcess.Result rejected = submit(bad, "outBad", cluster);
            assertEquals(2, rejected.exitCode(), rejected.err());
            assertTrue(rejected.err().contains("job.target.sds"), rejected.err());
            assertFalse(rejected.err().contains("\tat "), "no stack trace: " + rejected.err());
            assertFalse(Files.exists(tmp.resolve("outBad/draws.csv")));

            assertEquals(0, a.get().exitCode(), a.get().err());
            assertEquals(0, b.get().exitCode(), b.get().err());
            for (String[] pair : new String[][] {{"a.conf", "outA"}, {"b.conf", "outB"}}) {
                ReplexProcess.Result seq = ReplexProcess.run(tmp, 120, "run", tmp.resolve(pair[0]).toString(),
                        "--workers", "0", "--out", tmp.resolve(pair[1] + "-seq").toString(), "--quiet");
                assertEquals(0, seq.exitCode(), seq.err());
                assertArrayEquals(Files.readAllBytes(tmp.resolve(pair[1] + "-seq/draws.csv")),
                        Files.readAllBytes(tmp.resolve(pair[1]).resolve("draws.csv")), pair[0]);
            }
            assertFalse(Files.exists(tmp.resolve("outA/draws-level-0.csv")), "job A keeps level 0 only");
            List<String> drawsA = Files.readAllLines(tmp.resolve("outA/draws.csv"));
            assertEquals("chain,draw,x[1],x[2],log_likelihood,log_prior,second,first", drawsA.get(0));
            String[] row = drawsA.get(drawsA.size() - 1).split(",", -1);
            assertEquals(Double.parseDouble(row[4]), Double.parseDouble(row[6]) + Double.parseDouble(row[7]),
                    1e-9 * Math.abs(Double.parseDouble(row[4])), "the terms' log-likelihoods add up to the row's");
            for (int k = 0; k < 8; k++) {
                String level = "draws-level-" + k + ".csv";
                assertArrayEquals(Files.readAllBytes(tmp.resolve("outB-seq").resolve(level)),
                        Files.readAllBytes(tmp.resolve("outB").resolve(level)), "b.conf, " + level);
            }
        }
    }

    @Test
    void aUserClassThatSomeNodeCannotLoadIsRejectedBeforeItStarts() throws Exception {
        // replex.cli.UserTarget is a test class: only the first node gets it through --classpath.
        Path testClasses = ReplexProcess.JAR.getParent().resolve("test-classes");
        Path job = tmp.resolve("user.conf");
        Files.writeString(job, "job { rounds = 50, target { class = \"replex.cli.UserTarget\" } }\n");
        try (LocalCluster cluster = new LocalCluster(tmp)) {
            cluster.addNode("--classpath", testClasses.toString());
            cluster.addNode();
            ReplexProcess.Result r = submit(job, "outUser", cluster);
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains("job rejected") && r.err().contains("replex.cli.UserTarget"), r.err());
            assertFalse(Files.exists(tmp.resolve("outUser/draws.csv")));
        }
    }

    @Test
    void aClientThatDiesDoesNotKillItsJob() throws Exception {
        Path job = tmp.resolve("long.conf");
        // Long enough (about a minute: a likelihood that waits 0.5 ms, 2 000 rounds) that a status poll,
        // itself a short-lived JVM joining the cluster, sees the job running before it ends, however fast
        // the engine and however slow the CI machine.
        Files.writeString(job, JOB.replace("rounds = 600", "rounds = 2000").replace(
                "target { name = gaussian-mixture, weights = [0.3, 0.7], means = [[-6, -6], [6, 6]], sd = 1 }",
                "target { name = sleep, dimension = 2, latency-ms = 0.5 }"));
        try (LocalCluster cluster = new LocalCluster(tmp)) {
            cluster.addNode();
            cluster.addNode();
            Process client = ReplexProcess.start(tmp, tmp.resolve("client.log"), "submit", job.toString(), "--contact",
                    cluster.contact(), "--out", tmp.resolve("outLong").toString(), "--quiet");
            try {
                String running = awaitStatus(cluster, " running ", 120);
                assertTrue(running.contains("/2000"), running);
            } finally {
                ReplexProcess.stop(client); // kill -9: no goodbye to the cluster
            }
            String finished = awaitStatus(cluster, " finished ", 480);
            assertTrue(finished.contains("2000/2000"), finished);
            assertFalse(Files.exists(tmp.resolve("outLong/summary.json")), "the dead client wrote nothing");
        }
    }

    @Test
    void submittingWithoutAClusterFailsWithAClearMessage() throws Exception {
        Path job = tmp.resolve("job.conf");
        Files.writeString(job, JOB);
        // Nothing listens on this port: the client gives up after its join timeout (30 s).
        ReplexProcess.Result r = ReplexProcess.run(tmp, 120, "submit", job.toString(), "--contact",
                "127.0.0.1:" + LocalCluster.freePort(), "--out", tmp.resolve("none").toString(), "--quiet");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("could not reach"), r.err());
        assertFalse(Files.exists(tmp.resolve("none/draws.csv")));
    }

    /** Polls {@code replex status} until a line contains {@code text}; returns the output. */
    private String awaitStatus(LocalCluster cluster, String text, int timeoutSeconds) throws Exception {
        String[] last = {""};
        return Await.until("replex status showing '" + text + "'", Duration.ofSeconds(timeoutSeconds),
                Duration.ofSeconds(1), () -> "last:\n" + last[0], () -> {
                    ReplexProcess.Result status = ReplexProcess.run(tmp, 120, "status", "--contact", cluster.contact(),
                            "--connect-timeout", "60");
                    last[0] = status.out() + status.err();
                    boolean shown = status.exitCode() == 0 && status.out().lines().anyMatch(l -> l.contains(text));
                    return shown ? status.out() : null;
                });
    }

    private ReplexProcess.Result submit(Path job, String out, LocalCluster cluster) {
        try {
            return ReplexProcess.run(tmp, 300, "submit", job.toString(), "--contact", cluster.contact(), "--out",
                    tmp.resolve(out).toString(), "--quiet");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
