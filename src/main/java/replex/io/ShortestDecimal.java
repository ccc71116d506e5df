package replex.io;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * The shortest decimal that reads back ({@link Double#parseDouble}) to the same {@code double}: the
 * format of every number in the draws files.
 *
 * <p>{@link Double#toString(double)} is shortest only from JDK 19 on (JDK-4511638); on JDK 17 it
 * sometimes writes more digits than needed ({@code 2.82879384806159008E17} for
 * {@code 2.82879384806159E17}, {@code 9.999999999999999E22} for {@code 1.0E23}). This class uses
 * Jackson's port of the algorithm that JDK 19 adopted (Schubfach: R. Giulietti, "The Schubfach way to
 * render doubles", 2020), so the text is the same on every JVM and every node, in the layout of
 * {@code Double.toString}: {@code 0.001}, {@code 25.79}, {@code 1.0E7}, {@code -0.0}, {@code NaN},
 * {@code Infinity}, {@code -Infinity}. Independent of the locale. Thread-safe (stateless).
 */
public final class ShortestDecimal {

    private ShortestDecimal() {
    }

    /**
     * @param v any double
     * @return the shortest decimal (fewest significant digits, but at least two, then the closest to
     *     {@code v}) that {@link Double#parseDouble} reads back to exactly {@code v}
     */
    public static String of(double v) {
        return NumberOutput.toString(v, true);
    }
}
