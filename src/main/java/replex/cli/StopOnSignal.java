package replex.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a stop request for a run: a JVM shutdown hook raises the
 * flag, then holds the JVM's exit until the run has written its final checkpoint and the command
 * has printed how to resume (at most {@link #GRACE_SECONDS} s). The JVM then exits with the
 * signal's status (130 for SIGINT, 143 for SIGTERM). Use with try-with-resources.
 *
 * <p>Two cases the hook tells apart from a signal:
 * <ul>
 * <li>Code running in the JVM, typically a user target, called {@code System.exit}: that thread
 *     is blocked inside the exit and can never finish the run, so the hook does not wait. It
 *     prints one line naming the caller and halts the JVM with exit code 1 (run failed), also when
 *     the target asked for status 0, which a script would take for success.</li>
 * <li>The run does not reach its stop (a target call that never returns): after
 *     {@link #STALL_NOTICE_SECONDS} s the hook says so, and that the newest periodic checkpoint
 *     stays usable; after the grace period it says that no final checkpoint was written.</li>
 * </ul>
 */
final class StopOnSignal implements AutoCloseable {

    /** Longest time a signal waits for the final checkpoint. */
    static final long GRACE_SECONDS = 120;
    /** Wait after which a stop request that has not been honoured is reported. */
    static final long STALL_NOTICE_SECONDS = 10;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    StopOnSignal() {
        this(false);
    }

    /**
     * @param client true for a command that follows a cluster job ({@code replex submit}): a stop
     *     only leaves the cluster, so a slow stop is reported as such, not as a round that does not end
     */
    StopOnSignal(boolean client) {
        PrintStream err = System.err;
        hook = new Thread(() -> {
            String exitCaller = exitCaller(Thread.currentThread());
            if (exitCaller != null) {
                err.println();
                if (exitCaller.startsWith("akka.")) { // akka.jvm-exit-on-fatal-error: e.g. an OutOfMemoryError
                    err.println("replex: run failed: a fatal error (such as OutOfMemoryError) in an actor stopped the "
                            + "JVM; no outputs and no final checkpoint were written; replex resume continues from "
                            + "the newest periodic checkpoint");
                } else {
                    err.println("replex: run failed: " + exitCaller + " called System.exit; a target must not exit "
                            + "the JVM (throw an exception instead); no outputs and no final checkpoint were written");
                }
                err.flush();
                Runtime.getRuntime().halt(ExitCodes.RUN_FAILED);
            }
            stop.set(true);
            try {
                if (client && !finished.await(STALL_NOTICE_SECONDS, TimeUnit.SECONDS)) {
                    err.println();
                    err.println("replex: stopping: leaving the cluster takes more than " + STALL_NOTICE_SECONDS
                            + " s; kill -9 " + ProcessHandle.current().pid() + " stops at once (the job goes on "
                            + "in the cluster either way)");
                    err.flush();
                    finished.await(GRACE_SECONDS - STALL_NOTICE_SECONDS, TimeUnit.SECONDS);
                } else if (!client && !finished.await(STALL_NOTICE_SECONDS, TimeUnit.SECONDS)) {
                    err.println();
                    err.println("replex: stopping: the current round has not finished " + STALL_NOTICE_SECONDS
                            + " s after the stop request (a target call that does not return?); waiting up to "
                            + (GRACE_SECONDS - STALL_NOTICE_SECONDS) + " s more for the final checkpoint; kill -9 "
                            + ProcessHandle.current().pid() + " stops at once, and replex resume continues from "
                            + "the newest periodic checkpoint");
                    err.flush();
                    if (!finished.await(GRACE_SECONDS - STALL_NOTICE_SECONDS, TimeUnit.SECONDS)) {
                        err.println("replex: stopped without a final checkpoint: the run did not stop within "
                                + GRACE_SECONDS + " s; replex resume continues from the newest periodic checkpoint");
                        err.flush();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "replex-stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Finds a thread that is inside {@code Runtime.exit} (so {@code System.exit} was called by code,
     * not by a signal, whose handler enters the shutdown without {@code Runtime.exit}).
     *
     * @param self the hook's own thread, left out
     * @return the caller's frame ({@code com.example.MyTarget.logLikelihood(MyTarget.java:12)}), or
     *     {@code null} if no thread called it
     */
    static String exitCaller(Thread self) {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey() == self) {
                continue;
            }
            StackTraceElement[] frames = e.getValue();
            for (int i = 0; i < frames.length; i++) {
                if (frames[i].getClassName().equals("java.lang.Runtime") && frames[i].getMethodName().equals("exit")) {
                    int caller = i + 1;
                    while (caller < frames.length && frames[caller].getClassName().equals("java.lang.System")) {
                        caller++;
                    }
                    if (caller >= frames.length) {
                        return "code in thread " + e.getKey().getName();
                    }
                    StackTraceElement f = frames[caller];
                    return f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":"
                            + f.getLineNumber() + ")";
                }
            }
        }
        return null;
    }

    /** @return true once a signal asked the run to stop */
    BooleanSupplier requested() {
        return stop::get;
    }

    /**
     * @return true once a signal asked the run to stop, or the JVM has begun its shutdown (another
     *     shutdown hook, such as Akka's coordinated shutdown, may notice a signal before this one's
     *     flag is raised)
     */
    boolean stopping() {
        return stop.get() || jvmShuttingDown();
    }

    /** @return true if the JVM is running its shutdown hooks */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** The command is done (its messages printed): a pending signal may now end the JVM. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down because of a signal: the hook lets it go now
        }
    }
}
