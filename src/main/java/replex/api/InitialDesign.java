package replex.api;

import java.util.Objects;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.typesafe.config.Config;

import replex.core.ConfigurationException;
import replex.core.Target;
import replex.core.evaluate.BestPoints;
import replex.core.evaluate.Design;
import replex.core.evaluate.EvaluateEngine;
import replex.core.evaluate.PointResult;
import replex.io.JobSpec;
import replex.targets.TargetFactory;

/**
 * Chooses where the replicas of a sampling job start from an initial design
 * ({@code job.init { design = latin-hypercube, points = N, lower = ..., upper = ... }}), before the job
 * runs: the N points are evaluated once each on the job's {@code workers} threads (as in evaluate
 * mode, {@link EvaluateEngine}), and the C × K replicas start at the C × K points of highest log
 * posterior ({@link BestPoints}: ties by the lower point index), assigned in the order of chain, then
 * replica: replica r of chain c starts at the (c·K + r)-th best point (counting from 0), so chain 0
 * gets the K best and each chain's replica 0, which starts at level 0 (β = 1), the best of its K.
 * The chosen points become the job's initial values (as {@code job.init.values} with C × K rows, and
 * the design's {@code jitter}), which checkpoints and jobs sent to a cluster carry: the design is
 * evaluated once, where the job starts. Deterministic: the same job gives the same starts for any
 * number of workers.
 *
 * <p>With {@code temperatures.count = auto}, run it after the pilot ({@link LevelCountPilot}), which
 * decides K. Thread-safe (stateless).
 */
public final class InitialDesign {

    private static final Logger LOG = LoggerFactory.getLogger(InitialDesign.class);

    private InitialDesign() {
    }

    /**
     * Evaluates the job's initial design, building the target from the job.
     *
     * @param spec the job
     * @param classLoader where a user target class is found; {@code null} for the context class loader
     * @return {@code spec} itself without an initial design; else the job with the chosen starts
     * @throws ConfigurationException if the target cannot be built here, or the design does not fit it
     *     or has too few points with a finite log posterior
     */
    public static JobSpec apply(JobSpec spec, ClassLoader classLoader) {
        if (spec.initDesign() == null) {
            return spec;
        }
        return TargetBeforeTheJob.run(spec, () -> TargetFactory.create(spec.target(), classLoader),
                e -> e.getMessage() + " (job.init.design is evaluated in this JVM before the job, so the target must "
                        + "be available here, e.g. with --classpath)", InitialDesign::apply);
    }

    /**
     * Evaluates the job's initial design.
     *
     * @param spec the job; with {@code temperatures.count = auto}, after the pilot
     * @param target the job's target
     * @return {@code spec} itself without an initial design; else the job with the chosen starts
     * @throws ConfigurationException if the design does not fit the target or has too few points with a
     *     finite log posterior
     * @throws IllegalStateException if the level count is still to be chosen by the pilot
     */
    public static JobSpec apply(JobSpec spec, Target target) {
        Objects.requireNonNull(target, "target");
        Config d = spec.initDesign();
        if (d == null) {
            return spec;
        }
        if (spec.autoLevels() && spec.levelCountChoice() == null) {
            throw new IllegalStateException("the initial design is chosen after the pilot (temperatures.count = auto)");
        }
        Design design = spec.initDesignPoints(target.parameterNames());
        PointResult[] results = new PointResult[design.size()];
        long start = System.nanoTime();
        EvaluateEngine.run(target, design, IntStream.range(0, design.size()).toArray(), spec.workers(), "local",
                r -> results[r.point()] = r, () -> false);
        int chains = spec.sampler().chains();
        int levels = spec.sampler().levels();
        int[] best;
        try {
            best = BestPoints.of(results, chains * levels);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("job.init.points", e.getMessage() + " (one per replica: " + chains
                    + " chains x " + levels + " levels); give more points, or bounds where the target is finite", e);
        }
        double[][] rows = new double[best.length][];
        for (int i = 0; i < best.length; i++) {
            rows[i] = design.point(best[i]);
        }
        String source = "the " + best.length + " best of " + design.size() + " " + d.getString("design")
                + " points (job.init.design)";
        LOG.info("initial design: {} points evaluated in {} s; the replicas start at {}", design.size(),
                String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9), source);
        return spec.withInitialRows(rows, source);
    }
}
