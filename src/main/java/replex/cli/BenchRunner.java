package replex.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import replex.cli.BenchPlan.Setting;
import replex.io.DrawsCsv;
import replex.io.RunSummary;

/**
 * Runs one setting of {@code replex bench} as separate processes of this same Replex build: for
 * nodes = 1 one {@code replex run JOB --workers W --out DIR --quiet}; for more nodes a local
 * cluster of {@code replex node}s on free loopback ports (127.0.0.1), started together and awaited
 * by reading the first node's output until it reports every worker node up, then
 * {@code replex submit JOB --contact ... --out DIR --quiet}, then the nodes are stopped (SIGTERM,
 * then SIGKILL after a grace period).
 *
 * <p>Every process it starts is tracked until it has exited; {@link #close()} and the JVM
 * shutdown hook installed by {@link #installShutdownHook()} (Ctrl-C) kill those still alive. The
 * processes run with this JVM's java, JVM options (minus debugging agents) and class path, and
 * write their output to log files in the run's directory.
 *
 * <p>Thread-safe for one caller at a time; the tracking of processes is thread-safe.
 */
final class BenchRunner implements AutoCloseable {

    /** The first node's line reporting the number of worker nodes up (see MembershipReporter). */
    static final Pattern WORKER_NODES = Pattern.compile("\\(worker nodes: (\\d+)\\)");
    /** How long the nodes of a setting may take to form the cluster. */
    static final Duration CLUSTER_START_TIMEOUT = Duration.ofSeconds(180);
    /** How long a node may take to leave the cluster after SIGTERM before it is killed. */
    static final Duration NODE_STOP_GRACE = Duration.ofSeconds(30);
    static final String LOOPBACK = "127.0.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A failed run: the message names the setting and gives the run's last error line.
     */
    static final class RunFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        RunFailedException(String message) {
            super(message);
        }
    }

    /**
     * What a run gave.
     *
     * @param wallSeconds {@code wall_time_seconds} from its summary.json
     * @param processSeconds from starting the process ({@code replex run} or {@code replex submit})
     *     to its exit, seconds
     * @param draws its draws.csv
     */
    record Outcome(double wallSeconds, double processSeconds, Path draws) {
    }

    private final List<String> javaCommand;
    private final Path jobFile;
    private final List<String> classpath;
    private final Duration timeout;
    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private Thread shutdownHook;

    /**
     * @param javaCommand the command that starts this Replex build's main class, without arguments
     *     (see {@link #thisJvm()})
     * @param jobFile the job file, absolute
     * @param classpath {@code --classpath} values passed on to every run and node
     * @param timeout the longest a run (its process, or the submit) may take
     */
    BenchRunner(List<String> javaCommand, Path jobFile, List<String> classpath, Duration timeout) {
        this.javaCommand = List.copyOf(javaCommand);
        this.jobFile = jobFile;
        this.classpath = List.copyOf(classpath);
        this.timeout = timeout;
    }

    /**
     * @return {@code java <this JVM's options> -cp <this build> replex.cli.ReplexCommand}: this JVM's
     *     java executable and its options (JAVA_OPTS), without debugging and profiling agents, which
     *     would clash on their ports
     */
    static List<String> thisJvm() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib") && !option.startsWith("-javaagent") && !option.startsWith("-agentpath")
                    && !option.startsWith("-Xrunjdwp") && !option.equals("-Xdebug")) {
                command.add(option);
            }
        }
        // One calibration of the cpu-burn target for every run: measured per process it differs by tens of
        // percent, and the same cost-us would be different work in the runs compared.
        String calibration = "-D" + replex.targets.CpuBurnTarget.CALIBRATION_PROPERTY + "=";
        if (command.stream().noneMatch(o -> o.startsWith(calibration))) {
            command.add(calibration + replex.targets.CpuBurnTarget.calibration());
        }
        command.add("-cp");
        command.add(classPath());
        command.add(ReplexCommand.class.getName());
        return command;
    }

    /** @return the jar this class was loaded from, or else this JVM's class path (a build folder) */
    private static String classPath() {
        try {
            Path source = Paths.get(BenchRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(source)) {
                return source.toString();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the class path
        }
        return System.getProperty("java.class.path");
    }

    /** Kills every process still running when this JVM exits (Ctrl-C, SIGTERM). */
    void installShutdownHook() {
        shutdownHook = new Thread(this::killAll, "replex-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Runs one setting once.
     *
     * @param setting the setting
     * @param runDir the run's output directory; created; its draws.csv and summary.json are replaced
     * @return wall time, process time and draws
     * @throws RunFailedException if a process fails, times out, or the outputs are missing
     * @throws IOException if a log cannot be written
     * @throws InterruptedException if interrupted (the processes are killed)
     */
    Outcome run(Setting setting, Path runDir) throws RunFailedException, IOException, InterruptedException {
        Files.createDirectories(runDir);
        Files.deleteIfExists(runDir.resolve(RunSummary.FILE_NAME));
        Files.deleteIfExists(runDir.resolve(DrawsCsv.FILE_NAME));
        if (setting.nodes() == 1) {
            List<String> args = new ArrayList<>(List.of("run", jobFile.toString(), "--workers",
                    Integer.toString(setting.workers()), "--out", runDir.toString(), "--quiet"));
            addClasspath(args);
            double seconds = runToEnd(setting, args, runDir.resolve("run.log"));
            return outcome(setting, runDir, seconds, runDir.resolve("run.log"));
        }
        BenchCluster cluster = new BenchCluster(this::start, this::addClasspath);
        try {
            String contact = cluster.start(setting, runDir);
            List<String> args = new ArrayList<>(List.of("submit", jobFile.toString(), "--contact", contact, "--host",
                    LOOPBACK, "--out", runDir.toString(), "--quiet"));
            addClasspath(args);
            double seconds = runToEnd(setting, args, runDir.resolve("submit.log"));
            return outcome(setting, runDir, seconds, runDir.resolve("submit.log"));
        } finally {
            cluster.stop();
        }
    }

    private void addClasspath(List<String> args) {
        for (String entry : classpath) {
            args.add("--classpath");
            args.add(entry);
        }
    }

    private Process start(List<String> args, Path log, boolean pipe) throws IOException {
        List<String> command = new ArrayList<>(javaCommand);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (!pipe) {
            pb.redirectOutput(log.toFile());
        }
        Process p = pb.start();
        live.add(p);
        p.onExit().thenRun(() -> live.remove(p));
        return p;
    }

    /** Runs a process to its end; @return its duration in seconds */
    private double runToEnd(Setting setting, List<String> args, Path log)
            throws IOException, InterruptedException, RunFailedException {
        long start = System.nanoTime();
        Process p = start(args, log, false);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new RunFailedException(setting.label() + ": replex " + args.get(0) + " did not finish within "
                        + timeout.toSeconds() + " s (--timeout); it was killed; output in " + log);
            }
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (p.exitValue() != 0) {
            throw new RunFailedException(setting.label() + ": replex " + args.get(0) + " failed (exit code "
                    + p.exitValue() + "): " + lastErrorLine(readLines(log)) + " (output in " + log + ")");
        }
        return seconds;
    }

    private Outcome outcome(Setting setting, Path runDir, double processSeconds, Path log) throws RunFailedException {
        Path summary = runDir.resolve(RunSummary.FILE_NAME);
        Path draws = runDir.resolve(DrawsCsv.FILE_NAME);
        if (!Files.isRegularFile(summary) || !Files.isRegularFile(draws)) {
            throw new RunFailedException(setting.label() + ": the run exited normally but wrote no "
                    + (Files.isRegularFile(summary) ? draws : summary) + " (output in " + log + ")");
        }
        double wall;
        try {
            JsonNode node = JSON.readTree(summary.toFile()).get("wall_time_seconds");
            wall = node == null || !node.isNumber() ? Double.NaN : node.asDouble();
        } catch (IOException e) {
            throw new RunFailedException(setting.label() + ": cannot read " + summary + ": " + e.getMessage());
        }
        if (!(wall > 0) || Double.isInfinite(wall)) {
            throw new RunFailedException(setting.label() + ": " + summary + " has no positive wall_time_seconds");
        }
        return new Outcome(wall, processSeconds, draws);
    }


    static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops every process still running: SIGTERM, up to 5 s to exit, then SIGKILL. */
    private void killAll() {
        List<Process> processes = new ArrayList<>(live);
        processes.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Process p : processes) {
            try {
                if (!p.waitFor(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Kills the processes still running and removes the shutdown hook. */
    @Override
    public void close() {
        killAll();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
    }

    private static List<String> readLines(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    static List<String> readLinesQuietly(Path log) {
        try {
            return readLines(log);
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /**
     * The line that best says why a process failed: the last line of Replex's own error report
     * ({@code replex: error: ...} or {@code replex: run failed: ...}), else the last line naming an
     * error or exception, else the last non-blank line.
     *
     * @param lines the process's output
     * @return the line, stripped, or "(no output)"
     */
    static String lastErrorLine(List<String> lines) {
        String error = null;
        String mentioned = null;
        String last = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            last = line;
            if (line.startsWith("replex: error") || line.startsWith("replex: run failed")) {
                error = line;
            }
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("error") || lower.contains("exception")) {
                mentioned = line;
            }
        }
        return error != null ? error : mentioned != null ? mentioned : last != null ? last : "(no output)";
    }
}
