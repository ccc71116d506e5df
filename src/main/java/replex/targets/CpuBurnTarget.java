package replex.targets;



import com.typesafe.config.Config;

import replex.core.ConfigurationException;

/**
 * Built-in target {@value #NAME}: the standard normal N(0, I) in d dimensions whose likelihood
 * costs {@code cost-us} microseconds of busy CPU work per evaluation, to measure where parallel
 * replicas pay off ({@code replex bench}, docs/performance.md).
 *
 * <ul>
 *   <li>log p(x) = 0 (flat, improper);
 *   <li>log L(x) = Σ_i [−½ log(2π) − ½ x_i²], exactly the value of
 *       {@code target { name = gaussian, means = [0, …, 0] }}.
 * </ul>
 *
 * <p>Each {@link #logLikelihood} call also runs a loop of dependent floating-point multiply–adds
 * ({@link CpuBurn}) whose iteration count is calibrated once per JVM so that it takes about
 * {@code cost-us} microseconds on an otherwise idle core. The loop's result does not enter the
 * returned value: the draws are byte-identical to the plain Gaussian's whatever the calibration,
 * on every machine.
 *
 * <p>Settings (the job's {@code target} block), all optional:
 *
 * <ul>
 *   <li>{@code dimension} — an integer d ≥ 1 (default 3);
 *   <li>{@code cost-us} — microseconds of work per likelihood evaluation, a number in
 *       [0, {@value #MAX_COST_MICROSECONDS}] (default 200; 0 means none).
 * </ul>
 *
 * <p>Parameters are named {@code x[1]} … {@code x[d]}; {@link #initialState} draws every x_i
 * from U(−2, 2).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CpuBurnTarget extends CostedGaussianTarget {

    /** The name of this target in a job file. */
    public static final String NAME = "cpu-burn";
    /**
     * System property that sets the work loop's calibration (iterations per microsecond) instead of
     * measuring it in each JVM; {@code replex bench} sets it for every run it starts.
     */
    public static final String CALIBRATION_PROPERTY = CpuBurn.CALIBRATION_PROPERTY;

    /** @return this JVM's calibration of the work loop, in iterations per microsecond (measured once) */
    public static double calibration() {
        return CpuBurn.calibration();
    }

    /** The largest {@code cost-us}: one minute. */
    public static final double MAX_COST_MICROSECONDS = 60_000_000;

    private final double costMicroseconds;
    private final long iterations;

    /**
     * Creates the target, calibrating the work loop if this is the JVM's first {@code cpu-burn}.
     *
     * @param target the job's {@code target} block
     * @throws ConfigurationException if a setting is invalid (the message names the key, e.g.
     *     {@code job.target.cost-us})
     */
    public CpuBurnTarget(Config target) {
        this(target, null);
    }

    /**
     * @param target the job's {@code target} block
     * @param iterationsPerMicrosecond the calibration to use; {@code null} for this JVM's
     */
    CpuBurnTarget(Config target, Double iterationsPerMicrosecond) {
        super(dimension(target, NAME, "cost-us"));
        this.costMicroseconds = TargetSettings.numberBetweenZeroAnd(target, "cost-us", 200, MAX_COST_MICROSECONDS,
                "microseconds");
        // calibrate only when there is work to do
        this.iterations = costMicroseconds == 0 ? 0 : CpuBurn.iterations(costMicroseconds,
                iterationsPerMicrosecond != null ? iterationsPerMicrosecond : CpuBurn.iterationsPerMicrosecond());
    }

    /** @return the work per likelihood evaluation, in microseconds */
    public double costMicroseconds() {
        return costMicroseconds;
    }

    /** @return the calibrated iterations of the work loop per likelihood evaluation */
    long iterations() {
        return iterations;
    }

    @Override
    void cost(double[] x) {
        CpuBurn.consume(CpuBurn.burn(iterations, x[0]));
    }

    @Override
    public String toString() {
        return NAME + "(d=" + dimension() + ", cost-us=" + costMicroseconds + ")";
    }
}
