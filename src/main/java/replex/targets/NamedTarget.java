package replex.targets;

import java.util.List;

import replex.core.Target;

/**
 * A target whose parameters are a fixed list of names: d is their number, and whether its prior
 * is normalised is known when it is built.
 */
abstract class NamedTarget implements Target {

    private final List<String> names;
    private final boolean normalisedPrior;

    /**
     * @param names the parameter names, one per dimension (kept, not copied: pass an unmodifiable list)
     * @param normalisedPrior whether log p integrates to 1 ({@link #hasNormalisedPrior()})
     */
    NamedTarget(List<String> names, boolean normalisedPrior) {
        this.names = names;
        this.normalisedPrior = normalisedPrior;
    }

    @Override
    public final int dimension() {
        return names.size();
    }

    @Override
    public final List<String> parameterNames() {
        return names;
    }

    @Override
    public final boolean hasNormalisedPrior() {
        return normalisedPrior;
    }
}
