package replex.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EffectiveSampleSizeTest {

  /*
   * Tolerances of the checks against a known ESS: the estimator's own spread, the mean and standard
   * deviation of ESS / true ESS over 400 replications computed by the R package posterior
   * (ess_spread.R beside the reference files prints them), widened to mean +- 4 sd.
   */

  /** Bulk ESS / S of 4 x 1000 iid N(0,1): mean 0.988, sd 0.041. */
  private static final double[] IID_BULK = {0.988 - 4 * 0.041, 0.988 + 4 * 0.041};

  /** Tail ESS / S of 4 x 1000 iid N(0,1): mean 0.961, sd 0.042. */
  private static final double[] IID_TAIL = {0.961 - 4 * 0.042, 0.961 + 4 * 0.042};

  /** Bulk ESS / (S (1 - phi) / (1 + phi)) of AR(1), phi = 0.9, 4 x 2000: mean 1.012, sd 0.124. */
  private static final double[] AR1_BULK = {1.012 - 4 * 0.124, 1.012 + 4 * 0.124};

  /** Bulk ESS / S of one chain of 2000 iid N(0,1): mean 0.973, sd 0.061. */
  private static final double[] ONE_CHAIN_BULK = {0.973 - 4 * 0.061, 0.973 + 4 * 0.061};

  private static void assertWithin(double[] range, double ratio, String what) {
    assertTrue(
        ratio > range[0] && ratio < range[1],
        what + ": ESS / true ESS = " + ratio + ", outside " + range[0] + " .. " + range[1]);
  }

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
      assertWithin(IID_BULK, EffectiveSampleSize.bulkEss(draws) / 4000, "seed " + seed + ", bulk");
      assertWithin(IID_TAIL, EffectiveSampleSize.tailEss(draws) / 4000, "seed " + seed + ", tail");
    }
  }

  @Test
  void matchesIntegratedAutocorrelationTimeOfAr1() {
    double phi = 0.9;
    double expected = 4 * 2000 * (1 - phi) / (1 + phi);
    for (long seed = 1; seed <= 3; seed++) {
      double bulk = EffectiveSampleSize.bulkEss(SyntheticDraws.ar1(seed, 4, 2000, phi));
      assertWithin(AR1_BULK, bulk / expected, "seed " + seed);
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
    assertWithin(ONE_CHAIN_BULK, ess / 2000, "one chain");
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
