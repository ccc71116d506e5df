package replex.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/replex} as a real process (its own JVM) and collects its exit code and output.
 * The process is always destroyed if it outlives its timeout.
 */
final class ReplexProcess {

    /** The source tree (set by failsafe as replex.home; defaults to the working directory). */
    static final Path HOME = Paths.get(System.getProperty("replex.home", ".")).toAbsolutePath();
    /** The built jar (set by failsafe as replex.jar). */
    static final Path JAR = Paths.get(System.getProperty("replex.jar", HOME.resolve("target/replex.jar").toString()));

    record Result(int exitCode, String out, String err) {
    }

    private ReplexProcess() {
    }

    /** Starts {@code bin/replex args} in the background, output to {@code log}; the caller must stop it. */
    static Process start(Path workDir, Path log, String... args) throws IOException {
        return builder(workDir, args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Starts {@code bin/replex args} in the background, stdout and stderr to their own files; the
     * caller must stop it. The process is the JVM itself ({@code bin/replex} execs java), so signals
     * sent to it reach the JVM.
     */
    static Process start(Path workDir, Path stdout, Path stderr, String... args) throws IOException {
        return builder(workDir, args).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    }

    private static ProcessBuilder builder(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("sh");
        command.add(HOME.resolve("bin/replex").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().put("REPLEX_JAR", JAR.toString());
        pb.environment().put("JAVA_OPTS", "-Xmx512m");
        return pb;
    }

    static Result run(Path workDir, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return run(workDir, timeoutSeconds, java.util.Map.of(), args);
    }

    /** As {@link #run(Path, long, String...)}, with extra environment variables (e.g. REPLEX_TLS*). */
    static Result run(Path workDir, long timeoutSeconds, java.util.Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder pb = builder(workDir, args);
        pb.environment().putAll(environment);
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError("replex " + String.join(" ", args) + " did not finish in " + timeoutSeconds
                        + " s; stderr: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
