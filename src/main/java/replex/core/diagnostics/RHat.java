package replex.core.diagnostics;

/**
 * Rank-normalised split-R-hat of Vehtari et al. (2021), as ArviZ ({@code
 * arviz.rhat(method="rank")}) and the R package posterior ({@code rhat}) compute it.
 *
 * <p>Every method takes {@code draws[chain][draw]}: {@code C >= 1} chains of equal length {@code
 * N >= 1}. Each chain is split into its first and last halves (the middle draw of an odd length is
 * dropped), giving {@code 2C} chains of {@code n = N / 2} draws. The classic R-hat of such chains
 * is {@code sqrt(((n - 1) / n W + B / n) / W)}, with {@code W} the mean within-chain variance and
 * {@code B / n} the variance of the chain means (both with denominator count - 1).
 *
 * <ul>
 *   <li>bulk R-hat: R-hat of the rank-normalised split chains ({@code Phi^-1((r - 3/8) / (S +
 *       1/4))} of the average ranks {@code r} over all {@code S} split draws);
 *   <li>tail R-hat: the same of the folded chains {@code |x - median(x)|} (median of all draws,
 *       folded before splitting), split;
 *   <li>{@link #splitRHat}: the larger of the two, the recommended convergence diagnostic
 *       (Vehtari et al. suggest requiring {@code < 1.01}).
 * </ul>
 *
 * <p>The result is NaN when fewer than 4 draws per chain are given, when any draw is NaN or
 * infinite, or when the parameter is constant (every draw equal). It is {@code +Infinity} when
 * every split chain is internally constant but they differ. A single chain works: its two halves
 * are compared (posterior's behaviour; ArviZ returns NaN for one chain). Inputs are never modified.
 * All methods are stateless and thread-safe. Cost: {@code O(S log S)}.
 *
 * @see <a href="https://doi.org/10.1214/20-BA1221">Vehtari, A., Gelman, A., Simpson, D., Carpenter,
 *     B. and Bürkner, P.-C. (2021). Rank-normalization, folding, and localization: An improved
 *     R-hat for assessing convergence of MCMC. Bayesian Analysis 16(2), 667-718.
 *     doi:10.1214/20-BA1221</a>
 */
public final class RHat {

  private RHat() {}

  /**
   * Rank-normalised split-R-hat: {@code max(bulkRHat, tailRHat)}.
   *
   * @param draws {@code draws[chain][draw]}, {@code C >= 1} chains of equal length; not modified
   * @return R-hat, near 1 for converged chains; NaN if fewer than 4 draws per chain, a non-finite
   *     draw or a constant parameter
   * @throws IllegalArgumentException if there is no chain, no draw, or chains differ in length
   * @throws NullPointerException if {@code draws} or a chain is null
   */
  public static double splitRHat(double[][] draws) {
    return Draws.orNaN(draws, d -> Math.max(basic(RankNormalization.zScale(Draws.split(d))), tail(d)));
  }

  /**
   * Bulk R-hat: split-R-hat of the rank-normalised draws; detects chains at different locations.
   *
   * @param draws {@code draws[chain][draw]}, {@code C >= 1} chains of equal length; not modified
   * @return bulk R-hat; NaN as for {@link #splitRHat}
   * @throws IllegalArgumentException if there is no chain, no draw, or chains differ in length
   * @throws NullPointerException if {@code draws} or a chain is null
   */
  public static double bulkRHat(double[][] draws) {
    return Draws.orNaN(draws, d -> basic(RankNormalization.zScale(Draws.split(d))));
  }

  /**
   * Tail R-hat: split-R-hat of the rank-normalised folded draws {@code |x - median|}; detects
   * chains with different scales.
   *
   * @param draws {@code draws[chain][draw]}, {@code C >= 1} chains of equal length; not modified
   * @return tail R-hat; NaN as for {@link #splitRHat}
   * @throws IllegalArgumentException if there is no chain, no draw, or chains differ in length
   * @throws NullPointerException if {@code draws} or a chain is null
   */
  public static double tailRHat(double[][] draws) {
    return Draws.orNaN(draws, RHat::tail);
  }

  /**
   * Tail R-hat of whole (unsplit) chains: folded around the median of all their draws, then split,
   * as posterior's {@code rhat()} does (folding after splitting would leave out the middle draw of
   * an odd length from the median).
   */
  static double tail(double[][] draws) {
    return basic(RankNormalization.zScale(Draws.split(RankNormalization.fold(draws))));
  }

  /**
   * Classic R-hat (Gelman et al., BDA3 eq. 11.4) of {@code x[chain][draw]} taken as is.
   *
   * @param x {@code x[chain][draw]}, at least 2 chains of at least 2 draws, rectangular
   */
  static double basic(double[][] x) {
    int chains = x.length;
    int n = x[0].length;
    double[] chainMean = new double[chains];
    double within = 0.0;
    for (int c = 0; c < chains; c++) {
      chainMean[c] = Draws.mean(x[c]);
      within += Draws.sampleVariance(x[c]);
    }
    within /= chains;
    double between = n * Draws.sampleVariance(chainMean);
    return Math.sqrt((between / within + n - 1.0) / n);
  }
}
