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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;

import replex.actors.JobManager;
import replex.cluster.ClusterClient;
import replex.cluster.HostPort;

/**
 * Optimize jobs with real processes: {@code replex run} stopped by SIGINT and continued by
 * {@code replex resume}; {@code replex submit} to loopback clusters of 1 and 3 nodes; and a
 * submitted job that survives the SIGKILL of a worker node. Every output must be the
 * {@code best.csv} and {@code history.csv} of an uninterrupted {@code replex run --workers 0}, byte
 * for byte. Each test prints what it measured on stdout.
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
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.isDirectory(dir) || Files.list(dir).noneMatch(p -> p.toString().endsWith(".rpx"))) {
                if (!run.isAlive()) {
                    fail("the run ended before its first checkpoint: " + Files.readString(stderr));
                }
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint within 120 s");
                }
                Thread.sleep(20);
            }
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
        Path clientOut = tmp.resolve("submit.out");
        Path clientErr = tmp.resolve("submit.err");
        long t0 = System.nanoTime();
        Process client = ReplexProcess.start(tmp, clientOut, clientErr, "submit", job.toString(), "--contact",
                cluster.contact(), "--out", out.toString(), "--quiet");
        try {
            long seen = awaitRound(watcher, 1000, client, clientErr);
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

    /** Waits until the running job has done {@code round} rounds (the job manager's status). */
    private static long awaitRound(ClusterClient watcher, long round, Process client, Path clientErr)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!client.isAlive()) {
                fail("the client ended (exit " + client.exitValue() + ") before round " + round + ": "
                        + Files.readString(clientErr) + "\nlast status: " + last);
            }
            JobManager.StatusReport report = watcher.ask(ref -> new JobManager.GetStatus(ref, null),
                    Duration.ofSeconds(10));
            last = report.jobs().toString();
            for (JobManager.JobStatus job : report.jobs()) {
                if ("running".equals(job.state()) && job.roundsDone() >= round) {
                    return job.roundsDone();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the job never reached round " + round + "; last status: " + last);
    }
}
