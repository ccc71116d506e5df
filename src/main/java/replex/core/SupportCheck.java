package replex.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.rng.simple.RandomSource;

/**
 * Whether a starting point is in a target's support, and the words that say why not: which
 * parameters alone put it outside, and the point's values. For {@link InitialValues}.
 */
final class SupportCheck {

    /** Parameters listed in an error message, at most. */
    static final int LISTED = 8;

    private SupportCheck() {
    }

    /**
     * The parameters that alone put a point outside the support: those whose value, replaced by the
     * target's own starting value, brings the point into the support. Uses a stream of its own, never
     * a replica's.
     *
     * @return {@code "parameter NAME = V is the cause (...)"}, the same for several, or {@code ""} if none
     *     alone is the cause
     */
    static String culprits(Target target, List<String> names, double[] x) {
        double[] own;
        try {
            own = target.initialState(RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
        } catch (RuntimeException e) {
            return "";
        }
        if (own == null || own.length != x.length || outsideSupport(target, own) != null) {
            return "";
        }
        List<String> found = new ArrayList<>();
        for (int i = 0; i < x.length && found.size() <= LISTED; i++) {
            double[] y = x.clone();
            y[i] = own[i];
            if (outsideSupport(target, y) == null) {
                found.add(names.get(i) + " = " + x[i]);
            }
        }
        if (found.isEmpty() || found.size() > LISTED) {
            return "";
        }
        return (found.size() == 1 ? "parameter " + found.get(0) + " is the cause (with the target's own start for it"
                : "any one of parameters " + String.join(", ", found) + " is a cause (with the target's own start for it")
                + ", the point is in the support)";
    }

    /** @return null if both log densities are finite at x, else what they are */
    static String outsideSupport(Target target, double[] x) {
        double lp = evaluate(target, x, true);
        double ll = Double.isFinite(lp) ? evaluate(target, x, false) : Double.NaN;
        if (Double.isFinite(lp) && Double.isFinite(ll)) {
            return null;
        }
        return "logPrior = " + lp + (Double.isFinite(lp) ? ", logLikelihood = " + ll : "");
    }

    private static double evaluate(Target target, double[] x, boolean prior) {
        try {
            return prior ? target.logPrior(x.clone()) : target.logLikelihood(x.clone());
        } catch (RuntimeException | StackOverflowError e) {
            return Double.NaN;
        }
    }

    /** @return the first {@value #LISTED} parameters of x, {@code name = value}, comma-separated */
    static String values(List<String> names, double[] x) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(LISTED, x.length); i++) {
            b.append(i == 0 ? "" : ", ").append(names.get(i)).append(" = ").append(x[i]);
        }
        if (x.length > LISTED) {
            b.append(String.format(Locale.ROOT, ", ... (%d parameters)", x.length));
        }
        return b.toString();
    }

    /** @return the first {@value #LISTED} names, comma-separated, and their number if there are more */
    static String list(List<String> names) {
        List<String> shown = names.size() > LISTED ? names.subList(0, LISTED) : names;
        return String.join(", ", shown) + (names.size() > LISTED ? ", ... (" + names.size() + ")" : "");
    }
}
