package replex.targets.user;

import org.apache.commons.rng.UniformRandomProvider;

import replex.core.TestTarget;

/** A user target with only a no-argument constructor and the default parameter names. */
public final class NoArgConstructorTarget extends TestTarget {

    /** The standard normal in 2 dimensions. */
    public NoArgConstructorTarget() {
        super(2);
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        return new double[] {rng.nextDouble(), rng.nextDouble()};
    }
}
