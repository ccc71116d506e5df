package replex.it;

import java.io.IOException;
import java.io.OutputStream;
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

    /** script(1) of util-linux, which runs a command under a pseudo-terminal. */
    static final Path SCRIPT = Paths.get("/usr/bin/script");

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

    /**
     * Starts {@code bin/replex args} in the background under a pseudo-terminal made by {@link #SCRIPT}
     * ({@code TERM=xterm}), so that its standard input and output are a terminal; what the terminal
     * shows goes to {@code screen}. Bytes written to the process's output stream are typed on the
     * terminal's keyboard (see {@link #typeCtrlC}). The caller must stop it.
     *
     * @param javaOpts the JVM's options ({@code JAVA_OPTS}, e.g. {@code -Xmx512m})
     */
    static Process startOnTerminal(Path workDir, Path screen, String javaOpts, String... args) throws IOException {
        List<String> words = new ArrayList<>(List.of("sh", quote(HOME.resolve("bin/replex").toString())));
        for (String arg : args) {
            words.add(quote(arg));
        }
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString(), "-qfec", String.join(" ", words), "/dev/null")
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(screen.toFile());
        pb.environment().put("REPLEX_JAR", JAR.toString());
        pb.environment().put("JAVA_OPTS", javaOpts);
        pb.environment().put("TERM", "xterm");
        return pb.start();
    }

    /**
     * Types Ctrl-C (byte 0x03) on a terminal of {@link #startOnTerminal}, whose line discipline sends
     * SIGINT to the foreground process as a user's keyboard does, and waits for the terminal's end.
     *
     * @param who what stops, named by the failure (e.g. {@code "the run"})
     * @throws AssertionError if it has not ended within {@code seconds} (with the screen)
     */
    static void typeCtrlC(Process terminal, Path screen, String who, int seconds)
            throws IOException, InterruptedException {
        try (OutputStream keyboard = terminal.getOutputStream()) {
            keyboard.write(0x03);
            keyboard.flush();
            if (!terminal.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError(who + " did not stop within " + seconds + " s of Ctrl-C: "
                        + Files.readString(screen));
            }
        }
    }

    /** Kills a process started here and its descendants (SIGKILL) and waits for its end. */
    static void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
    }

    /** @return {@code s} quoted for sh */
    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
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
