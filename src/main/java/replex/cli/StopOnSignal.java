package replex.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a stop request for a run: a JVM shutdown hook raises the
 * flag, then holds the JVM's exit until the run has written its final checkpoint and the command
 * has printed how to resume (at most {@link #GRACE_SECONDS} s). The JVM then exits with the
 * signal's status (130 for SIGINT, 143 for SIGTERM). Use with try-with-resources.
 */
final class StopOnSignal implements AutoCloseable {

    /** Longest time a signal waits for the final checkpoint. */
    static final long GRACE_SECONDS = 120;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    StopOnSignal() {
        hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "replex-stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** @return true once a signal asked the run to stop */
    BooleanSupplier requested() {
        return stop::get;
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
