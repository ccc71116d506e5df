package replex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** Help and input errors of {@code node}, {@code submit}, {@code status} and {@code cancel} (no cluster needed). */
class ClusterCommandsTest {

    @TempDir
    Path dir;

    record Outcome(int code, String out, String err) {
    }

    static Outcome replex(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ReplexCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static void assertUsageError(Outcome o, String mentions) {
        assertEquals(ExitCodes.USAGE, o.code(), o.err());
        assertTrue(o.err().contains(mentions), o.err());
        assertEquals(1, o.err().lines().count(), "one line: " + o.err());
        assertFalse(o.err().contains("\tat "), o.err());
    }

    @Test
    void helpOfEveryClusterCommandListsItsOptions() {
        for (List<String> c : List.of(
                List.of("node", "--port", "--seed-node", "--host", "--workers", "--classpath", "REPLEX_SEED_NODES",
                        "--config", "kubernetes", "REPLEX_CONFIG"),
                List.of("submit", "FILE", "--contact", "--out", "--seed", "--classpath", "Exit codes"),
                List.of("status", "--contact", "--host"),
                List.of("cancel", "JOB_ID", "--contact"))) {
            Outcome o = replex(c.get(0), "--help");
            assertEquals(ExitCodes.OK, o.code());
            for (String option : c.subList(1, c.size())) {
                assertTrue(o.out().contains(option), c.get(0) + " --help lacks " + option + ":\n" + o.out());
            }
        }
        Outcome root = replex("--help");
        for (String command : List.of("run", "node", "submit", "status", "cancel", "plot")) {
            assertTrue(root.out().contains(command), root.out());
        }
    }

    @Test
    void malformedContactIsAUsageError() throws Exception {
        assertUsageError(replex("status", "--contact", "localhost"), "--contact");
        assertUsageError(replex("cancel", "job-1", "--contact", "127.0.0.1:99999"), "--contact");
        Path job = dir.resolve("job.conf");
        Files.writeString(job, "job { target { name = gaussian, means = [0] }, rounds = 10 }");
        assertUsageError(replex("submit", job.toString(), "--contact", "127.0.0.1:x"), "--contact");
    }

    @Test
    void cancelWithoutATokenIsAUsageErrorBeforeContactingTheCluster() throws Exception {
        // Nothing listens on this port: the missing token must be reported first, without any network wait.
        assertUsageError(replex("cancel", "job-1", "--contact", "127.0.0.1:9"), "--token-file");
        assertUsageError(replex("cancel", "job-1", "--contact", "127.0.0.1:9", "--token-file",
                dir.resolve("missing").toString()), "--token-file");
    }

    @Test
    void submitChecksTheJobFileBeforeContactingTheCluster() throws Exception {
        Path job = dir.resolve("job.conf");
        Files.writeString(job, "job { target { name = gaussian, means = [0] }, rounds = -1 }");
        // Nothing listens on this port: the job file error must come first, without any network wait.
        assertUsageError(replex("submit", job.toString(), "--contact", "127.0.0.1:9"), "job.rounds");
    }

    @Test
    void nodeNeedsASeedNodeAndValidOptions() {
        assertUsageError(replex("node", "--port", "0", "--seed-node", "nohost"), "--seed-node");
        assertUsageError(replex("node", "--port", "70000", "--seed-node", "127.0.0.1:2551"), "--port");
        assertUsageError(replex("node", "--workers", "0", "--seed-node", "127.0.0.1:2551"), "--workers");
        assertUsageError(replex("node", "--seed-node", "127.0.0.1:2551", "--classpath",
                dir.resolve("missing.jar").toString()), "--classpath");
    }

    @Test
    void aSecondNodeOnABusyPortFailsWithOneLine() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            String address = "127.0.0.1:" + busy.getLocalPort();
            Outcome o = replex("node", "--host", "127.0.0.1", "--port", Integer.toString(busy.getLocalPort()),
                    "--seed-node", address);
            assertEquals(ExitCodes.RUN_FAILED, o.code(), o.err());
            assertEquals(List.of("replex: run failed: cannot listen on " + address + ": the port is already in use "
                    + "(is a replex node running there?); choose another --port (--verbose shows the stack trace)"),
                    o.err().lines().toList());
        }
    }

    @Test
    void nodeConfigIsClusterOrKubernetesAndKubernetesTakesNoSeedNodes() {
        assertUsageError(replex("node", "--config", "k8s", "--seed-node", "127.0.0.1:2551"), "--config");
        assertUsageError(replex("node", "--config", "kubernetes", "--seed-node", "127.0.0.1:2551"), "--seed-node");
    }

    @Test
    void missingContactIsAUsageError() {
        Outcome o = replex("status");
        assertEquals(ExitCodes.USAGE, o.code());
        assertTrue(o.err().contains("--contact"), o.err());
    }
}
