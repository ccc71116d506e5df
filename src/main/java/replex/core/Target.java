package replex.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * A distribution to sample: π(x) ∝ p(x)·L(x), given by its log-prior log p(x) and its
 * log-likelihood log L(x), both in natural log and unnormalised. Parallel tempering explores
 * the tempered family π_β(x) ∝ p(x)·L(x)^β for 0 ≤ β ≤ 1.
 *
 * <p>User code implements this interface and is named in a job file by its fully qualified class
 * name ({@code target.class = "com.example.MyTarget"}). The class needs a public constructor
 * taking a {@link com.typesafe.config.Config} (the job's {@code target} block, so that a target
 * can read its own settings) or a public no-argument constructor.
 *
 * <p>Thread safety: one instance may be shared by the replicas of a job that run on the same
 * node, so {@link #logPrior} and {@link #logLikelihood} must be safe to call from several
 * threads at once (a target without mutable fields is). Each call gets its own array.
 *
 * <p>A target should not throw; if it does, or if it returns {@code NaN}, the step is rejected
 * (NaN is treated as −∞) and counted in the run's summary.
 */
public interface Target {

    /** @return the number of parameters d, at least 1 */
    int dimension();

    /**
     * Names of the parameters, used as column names in {@code draws.csv}.
     *
     * @return a list of {@link #dimension()} distinct names; by default {@code x[1]} … {@code x[d]}
     */
    default List<String> parameterNames() {
        List<String> names = new ArrayList<>(dimension());
        for (int i = 0; i < dimension(); i++) {
            names.add("x[" + (i + 1) + "]");
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * Log-prior density, natural log, unnormalised (a normalised prior makes the stepping-stone
     * estimate the model evidence).
     *
     * @param x the parameters, length {@link #dimension()}; must not be modified
     * @return log p(x), or {@link Double#NEGATIVE_INFINITY} outside the support
     */
    double logPrior(double[] x);

    /**
     * Log-likelihood, natural log, unnormalised and untempered (the sampler multiplies it by β).
     * Called only where {@link #logPrior} is finite.
     *
     * @param x the parameters, length {@link #dimension()}; must not be modified
     * @return log L(x), or {@link Double#NEGATIVE_INFINITY} outside the support
     */
    double logLikelihood(double[] x);

    /**
     * The richer evaluation: both densities at once, with the named numeric metrics and string
     * metadata that the evaluation produced (for example the number of ODE solver steps, a
     * convergence flag, the path of a file it wrote). Replex records them where a job asks for them
     * (evaluate mode; draws in sample mode, opt-in); they never change the sampler's decisions.
     *
     * <p>By default it calls {@link #logPrior} and, where that is finite, {@link #logLikelihood},
     * and returns no metrics, so a target that implements only those two keeps working. Override
     * it to report metrics; it must then agree with those two methods, and be as thread-safe.
     *
     * @param x the parameters, length {@link #dimension()}; must not be modified
     * @return the evaluation; {@code logLikelihood} is −∞ where {@code logPrior} is −∞
     */
    default Evaluation evaluate(double[] x) {
        double logPrior = logPrior(x);
        double logLikelihood = logPrior == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : logLikelihood(x);
        return Evaluation.of(logPrior, logLikelihood);
    }

    /**
     * A target's values at one point with what the evaluation reported about itself: its
     * evaluation context.
     *
     * @param logPrior log p(x), natural log, −∞ outside the support
     * @param logLikelihood log L(x), natural log, untempered; −∞ where {@code logPrior} is −∞
     * @param metrics named numbers, in the order the target put them (kept; may be empty, never null)
     * @param metadata named strings, in the order the target put them (kept; may be empty, never null)
     */
    record Evaluation(double logPrior, double logLikelihood, Map<String, Double> metrics,
            Map<String, String> metadata) {
        /** Copies both maps, keeping their order; null values are refused. */
        public Evaluation {
            metrics = copy(metrics, "metrics");
            metadata = copy(metadata, "metadata");
        }

        /**
         * @param logPrior log p(x)
         * @param logLikelihood log L(x)
         * @return an evaluation with no metrics and no metadata
         */
        public static Evaluation of(double logPrior, double logLikelihood) {
            return new Evaluation(logPrior, logLikelihood, Map.of(), Map.of());
        }

        /**
         * @param name the metric's name
         * @param value its value
         * @return a copy with the metric added (or replaced, keeping its place)
         */
        public Evaluation withMetric(String name, double value) {
            Map<String, Double> m = new LinkedHashMap<>(metrics);
            m.put(Objects.requireNonNull(name, "name"), value);
            return new Evaluation(logPrior, logLikelihood, m, metadata);
        }

        /**
         * @param name the metadata key
         * @param value its value
         * @return a copy with the entry added (or replaced, keeping its place)
         */
        public Evaluation withMetadata(String name, String value) {
            Map<String, String> m = new LinkedHashMap<>(metadata);
            m.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return new Evaluation(logPrior, logLikelihood, metrics, m);
        }

        private static <V> Map<String, V> copy(Map<String, V> map, String what) {
            Objects.requireNonNull(map, what);
            Map<String, V> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, what + " key"),
                    Objects.requireNonNull(v, what + " value")));
            return Collections.unmodifiableMap(copy);
        }
    }

    /**
     * Whether {@link #logPrior} is a normalised probability density: a proper prior, written with
     * all its normalising constants, so that ∫ exp(logPrior(x)) dx = 1 over the support. Only then
     * is Z(0) = 1, and the log evidence estimated on a ladder that ends at β = 0 is the model's log
     * evidence log ∫ p(x)·L(x) dx; otherwise it is only the log of an unnormalised integral. The
     * run reports it with the log evidence ({@code log_z.prior_normalised} in {@code summary.json})
     * and warns when it is {@code false}.
     *
     * <p>Override it to return {@code true} only if it holds: a flat prior (log p = 0 on an
     * unbounded set) is improper, and a prior whose constants were dropped (as Stan's
     * {@code target +=} statements usually do) is not normalised.
     *
     * @return {@code false} by default (not known to be normalised)
     */
    default boolean hasNormalisedPrior() {
        return false;
    }

    /**
     * A starting point for one replica, drawn with the replica's own random stream so that the
     * run is reproducible. It must lie where both log-prior and log-likelihood are finite.
     *
     * @param rng the replica's random stream
     * @return a new array of length {@link #dimension()} with finite values
     */
    double[] initialState(UniformRandomProvider rng);

    /**
     * The starting point of one given replica; the sampler calls this one. By default
     * {@link #initialState(UniformRandomProvider)}: override it only to start replicas at different
     * places by chain or level (a job's {@code job.init} does this for any target).
     *
     * @param rng the replica's random stream
     * @param chain the replica's chain, 0 … C−1
     * @param replica the replica's index within its chain, 0 … K−1 (it starts at level {@code replica})
     * @return a new array of length {@link #dimension()} with finite values
     */
    default double[] initialState(UniformRandomProvider rng, int chain, int replica) {
        return initialState(rng);
    }
}
