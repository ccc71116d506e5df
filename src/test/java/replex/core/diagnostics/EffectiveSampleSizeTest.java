package replex.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EffectiveSampleSizeTest {

  static String[] cases() {
    return ReferenceCase.NAMES;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesReference(String name) {
    ReferenceCase ref = ReferenceCase.load(name);
    double[][] before = SyntheticDraws.deepCopy(ref.draws());
    ref.check("ess_bulk", EffectiveSampleSize.bulkEss(ref.draws()));
    ref.check("ess_tail", EffectiveSampleSize.tailEss(ref.draws()));
    ref.check("ess_q05", EffectiveSampleSize.quantileEss(ref.draws(), 0.05));
    ref.check("ess_q95", EffectiveSampleSize.quantileEss(ref.draws(), 0.95));
    for (int c = 0; c < before.length; c++) {
      assertArrayEquals(before[c], ref.draws()[c], 0.0, "input modified");
    }
  }

  @Test
  void nearTotalDrawsForIndependentDraws() {
    for (long seed = 1; seed <= 5; seed++) {
      double[][] draws = SyntheticDraws.iidNormal(seed, 4, 1000);
      double bulk = EffectiveSampleSize.bulkEss(draws);
      assertTrue(bulk > 0.8 * 4000 && bulk < 1.25 * 4000, "seed " + seed + ": bulk ESS " + bulk);
      double tail = EffectiveSampleSize.tailEss(draws);
      assertTrue(tail > 0.6 * 4000 && tail < 1.4 * 4000, "seed " + seed + ": tail ESS " + tail);
    }
  }

  @Test
  void matchesIntegratedAutocorrelationTimeOfAr1() {
    double phi = 0.9;
    double expected = 4 * 2000 * (1 - phi) / (1 + phi);
    for (long seed = 1; seed <= 3; seed++) {
      double bulk = EffectiveSampleSize.bulkEss(SyntheticDraws.ar1(seed, 4, 2000, phi));
      assertTrue(
          Math.abs(bulk / expected - 1) < 0.3,
          "seed " + seed + ": bulk ESS " + bulk + ", expected about " + expected);
    }
  }

  @Test
  void antitheticChainsAreCappedAtSLog10S() {
    double[][] draws = SyntheticDraws.ar1(21, 4, 1000, -0.9);
    double s = 4000;
    assertEquals(s * Math.log10(s), EffectiveSampleSize.bulkEss(draws), 1e-9 * s);
  }

  @Test
  void singleChainIsSplitInTwo() {
    double ess = EffectiveSampleSize.bulkEss(SyntheticDraws.iidNormal(22, 1, 2000));
    assertTrue(ess > 0.8 * 2000 && ess < 1.25 * 2000, "bulk ESS " + ess);
  }

  @Test
  void autocovarianceMatchesDirectSum() {
    double[][] xy = SyntheticDraws.ar1(23, 2, 37, 0.7);
    xy[1][5] += 10.0; // a different scale for the second sequence
    double[] means = {Draws.mean(xy[0]), Draws.mean(xy[1])};
    double[][] pair = EffectiveSampleSize.autocovariances(xy[0], means[0], xy[1], means[1]);
    double[][] alone = {
      EffectiveSampleSize.autocovariances(xy[0], means[0], null, 0.0)[0],
      EffectiveSampleSize.autocovariances(xy[1], means[1], null, 0.0)[0]
    };
    for (int s = 0; s < 2; s++) {
      double[] x = xy[s];
      for (int t = 0; t < x.length; t++) {
        double direct = 0;
        for (int i = 0; i + t < x.length; i++) {
          direct += (x[i] - means[s]) * (x[i + t] - means[s]);
        }
        assertEquals(direct / x.length, pair[s][t], 1e-12, "sequence " + s + ", lag " + t);
        assertEquals(direct / x.length, alone[s][t], 1e-12, "sequence " + s + " alone, lag " + t);
      }
    }
  }

  @Test
  void undefinedCasesGiveNaN() {
    assertTrue(Double.isNaN(EffectiveSampleSize.bulkEss(SyntheticDraws.iidNormal(24, 4, 3))));
    assertTrue(Double.isNaN(EffectiveSampleSize.tailEss(SyntheticDraws.iidNormal(24, 4, 3))));
    double[][] constant = {{1.5, 1.5, 1.5, 1.5, 1.5}};
    assertTrue(Double.isNaN(EffectiveSampleSize.bulkEss(constant)));
    assertTrue(Double.isNaN(EffectiveSampleSize.tailEss(constant)));
    double[][] withNaN = SyntheticDraws.iidNormal(25, 2, 100);
    withNaN[0][3] = Double.NaN;
    assertTrue(Double.isNaN(EffectiveSampleSize.bulkEss(withNaN)));
    assertTrue(Double.isNaN(EffectiveSampleSize.quantileEss(withNaN, 0.5)));
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EffectiveSampleSize.bulkEss(new double[][] {new double[10], new double[12]}));
    assertTrue(e.getMessage().contains("10") && e.getMessage().contains("12"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> EffectiveSampleSize.tailEss(new double[0][]));
    assertThrows(
        IllegalArgumentException.class,
        () -> EffectiveSampleSize.quantileEss(SyntheticDraws.iidNormal(26, 2, 10), 1.5));
  }
}
