package replex.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;

import replex.actors.JobManager;
import replex.cluster.ClusterClient;
import replex.cluster.HostPort;

/**
 * Optimize jobs with real processes: {@code replex run} stopped by SIGINT and continued by
 * {@code replex resume}; {@code replex submit} to loopback clusters of 1 and 3 nodes; a submitted job
 * that survives the SIGKILL of a worker node; and, on a cluster with a shared checkpoint directory, a
 * job that survives the SIGKILL of the node running the job manager and its coordinator, then
 * collected again by {@code replex fetch}. Every output must be the {@code best.csv} and
 * {@code history.csv} of an uninterrupted {@code replex run --workers 0}, byte for byte. Each test
 * prints what it measured on stdout.
 */
class OptimizeIT {

    /** 3 chains x 4 levels = 12 replicas of a 1000 x 2 table, the incremental Pearson-Spearman objective. */
    static final String JOB = "job { mode = optimize, seed = %d, objective { name = pearson-spearman-gap },\n"
            + "  state { file = \"%s\" }, chains = 3, temperatures { count = 4, t-min = 0.001, t-max = 0.1 },\n"
            + "  rounds = %d, steps-per-round = 50, move.cells = 3, checkpoint-every = %d }\n"
            + "output.history-every = 7\n";

    @TempDir
    Path tmp;

    private Path job(String name, long seed, int rounds, int checkpointEvery) throws Exception {
        Path data = ReplexProcess.HOME.resolve("examples/data/two-normals-1000.csv");
        Path file = tmp.resolve(name + ".conf");
        Files.writeString(file, String.format(JOB, seed, data, rounds, checkpointEvery));
        return file;
    }

