package replex.targets;

import replex.core.Target;

/** A target with a flat prior on ℝ^d: log p(x) = 0 everywhere (improper, so not normalised). */
abstract class FlatPriorTarget implements Target {

    /** @return 0: the prior is flat */
    @Override
    public final double logPrior(double[] x) {
        return 0.0;
    }
}
