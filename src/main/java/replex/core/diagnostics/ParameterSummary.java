package replex.core.diagnostics;

import java.util.Arrays;

/**
 * Posterior summary and convergence diagnostics of one scalar parameter, the row of a summary table
 * (as {@code arviz.summary} or posterior's {@code summarise_draws}).
 *
 * <p>Moments and quantiles are over all chains pooled; the diagnostics follow Vehtari et al. (2021)
 * as {@link EffectiveSampleSize} and {@link RHat} describe. An immutable value; thread-safe.
 *
 * @param mean the mean of all draws
 * @param sd the sample standard deviation of all draws (denominator count - 1; NaN for one draw)
 * @param q05 the 5% quantile of all draws (type 7, {@link Quantiles})
 * @param q50 the median of all draws (type 7 at 0.5)
 * @param q95 the 95% quantile of all draws (type 7)
 * @param essBulk {@link EffectiveSampleSize#bulkEss}
 * @param essTail {@link EffectiveSampleSize#tailEss}
 * @param rHat {@link RHat#splitRHat}, the rank-normalised split-R-hat
 * @see <a href="https://doi.org/10.1214/20-BA1221">Vehtari et al. (2021), Bayesian Analysis 16(2),
 *     667-718. doi:10.1214/20-BA1221</a>
 */
public record ParameterSummary(
    double mean,
    double sd,
    double q05,
    double q50,
    double q95,
    double essBulk,
    double essTail,
    double rHat) {

  /**
   * Summarises the draws of one parameter. Sorts, ranks and splits once for all statistics.
   *
   * <p>With fewer than 4 draws per chain, a non-finite draw or a constant parameter the three
   * diagnostics are NaN (the two ESS also with fewer than 6, as {@link EffectiveSampleSize}) while
   * the moments and quantiles are still computed (NaN if a draw is NaN).
   *
   * @param draws {@code draws[chain][draw]}, {@code C >= 1} chains of equal length {@code N >= 1};
   *     not modified
   * @return the summary
   * @throws IllegalArgumentException if there is no chain, no draw, or chains differ in length (the
   *     message names the shapes)
   * @throws NullPointerException if {@code draws} or a chain is null
   */
  public static ParameterSummary of(double[][] draws) {
    Draws.checkShape(draws);
    double[] sorted = Draws.pool(draws);
    double mean = Draws.mean(sorted);
    double sd = sorted.length > 1 ? Math.sqrt(Draws.sampleVariance(sorted)) : Double.NaN;
    Arrays.sort(sorted);
    double q05 = Quantiles.quantileSorted(sorted, EffectiveSampleSize.TAIL_LOW);
    double q50 = Quantiles.quantileSorted(sorted, 0.5);
    double q95 = Quantiles.quantileSorted(sorted, EffectiveSampleSize.TAIL_HIGH);

    double essBulk = Double.NaN;
    double essTail = Double.NaN;
    double rHat = Double.NaN;
    if (!Draws.undefined(draws)) {
      double[][] split = Draws.split(draws);
      double[][] z = RankNormalization.zScale(split);
      essBulk = EffectiveSampleSize.ess(z);
      essTail = EffectiveSampleSize.tailEss(draws, q05, q95);
      rHat = Math.max(RHat.basic(z), RHat.tail(draws));
    }
    return new ParameterSummary(mean, sd, q05, q50, q95, essBulk, essTail, rHat);
  }
}
