package replex.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;

import replex.cluster.ClusterClient;
import replex.cluster.HostPort;

/**
 * Checkpoints with real processes: {@code replex run} stopped by SIGINT / SIGTERM and continued by
 * {@code replex resume} (also on the other engine, and past a damaged newest checkpoint), a fresh
 * run refused where checkpoints are waiting, and a cluster job that survives the SIGKILL of a
 * worker node. Every continued run must write the same {@code draws.csv}, byte for byte, as an
 * uninterrupted {@code replex run --workers 0} of the same job.
 *
 * <p>Each test prints what it measured (stop latency, resume time, rounds replayed, ...) on stdout.
 */
class CheckpointIT {

    /**
     * 4 chains × 8 levels, 2-d mixture: about 5-10 s for {@code run --workers 0} here, long enough
     * to be interrupted after its first checkpoint (default checkpoint-every = 3000). Heavy thinning
     * keeps draws.csv and the checkpoints (which hold the draws so far) small.
     */
    static final int ROUNDS = 30000;
    static final String JOB = "job { seed = 23, chains = 4, temperatures { count = 8, beta-min = 0.01 },\n"
            + "  rounds = " + ROUNDS + ", steps-per-round = 100, burn-in-rounds = 3000, thin = 200,\n"
            + "  proposal { adapt = covariance }%s\n"
            + "  target { name = gaussian-mixture, weights = [0.3, 0.7], means = [[-6, -6], [6, 6]], sd = 1 } }\n";

    /** Shared by the tests of one class run: the uninterrupted reference and its timings. */
    @TempDir
    static Path shared;
    private static byte[] reference;

    @TempDir
    Path tmp;

    /** @return the job file text, with {@code extra} job keys (e.g. {@code ", checkpoint-every = 300"}) */
    static String job(String extra) {
        return String.format(JOB, extra);
    }

    /**
     * The draws of an uninterrupted {@code run --workers 0} of {@link #JOB} (computed once). Also
     * runs it without checkpoints ({@code checkpoint-every = 0}): same draws, and the two times
     * show what checkpointing costs.
     */
    static synchronized byte[] reference() throws Exception {
        if (reference == null) {
            Path job = shared.resolve("job.conf");
            Files.writeString(job, job(""));
            long t0 = System.nanoTime();
            ReplexProcess.Result r = ReplexProcess.run(shared, 300, "run", job.toString(), "--workers", "0", "--out",
                    shared.resolve("ref").toString(), "--quiet");
            double withCheckpoints = seconds(t0);
            assertEquals(0, r.exitCode(), r.err());
            reference = Files.readAllBytes(shared.resolve("ref/draws.csv"));
            assertFalse(Files.exists(shared.resolve("ref/checkpoints")), "checkpoints deleted after the run");

            Path noCkpt = shared.resolve("nockpt.conf");
            Files.writeString(noCkpt, job(", checkpoint-every = 0"));
            t0 = System.nanoTime();
            r = ReplexProcess.run(shared, 300, "run", noCkpt.toString(), "--workers", "0", "--out",
                    shared.resolve("ref0").toString(), "--quiet");
            double without = seconds(t0);
            assertEquals(0, r.exitCode(), r.err());
            assertSameBytes(reference, shared.resolve("ref0/draws.csv"), "checkpoint-every = 0");
            System.out.printf("[CheckpointIT] reference run --workers 0 (%d rounds): %.1f s with checkpoints every "
                    + "%d rounds, %.1f s without; draws.csv %d bytes%n", ROUNDS, withCheckpoints, ROUNDS / 10,
                    without, reference.length);
        }
        return reference;
    }

