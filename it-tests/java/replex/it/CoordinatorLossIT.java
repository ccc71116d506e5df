package replex.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static replex.it.CheckpointIT.assertSameBytes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;

import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;

import replex.actors.JobManager;
import replex.cluster.ClusterClient;
import replex.cluster.HostPort;

/**
 * The loss of the coordinator's node, with real processes: three {@code replex node} JVMs share a
 * checkpoint directory ({@code REPLEX_CHECKPOINT_DIR}); node 0, the oldest (it hosts the JobManager
 * singleton and every job's coordinator), is killed with SIGKILL while a {@code replex submit} job
 * runs. The JobManager moves to node 1, restarts the job from its newest checkpoint file, and the
 * still-attached client writes the same {@code draws.csv}, byte for byte, as an uninterrupted
 * {@code replex run --workers 0}. Then, on the same (two-node) cluster: {@code replex fetch} of that
 * job, of an unknown job, and of a job whose client was killed while it ran.
 *
 * <p>One cluster for the class (ordered tests, {@link TestInstance.Lifecycle#PER_CLASS}): starting
 * three nodes costs about 15 s. The second test uses the first test's job. Each test prints what it
 * measured on stdout ({@code [CoordinatorLossIT] ...}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoordinatorLossIT {

    /**
     * 3 chains × 8 levels = 24 replicas, 8 per node. About 20-30 s on the 3-node loopback cluster
     * here while this JVM polls it (round trips dominate); a checkpoint file every {@link #EVERY}
     * rounds, so that several exist when node 0 is killed (at 30-60 % of the rounds).
     */
    static final int ROUNDS = 12000;
    static final int EVERY = ROUNDS / 20;
    static final String JOB = "job { seed = %d, chains = 3, temperatures { count = 8, beta-min = 0.01 },\n"
            + "  rounds = %d, steps-per-round = 10, burn-in-rounds = %d, thin = %d,\n"
            + "  checkpoint-every = %d, proposal { adapt = covariance },\n"
            + "  target { name = gaussian-mixture, weights = [0.3, 0.7], means = [[-6, -6], [6, 6]], sd = 1 } }\n";

    /**
     * The job whose client is killed: on the 2 surviving nodes. Long enough (about 25-30 s here) to
     * still be running when {@code replex fetch} gets into the cluster: 10-15 s after a client's
     * SIGKILL, since the dead client, unreachable, blocks the membership's convergence and a new
     * member gets in only as "weakly up" (after akka.cluster.allow-weakly-up-members, 7 s) or once
     * the dead client is downed (failure detector, then the split-brain resolver's stable-after).
     */
    static final int ROUNDS2 = 40000;
    static final int EVERY2 = ROUNDS2 / 20;

    static String job(int seed, int rounds, int thin, int every) {
        return String.format(JOB, seed, rounds, rounds / 20, thin, every);
    }

    /** One folder for the class (logs, shared checkpoint directory, outputs): static, so set before @BeforeAll. */
    @TempDir
    static Path tmp;

    private Path shared;
    private LocalCluster cluster;
    private ClusterClient watcher;
    private Path job1;
    private Path job2;
    private byte[] reference1;
    private byte[] reference2;
    /** Test 1's job once it finished on the cluster (test 2 fetches it), else null. */
    private String finishedJob1;

    @BeforeAll
    void startClusterAndReferences() throws Exception {
        shared = tmp.resolve("shared");
        Files.createDirectories(shared);
        job1 = tmp.resolve("job1.conf");
        // Job 1 keeps every level's draws (output.all-levels), thinned 25 so that its draws stay about as
        // many as level 0's at thin 5: they survive the checkpoint restart and the fetch too.
        Files.writeString(job1, job(41, ROUNDS, 25, EVERY) + "output.all-levels = true\n");
        job2 = tmp.resolve("job2.conf");
        Files.writeString(job2, job(43, ROUNDS2, 25, EVERY2));
        long t0 = System.nanoTime();
        reference1 = reference(job1, "ref1");
        reference2 = reference(job2, "ref2");
        double refSeconds = seconds(t0);

        t0 = System.nanoTime();
        cluster = new LocalCluster(tmp, Map.of("REPLEX_CHECKPOINT_DIR", shared.toString(),
                "JAVA_OPTS", "-Dreplex.log.level=INFO"));
        for (int i = 0; i < 3; i++) {
            cluster.addNode();
        }
        // A client node in this JVM: follows the jobs through the JobManager (see awaitRound).
        watcher = ClusterClient.start(ClusterClient.config(HostPort.parse(cluster.contact(), "contact"), null,
                ConfigFactory.empty()), null);
        watcher.awaitUp(Duration.ofSeconds(60));
        System.out.printf("[CoordinatorLossIT] references (run --workers 0): %.1f s for both; 3-node cluster "
                + "with shared checkpoint directory up in %.1f s%n", refSeconds, seconds(t0));
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (watcher != null) {
                watcher.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private byte[] reference(Path job, String out) throws Exception {
        ReplexProcess.Result r = ReplexProcess.run(tmp, 120, "run", job.toString(), "--workers", "0", "--out",
                tmp.resolve(out).toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        return Files.readAllBytes(tmp.resolve(out).resolve("draws.csv"));
    }

    // ---------------------------------------------------------------------------------------------
    // 1. The node running the JobManager and the job's coordinator is killed.

    @Test
    @Order(1)
    void aJobSurvivesTheKillOfItsCoordinatorsNode() throws Exception {
        long killAfter = (long) (ROUNDS * (0.30 + 0.30 * new Random(7).nextDouble()));
        Path out = tmp.resolve("out1");
        Path clientErr = tmp.resolve("submit1.err");
        long t0 = System.nanoTime();
        // The client's contact is node 0, the node that is killed: a contact is only needed to join.
        Process client = cluster.startSubmit(tmp, job1, out, clientErr);
        try {
            JobManager.JobStatus seen = awaitRound(null, killAfter, client, clientErr, 240);
            String jobId = seen.jobId();
            Path jobDir = shared.resolve(jobId);
            // ... and at least one checkpoint file in the job's folder.
            Await.until("a checkpoint file in " + jobDir, Duration.ofSeconds(60), Duration.ofMillis(20),
                    () -> !CheckpointIT.checkpoints(jobDir).isEmpty());
            double beforeKill = seconds(t0);
            assertTrue(client.isAlive(), "the job is still running when node 0 is killed");
            LocalTime killedAt = LocalTime.now();
            long killed = System.nanoTime();
            cluster.kill(0);
            // Node 0 is gone: nothing writes to the job's folder until the job restarts elsewhere.
            List<Path> left = CheckpointIT.checkpoints(jobDir);
            assertFalse(left.isEmpty(), "checkpoints in " + jobDir);
            long newest = CheckpointIT.roundOf(left.get(left.size() - 1));

            // Follow the job through the new JobManager until the client has written the outputs.
            double managerBack = -1;
            double runningAgain = -1;
            double resultWritten = -1;
            long firstRoundAgain = -1;
            Path result = jobDir.resolve("result.rpx");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (client.isAlive()) {
                if (System.nanoTime() > until) {
                    fail("the job did not finish within 240 s of the kill of node 0; node 1 log:\n"
                            + LocalCluster.tail(cluster.log(1)) + "\nclient:\n" + Files.readString(clientErr));
                }
                if (resultWritten < 0 && Files.exists(result)) {
                    resultWritten = seconds(killed);
                }
                if (runningAgain < 0) {
                    JobManager.JobStatus s = status(jobId, Duration.ofSeconds(2));
                    if (s != null && managerBack < 0) {
                        managerBack = seconds(killed);
                    }
                    if (s != null && "running".equals(s.state()) && s.roundsDone() > 0) {
                        runningAgain = seconds(killed);
                        firstRoundAgain = s.roundsDone();
                    }
                }
                client.waitFor(100, TimeUnit.MILLISECONDS); // the loop's condition: the client's end
            }
            double clientExited = seconds(killed);
            if (resultWritten < 0 && Files.exists(result)) {
                resultWritten = clientExited;
            }
            String err = Files.readString(clientErr, StandardCharsets.UTF_8);
            assertEquals(0, client.exitValue(), err + "\nnode 1 log:\n" + LocalCluster.tail(cluster.log(1)));
            assertSameBytes(reference1, out.resolve("draws.csv"), "submit, coordinator's node killed at round "
                    + seen.roundsDone());
            assertSameLevels(tmp.resolve("ref1"), out, "submit, coordinator's node killed");

            // summary.json: the restart, from a checkpoint round.
            JsonNode recovery = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("recovery");
            assertTrue(recovery != null && recovery.isArray(), "summary.json recovery: " + recovery);
            List<JsonNode> restarts = new ArrayList<>();
            recovery.forEach(e -> {
                if ("job-restarted".equals(e.path("kind").asText())) {
                    restarts.add(e);
                }
            });
            assertEquals(1, restarts.size(), "one job-restarted event: " + recovery);
            long restored = restarts.get(0).path("restored_round").asLong(-1);
            assertEquals(0, restored % EVERY, "restarted from a checkpoint round: " + recovery);
            assertEquals(newest, restored, "restarted from the newest checkpoint left by node 0: " + left);
            assertTrue(restored > 0 && restored <= seen.roundsDone() + EVERY, "restored round " + restored
                    + ", round reached " + seen.roundsDone());

            // The job's folder: the result, no checkpoints.
            assertTrue(Files.exists(result), "result.rpx in " + jobDir);
            assertTrue(CheckpointIT.checkpoints(jobDir).isEmpty(), "checkpoints deleted: "
                    + CheckpointIT.checkpoints(jobDir));
            JobManager.JobStatus after = status(jobId, Duration.ofSeconds(10));
            assertNotNull(after, "the new JobManager knows the job");
            assertEquals("finished", after.state(), after.toString());
            finishedJob1 = jobId;

            // The split-brain resolver's decision is logged by the cluster's leader: any surviving member.
            String survivorLogs = Files.readString(cluster.log(1), StandardCharsets.UTF_8) + "\n"
                    + Files.readString(cluster.log(2), StandardCharsets.UTF_8);
            System.out.printf("[CoordinatorLossIT] coordinator's node (node 0) killed (SIGKILL) %.1f s after submit, "
                    + "the JobManager had reported round %d/%d (target %d); newest checkpoint then: round %d "
                    + "(checkpoint-every %d); restarted from round %d: about %d rounds replayed; after the kill: "
                    + "%s, JobManager answering again +%.1f s, job running again +%.1f s (at round %d), result.rpx "
                    + "+%.1f s, client exited (0) +%.1f s; summary.json recovery: %s%n", beforeKill,
                    seen.roundsDone(), ROUNDS, killAfter, newest, EVERY, restored, seen.roundsDone() - restored,
                    timeline(survivorLogs, killedAt), managerBack, runningAgain, firstRoundAgain, resultWritten,
                    clientExited, recovery);
        } finally {
            ReplexProcess.stop(client);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 2. replex fetch on the surviving nodes.

    @Test
    @Order(2)
    void fetchAfterTheRestartForAnUnknownJobAndForAJobWhoseClientWasKilled() throws Exception {
        assumeTrue(finishedJob1 != null, "needs the job of the first test");
        List<String> survivors = survivors();
        assertEquals(2, survivors.size(), "2 worker nodes left: " + survivors);

        // The restarted job's result, from the new JobManager (node 1, the oldest surviving node).
        long t0 = System.nanoTime();
        ReplexProcess.Result fetched = ReplexProcess.run(tmp, 120, "fetch", finishedJob1, "--contact",
                survivors.get(0), "--out", tmp.resolve("fetch1").toString(), "--quiet");
        double fetch1Seconds = seconds(t0);
        assertEquals(0, fetched.exitCode(), fetched.err());
        assertSameBytes(reference1, tmp.resolve("fetch1/draws.csv"), "fetch of the restarted job");
        assertSameLevels(tmp.resolve("ref1"), tmp.resolve("fetch1"), "fetch of the restarted job");
        JsonNode recovery = new ObjectMapper().readTree(tmp.resolve("fetch1/summary.json").toFile()).get("recovery");
        assertTrue(recovery != null && recovery.toString().contains("job-restarted"),
                "the fetched summary.json records the restart: " + recovery);

        // An unknown job: exit 2, the job named.
        t0 = System.nanoTime();
        ReplexProcess.Result unknown = ReplexProcess.run(tmp, 120, "fetch", "job-nonexistent", "--contact",
                survivors.get(1), "--out", tmp.resolve("fetch-none").toString(), "--quiet");
        double unknownSeconds = seconds(t0);
        assertEquals(2, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("job-nonexistent"), unknown.err());
        assertFalse(unknown.err().contains("\tat "), "no stack trace: " + unknown.err());
        assertFalse(Files.exists(tmp.resolve("fetch-none/draws.csv")), "nothing written for an unknown job");

        // A job whose client is killed (SIGKILL) while it runs, then fetched.
        Path clientErr = tmp.resolve("submit2.err");
        t0 = System.nanoTime();
        Process client = LocalCluster.startSubmit(tmp, survivors.get(1), job2, tmp.resolve("out2"), clientErr);
        JobManager.JobStatus seen;
        try {
            seen = awaitRound(finishedJob1, ROUNDS2 / 10, client, clientErr, 240);
        } finally {
            ReplexProcess.stop(client); // kill -9: no goodbye to the cluster
        }
        double clientKilled = seconds(t0);
        String jobId = seen.jobId();
        assertFalse(Files.exists(tmp.resolve("out2/draws.csv")), "the killed client wrote nothing");

        Set<String> before = members();
        Path fetchOut = tmp.resolve("fetch2.out");
        Path fetchErr = tmp.resolve("fetch2.err");
        long f0 = System.nanoTime();
        Process fetch = ReplexProcess.start(tmp, fetchOut, fetchErr, "fetch", jobId, "--contact", survivors.get(0),
                "--out", tmp.resolve("fetch2").toString(), "--quiet");
        double joined = -1;
        JobManager.JobStatus atJoin = null;
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (fetch.isAlive()) {
                if (System.nanoTime() > until) {
                    fail("replex fetch did not end within 240 s: " + Files.readString(fetchErr));
                }
                if (joined < 0 && !newClientMembers(before).isEmpty()) {
                    joined = seconds(f0);
                    atJoin = status(jobId, Duration.ofSeconds(5));
                }
                fetch.waitFor(100, TimeUnit.MILLISECONDS); // the loop's condition: the fetch's end
            }
        } finally {
            ReplexProcess.stop(fetch);
        }
        double fetch2Seconds = seconds(f0);
        String err = Files.readString(fetchErr, StandardCharsets.UTF_8);
        assertEquals(0, fetch.exitValue(), err);
        assertSameBytes(reference2, tmp.resolve("fetch2/draws.csv"), "fetch of the job whose client was killed");
        assertTrue(Files.exists(shared.resolve(jobId).resolve("result.rpx")), "result.rpx of " + jobId);
        assertTrue(CheckpointIT.checkpoints(shared.resolve(jobId)).isEmpty(), "checkpoints of " + jobId + " deleted");
        // It had to wait: the job still ran when the fetching client got into the cluster.
        assertNotNull(atJoin, "the fetching client was seen joining, and the job's status read then");
        assertEquals("running", atJoin.state(), "the job still ran when replex fetch joined: " + atJoin);

        System.out.printf("[CoordinatorLossIT] fetch of the restarted job %s from %s: %.1f s; fetch of an unknown job: "
                + "exit 2 in %.1f s (\"%s\"; its --out folder %s); second job %s: client killed (SIGKILL) %.1f s after submit at round "
                + "%d/%d; replex fetch then: in the cluster after %.1f s (the job at round %d/%d, %s), outputs "
                + "written after %.1f s%n", finishedJob1, survivors.get(0), fetch1Seconds, unknownSeconds,
                lastLine(unknown.err()), Files.isDirectory(tmp.resolve("fetch-none")) ? "was created, empty"
                        : "was not created", jobId, clientKilled, seen.roundsDone(), ROUNDS2, joined, atJoin.roundsDone(),
                ROUNDS2, atJoin.state(), fetch2Seconds);
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Asks the JobManager every 100 ms (from {@link #watcher}) until the job other than
     * {@code except} has reached {@code round} (its slowest chain); returns its status. A
     * {@code replex status} process would take 5-10 s per poll.
     */
    private JobManager.JobStatus awaitRound(String except, long round, Process client, Path clientErr,
            int timeoutSeconds) throws Exception {
        return LocalCluster.awaitRound(watcher, job -> !job.jobId().equals(except), round, client, clientErr,
                Duration.ofSeconds(timeoutSeconds));
    }

    /** @return the job's status from the JobManager, or null if no JobManager answered in time */
    private JobManager.JobStatus status(String jobId, Duration timeout) {
        try {
            JobManager.StatusReport report = watcher.ask(ref -> new JobManager.GetStatus(ref, null), timeout);
            for (JobManager.JobStatus job : report.jobs()) {
                if (job.jobId().equals(jobId)) {
                    return job;
                }
            }
            return null;
        } catch (RuntimeException e) { // the JobManager is moving: no answer yet
            return null;
        }
    }

    /** @return the worker nodes that are up, oldest first, as {@code host:port} */
    private List<String> survivors() {
        return LocalCluster.upWorkers(watcher);
    }

    /** @return the addresses of every member the watcher knows */
    private Set<String> members() {
        Set<String> set = new HashSet<>();
        for (Member m : Cluster.get(watcher.system()).state().getMembers()) {
            set.add(m.address().toString());
        }
        return set;
    }

    /** @return client members, up or weakly up, not in {@code before} (i.e. a client that joined since) */
    private List<String> newClientMembers(Set<String> before) {
        List<String> list = new ArrayList<>();
        for (Member m : Cluster.get(watcher.system()).state().getMembers()) {
            if (m.hasRole("client") && !before.contains(m.address().toString())
                    && (m.status() == MemberStatus.up() || m.status() == MemberStatus.weaklyUp())) {
                list.add(m.address().toString());
            }
        }
        return list;
    }

    /** When node 1 (the new JobManager's) saw node 0 unreachable, someone downed it, the job restarted. */
    private static String timeline(String log, LocalTime killedAt) {
        StringBuilder b = new StringBuilder();
        String[][] marks = {{"node 0 unreachable", "Marking node as UNREACHABLE"},
            {"downed", "SBR took decision"},
            {"JobManager restarts the job", "restarting from its checkpoints"}};
        for (String[] mark : marks) {
            Matcher m = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d+) .*" + Pattern.quote(mark[1]), Pattern.MULTILINE)
                    .matcher(log);
            if (m.find()) {
                b.append(b.length() == 0 ? "" : ", ").append(mark[0]).append(' ').append(offset(killedAt,
                        m.group(1)));
            }
        }
        return b.length() == 0 ? "(no timeline in the logs)" : b.toString();
    }

    private static String offset(LocalTime from, String time) {
        return String.format("+%.1f s", Duration.between(from, LocalTime.parse(time)).toMillis() / 1000.0);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** The draws of each of job 1's 8 levels ({@code draws-level-<k>.csv}) are those of the reference run. */
    private static void assertSameLevels(Path reference, Path actual, String what) throws IOException {
        for (int k = 0; k < 8; k++) {
            String level = "draws-level-" + k + ".csv";
            assertSameBytes(Files.readAllBytes(reference.resolve(level)), actual.resolve(level), what + ", " + level);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
