package replex.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import replex.cluster.TestPki;

/**
 * Issue 13, scope 1: a cluster of real {@code replex node} JVMs on loopback with mutual TLS (a CA,
 * node and client certificates made by keytool as docs/security.md shows). A client and a node
 * whose certificates the cluster's CA did not sign cannot complete the handshake: the client's job
 * never arrives, the node never joins; a plain-TCP client cannot join either. A client with a
 * certificate from the CA runs its job, and its draws are the same, value for value, as the same
 * job's on a plain-TCP cluster. Prints the seconds per round with and without TLS.
 */
class TlsClusterIT {

    static final String JOB = "job { seed = 13, chains = 2, temperatures { count = 4, beta-min = 0.05 },\n"
            + "  rounds = 3000, steps-per-round = 1, target { name = gaussian, means = [0, 1] } }\n";

    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ReplexProcess.Result submit(Path dir, Map<String, String> env, String contact, Path out,
            int connectTimeout) throws Exception {
        Path job = dir.resolve("job.conf");
        Files.writeString(job, JOB);
        return ReplexProcess.run(dir, 300, env, "submit", job.toString(), "--contact", contact, "--out",
                out.toString(), "--quiet", "--connect-timeout", Integer.toString(connectTimeout));
    }

    private static double medianRoundSeconds(Path out) throws Exception {
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        return summary.get("round_seconds").get("median").asDouble();
    }

    private static long jobLines(String status) {
        return status.lines().filter(l -> l.startsWith("job-")).count();
    }

    @Test
    void aTlsClusterAdmitsOnlyMembersWithItsCertificatesAndDrawsMatchPlainTcp() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(tmp.resolve("pki")));
        Path nodeStore = pki.member("replex-node");
        Path clientStore = pki.member("replex-client");
        Path strangerStore = pki.selfSigned("stranger");
        Map<String, String> client = pki.environment(clientStore);
        Map<String, String> stranger = pki.environment(strangerStore);

        // The same job on a plain-TCP cluster of two nodes (loopback), for the draws and the round time.
        Path plainDir = Files.createDirectories(tmp.resolve("plain"));
        Path plainOut = plainDir.resolve("out");
        try (LocalCluster plain = new LocalCluster(plainDir)) {
            plain.addNode();
            plain.addNode();
            ReplexProcess.Result r = submit(plainDir, Map.of(), plain.contact(), plainOut, 60);
            assertEquals(0, r.exitCode(), r.err());
        }

        Path tlsDir = Files.createDirectories(tmp.resolve("tls"));
        try (LocalCluster tls = new LocalCluster(tlsDir, pki.environment(nodeStore))) {
            tls.addNode();
            tls.addNode();

            // A client with a certificate signed by the cluster's CA: its job runs.
            Path out = tlsDir.resolve("out");
            ReplexProcess.Result ok = submit(tlsDir, client, tls.contact(), out, 60);
            assertEquals(0, ok.exitCode(), ok.err());
            assertEquals(Files.readAllLines(plainOut.resolve("draws.csv")), Files.readAllLines(out.resolve("draws.csv")),
                    "the draws with TLS are those without, value for value");
            System.out.printf("[TlsClusterIT] median seconds per round, 2 nodes, 2 chains x 4 levels, d = 2: "
                    + "plain TCP %.6f, TLS %.6f (ratio %.2f)%n", medianRoundSeconds(plainOut), medianRoundSeconds(out),
                    medianRoundSeconds(out) / medianRoundSeconds(plainOut));

            // A client whose certificate the CA did not sign, and one without TLS: the handshake fails,
            // the client cannot join, its job never arrives.
            Path strangerDir = Files.createDirectories(tlsDir.resolve("stranger"));
            ReplexProcess.Result refused = submit(strangerDir, stranger, tls.contact(), strangerDir.resolve("out"), 10);
            assertEquals(1, refused.exitCode(), refused.err());
            assertTrue(refused.err().contains("could not reach") || refused.err().contains("before the job was "
                    + "admitted"), refused.err());
            Path plainClientDir = Files.createDirectories(tlsDir.resolve("plain-client"));
            ReplexProcess.Result plainClient = submit(plainClientDir, Map.of(), tls.contact(),
                    plainClientDir.resolve("out"), 10);
            assertEquals(1, plainClient.exitCode(), plainClient.err());

            // A worker node whose certificate the CA did not sign never joins.
            Map<String, String> strangerNode = new HashMap<>(stranger);
            strangerNode.put("JAVA_OPTS", "-Xmx256m -Dakka.cluster.shutdown-after-unsuccessful-join-seed-nodes=8s");
            Path strangerLog = tlsDir.resolve("stranger-node.log");
            ProcessBuilder pb = new ProcessBuilder("sh", ReplexProcess.HOME.resolve("bin/replex").toString(), "node",
                    "--port", Integer.toString(LocalCluster.freePort()), "--seed-node", tls.contact(), "--workers", "1")
                    .directory(tlsDir.toFile()).redirectErrorStream(true).redirectOutput(strangerLog.toFile());
            pb.environment().put("REPLEX_JAR", ReplexProcess.JAR.toString());
            pb.environment().putAll(strangerNode);
            Process node = pb.start();
            try {
                assertTrue(node.waitFor(120, TimeUnit.SECONDS), "the stranger node gives up joining");
                String log = Files.readString(strangerLog, StandardCharsets.UTF_8);
                assertTrue(log.contains("replex node started"), "it started and tried to join: " + log);
            } finally {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly();
            }

            ReplexProcess.Result status = ReplexProcess.run(tlsDir, 120, client, "status", "--contact",
                    tls.contact(), "--connect-timeout", "60");
            assertEquals(0, status.exitCode(), status.err());
            assertTrue(status.out().contains("worker nodes: 2"), "the stranger node did not join: " + status.out());
            assertEquals(1, jobLines(status.out()), "only the CA-signed client's job arrived: " + status.out());
        }
    }
}
