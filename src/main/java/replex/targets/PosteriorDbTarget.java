package replex.targets;

import java.util.List;

/** A built-in posterior of posteriordb, known by its posterior name (which {@link #toString()} gives). */
abstract class PosteriorDbTarget extends NamedTarget {

    private final String name;

    /**
     * @param name the posteriordb posterior name, also the target's name in a job file
     * @param names the parameter names, one per dimension (an unmodifiable list)
     * @param normalisedPrior whether log p integrates to 1
     */
    PosteriorDbTarget(String name, List<String> names, boolean normalisedPrior) {
        super(names, normalisedPrior);
        this.name = name;
    }

    /** @return the posterior name */
    @Override
    public final String toString() {
        return name;
    }
}
