package replex.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;

import replex.actors.JobManager;
import replex.cluster.ClusterClient;

/**
 * Real {@code bin/replex node} processes forming a cluster on loopback (127.0.0.1, free ports).
 * {@link #close()} always stops every process (SIGTERM, then SIGKILL), also when a test fails.
 */
final class LocalCluster implements AutoCloseable {

    private final Path dir;
    private final int seedPort;
    private final List<Process> nodes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final Map<String, String> environment;
    private final String javaOpts;

    LocalCluster(Path dir) throws IOException {
        this(dir, Map.of());
    }

    /**
     * @param dir where the node logs go (the nodes' working directory)
     * @param environment extra environment variables of every node, e.g. {@code REPLEX_CHECKPOINT_DIR}
     *     or {@code JAVA_OPTS} (JVM options appended to {@code -Xmx384m}, e.g. {@code -Dakka....=...})
     */
    LocalCluster(Path dir, Map<String, String> environment) throws IOException {
        this.dir = dir;
        this.seedPort = freePort();
        this.environment = new java.util.HashMap<>(environment);
        String extra = this.environment.remove("JAVA_OPTS");
        this.javaOpts = "-Xmx384m" + (extra == null ? "" : " " + extra);
    }

    /** @return the contact address of the first node, {@code 127.0.0.1:port} */
    String contact() {
        return "127.0.0.1:" + seedPort;
    }

    /** Starts one more worker node and waits until the first node sees all of them up. */
    void addNode(String... extraArgs) throws Exception {
        int port = nodes.isEmpty() ? seedPort : freePort();
        List<String> command = new ArrayList<>(List.of("sh", ReplexProcess.HOME.resolve("bin/replex").toString(),
                "node", "--port", Integer.toString(port), "--seed-node", contact(), "--workers", "1"));
        command.addAll(List.of(extraArgs));
        Path log = dir.resolve("node-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("REPLEX_JAR", ReplexProcess.JAR.toString());
        pb.environment().putAll(environment);
        pb.environment().put("JAVA_OPTS", javaOpts);
        nodes.add(pb.start());
        logs.add(log);
        awaitLine(logs.get(0), "(worker nodes: " + nodes.size() + ")", Duration.ofSeconds(90));
    }

    /**
     * @param index the node, in the order started
     * @return its process (the node's JVM: the launcher execs it)
     */
    Process process(int index) {
        return nodes.get(index);
    }

    /** @return the number of nodes started */
    int size() {
        return nodes.size();
    }

    /**
     * @param index the node, in the order started (0 = the first, oldest node)
     * @return its log (stdout and stderr)
     */
    Path log(int index) {
        return logs.get(index);
    }

    /**
     * Kills a node with SIGKILL (no goodbye to the cluster) and waits until its process is gone.
     *
     * @param index the node, in the order started (0 = the first, oldest node)
     */
    void kill(int index) throws InterruptedException {
        Process p = nodes.get(index);
        ReplexProcess.stop(p);
    }

    private static void awaitLine(Path log, String text, Duration timeout) throws Exception {
        Await.until("a line containing '" + text + "' in " + log, timeout, Duration.ofMillis(200),
                () -> Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)",
                () -> Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text));
    }

    /** @return the last 60 lines of a log, or "(no log)" */
    static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : nodes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : nodes) {
            if (!waitFor(p)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    /**
     * @param watcher a client node of the cluster
     * @return the worker nodes that {@code watcher} sees up, oldest first, as {@code host:port}
     */
    static List<String> upWorkers(ClusterClient watcher) {
        List<Member> workers = new ArrayList<>();
        for (Member m : Cluster.get(watcher.system()).state().getMembers()) {
            if (m.hasRole("worker") && m.status() == MemberStatus.up()) {
                workers.add(m);
            }
        }
        workers.sort(Member.ageOrdering());
        List<String> list = new ArrayList<>();
        for (Member m : workers) {
            list.add(m.address().getHost().orElseThrow() + ":" + m.address().getPort().orElseThrow());
        }
        return list;
    }

    /**
     * Starts {@code replex submit job --contact <contact()> --out out --quiet} in the background; the
     * caller must stop it.
     *
     * @param stderr where its stderr goes, a file {@code <name>.err}; its stdout goes beside it to {@code <name>.out}
     */
    Process startSubmit(Path workDir, Path job, Path out, Path stderr) throws IOException {
        return startSubmit(workDir, contact(), job, out, stderr);
    }

    /** As {@link #startSubmit(Path, Path, Path, Path)}, through another node's contact address. */
    static Process startSubmit(Path workDir, String contact, Path job, Path out, Path stderr) throws IOException {
        String name = stderr.getFileName().toString();
        if (!name.endsWith(".err")) {
            throw new IllegalArgumentException("not a .err file: " + stderr);
        }
        Path stdout = stderr.resolveSibling(name.substring(0, name.length() - ".err".length()) + ".out");
        return ReplexProcess.start(workDir, stdout, stderr, "submit", job.toString(), "--contact", contact, "--out",
                out.toString(), "--quiet");
    }

    /**
     * Asks the job manager through {@code watcher} every 100 ms, as {@code replex status} does, until a
     * running job that {@code which} accepts has done {@code round} rounds (those of its slowest chain).
     * A {@code replex status} process cannot do this: each is a JVM joining and leaving the cluster,
     * 5-10 s here, during which a fast job runs thousands of rounds.
     *
     * @param which the jobs looked at; one of them finished before the round is a failure (a job too short)
     * @param client the job's {@code replex submit}: its end before the round is a failure
     * @param clientErr the client's stderr, in the failure's message
     * @return the job's status at the round
     */
    static JobManager.JobStatus awaitRound(ClusterClient watcher, Predicate<JobManager.JobStatus> which, long round,
            Process client, Path clientErr, Duration timeout) throws Exception {
        String[] last = {""};
        return Await.until("the job at round " + round, client, timeout, Duration.ofMillis(100),
                () -> Files.readString(clientErr) + "\nlast status: " + last[0], () -> {
                    JobManager.StatusReport report = watcher.ask(ref -> new JobManager.GetStatus(ref, null),
                            Duration.ofSeconds(10));
                    last[0] = report.jobs().toString();
                    for (JobManager.JobStatus job : report.jobs()) {
                        if (!which.test(job)) {
                            continue;
                        }
                        assertFalse("finished".equals(job.state()), "the job finished before round " + round
                                + " was seen: make it longer; " + job);
                        if ("running".equals(job.state()) && job.roundsDone() >= round) {
                            return job;
                        }
                    }
                    return null;
                });
    }

    /** Waits up to 15 s for a node to end; an interrupt ends the wait (and is kept) so that close still kills. */
    private static boolean waitFor(Process p) {
        try {
            return p.waitFor(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
