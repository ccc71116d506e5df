package replex.targets;

import java.util.concurrent.locks.LockSupport;


import com.typesafe.config.Config;

import replex.core.ConfigurationException;

/**
 * Built-in target {@value #NAME}: the standard normal N(0, I) in d dimensions whose likelihood
 * waits {@code latency-ms} milliseconds per evaluation without using the CPU, standing for a
 * remote simulator or service; with it {@code replex bench} shows how far more worker threads
 * than cores pay off when the likelihood is latency rather than computation.
 *
 * <ul>
 *   <li>log p(x) = 0 (flat, improper);
 *   <li>log L(x) = Σ_i [−½ log(2π) − ½ x_i²], exactly the value of
 *       {@code target { name = gaussian, means = [0, …, 0] }}.
 * </ul>
 *
 * <p>The wait parks the thread ({@link LockSupport#parkNanos}) until the latency has passed on the
 * monotonic clock, so fractions of a millisecond are honoured as far as the operating system's
 * timer and scheduler allow: a wait lasts at least the latency, longer when the thread is not woken
 * at once (on a busy machine by a millisecond or more). An interrupted thread stops waiting at once
 * and keeps its interrupt status. The returned value never depends on the wait.
 *
 * <p>Settings (the job's {@code target} block), all optional:
 *
 * <ul>
 *   <li>{@code dimension} — an integer d ≥ 1 (default 3);
 *   <li>{@code latency-ms} — milliseconds per likelihood evaluation, a number in
 *       [0, {@value #MAX_LATENCY_MILLISECONDS}] (default 10; fractions allowed; 0 means none).
 * </ul>
 *
 * <p>Parameters are named {@code x[0]} … {@code x[d-1]}; {@link #initialState} draws every x_i
 * from U(−2, 2).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SleepTarget extends CostedGaussianTarget {

    /** The name of this target in a job file. */
    public static final String NAME = "sleep";
    /** The largest {@code latency-ms}: one minute. */
    public static final double MAX_LATENCY_MILLISECONDS = 60_000;

    private final double latencyMilliseconds;
    private final long latencyNanos;

    /**
     * @param target the job's {@code target} block
     * @throws ConfigurationException if a setting is invalid (the message names the key, e.g.
     *     {@code job.target.latency-ms})
     */
    public SleepTarget(Config target) {
        super(dimension(target, NAME, "latency-ms"));
        this.latencyMilliseconds = TargetSettings.numberBetweenZeroAnd(target, "latency-ms", 10,
                MAX_LATENCY_MILLISECONDS, "milliseconds");
        this.latencyNanos = Math.round(latencyMilliseconds * 1e6);
    }

    /** @return the wait per likelihood evaluation, in milliseconds */
    public double latencyMilliseconds() {
        return latencyMilliseconds;
    }

    /** @return the wait per likelihood evaluation, in nanoseconds */
    long latencyNanos() {
        return latencyNanos;
    }

    /**
     * Parks the calling thread for {@code nanos} nanoseconds of the monotonic clock (again after
     * a spurious wake-up); returns at once if the thread is or becomes interrupted.
     */
    static void pause(long nanos) {
        if (nanos <= 0) {
            return;
        }
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            LockSupport.parkNanos(left);
        }
    }

    @Override
    void cost(double[] x) {
        pause(latencyNanos);
    }

    @Override
    public String toString() {
        return NAME + "(d=" + dimension() + ", latency-ms=" + latencyMilliseconds + ")";
    }
}
