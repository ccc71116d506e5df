package replex.cli;

import static replex.cli.BenchRunner.CLUSTER_START_TIMEOUT;
import static replex.cli.BenchRunner.LOOPBACK;
import static replex.cli.BenchRunner.NODE_STOP_GRACE;
import static replex.cli.BenchRunner.WORKER_NODES;
import static replex.cli.BenchRunner.kill;
import static replex.cli.BenchRunner.lastErrorLine;
import static replex.cli.BenchRunner.readLinesQuietly;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;

import replex.cli.BenchPlan.Setting;
import replex.cli.BenchRunner.RunFailedException;

/**
 * The local cluster of one {@code replex bench} setting with more than one node: {@code replex node}s
 * on free loopback ports, started together and awaited by reading the first node's output until it
 * reports every worker node up; stopped with SIGTERM, then SIGKILL after a grace period.
 */
final class BenchCluster {

    /** Starts a process of this Replex build: its arguments, its log, whether its output is piped. */
    @FunctionalInterface
    interface Launcher {
        Process start(List<String> args, Path log, boolean pipe) throws IOException;
    }

    private final Launcher launcher;
    private final Consumer<List<String>> addClasspath;
    private final List<NodeProcess> nodes = new ArrayList<>();

    /**
     * @param launcher starts (and tracks) a process
     * @param addClasspath adds the {@code --classpath} options to a node's arguments
     */
    BenchCluster(Launcher launcher, Consumer<List<String>> addClasspath) {
        this.launcher = launcher;
        this.addClasspath = addClasspath;
    }

    /** A node process whose output a thread copies to its log, watching for the cluster's size. */
    private final class NodeProcess {
        final Process process;
        final Path log;
        final CompletableFuture<Void> clusterUp = new CompletableFuture<>();
        private volatile String lastLine = "";

        NodeProcess(List<String> args, Path log, int expectedWorkers) throws IOException {
            this.log = log;
            this.process = launcher.start(args, log, true);
            Thread pump = new Thread(() -> pump(expectedWorkers), "replex-bench-node-output");
            pump.setDaemon(true);
            pump.start();
        }

        private void pump(int expectedWorkers) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (!line.isBlank()) {
                        lastLine = line.strip();
                    }
                    Matcher m = WORKER_NODES.matcher(line);
                    if (expectedWorkers > 0 && m.find() && Integer.parseInt(m.group(1)) >= expectedWorkers) {
                        clusterUp.complete(null);
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                clusterUp.completeExceptionally(e);
            }
            // end of output: the process has exited (or closed its output)
            clusterUp.completeExceptionally(new IllegalStateException("exited with code " + exitCode()
                    + " before the cluster was up; last line: " + (lastLine.isEmpty() ? "(no output)" : lastLine)));
        }

        private String exitCode() {
            try {
                return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "(still running)";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "(unknown)";
            }
        }
    }

    /** Starts the nodes of a setting and waits until the first one sees all of them up; @return the contact */
    String start(Setting setting, Path runDir)
            throws IOException, InterruptedException, RunFailedException {
        List<Integer> ports = freePorts(setting.nodes());
        String contact = LOOPBACK + ":" + ports.get(0);
        for (int i = 0; i < setting.nodes(); i++) {
            List<String> args = new ArrayList<>(List.of("node", "--host", LOOPBACK, "--port",
                    Integer.toString(ports.get(i)), "--seed-node", contact, "--workers",
                    Integer.toString(setting.workers())));
            addClasspath.accept(args);
            nodes.add(new NodeProcess(args, runDir.resolve("node-" + (i + 1) + ".log"), i == 0 ? setting.nodes() : 0));
        }
        // a node that exits early fails the wait as well
        List<CompletableFuture<Void>> watched = new ArrayList<>();
        watched.add(nodes.get(0).clusterUp);
        for (int i = 1; i < nodes.size(); i++) {
            NodeProcess node = nodes.get(i);
            watched.add(node.process.onExit().thenCompose(p -> CompletableFuture.failedFuture(
                    new IllegalStateException("exited with code " + p.exitValue()
                            + " before the cluster was up; last line: " + node.lastLine))));
        }
        CompletableFuture<Object> first = CompletableFuture.anyOf(watched.toArray(new CompletableFuture<?>[0]));
        try {
            first.get(CLUSTER_START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new RunFailedException(setting.label() + ": the " + setting.nodes() + " nodes did not form a cluster "
                    + "within " + CLUSTER_START_TIMEOUT.toSeconds() + " s; last line of node 1: "
                    + nodes.get(0).lastLine + " (output in " + nodes.get(0).log + ")");
        } catch (ExecutionException e) {
            int failed = 0;
            for (int i = 0; i < nodes.size(); i++) {
                if (!nodes.get(i).process.isAlive()) {
                    failed = i;
                    break;
                }
            }
            NodeProcess node = nodes.get(failed);
            String why = e.getCause() != null ? e.getCause().getMessage() : String.valueOf(e);
            List<String> lines = readLinesQuietly(node.log);
            throw new RunFailedException(setting.label() + ": node " + (failed + 1) + " of " + setting.nodes() + " "
                    + (node.process.isAlive() ? why : "exited with code " + node.process.exitValue() + ": "
                    + lastErrorLine(lines)) + " (output in " + node.log + ")");
        }
        return contact;
    }

    private static List<Integer> freePorts(int count) throws IOException {
        // all sockets open at once, so the ports differ; closed before the nodes bind them
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
                sockets.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    /** SIGTERM to every node (a graceful leave), then SIGKILL to those still alive after the grace period. */
    void stop() throws InterruptedException {
        for (NodeProcess n : nodes) {
            n.process.destroy();
        }
        long deadline = System.nanoTime() + NODE_STOP_GRACE.toNanos();
        for (NodeProcess n : nodes) {
            long left = deadline - System.nanoTime();
            if (!n.process.waitFor(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
                kill(n.process);
            }
        }
    }
}
