package replex.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantilesTest {

  private static final double[] SAMPLE = {3.0, -1.5, 2.25, 7.0, 0.1, 0.1, 10.0};

  /** Expected values from numpy.quantile(SAMPLE, p) (numpy 2.4, method='linear'). */
  @ParameterizedTest
  @CsvSource({
    "0.0, -1.5",
    "0.05, -1.02",
    "0.1, -0.5399999999999999",
    "0.25, 0.1",
    "0.5, 2.25",
    "0.7, 3.799999999999997",
    "0.95, 9.099999999999998",
    "1.0, 10.0"
  })
  void matchesNumpyLinear(double p, double expected) {
    assertEquals(expected, Quantiles.quantile(SAMPLE, p), 0.0);
  }

  @Test
  void interpolatesFromTheNearerEndAsNumpy() {
    assertEquals(0.28, Quantiles.quantileSorted(new double[] {0.1, 0.7}, 0.3), 0.0);
    assertEquals(0.58, Quantiles.quantileSorted(new double[] {0.1, 0.7}, 0.8), 0.0);
  }

  @Test
  void medianAveragesTheTwoMiddleValues() {
    assertEquals(3.25, Quantiles.median(new double[] {4.0, 1.0, 2.5, 9.0}), 0.0);
    assertEquals(2.25, Quantiles.median(SAMPLE), 0.0);
  }

  @Test
  void singleValueIsEveryQuantile() {
    assertEquals(4.5, Quantiles.quantile(new double[] {4.5}, 0.0), 0.0);
    assertEquals(4.5, Quantiles.quantile(new double[] {4.5}, 0.37), 0.0);
    assertEquals(4.5, Quantiles.quantile(new double[] {4.5}, 1.0), 0.0);
  }

  @Test
  void doesNotModifyInput() {
    double[] copy = SAMPLE.clone();
    Quantiles.quantile(SAMPLE, 0.3);
    Quantiles.median(SAMPLE);
    assertArrayEquals(copy, SAMPLE, 0.0);
  }

  @Test
  void nanPropagatesAsInNumpy() {
    assertTrue(Double.isNaN(Quantiles.quantile(new double[] {1.0, Double.NaN, 2.0}, 0.0)));
    assertTrue(Double.isNaN(Quantiles.median(new double[] {1.0, Double.NaN, 2.0})));
  }

  @Test
  void rejectsEmptySampleAndBadProbability() {
    assertThrows(IllegalArgumentException.class, () -> Quantiles.quantile(new double[0], 0.5));
    assertThrows(IllegalArgumentException.class, () -> Quantiles.median(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> Quantiles.quantile(SAMPLE, -0.01));
    assertThrows(IllegalArgumentException.class, () -> Quantiles.quantile(SAMPLE, 1.01));
    assertThrows(IllegalArgumentException.class, () -> Quantiles.quantile(SAMPLE, Double.NaN));
  }
}
