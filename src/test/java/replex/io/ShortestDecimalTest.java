package replex.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ShortestDecimalTest {

    /** Doubles whose JDK 17 {@code Double.toString} is longer than needed (JDK-4511638), and plain ones. */
    @Test
    void writesTheShortestDecimalOfKnownCases() {
        assertEquals("2.82879384806159E17", ShortestDecimal.of(2.82879384806159E17));
        assertEquals("1.0E23", ShortestDecimal.of(1.0E23));
        assertEquals("8.41E21", ShortestDecimal.of(8.41E21));
        // 5E-324 reads back too; with one digit enough, the closest of two digits is written (as JDK 19+ does)
        assertEquals("4.9E-324", ShortestDecimal.of(Double.MIN_VALUE));
        assertEquals("0.1", ShortestDecimal.of(0.1));
        assertEquals("0.001", ShortestDecimal.of(0.001));
        assertEquals("25.79", ShortestDecimal.of(25.79));
        assertEquals("100.0", ShortestDecimal.of(100));
        assertEquals("1.0E7", ShortestDecimal.of(1e7));
        assertEquals("-0.0", ShortestDecimal.of(-0.0));
        assertEquals("NaN", ShortestDecimal.of(Double.NaN));
        assertEquals("Infinity", ShortestDecimal.of(Double.POSITIVE_INFINITY));
        assertEquals("-Infinity", ShortestDecimal.of(Double.NEGATIVE_INFINITY));
        assertEquals("1.7976931348623157E308", ShortestDecimal.of(Double.MAX_VALUE));
    }

    /** JDK 17's own Double.toString is not shortest: the reason for this class. */
    @Test
    void jdk17DoubleToStringIsLongerOnTheKnownCases() {
        if (Runtime.version().feature() < 19) {
            assertNotEquals("1.0E23", Double.toString(1.0E23));
        }
    }

    /**
     * Every random double (uniform over the bit patterns, and over draws-like values) reads back
     * exactly, and no decimal with one significant digit fewer reads back to it: for d digits, the
     * only candidates with d − 1 digits that can round to v are the two neighbours of v at that
     * precision (rounded down and up), so checking both proves shortness. (Where one digit would do,
     * two are written, as by JDK 19+'s Double.toString; so shortness is checked from three digits.)
     */
    @Test
    void roundTripsExactlyAndIsShortestOnRandomDoubles() {
        SplittableRandom rng = new SplittableRandom(20261201L);
        for (int i = 0; i < 100_000; i++) {
            double v = i % 2 == 0 ? Double.longBitsToDouble(rng.nextLong()) : rng.nextGaussian() * Math.pow(10, rng.nextInt(-8, 9));
            if (!Double.isFinite(v)) {
                continue;
            }
            String text = ShortestDecimal.of(v);
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(Double.parseDouble(text)),
                    () -> text + " does not read back to " + v);
            if (v == 0) {
                continue;
            }
            int digits = new BigDecimal(text).stripTrailingZeros().precision();
            assertTrue(digits <= 17, text);
            if (digits > 2) {
                BigDecimal exact = new BigDecimal(v);
                for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                    BigDecimal shorter = exact.round(new MathContext(digits - 1, mode));
                    assertNotEquals(v, shorter.doubleValue(),
                            () -> text + " has " + digits + " digits but " + shorter + " reads back to the same double");
                }
            }
        }
    }
}
