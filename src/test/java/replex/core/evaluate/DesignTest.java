package replex.core.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.junit.jupiter.api.Test;

import replex.core.rng.RandomStreams;

class DesignTest {

    private static final List<String> NAMES = List.of("x", "y", "z");

    /** The Latin-hypercube property: in every dimension, every one of the n strata holds exactly one point. */
    @Test
    void latinHypercubeHasOnePointPerStratumInEveryDimension() {
        double[] lower = {-1, 0, 10};
        double[] upper = {1, 0.001, 1000};
        for (int n : new int[] {1, 2, 7, 200}) {
            Design d = Design.latinHypercube(NAMES, n, lower, upper, RandomStreams.designStream(42));
            assertEquals(n, d.size());
            for (int j = 0; j < 3; j++) {
                boolean[] seen = new boolean[n];
                double width = (upper[j] - lower[j]) / n;
                for (int i = 0; i < n; i++) {
                    double x = d.get(i, j);
                    assertTrue(x >= lower[j] && x <= upper[j], x + " outside the bounds");
                    int stratum = (int) Math.min(n - 1, Math.floor((x - lower[j]) / width));
                    assertTrue(!seen[stratum], "stratum " + stratum + " of dimension " + j + " holds two points");
                    seen[stratum] = true;
                }
            }
        }
    }

    @Test
    void latinHypercubeIsDeterministicGivenTheSeed() {
        double[] lo = {0, 0, 0};
        double[] hi = {1, 1, 1};
        Design a = Design.latinHypercube(NAMES, 50, lo, hi, RandomStreams.designStream(7));
        Design b = Design.latinHypercube(NAMES, 50, lo, hi, RandomStreams.designStream(7));
        Design c = Design.latinHypercube(NAMES, 50, lo, hi, RandomStreams.designStream(8));
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(a.point(i), b.point(i));
        }
        assertTrue(a.get(0, 0) != c.get(0, 0) || a.get(1, 1) != c.get(1, 1));
    }

    @Test
    void gridIsRowMajorWithBothEnds() {
        Design g = Design.grid(List.of("a", "b"), new int[] {3, 2}, new double[] {0, -1}, new double[] {1, 1});
        assertEquals(6, g.size());
        double[][] expected = {{0, -1}, {0, 1}, {0.5, -1}, {0.5, 1}, {1, -1}, {1, 1}};
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(expected[i], g.point(i));
        }
        Design one = Design.grid(List.of("a"), new int[] {1}, new double[] {2}, new double[] {4});
        assertArrayEquals(new double[] {3}, one.point(0));
        assertThrows(IllegalArgumentException.class, () -> Design.grid(List.of("a", "b"),
                new int[] {10_000, 10_000}, new double[] {0, 0}, new double[] {1, 1}));
    }

    @Test
    void sobolIsCommonsMathsSequenceScaledAndSkipped() {
        double[] lo = {-2, 0, 5};
        double[] hi = {2, 1, 6};
        Design s = Design.sobol(NAMES, 16, 0, lo, hi);
        Design skipped = Design.sobol(NAMES, 8, 8, lo, hi);
        SobolSequenceGenerator g = new SobolSequenceGenerator(3);
        for (int i = 0; i < 16; i++) {
            double[] u = g.nextVector();
            for (int j = 0; j < 3; j++) {
                assertEquals(lo[j] + u[j] * (hi[j] - lo[j]), s.get(i, j));
            }
            if (i >= 8) {
                assertArrayEquals(s.point(i), skipped.point(i - 8));
            }
        }
        assertArrayEquals(lo, s.point(0), "point 0 of the sequence is the lower corner");
    }

    @Test
    void givenPointsAreCopied() {
        double[][] rows = {{1, 2, 3}};
        Design d = Design.of(NAMES, rows);
        rows[0][0] = 9;
        assertEquals(1, d.get(0, 0));
        d.point(0)[1] = 9;
        assertEquals(2, d.get(0, 1));
        assertThrows(IllegalArgumentException.class, () -> Design.of(NAMES, new double[][] {{1, 2}}));
    }
}
