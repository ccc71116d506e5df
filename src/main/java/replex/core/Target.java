package replex.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