    /**
     * 1. Ctrl-C (SIGINT) on `replex run` (sequential engine): exit 130, final checkpoint; `replex resume
     * --workers 2` continues it on the actor engine with the same draws.
     */
    @Test
    void sigintWritesACheckpointAndResumeGivesIdenticalDraws() throws Exception {
        byte[] expected = reference();
        Path out = tmp.resolve("out");
        Stopped stopped = stopWithAFinalCheckpoint(out, "0", "INT", 130);
        assertFalse(Files.exists(out.resolve("draws.csv")) || Files.exists(out.resolve("summary.json")),
                "a stopped run writes no outputs");

        Resumed resumed = resume(out, "--workers", "2");
        assertTrue(resumed.err().contains("resuming from") && resumed.err().contains(checkpointName(stopped.round())),
                resumed.err());
        double resumeSeconds = resumed.seconds();
        JsonNode settings = resumed.settings(expected, "run --workers 0 stopped by SIGINT, then resume --workers 2");
        assertTrue(settings.get("engine").asText().startsWith("actors"), "resumed on the actor engine: "
                + settings.get("engine"));
        assertFalse(Files.exists(out.resolve("checkpoints")), "checkpoints deleted after the resumed run");
        String recovery = recoveryNote(out, "resumed", stopped.round());
        System.out.printf("[CheckpointIT] SIGINT: stopped after round %d/%d, %.2f s from signal to exit; "
                + "resume --workers 2 %.1f s;"
                + " %s%n", stopped.round(), ROUNDS, stopped.stopSeconds(), resumeSeconds, recovery);
    }

    /** 2. SIGTERM on the actor engine (workers 2): exit 143; the sequential engine continues its checkpoint. */
    @Test
    void sigtermOnTheActorEngineAndResumeOnTheSequentialEngine() throws Exception {
        byte[] expected = reference();
        Path out = tmp.resolve("out");
        Stopped stopped = stopWithAFinalCheckpoint(out, "2", "TERM", 143);

        Resumed resumed = resume(out, "--workers", "0", "--quiet");
        double resumeSeconds = resumed.seconds();
        JsonNode settings = resumed.settings(expected, "run --workers 2 stopped by SIGTERM, then resume --workers 0");
        assertEquals("sequential", settings.get("engine").asText(), "resumed on the sequential engine");
        String recovery = recoveryNote(out, "resumed", stopped.round());
        System.out.printf("[CheckpointIT] SIGTERM (actor engine, 2 workers): stopped after round %d/%d, %.2f s from "
                + "signal to exit; resume --workers 0 %.1f s; %s%n", stopped.round(), ROUNDS, stopped.stopSeconds(),
                resumeSeconds, recovery);
    }

    /** 3. The newest checkpoint truncated: resume says it skipped it and continues from the previous one. */
    @Test
    void aTruncatedNewestCheckpointIsSkipped() throws Exception {
        byte[] expected = reference();
        Path out = tmp.resolve("out");
        Stopped stopped = runAndStop(", checkpoint-every = 300", out, "0", "INT", 2, 130);
        Path dir = out.resolve("checkpoints");
        List<Path> files = checkpoints(dir);
        assertEquals(2, files.size(), "the 2 newest checkpoints are kept: " + files);
        Path newest = files.get(files.size() - 1);
        Path previous = files.get(0);
        assertEquals(checkpointName(stopped.round()), newest.getFileName().toString());
        long size = Files.size(newest);
        try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            ch.truncate(size / 2);
        }

