package replex.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ParameterSummaryTest {

  static String[] cases() {
    return ReferenceCase.NAMES;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesReference(String name) {
    ReferenceCase ref = ReferenceCase.load(name);
    ParameterSummary s = ParameterSummary.of(ref.draws());
    ref.check("mean", s.mean());
    ref.check("sd", s.sd());
    ref.check("q05", s.q05());
    ref.check("q50", s.q50());
    ref.check("q95", s.q95());
    ref.check("ess_bulk", s.essBulk());
    ref.check("ess_tail", s.essTail());
    ref.check("rhat", s.rHat());
  }

  @Test
  void agreesWithTheSeparateDiagnostics() {
    double[][] draws = SyntheticDraws.ar1(31, 3, 777, 0.6);
    ParameterSummary s = ParameterSummary.of(draws);
    assertEquals(EffectiveSampleSize.bulkEss(draws), s.essBulk(), 0.0);
    assertEquals(EffectiveSampleSize.tailEss(draws), s.essTail(), 0.0);
    assertEquals(RHat.splitRHat(draws), s.rHat(), 0.0);
    assertEquals(Quantiles.quantile(Draws.pool(draws), 0.5), s.q50(), 0.0);
  }

  @Test
  void momentsAndQuantilesSurviveTooFewDraws() {
    ParameterSummary s = ParameterSummary.of(new double[][] {{1, 2}, {3, 4}});
    assertEquals(2.5, s.mean(), 0.0);
    assertEquals(Math.sqrt(5.0 / 3.0), s.sd(), 1e-15);
    assertEquals(2.5, s.q50(), 0.0);
    assertTrue(Double.isNaN(s.essBulk()) && Double.isNaN(s.essTail()) && Double.isNaN(s.rHat()));
    assertTrue(Double.isNaN(ParameterSummary.of(new double[][] {{7}}).sd()));
  }

  @Test
  void rejectsUnequalChains() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ParameterSummary.of(
                    new double[][] {new double[5], new double[5], new double[4]}));
    assertTrue(e.getMessage().contains("chain 2"), e.getMessage());
  }
}
