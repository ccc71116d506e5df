package replex.it;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waiting on a condition in the integration tests: polls a probe until it yields, with a deadline,
 * and fails early when a watched process ends first. The one place in the tests where a thread
 * pauses between two looks at a condition: the tests wait for something to happen (a line in a log,
 * a checkpoint file, a job's round), never for time to pass.
 */
final class Await {

    /** A look at the condition: {@code null} or {@link Boolean#FALSE} means "not yet", anything else is the result. */
    @FunctionalInterface
    interface Probe<T> {
        T poll() throws Exception;
    }

    /** What a failure adds to its message (e.g. a process's stderr, the last answer seen), read when it fails. */
    @FunctionalInterface
    interface Detail {
        String get() throws Exception;
    }

    private Await() {
    }

    /**
     * As {@link #until(String, Process, Duration, Duration, Detail, Probe)}, without a process or a detail.
     */
    static <T> T until(String what, Duration timeout, Duration every, Probe<T> probe) throws Exception {
        return until(what, null, timeout, every, null, probe);
    }

    /**
     * As {@link #until(String, Process, Duration, Duration, Detail, Probe)}, without a process.
     */
    static <T> T until(String what, Duration timeout, Duration every, Detail detail, Probe<T> probe)
            throws Exception {
        return until(what, null, timeout, every, detail, probe);
    }

    /**
     * Polls {@code probe} until it yields, and returns what it yields. Between two polls the thread
     * waits {@code every}: on {@code process}'s end if one is watched (so that its end is seen at
     * once), else in {@link Thread#sleep} (the only sleep of the tests, always between two looks at
     * a condition).
     *
     * @param what the condition, as a noun phrase (e.g. {@code "a checkpoint in /tmp/x"}): named by a failure
     * @param process a process that must stay alive while the condition is not met, or {@code null}
     * @param timeout how long to poll; the probe runs at least once
     * @param every the pause between two polls
     * @param detail what a failure adds to its message, or {@code null}
     * @param probe the condition: {@code null} or {@link Boolean#FALSE} while it is not met; may throw
     *     (e.g. an {@link AssertionError} on a state that can never lead to the condition), which ends the wait
     * @return the probe's first result that is neither {@code null} nor {@link Boolean#FALSE}
     * @throws AssertionError if {@code process} ended first (its exit status, {@code what} and the detail),
     *     or if the deadline passed ({@code what}, the timeout and the detail)
     */
    static <T> T until(String what, Process process, Duration timeout, Duration every, Detail detail,
            Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T result = probe.poll();
            if (result != null && !Boolean.FALSE.equals(result)) {
                return result;
            }
            if (process != null && !process.isAlive()) {
                throw new AssertionError("the process ended (exit " + process.exitValue() + ") while waiting for "
                        + what + details(detail));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + seconds(timeout) + ": " + what + details(detail));
            }
            if (process != null) {
                process.waitFor(every.toNanos(), TimeUnit.NANOSECONDS);
            } else {
                Thread.sleep(every.toMillis());
            }
        }
    }

    private static String details(Detail detail) throws Exception {
        return detail == null ? "" : "\n" + detail.get();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