        ReplexProcess.Result resumed = ReplexProcess.run(tmp, 300, "resume", out.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("Skipped a bad checkpoint") && resumed.err().contains(newest.getFileName()
                .toString()) && resumed.err().contains("truncated"), resumed.err());
        assertTrue(resumed.err().contains("resuming from") && resumed.err().contains(previous.getFileName().toString()),
                resumed.err());
        assertSameBytes(expected, out.resolve("draws.csv"), "resume past a truncated newest checkpoint");
        String recovery = recoveryNote(out, "resumed", roundOf(previous));
        System.out.printf("[CheckpointIT] truncated newest checkpoint (%s, %d -> %d bytes): resumed from %s; "
                + "checkpoint-every 300: %d rounds run twice; %s%n", newest.getFileName(), size, size / 2,
                previous.getFileName(), stopped.round() - roundOf(previous), recovery);
    }

    /** 4. A fresh `replex run` into a directory with waiting checkpoints is refused and touches nothing. */
    @Test
    void aFreshRunIntoADirectoryWithCheckpointsIsRefused() throws Exception {
        Path out = tmp.resolve("out");
        Stopped stopped = runAndStop(", checkpoint-every = 1000", out, "0", "INT", 1, 130);
        Path dir = out.resolve("checkpoints");
        List<Path> before = checkpoints(dir);
        List<byte[]> contents = new ArrayList<>();
        for (Path f : before) {
            contents.add(Files.readAllBytes(f));
        }

        ReplexProcess.Result again = ReplexProcess.run(tmp, 120, "run", stopped.job().toString(), "--workers", "0",
                "--out",
                out.toString(), "--quiet");
        assertEquals(2, again.exitCode(), again.err());
        assertTrue(again.err().contains("replex resume " + out), again.err());
        assertTrue(again.err().contains(before.get(before.size() - 1).getFileName().toString()), again.err());
        assertFalse(again.err().contains("\tat "), "no stack trace: " + again.err());
        assertEquals(before, checkpoints(dir), "the checkpoints are untouched");
        for (int i = 0; i < before.size(); i++) {
            assertSameBytes(contents.get(i), before.get(i), "checkpoint unchanged");
        }
        assertFalse(Files.exists(out.resolve("draws.csv")), "the refused run wrote nothing");
        System.out.println("[CheckpointIT] fresh run refused: " + again.err().strip());
    }

    // ---------------------------------------------------------------------------------------------
    // 5. Cluster: a worker node dies (SIGKILL) while a submitted job runs.

    /**
     * 3 chains × 8 levels = 24 replicas, 8 per node on 3 nodes: every chain has replicas on every
     * node. 10-35 s on a 3-node loopback cluster here, depending on the load (the round trips
     * dominate); {@link LocalCluster#awaitRound} follows it closely enough to kill at a chosen round.
     */
    static final int CLUSTER_ROUNDS = 10000;
    static final int CLUSTER_CHECKPOINT_EVERY = CLUSTER_ROUNDS / 20;
    static final String CLUSTER_JOB = "job { seed = 31, chains = 3, temperatures { count = 8, beta-min = 0.01 },\n"
            + "  rounds = " + CLUSTER_ROUNDS + ", steps-per-round = 10, burn-in-rounds = 500, thin = 5,\n"
            + "  checkpoint-every = " + CLUSTER_CHECKPOINT_EVERY + ", proposal { adapt = covariance },\n"
            + "  target { name = gaussian-mixture, weights = [0.3, 0.7], means = [[-6, -6], [6, 6]], sd = 1 } }\n";

    /** The coordinator's log line for each chain that lost replicas (node 0's log, WARN). */
    static final Pattern RESTORED = Pattern.compile("^(\\S+) .*chain (\\d+) lost replicas \\[[^\\]]*\\] and continues "
            + "from round (\\d+) \\(replaying (\\d+) rounds\\)", Pattern.MULTILINE);

    /**
     * The cluster's own settings (conf/cluster.conf: failure detector, keep-majority after a stable
     * 10 s): the job stalls for about 30 s after the kill (unreachable after ~6 s, downed 10 s later,
     * and sharding re-homes the dead node's shards only after its down-removal margin, which the
     * split-brain resolver sets to stable-after: 10 s more).
     */
    @Test
    void aJobSurvivesTheKillOfAWorkerNodeWithIdenticalDraws() throws Exception {
        Path job = tmp.resolve("cluster.conf");
        Files.writeString(job, CLUSTER_JOB);
        long t0 = System.nanoTime();
        ReplexProcess.Result seq = ReplexProcess.run(tmp, 300, "run", job.toString(), "--workers", "0", "--out",
                tmp.resolve("seq").toString(), "--quiet");
        assertEquals(0, seq.exitCode(), seq.err());
        double seqSeconds = seconds(t0);
        byte[] expected = Files.readAllBytes(tmp.resolve("seq/draws.csv"));

        try (LocalCluster cluster = new LocalCluster(tmp)) {
            for (int i = 0; i < 3; i++) {
                cluster.addNode();
            }
            // A client node in this JVM that follows the job (see awaitRound).
            try (ClusterClient watcher = ClusterClient.start(ClusterClient.config(HostPort.parse(cluster.contact(),
                    "contact"), null, ConfigFactory.empty()), null)) {
                watcher.awaitUp(Duration.ofSeconds(60));
                killDuringJob(cluster, watcher, job, expected, seqSeconds);
            }
        }
    }

    private void killDuringJob(LocalCluster cluster, ClusterClient watcher, Path job, byte[] expected,
            double seqSeconds) throws Exception {
        // Kill once the slowest chain has passed a round drawn from a fixed seed: 20 %..40 % of the job.
        long killAfter = (long) (CLUSTER_ROUNDS * (0.20 + 0.20 * new Random(5).nextDouble()));
        Path out = tmp.resolve("out");
        Path clientErr = tmp.resolve("submit.err");
        long t0 = System.nanoTime();
        Process client = cluster.startSubmit(tmp, job, out, clientErr);
        try {
            long seen = LocalCluster.awaitRound(watcher, j -> true, killAfter, client, clientErr,
                    Duration.ofSeconds(240)).roundsDone();
            double beforeKill = seconds(t0);
            // Not the first (oldest) node: it runs the job manager and the job's coordinator.
            assertTrue(client.isAlive(), "the job is still running when the node is killed");
            java.time.LocalTime killedAt = java.time.LocalTime.now();
            long killed = System.nanoTime();
            cluster.kill(2);
            if (!client.waitFor(240, TimeUnit.SECONDS)) {
                fail("the job did not finish within 240 s of the kill of a worker node; node 0 log:\n"
                        + LocalCluster.tail(cluster.log(0)) + "\nclient:\n" + Files.readString(clientErr));
            }
            double afterKill = seconds(killed);
            String err = Files.readString(clientErr, StandardCharsets.UTF_8);
            assertEquals(0, client.exitValue(), err + "\nnode 0 log:\n" + LocalCluster.tail(cluster.log(0)));
            assertSameBytes(expected, out.resolve("draws.csv"), "cluster job after the kill of a worker node");

            String log = Files.readString(cluster.log(0), StandardCharsets.UTF_8);
            Matcher m = RESTORED.matcher(log);
            String recoveredAt = m.find() ? m.group(1) : null;
            // The recovery events: from summary.json, or else from the coordinator's warnings in node 0's log.
            List<long[]> events = new ArrayList<>(); // {chain or -1, reached, restored, replayed}
            JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            JsonNode recovery = summary.get("recovery");
            if (recovery != null && recovery.isArray()) {
                for (JsonNode e : recovery) {
                    assertEquals("replicas-restored", e.path("kind").asText(), "recovery: " + recovery);
                    events.add(new long[] {-1, e.path("detected_at_round").asLong(),
                        e.path("restored_round").asLong(), e.path("rounds_replayed").asLong()});
                }
            } else {
                for (m.reset(); m.find();) {
                    long restored = Long.parseLong(m.group(3));
                    long replay = Long.parseLong(m.group(4));
                    events.add(new long[] {Long.parseLong(m.group(2)), restored + replay, restored, replay});
                }
            }
            assertEquals(3, events.size(), "one recovery per chain (every chain had replicas on the dead node); "
                    + "summary.json recovery: " + recovery + "\nnode 0 log:\n" + LocalCluster.tail(cluster.log(0)));
            List<String> recoveries = new ArrayList<>();
            long replayed = 0;
            long reached = 0;
            for (long[] e : events) {
                assertEquals(0, e[2] % CLUSTER_CHECKPOINT_EVERY, "a chain restarts from a snapshot round");
                assertTrue(e[2] <= e[1] && e[3] == e[1] - e[2], "restored <= reached, replayed = the difference");
                recoveries.add(e[1] + " -> " + e[2]);
                replayed += e[3];
                reached = Math.max(reached, e[1]);
            }
            // Snapshots every checkpoint-every rounds (in memory: this cluster has no checkpoint directory), and a
            // chain waits for its dead replicas: each chain replays fewer rounds than the interval.
            for (long[] e : events) {
                assertTrue(e[3] < CLUSTER_CHECKPOINT_EVERY, "replayed " + e[3] + " rounds: " + recovery);
            }
            JsonNode perNode = summary.get("replicas_per_node");
            assertEquals(2, perNode.size(), "the replicas ended on the 2 surviving nodes: " + perNode);

            // What `replex status` says afterwards: 2 worker nodes, the job finished.
            ReplexProcess.Result status = ReplexProcess.run(tmp, 120, "status", "--contact", cluster.contact(),
                    "--connect-timeout", "60");
            assertEquals(0, status.exitCode(), status.err());
            assertTrue(status.out().contains("worker nodes: 2"), status.out());
            assertTrue(status.out().contains(" finished ") && status.out().contains(CLUSTER_ROUNDS + "/"
                    + CLUSTER_ROUNDS), status.out());
            System.out.printf("[CheckpointIT] node killed (SIGKILL) %.1f s after submit, the job manager had "
                    + "reported round %d/%d (target %d), chains at round %d when the loss was handled; after the "
                    + "kill: %s; job finished %.1f s after the kill; recoveries (round reached -> restored): %s, "
                    + "%d rounds replayed in all (%s); uninterrupted run --workers 0: %.1f s; replicas per node at the "
                    + "end: %s%n", beforeKill, seen, CLUSTER_ROUNDS, killAfter, reached, timeline(log, killedAt,
                    recoveredAt), afterKill, recoveries, replayed, recovery != null ? "from summary.json"
                    : "from node 0's log; summary.json has no recovery section", seqSeconds, perNode);
        } finally {
            ReplexProcess.stop(client);
        }
    }

    /** When node 0 noticed the loss, downed the node, restored the chains: seconds after the kill. */
    private static String timeline(String log, java.time.LocalTime killedAt, String recoveredAt) {
        StringBuilder b = new StringBuilder();
        String[][] marks = {{"unreachable", "Marking node as UNREACHABLE"}, {"downed", "SBR took decision"},
            {"sharding still waiting for shard homes", "Requested shard homes"}};
        for (String[] mark : marks) {
            Matcher m = Pattern.compile("^(\\S+) .*" + Pattern.quote(mark[1]), Pattern.MULTILINE).matcher(log);
            if (m.find()) {
                b.append(mark[0]).append(' ').append(offset(killedAt, m.group(1))).append(", ");
            }
        }
        if (recoveredAt != null) {
            b.append("chains restored ").append(offset(killedAt, recoveredAt));
        }
        return b.toString();
    }

    private static String offset(java.time.LocalTime from, String time) {
        try {
            return String.format("+%.1f s", java.time.Duration.between(from, java.time.LocalTime.parse(time))
                    .toMillis() / 1000.0);
        } catch (java.time.format.DateTimeParseException e) {
            return time;
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** A run stopped by a signal: its exit code, stderr, the round it reported, the stop latency, its job file. */
    record Stopped(int exitCode, String err, long round, double stopSeconds, Path job) {
    }

    /**
     * Starts {@code replex run} of {@link #job job(extra)} (written to {@code tmp/job.conf}), waits until
     * {@code checkpoints} checkpoint files exist, sends the signal, waits for the process to end and
     * asserts its {@code exitCode}. The rounds go on meanwhile, so the signal comes somewhere between
     * that checkpoint and the next: the run must checkpoint where it is.
     */
    private Stopped runAndStop(String extra, Path out, String workers, String signal, int checkpoints, int exitCode)
            throws Exception {
        Path job = tmp.resolve("job.conf");
        Files.writeString(job, job(extra));
        Path stdout = tmp.resolve("run.out");
        Path stderr = tmp.resolve("run.err");
        Process run = ReplexProcess.start(tmp, stdout, stderr, "run", job.toString(), "--workers", workers, "--out",
                out.toString(), "--quiet");
        Stopped stopped;
        try {
            assumeFalse(ignores(run, signal.equals("INT") ? 2 : 15),
                    "SIG" + signal + " is ignored in this environment (inherited): cannot test it");
            Path dir = out.resolve("checkpoints");
            Await.until(checkpoints + " checkpoint(s) in " + dir, run, Duration.ofSeconds(120), Duration.ofMillis(20),
                    () -> "(a run that ends first needs a longer job) stderr: " + Files.readString(stderr),
                    () -> checkpoints(dir).size() >= checkpoints);
            assertTrue(run.isAlive(), "the run is still going when signalled");
            long t0 = System.nanoTime();
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(run.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -" + signal);
            if (!run.waitFor(150, TimeUnit.SECONDS)) {
                fail("the run did not stop within 150 s of SIG" + signal + "; stderr: " + Files.readString(stderr));
            }
            double stopSeconds = seconds(t0);
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("replex: stopped after round (\\d+) of " + ROUNDS).matcher(err);
            long round = m.find() ? Long.parseLong(m.group(1)) : -1;
            stopped = new Stopped(run.exitValue(), err, round, stopSeconds, job);
        } finally {
            ReplexProcess.stop(run);
        }
        assertEquals(exitCode, stopped.exitCode(), stopped.err());
        return stopped;
    }

    /**
     * Runs {@link #JOB} (default checkpoint-every) on {@code workers}, sends SIG{@code signal} after its
     * first checkpoint, and checks the stop: the exit status, the messages, a final checkpoint at the
     * round it stopped after.
     */
    private Stopped stopWithAFinalCheckpoint(Path out, String workers, String signal, int exitCode) throws Exception {
        Stopped stopped = runAndStop("", out, workers, signal, 1, exitCode);
        assertStoppedMessages(stopped, out);
        assertTrue(Files.exists(out.resolve("checkpoints").resolve(checkpointName(stopped.round()))),
                "the final checkpoint is the stop round's: " + checkpoints(out.resolve("checkpoints")));
        return stopped;
    }

    /** A finished {@code replex resume}: its stderr, how long it took, and the folder it wrote. */
    record Resumed(String err, double seconds, Path out) {

        /** Asserts the uninterrupted run's draws ({@code what} names the case); returns summary.json's settings. */
        JsonNode settings(byte[] expected, String what) throws IOException {
            assertSameBytes(expected, out.resolve("draws.csv"), what);
            return new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("settings");
        }
    }

    /** Runs {@code replex resume out options...} (exit 0 asserted), timed. */
    private Resumed resume(Path out, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("resume", out.toString()));
        args.addAll(List.of(options));
        long t0 = System.nanoTime();
        ReplexProcess.Result resumed = ReplexProcess.run(tmp, 300, args.toArray(new String[0]));
        double seconds = seconds(t0);
        assertEquals(0, resumed.exitCode(), resumed.err());
        return new Resumed(resumed.err(), seconds, out);
    }

    private static void assertStoppedMessages(Stopped stopped, Path out) {
        assertTrue(stopped.round() > 0 && stopped.round() < ROUNDS, "'replex: stopped after round N of " + ROUNDS
                + "' on stderr: " + stopped.err());
        assertTrue(stopped.err().contains("replex: continue with: replex resume " + out), stopped.err());
    }

    /** @return whether the process ignores the signal (Linux: SigIgn of /proc/PID/status); false if unknown */
    static boolean ignores(Process p, int signal) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    return (mask & (1L << (signal - 1))) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone: assume the signal is delivered
        }
        return false;
    }

    /** @return the checkpoint files of a directory, oldest first (names sort by round); empty if none */
    static List<Path> checkpoints(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "checkpoint-*.rpx")) {
            s.forEach(files::add);
        } catch (java.nio.file.NoSuchFileException e) {
            return files;
        }
        files.sort(null);
        return files;
    }

    static String checkpointName(long round) {
        return String.format("checkpoint-%012d.rpx", round);
    }

    /** @return the round in a checkpoint file's name */
    static long roundOf(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring("checkpoint-".length(), name.length() - ".rpx".length()));
    }

    /**
     * What summary.json says about recovery: asserts an event of {@code kind} (at {@code round}, if
     * ≥ 0) when summary.json has a {@code recovery} section; otherwise says it has none.
     */
    private static String recoveryNote(Path out, String kind, long round) throws IOException {
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        JsonNode recovery = summary.get("recovery");
        if (recovery == null || recovery.isNull()) {
            return "summary.json has no 'recovery' section yet (not asserted)";
        }
        JsonNode events = recovery.isArray() ? recovery : recovery.get("events");
        assertTrue(events != null && events.isArray(), "summary.json recovery: " + recovery);
        for (JsonNode e : events) {
            if (kind.equals(e.path("kind").asText()) && (round < 0 || e.path("restored_round").asLong(
                    e.path("restoredRound").asLong(-1)) == round)) {
                return "summary.json recovery: " + recovery;
            }
        }
        fail("summary.json has no recovery event of kind " + kind + (round >= 0 ? " at round " + round : "") + ": "
                + recovery);
        return null;
    }

    /** Asserts that {@code actual} exists and holds {@code expected} (the uninterrupted run's), byte for byte. */
    static void assertSameBytes(byte[] expected, Path actual, String what) throws IOException {
        assertTrue(Files.exists(actual), what + ": no " + actual);
        byte[] got = Files.readAllBytes(actual);
        if (!java.util.Arrays.equals(expected, got)) {
            int i = java.util.Arrays.mismatch(expected, got);
            fail(what + ": " + actual + " differs from the uninterrupted run at byte " + i + " (sizes "
                    + expected.length + " and " + got.length + ")");
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
