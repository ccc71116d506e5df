package replex.targets;

import java.util.function.LongSupplier;

/**
 * Busy, deterministic floating-point work of a given length, for the {@code cpu-burn} target: a
 * loop of dependent multiply–add operations whose count is calibrated once per JVM against the
 * monotonic clock, so that {@code cost-us} microseconds of work become an iteration count.
 *
 * <p>The result of the loop only decides whether a volatile field is written (it never is in
 * practice), which keeps the JIT compiler from removing the loop as dead code, as JMH's
 * {@code Blackhole} does; it never reaches the target's return value.
 *
 * <p>Thread-safe: the calibration is computed once, on first use, by the class-holder idiom.
 */
final class CpuBurn {

    /** Iterations of the first calibration trial. */
    static final long FIRST_TRIAL_ITERATIONS = 10_000;
    /** The largest trial: a clock that never reaches the wanted trial length stops the doubling here. */
    static final long MAX_TRIAL_ITERATIONS = 1L << 24;
    /** A calibration trial lasts at least this long, so that the clock's resolution does not matter. */
    static final long MIN_TRIAL_NANOS = 5_000_000;
    /** Trials at the final iteration count; the fastest one counts (the least disturbed by other work). */
    static final int TRIALS = 5;

    private static final long WARM_UP_ITERATIONS = 200_000;
    private static final int WARM_UP_CALLS = 20;
    private static final double MULTIPLIER = 0.999_999_9;
    private static final double INCREMENT = 1.0e-7;

    /** Read before each write decision, so the compiler cannot know the comparison's outcome. */
    private static volatile double guard = Double.NaN;
    /** Written only if a loop's result equals {@link #guard}, which NaN never does. */
    @SuppressWarnings("unused")
    private static volatile double sink;

    private CpuBurn() {
    }

    /**
     * System property that sets the calibration instead of measuring it: {@code replex bench} measures
     * once and passes the same value to every run it starts, so that a given {@code cost-us} is the
     * same work in every process (a calibration measured per process differs by tens of percent).
     */
    public static final String CALIBRATION_PROPERTY = "replex.cpu-burn.iterations-per-microsecond";

    /** The calibration of this JVM, computed on first use (or taken from {@link #CALIBRATION_PROPERTY}). */
    private static final class Calibration {
        static final double ITERATIONS_PER_MICROSECOND = given() > 0 ? given()
                : calibrate(System::nanoTime, MIN_TRIAL_NANOS, TRIALS);

        private static double given() {
            try {
                return Double.parseDouble(System.getProperty(CALIBRATION_PROPERTY, "0"));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    /** @return this JVM's calibration, as {@link #iterationsPerMicrosecond()}, for other processes */
    public static double calibration() {
        return iterationsPerMicrosecond();
    }

    /**
     * @return iterations of {@link #burn} per microsecond on this JVM and machine, measured once
     *     (about 50 ms on first use)
     */
    static double iterationsPerMicrosecond() {
        return Calibration.ITERATIONS_PER_MICROSECOND;
    }

    /**
     * The iteration count for a cost.
     *
     * @param costMicroseconds the wanted cost, ≥ 0
     * @param iterationsPerMicrosecond the calibration, &gt; 0
     * @return 0 for a cost of 0, else the nearest count, at least 1
     * @throws IllegalArgumentException if an argument is out of range or not finite
     */
    static long iterations(double costMicroseconds, double iterationsPerMicrosecond) {
        if (!(costMicroseconds >= 0) || Double.isInfinite(costMicroseconds)) {
            throw new IllegalArgumentException("cost must be a finite number >= 0, got " + costMicroseconds);
        }
        if (!(iterationsPerMicrosecond > 0) || Double.isInfinite(iterationsPerMicrosecond)) {
            throw new IllegalArgumentException(
                    "iterations per microsecond must be a finite number > 0, got " + iterationsPerMicrosecond);
        }
        if (costMicroseconds == 0) {
            return 0;
        }
        return Math.max(1, Math.round(costMicroseconds * iterationsPerMicrosecond));
    }

    /**
     * Measures the speed of {@link #burn}: after a warm-up (so that the JIT compiler has compiled
     * the loop), doubles the iteration count from {@link #FIRST_TRIAL_ITERATIONS} until one trial
     * takes at least {@code minTrialNanos} (or {@link #MAX_TRIAL_ITERATIONS} is reached), then runs
     * {@code trials} trials of that count and keeps the fastest.
     *
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}); read twice per
     *     trial, before and after, and not during the warm-up
     * @param minTrialNanos the shortest acceptable trial, in nanoseconds
     * @param trials the number of timed trials at the final count, at least 1
     * @return iterations per microsecond, &gt; 0
     */
    static double calibrate(LongSupplier nanoClock, long minTrialNanos, int trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1, got " + trials);
        }
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            consume(burn(WARM_UP_ITERATIONS, i));
        }
        long n = FIRST_TRIAL_ITERATIONS;
        while (time(nanoClock, n) < minTrialNanos && n < MAX_TRIAL_ITERATIONS) {
            n = Math.min(2 * n, MAX_TRIAL_ITERATIONS);
        }
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < trials; i++) {
            fastest = Math.min(fastest, time(nanoClock, n));
        }
        // a clock that did not advance counts as 1 ns: a huge rate, but finite and positive
        return n / (Math.max(fastest, 1) / 1000.0);
    }

    private static long time(LongSupplier nanoClock, long iterations) {
        long start = nanoClock.getAsLong();
        consume(burn(iterations, 0.5));
        return nanoClock.getAsLong() - start;
    }

    /**
     * The work: {@code iterations} dependent multiply–adds, a chain that cannot be vectorised or
     * reordered (floating-point addition is not associative).
     *
     * @param iterations how many, ≥ 0
     * @param seed any finite number (a coordinate of the state, so that calls differ)
     * @return the loop's result, to pass to {@link #consume}
     */
    static double burn(long iterations, double seed) {
        double a = 1.0 + (seed - Math.floor(seed)) * 1.0e-3;
        for (long i = 0; i < iterations; i++) {
            a = a * MULTIPLIER + INCREMENT;
        }
        return a;
    }

    /** Makes {@code result} observable to the compiler without making it observable to anyone else. */
    static void consume(double result) {
        if (result == guard) {
            sink = result;
        }
    }
}