    /** The outputs of an uninterrupted run --workers 0, in {@code tmp/<name>-seq}. */
    private Path reference(Path job, String name) throws Exception {
        Path out = tmp.resolve(name + "-seq");
        long t0 = System.nanoTime();
        ReplexProcess.Result r = ReplexProcess.run(tmp, 300, "run", job.toString(), "--workers", "0", "--out",
                out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        System.out.printf("[OptimizeIT] %s: run --workers 0 %.1f s%n", name, seconds(t0));
        return out;
    }

    private static void assertSameOutputs(Path expected, Path actual, String what) throws Exception {
        for (String file : new String[] {"best.csv", "history.csv"}) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(file)), Files.readAllBytes(actual.resolve(file)),
                    file + ": " + what);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** SIGINT stops `replex run` at a multiple of 10 after a checkpoint; `replex resume` continues it. */
    @Test
    void sigintWritesACheckpointAndResumeGivesIdenticalOutputs() throws Exception {
        Path job = job("stop", 5, 3000, 100);
        Path expected = reference(job, "stop");
        Path out = tmp.resolve("stopped");
        Path stdout = tmp.resolve("run.out");
        Path stderr = tmp.resolve("run.err");
        Process run = ReplexProcess.start(tmp, stdout, stderr, "run", job.toString(), "--workers", "2", "--out",
                out.toString(), "--quiet");
        long t0;
        try {
            assumeFalse(CheckpointIT.ignores(run, 2), "SIGINT is ignored in this environment (inherited)");
            Path dir = out.resolve("checkpoints");
            Await.until("a checkpoint in " + dir, run, Duration.ofSeconds(120), Duration.ofMillis(20),
                    () -> "stderr: " + Files.readString(stderr), () -> !CheckpointIT.checkpoints(dir).isEmpty());
            t0 = System.nanoTime();
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor());
            assertTrue(run.waitFor(120, TimeUnit.SECONDS), "stopped within 120 s of SIGINT");
        } finally {
            run.destroyForcibly();
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertEquals(130, run.exitValue(), err);
        Matcher m = Pattern.compile("replex: stopped after round (\\d+) of 3000").matcher(err);
        assertTrue(m.find(), err);
        long round = Long.parseLong(m.group(1));
        assertEquals(0, round % 10, "stops at a multiple of 10");
        assertTrue(err.contains("replex: continue with: replex resume " + out), err);
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"complete\": false"));
        double stop = seconds(t0);

        t0 = System.nanoTime();
        ReplexProcess.Result resumed = ReplexProcess.run(tmp, 300, "resume", out.toString(), "--workers", "0",
                "--quiet");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertSameOutputs(expected, out, "stopped by SIGINT after round " + round + " on 2 workers, resumed on 0");
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"complete\": true"));
        System.out.printf("[OptimizeIT] SIGINT: stopped after round %d of 3000 in %.2f s; resume --workers 0 %.1f s; "
                + "outputs identical%n", round, stop, seconds(t0));
    }

    /**
     * `replex submit` to clusters of 1 and 3 nodes gives the outputs of `run --workers 0`; then a
     * longer job survives the SIGKILL of a worker node (not the first, which runs the coordinator):
     * rolled back to its last snapshot on the 2 survivors, it ends with the same outputs.
     */
    @Test
    void submitGivesIdenticalOutputsAndSurvivesTheKillOfAWorkerNode() throws Exception {
        Path small = job("small", 11, 400, 100);
        Path expected = reference(small, "small");
        Path killed = job("killed", 17, 5000, 200);
        Path expectedKilled = reference(killed, "killed");
        try (LocalCluster cluster = new LocalCluster(tmp)) {
            cluster.addNode();
            for (int nodes : new int[] {1, 3}) {
                while (cluster.size() < nodes) {
                    cluster.addNode();
                }
                Path out = tmp.resolve("cluster" + nodes);
                long t0 = System.nanoTime();
                ReplexProcess.Result r = ReplexProcess.run(tmp, 300, "submit", small.toString(), "--contact",
                        cluster.contact(), "--out", out.toString());
                assertEquals(0, r.exitCode(), r.err());
                assertSameOutputs(expected, out, "submit to a cluster of " + nodes + " node(s)");
                String spread = nodes == 1 ? "12" : "4, 4, 4";
                assertTrue(r.out().contains("a cluster of " + nodes + " node" + (nodes == 1 ? "" : "s")
                        + " (replicas per node: " + spread + ")"), r.out());
                System.out.printf("[OptimizeIT] submit to %d node(s): %.1f s, outputs identical%n", nodes, seconds(t0));
            }
            try (ClusterClient watcher = ClusterClient.start(ClusterClient.config(HostPort.parse(cluster.contact(),
                    "contact"), null, ConfigFactory.empty()), null)) {
                watcher.awaitUp(Duration.ofSeconds(60));
                killDuringJob(cluster, watcher, killed, expectedKilled);
            }
        }
    }

    private void killDuringJob(LocalCluster cluster, ClusterClient watcher, Path job, Path expected) throws Exception {
        Path out = tmp.resolve("killed-out");
        Path clientErr = tmp.resolve("submit.err");
        long t0 = System.nanoTime();
        Process client = cluster.startSubmit(tmp, job, out, clientErr);
        try {
            long seen = awaitRound(watcher, client, clientErr).roundsDone();
            double before = seconds(t0);
            long killed = System.nanoTime();
            cluster.kill(2);
            if (!client.waitFor(240, TimeUnit.SECONDS)) {
                fail("the job did not finish within 240 s of the kill; client: " + Files.readString(clientErr));
            }
            String err = Files.readString(clientErr, StandardCharsets.UTF_8);
            assertEquals(0, client.exitValue(), err);
            assertSameOutputs(expected, out, "a job that lost a worker node (SIGKILL) at round " + seen);
            Matcher m = Pattern.compile("replex: recovered \\(replicas-restored\\): .*the job's 12 replicas restored "
                    + "from round (\\d+); (\\d+) rounds replayed").matcher(err);
            assertTrue(m.find(), err);
            long restored = Long.parseLong(m.group(1));
            assertEquals(0, restored % 200, "restored from a snapshot round");
            System.out.printf("[OptimizeIT] worker node killed %.1f s after submit (job at round %d of 5000); job "
                    + "finished %.1f s after the kill, restored from round %d, %s rounds replayed; outputs identical%n",
                    before, seen, seconds(killed), restored, m.group(2));
        } finally {
            client.destroyForcibly();
            client.waitFor();
        }
    }

    /**
     * Three nodes share a checkpoint directory; node 0 (the oldest: it runs the job manager and the job's
     * coordinator) is killed with SIGKILL once the job has written a checkpoint file. The job manager
     * moves to node 1 and restarts the job from its newest checkpoint; the still-attached client writes
     * the outputs of `run --workers 0` and its summary.json records the restart. The finished job's
     * result stays in the shared directory: `replex status` lists it with its best value, and
     * `replex fetch` writes the same files again.
     */
    @Test
    void aJobSurvivesTheKillOfItsCoordinatorsNodeAndIsFetchedAfterwards() throws Exception {
        int rounds = 5000;
        int every = 200;
        Path job = job("coordinator", 23, rounds, every);
        Path expected = reference(job, "coordinator");
        Path shared = tmp.resolve("shared");
        Files.createDirectories(shared);
        Path out = tmp.resolve("coordinator-out");
        Path clientErr = tmp.resolve("coordinator-submit.err");
        try (LocalCluster cluster = new LocalCluster(tmp, Map.of("REPLEX_CHECKPOINT_DIR", shared.toString(),
                "JAVA_OPTS", "-Dreplex.log.level=INFO"))) {
            for (int i = 0; i < 3; i++) {
                cluster.addNode();
            }
            try (ClusterClient watcher = ClusterClient.start(ClusterClient.config(HostPort.parse(cluster.contact(),
                    "contact"), null, ConfigFactory.empty()), null)) {
                watcher.awaitUp(Duration.ofSeconds(60));
                long t0 = System.nanoTime();
                // The client's contact is node 0, the node that is killed: a contact is only needed to join.
                Process client = cluster.startSubmit(tmp, job, out, clientErr);
                String jobId;
                long seen;
                long newest;
                double afterKill;
                try {
                    JobManager.JobStatus status = awaitRound(watcher, client, clientErr);
                    jobId = status.jobId();
                    seen = status.roundsDone();
                    Path jobDir = shared.resolve(jobId);
                    Await.until("a checkpoint file in " + jobDir, Duration.ofSeconds(60), Duration.ofMillis(20),
                            () -> !CheckpointIT.checkpoints(jobDir).isEmpty());
                    assertTrue(client.isAlive(), "the job still runs when node 0 is killed");
                    long killed = System.nanoTime();
                    cluster.kill(0);
                    List<Path> left = CheckpointIT.checkpoints(jobDir);
                    newest = CheckpointIT.roundOf(left.get(left.size() - 1));
                    if (!client.waitFor(300, TimeUnit.SECONDS)) {
                        fail("the job did not finish within 300 s of the kill of node 0; client: "
                                + Files.readString(clientErr));
                    }
                    afterKill = seconds(killed);
                } finally {
                    client.destroyForcibly();
                    client.waitFor();
                }
                String err = Files.readString(clientErr, StandardCharsets.UTF_8);
                assertEquals(0, client.exitValue(), err + "\nnode 1 log:\n" + Files.readString(cluster.log(1)));
                assertSameOutputs(expected, out, "submit, the coordinator's node killed at round " + seen);
                assertTrue(err.contains("replex: recovered (job-restarted): the node running the job's coordinator "
                        + "was lost"), err);
                JsonNode recovery = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("recovery");
                assertTrue(recovery != null && recovery.size() == 1, "summary.json recovery: " + recovery);
                assertEquals("job-restarted", recovery.get(0).path("kind").asText(), recovery.toString());
                long restored = recovery.get(0).path("restored_round").asLong(-1);
                assertEquals(newest, restored, "restarted from the newest checkpoint left by node 0");
                assertEquals(0, restored % every, "a checkpoint round");

                Path jobDir = shared.resolve(jobId);
                assertTrue(Files.exists(jobDir.resolve("result.rpx")), "result.rpx in " + jobDir);
                assertTrue(CheckpointIT.checkpoints(jobDir).isEmpty(), "checkpoints deleted");
                JobManager.JobStatus after = null;
                JobManager.StatusReport report = watcher.ask(ref -> new JobManager.GetStatus(ref, null),
                        Duration.ofSeconds(30));
                for (JobManager.JobStatus j : report.jobs()) {
                    after = j.jobId().equals(jobId) ? j : after;
                }
                assertTrue(after != null && "finished".equals(after.state()) && after.roundsDone() == rounds
                        && after.best() != null, "the new job manager lists the job, finished: " + after);

                String survivor = LocalCluster.upWorkers(watcher).get(0);
                long f0 = System.nanoTime();
                Path fetched = tmp.resolve("coordinator-fetch");
                ReplexProcess.Result fetch = ReplexProcess.run(tmp, 180, "fetch", jobId, "--contact", survivor, "--out",
                        fetched.toString(), "--quiet");
                double fetchSeconds = seconds(f0);
                assertEquals(0, fetch.exitCode(), fetch.err());
                assertSameOutputs(expected, fetched, "replex fetch of the restarted job");
                assertEquals(withoutWallTime(out), withoutWallTime(fetched), "summary.json of submit and fetch");
                // A client that has just left keeps a new one waiting to join for a while: more than status's 8 s.
                ReplexProcess.Result status = ReplexProcess.run(tmp, 120, "status", "--contact", survivor,
                        "--connect-timeout", "60");
                assertEquals(0, status.exitCode(), status.err());
                assertTrue(status.out().matches("(?s).*" + jobId + " +finished +" + rounds + "/" + rounds
                        + " .*best [-0-9.e]+.*"), status.out());
                System.out.printf("[OptimizeIT] coordinator's node killed (SIGKILL) at round %d of %d (newest "
                        + "checkpoint: round %d); restarted from round %d, client done %.1f s after the kill, "
                        + "%.1f s after submit; outputs identical; replex fetch %.1f s, identical%n", seen, rounds,
                        newest, restored, afterKill, seconds(t0), fetchSeconds);
            }
        }
    }

    /** summary.json without its wall time. */
    private static String withoutWallTime(Path out) throws Exception {
        return Files.readString(out.resolve("summary.json")).replaceAll("\"wall_seconds\" ?: [^,\\n]+", "");
    }

    /** Waits until the running job has done 1000 rounds (the job manager's status); returns its status. */
    private static JobManager.JobStatus awaitRound(ClusterClient watcher, Process client, Path clientErr)
            throws Exception {
        // the jobs not finished: the first test's cluster has run two small jobs before
        return LocalCluster.awaitRound(watcher, job -> !"finished".equals(job.state()), 1000, client, clientErr,
                Duration.ofSeconds(240));
    }
}
