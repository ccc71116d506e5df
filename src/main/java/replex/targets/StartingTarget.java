package replex.targets;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;

import replex.core.InitialValues;
import replex.core.Target;

/**
 * A target whose replicas start at a job's {@code job.init} values: every method but
 * {@link #initialState(UniformRandomProvider, int, int)} is the wrapped target's. Thread-safe if
 * the wrapped target is.
 */
final class StartingTarget implements Target {

    private final Target target;
    private final InitialValues init;
    private final List<String> names;
    private final int[] columns;

    /**
     * @param target the target, already checked
     * @param init where its replicas start
     * @throws replex.core.ConfigurationException naming {@code init.key()} if the values' columns are
     *     not the target's parameters
     */
    StartingTarget(Target target, InitialValues init) {
        this.target = target;
        this.init = init;
        this.names = target.parameterNames();
        this.columns = init.columnsFor(names);
    }

    /** @return the wrapped target */
    Target target() {
        return target;
    }

    @Override
    public int dimension() {
        return target.dimension();
    }

    @Override
    public List<String> parameterNames() {
        return names;
    }

    @Override
    public double logPrior(double[] x) {
        return target.logPrior(x);
    }

    @Override
    public double logLikelihood(double[] x) {
        return target.logLikelihood(x);
    }

    @Override
    public Evaluation evaluate(double[] x) {
        return target.evaluate(x);
    }

    @Override
    public boolean hasNormalisedPrior() {
        return target.hasNormalisedPrior();
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        return target.initialState(rng);
    }

    @Override
    public double[] initialState(UniformRandomProvider rng, int chain, int replica) {
        return init.start(target, names, columns, rng, chain, replica);
    }

    @Override
    public String toString() {
        return target.toString();
    }
}
