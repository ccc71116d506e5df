package replex.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RHatTest {

  static String[] cases() {
    return ReferenceCase.NAMES;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesReference(String name) {
    ReferenceCase ref = ReferenceCase.load(name);
    double[][] before = SyntheticDraws.deepCopy(ref.draws());
    ref.check("rhat", RHat.splitRHat(ref.draws()));
    ref.check("rhat_bulk", RHat.bulkRHat(ref.draws()));
    ref.check("rhat_tail", RHat.tailRHat(ref.draws()));
    for (int c = 0; c < before.length; c++) {
      assertArrayEquals(before[c], ref.draws()[c], 0.0, "input modified");
    }
  }

  @Test
  void nearOneForIndependentChains() {
    for (long seed = 1; seed <= 5; seed++) {
      double rHat = RHat.splitRHat(SyntheticDraws.iidNormal(seed, 4, 1000));
      assertTrue(rHat > 0.99 && rHat < 1.01, "seed " + seed + ": R-hat " + rHat);
    }
  }

  @Test
  void largeForChainsWithShiftedMeans() {
    double[][] draws =
        SyntheticDraws.normal(11, 1000, new double[] {0, 0, 1, 2}, SyntheticDraws.filled(4, 1.0));
    assertTrue(RHat.bulkRHat(draws) > 1.1, "bulk R-hat " + RHat.bulkRHat(draws));
    assertTrue(RHat.splitRHat(draws) > 1.1);
  }

  @Test
  void tailRHatDetectsChainsWithDifferentScales() {
    double[][] draws = SyntheticDraws.normal(12, 1000, new double[4], new double[] {1, 1, 1, 3});
    assertTrue(RHat.bulkRHat(draws) < 1.02, "bulk R-hat " + RHat.bulkRHat(draws));
    assertTrue(RHat.tailRHat(draws) > 1.1, "tail R-hat " + RHat.tailRHat(draws));
    assertEquals(RHat.tailRHat(draws), RHat.splitRHat(draws), 0.0);
  }

  @Test
  void detectsTrendWithinOneChain() {
    double[][] draws = SyntheticDraws.iidNormal(13, 1, 1000);
    for (int i = 0; i < 1000; i++) {
      draws[0][i] += 3.0 * i / 1000.0;
    }
    assertTrue(RHat.splitRHat(draws) > 1.1, "single-chain R-hat " + RHat.splitRHat(draws));
  }

  @Test
  void bulkRHatIsInvariantUnderMonotoneTransforms() {
    double[][] draws = SyntheticDraws.ar1(14, 4, 500, 0.5);
    double[][] exp = SyntheticDraws.deepCopy(draws);
    for (double[] chain : exp) {
      for (int i = 0; i < chain.length; i++) {
        chain[i] = Math.exp(chain[i]);
      }
    }
    assertEquals(RHat.bulkRHat(draws), RHat.bulkRHat(exp), 0.0);
  }

  @Test
  void undefinedCasesGiveNaN() {
    assertTrue(Double.isNaN(RHat.splitRHat(SyntheticDraws.iidNormal(15, 4, 3))), "3 draws");
    assertTrue(Double.isFinite(RHat.splitRHat(SyntheticDraws.iidNormal(15, 4, 4))), "4 draws");
    assertTrue(Double.isNaN(RHat.splitRHat(new double[][] {{2, 2, 2, 2}, {2, 2, 2, 2}})));
    double[][] withNaN = SyntheticDraws.iidNormal(16, 2, 100);
    withNaN[1][50] = Double.NaN;
    assertTrue(Double.isNaN(RHat.splitRHat(withNaN)));
    withNaN[1][50] = Double.POSITIVE_INFINITY;
    assertTrue(Double.isNaN(RHat.bulkRHat(withNaN)));
  }

  @Test
  void rejectsBadShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RHat.splitRHat(new double[][] {new double[1000], new double[999]}));
    assertTrue(e.getMessage().contains("1000") && e.getMessage().contains("999"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RHat.splitRHat(new double[0][]));
    assertThrows(IllegalArgumentException.class, () -> RHat.tailRHat(new double[][] {{}}));
    assertThrows(NullPointerException.class, () -> RHat.bulkRHat(null));
  }
}
