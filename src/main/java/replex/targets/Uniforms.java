package replex.targets;

import org.apache.commons.rng.UniformRandomProvider;

/** Stan's default initialisation: unconstrained values drawn from U(−2, 2). */
final class Uniforms {

    private Uniforms() {
    }

    /** @return a draw from U(−2, 2) */
    static double symmetric(UniformRandomProvider rng) {
        return 4.0 * rng.nextDouble() - 2.0;
    }

    /** @return the logistic function 1 / (1 + exp(−u)), mapping ℝ onto (0, 1) */
    static double logistic(double u) {
        return 1.0 / (1.0 + Math.exp(-u));
    }
}
