package replex.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import replex.targets.GaussianMixtureTarget;

/** The cheap targets of the benchmarks: built-in Gaussian mixtures. */
final class BenchTargets {

    private BenchTargets() {
    }

    /**
     * @param dimension d ≥ 1
     * @return the {@code target} block of a mixture of two unit-variance normals with weights ½, ½ and means
     *     at −3 and +3 in every coordinate
     */
    static Config twoModes(int dimension) {
        StringBuilder minus = new StringBuilder("[");
        StringBuilder plus = new StringBuilder("[");
        for (int i = 0; i < dimension; i++) {
            String sep = i == 0 ? "" : ", ";
            minus.append(sep).append("-3");
            plus.append(sep).append("3");
        }
        return ConfigFactory.parseString("name = " + GaussianMixtureTarget.NAME + ", weights = [1, 1], means = ["
                + minus + "], " + plus + "]], sd = 1");
    }

    /** @return the target of {@link #twoModes} */
    static GaussianMixtureTarget twoModesTarget(int dimension) {
        return new GaussianMixtureTarget(twoModes(dimension));
    }
}
