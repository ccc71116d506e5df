package replex.targets;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One child process of an {@link ExternalTarget}: its standard input and output carry the
 * line-delimited JSON protocol (one request, one reply), its standard error goes to the target's
 * log ({@link StderrLog}) and the last {@value #TAIL_LINES} lines are kept for error messages.
 *
 * <p>A request is written and its reply read on the calling thread (no hand-off between threads).
 * The timeout is enforced by one watchdog thread for every child of the JVM: it kills a child
 * whose reply is late, which ends the blocked read. Every live child is also killed by a JVM
 * shutdown hook, so none outlives Replex.
 *
 * <p>Used by one thread at a time (the pool of {@link ExternalTarget} lends it out), except
 * {@link #kill()}, which any thread may call.
 */
final class TargetChild {

    /** Lines of standard error kept for error messages. */
    static final int TAIL_LINES = 20;

    /** Every live child of this JVM: the watchdog checks their deadlines, the shutdown hook kills them. */
    private static final Set<TargetChild> LIVE = ConcurrentHashMap.newKeySet();
    private static final Object WATCHDOG_LOCK = new Object();
    private static Thread watchdog;
    /** How often the watchdog looks at the deadlines. */
    private static final long WATCHDOG_PERIOD_MS = 50;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (TargetChild child : LIVE) {
                child.kill();
            }
        }, "replex-target-children-shutdown"));
    }

    private final Process process;
    private final List<String> command;
    private final BufferedWriter stdin;
    private final BufferedReader stdout;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final Thread stderrPump;
    /** System.nanoTime() by which the pending reply must arrive; 0 while no request is pending. */
    private volatile long deadline;
    private volatile boolean timedOut;

    private TargetChild(Process process, List<String> command, StderrLog log) {
        this.process = process;
        this.command = command;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
                1 << 16);
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8),
                1 << 16);
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8));
        long pid = process.pid();
        this.stderrPump = new Thread(() -> {
            try {
                String line;
                while ((line = err.readLine()) != null) {
                    synchronized (tail) {
                        if (tail.size() == TAIL_LINES) {
                            tail.removeFirst();
                        }
                        tail.addLast(line);
                    }
                    log.write(pid, line);
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "replex-target-stderr-" + pid);
        stderrPump.setDaemon(true);
        stderrPump.start();
    }

    /**
     * Starts a child.
     *
     * @param command the program and its arguments
     * @param directory the working directory
     * @param environment variables added to Replex's environment
     * @param log where standard error goes
     * @return the running child
     * @throws IOException if the program cannot be started
     */
    static TargetChild start(List<String> command, Path directory, Map<String, String> environment, StderrLog log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.directory(directory.toFile());
        builder.environment().putAll(environment);
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
        builder.redirectError(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        TargetChild child = new TargetChild(process, command, log);
        LIVE.add(child);
        log.write(process.pid(), "replex: started " + command + " in " + directory);
        ensureWatchdog();
        return child;
    }

    private static void ensureWatchdog() {
        synchronized (WATCHDOG_LOCK) {
            if (watchdog != null && watchdog.isAlive()) {
                return;
            }
            watchdog = new Thread(TargetChild::watch, "replex-target-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
    }

    /** Kills every child whose reply is late; ends when no child is left. */
    private static void watch() {
        while (true) {
            synchronized (WATCHDOG_LOCK) {
                if (LIVE.isEmpty()) {
                    watchdog = null;
                    return;
                }
            }
            long now = System.nanoTime();
            for (TargetChild child : LIVE) {
                long d = child.deadline;
                if (d != 0 && now - d > 0) {
                    child.timedOut = true;
                    child.kill();
                }
                if (!child.process.isAlive()) {
                    LIVE.remove(child);
                }
            }
            try {
                Thread.sleep(WATCHDOG_PERIOD_MS); // a polling period, not a synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Sends one request line and reads the reply line.
     *
     * @param request one line of JSON, without the line break
     * @param timeoutNanos the longest wait for the reply
     * @return the reply line, or {@code null} if the child closed its output (it died, or was killed
     *     because the reply was late: see {@link #timedOut()})
     */
    String exchange(String request, long timeoutNanos) {
        deadline = System.nanoTime() + timeoutNanos;
        if (deadline == 0) {
            deadline = 1;
        }
        try {
            stdin.write(request);
            stdin.write('\n');
            stdin.flush();
            return stdout.readLine();
        } catch (IOException e) {
            return null;
        } finally {
            deadline = 0;
        }
    }

    /** @return whether the watchdog killed this child because a reply was late */
    boolean timedOut() {
        return timedOut;
    }

    /** @return whether the process is running */
    boolean isAlive() {
        return process.isAlive();
    }

    /** @return the process id */
    long pid() {
        return process.pid();
    }

    /** @return the program and its arguments */
    List<String> command() {
        return command;
    }

    /** @return the process, for tests (its handle shows whether it is gone) */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * @param waitMillis how long to wait for the standard-error reader to catch up with a child that
     *     has ended (0 for not at all)
     * @return the last lines the child wrote to standard error, one per line, or an empty string
     */
    String stderrTail(long waitMillis) {
        if (waitMillis > 0 && !process.isAlive()) {
            try {
                stderrPump.join(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /** @return the exit status, or {@code null} if the child still runs */
    Integer exitValue() {
        try {
            return process.exitValue();
        } catch (IllegalThreadStateException e) {
            return null;
        }
    }

    /** Kills the child and its descendants at once (SIGKILL). Any thread; idempotent. */
    void kill() {
        try {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        } catch (RuntimeException e) {
            // a process that vanished meanwhile
        }
        process.destroyForcibly();
        LIVE.remove(this);
    }

    /**
     * Asks the child to end by closing its standard input (the protocol says it then exits).
     * Does not wait; see {@link #awaitExit}.
     */
    void closeInput() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /**
     * Waits for the child to end after {@link #closeInput()}, and kills it if it does not in time.
     *
     * @param deadlineNanos System.nanoTime() after which the child is killed
     */
    void awaitExit(long deadlineNanos) {
        try {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
                kill();
                process.waitFor(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
        try {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        } catch (RuntimeException e) {
            // gone
        }
        LIVE.remove(this);
    }

    /** @return the number of live children in this JVM (for tests) */
    static int liveCount() {
        return LIVE.size();
    }
}
