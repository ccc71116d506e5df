package replex.api;

import java.util.List;
import java.util.Set;

import replex.core.ConfigurationException;
import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.replica.Replica;
import replex.io.JobSpec;
import replex.targets.TargetFactory;

/**
 * The checks before a sampling run ({@link Replex#preflight}): the target and every initial replica
 * are built, the draws' metrics and memory are checked. Also the class loader user classes come from.
 */
final class Preflight {

    private Preflight() {
    }

    /**
     * Builds the target and the initial replica of every chain and level.
     *
     * @param spec the job
     * @param classLoader where user target classes are found; {@code null} for the context class loader
     * @return the target, ready to use; release it with {@link TargetFactory#close}
     * @throws ConfigurationException naming the key if the target cannot be built or an initial state is invalid
     */
    static Target check(JobSpec spec, ClassLoader classLoader) {
        // the sequential engine runs replica steps on one thread, the actor engine on `workers`
        Target target = TargetFactory.create(spec.target(), loader(classLoader), Math.max(1, spec.workers()));
        try {
            SamplerSettings s = spec.sampler();
            checkDrawMemory(s, target.dimension(), Runtime.getRuntime().maxMemory());
            for (int c = 0; c < s.chains(); c++) {
                for (int r = 0; r < s.levels(); r++) {
                    Replica replica = new Replica(target, s.seed(), c, r);
                    if (c == 0 && r == 0) {
                        checkDrawMetrics(s, target, replica.state());
                    }
                }
            }
        } catch (RuntimeException e) {
            TargetFactory.close(target);
            throw e;
        }
        return target;
    }

    /**
     * Refuses {@code output.draws-metrics} that name a metric the target does not report, and
     * {@code output.draws-metadata} that name a metadata entry it does not report: each must be in
     * the target's evaluation ({@link Target#evaluate}) at the initial state of chain 0, replica 0
     * (one evaluation serves both).
     *
     * @param s the settings
     * @param target the target
     * @param initial the initial state of chain 0, replica 0
     * @throws ConfigurationException naming the key and listing what the target reports
     */
    static void checkDrawMetrics(SamplerSettings s, Target target, double[] initial) {
        if (s.drawMetrics().isEmpty() && s.drawMetadata().isEmpty()) {
            return;
        }
        String key = s.drawMetrics().isEmpty() ? "output.draws-metadata" : "output.draws-metrics";
        Target.Evaluation evaluation;
        try {
            evaluation = target.evaluate(initial);
        } catch (RuntimeException e) {
            throw new ConfigurationException(key, "the target's evaluate() at the initial state of "
                    + "chain 0, replica 0 threw " + e, e);
        }
        requireReported(s.drawMetrics(), evaluation.metrics().keySet(), "output.draws-metrics", "metric");
        requireReported(s.drawMetadata(), evaluation.metadata().keySet(), "output.draws-metadata", "metadata");
    }

    private static void requireReported(List<String> names, Set<String> reported, String key, String what) {
        for (String name : names) {
            if (!reported.contains(name)) {
                throw new ConfigurationException(key, "the target reports no " + what + " '" + name
                        + "' (its evaluation at the initial state of chain 0, replica 0 reports "
                        + (reported.isEmpty() ? "none" : String.join(", ", reported)) + ")");
            }
        }
    }

    /**
     * Refuses, before any work, a job whose kept draws cannot be held in memory: every chain keeps,
     * at each level that keeps draws (1, or K with {@code output.all-levels}), its (R − B)·steps / thin
     * draws of d + 2 + m values (parameters, log-prior, log-likelihood, the m
     * {@code output.draws-metrics}) as doubles, and n references to strings (the n
     * {@code output.draws-metadata}) until the run ends. A reference counts 4 bytes; the strings
     * themselves are not counted, their length being unknown before the run, so the check is a lower
     * bound when n &gt; 0.
     *
     * @param s the settings
     * @param dimension d, the target's number of parameters
     * @param maxHeap the JVM's maximum heap in bytes ({@link Runtime#maxMemory()})
     * @throws ConfigurationException naming {@code job.thin} if one level's draws of one chain exceed one
     *     Java array (2<sup>31</sup> − 9 values or metadata references) or all draws exceed half of
     *     {@code maxHeap}
     */
    static void checkDrawMemory(SamplerSettings s, int dimension, long maxHeap) {
        long draws = s.drawsPerChain();
        long perChain = draws * s.drawWidth(dimension);
        long metadataPerChain = draws * s.drawMetadata().size();
        long buffers = (long) s.chains() * s.levelsWithDraws();
        long bytes = (perChain * 8L + metadataPerChain * 4L) * buffers;
        String what = "keeps " + s.chains() + " chains x " + (s.levelsWithDraws() > 1
                ? s.levelsWithDraws() + " levels x " : "") + s.drawsPerChain() + " draws of " + dimension
                + " parameters (" + (bytes >> 20) + " MiB in memory)";
        if (Math.max(perChain, metadataPerChain) > Integer.MAX_VALUE - 8) {
            throw new ConfigurationException("job.thin", what + ", more values per chain than the limit "
                    + (Integer.MAX_VALUE - 8) + "; raise job.thin or lower job.rounds");
        }
        if (bytes > maxHeap / 2) {
            throw new ConfigurationException("job.thin", what + ", more than half of the maximum heap ("
                    + (maxHeap >> 20) + " MiB); raise job.thin, lower job.rounds or give Java more memory "
                    + "(JAVA_OPTS=-Xmx...)");
        }
    }

    /**
     * @param given a class loader, or {@code null}
     * @return {@code given}, or else the thread's context class loader, or else Replex's
     */
    static ClassLoader loader(ClassLoader given) {
        if (given != null) {
            return given;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Replex.class.getClassLoader();
    }
}
