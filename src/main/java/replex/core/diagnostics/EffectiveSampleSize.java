package replex.core.diagnostics;

import java.util.Arrays;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Effective sample size (ESS) of MCMC draws, as Stan, ArviZ ({@code arviz.ess}) and the R package
 * posterior compute it: bulk ESS and tail ESS of Vehtari et al. (2021).
 *
 * <p>Every method takes {@code draws[chain][draw]}: {@code C >= 1} chains of equal length {@code
 * N >= 1}. Each chain is split into its first and last halves (the middle draw of an odd length is
 * dropped), giving {@code 2C} chains of {@code N / 2} draws. On those, the ESS combines the
 * chains' FFT autocovariances into the multi-chain autocorrelation {@code rho_t = 1 - (W - mean_c
 * acov_c(t)) / var+}, truncates its sum by Geyer's initial positive sequence, smooths it by
 * Geyer's initial monotone sequence, and returns {@code S / tau} with {@code S = 2C (N / 2)} and
 * {@code tau = -1 + 2 sum rho + (last even rho)}, {@code tau} floored at {@code 1 / log10 S}, so
 * the ESS is at most {@code S log10 S}.
 *
 * <p>The result is NaN when fewer than 6 draws per chain are given (split halves of fewer than 3
 * draws, as in posterior), when any draw is NaN or infinite, or when the parameter is constant
 * (every draw equal). The last is posterior's choice;
 * ArviZ returns {@code S} for the bulk ESS of a constant. A single chain works (it is split into
 * two). Inputs are never modified. All methods are stateless and thread-safe. Cost: {@code O(S log
 * S)}.
 *
 * @see <a href="https://doi.org/10.1214/20-BA1221">Vehtari, A., Gelman, A., Simpson, D., Carpenter,
 *     B. and Bürkner, P.-C. (2021). Rank-normalization, folding, and localization: An improved
 *     R-hat for assessing convergence of MCMC. Bayesian Analysis 16(2), 667-718.
 *     doi:10.1214/20-BA1221</a>
 * @see <a href="https://doi.org/10.1214/ss/1177011137">Geyer, C. J. (1992). Practical Markov chain
 *     Monte Carlo. Statistical Science 7(4), 473-483. doi:10.1214/ss/1177011137</a>
 */
public final class EffectiveSampleSize {

  /** Lower quantile probability of the tail ESS. */
  public static final double TAIL_LOW = 0.05;

  /** Upper quantile probability of the tail ESS. */
  public static final double TAIL_HIGH = 0.95;

  /**
   * Fewest draws per (split) chain for an ESS, as posterior: chains of fewer than {@code 2 *
   * MIN_SPLIT_DRAWS} draws have no ESS.
   */
  static final int MIN_SPLIT_DRAWS = 3;

  private EffectiveSampleSize() {}

  /**
   * Bulk ESS: the ESS of the rank-normalised split chains.
   *
   * @param draws {@code draws[chain][draw]}, {@code C >= 1} chains of equal length; not modified
   * @return the bulk ESS, in {@code (0, S log10 S]}; NaN if fewer than 6 draws per chain, a
   *     non-finite draw or a constant parameter
   * @throws IllegalArgumentException if there is no chain, no draw, or chains differ in length
   * @throws NullPointerException if {@code draws} or a chain is null
   */
  public static double bulkEss(double[][] draws) {
    return Draws.orNaN(draws, d -> ess(RankNormalization.zScale(Draws.split(d))));
  }

  /**
   * Tail ESS: the smaller of the quantile ESS at 5% and at 95%.
   *
   * @param draws {@code draws[chain][draw]}, {@code C >= 1} chains of equal length; not modified
   * @return the tail ESS; NaN as for {@link #bulkEss}
   * @throws IllegalArgumentException if there is no chain, no draw, or chains differ in length
   * @throws NullPointerException if {@code draws} or a chain is null
   */
  public static double tailEss(double[][] draws) {
    return Draws.orNaN(draws, EffectiveSampleSize::tailEssOfValid);
  }

  /** Tail ESS of draws that passed {@link Draws#orNaN}'s checks. */
  private static double tailEssOfValid(double[][] draws) {
    double[] sorted = Draws.pool(draws);
    Arrays.sort(sorted);
    double qLow = Quantiles.quantileSorted(sorted, TAIL_LOW);
    double qHigh = Quantiles.quantileSorted(sorted, TAIL_HIGH);
    return tailEss(draws, qLow, qHigh);
  }

  /**
   * Quantile ESS: the ESS of the split chains of the indicator {@code draw <= q}, where {@code q}
   * is the type 7 quantile ({@link Quantiles}) of all draws pooled. If the indicator is constant
   * the result is {@code S}, as in ArviZ.
   *
   * @param draws {@code draws[chain][draw]}, {@code C >= 1} chains of equal length; not modified
   * @param prob the quantile's probability, {@code 0 <= prob <= 1}
   * @return the quantile ESS; NaN as for {@link #bulkEss}
   * @throws IllegalArgumentException if there is no chain, no draw, chains differ in length, or
   *     {@code prob} is not in [0, 1]
   * @throws NullPointerException if {@code draws} or a chain is null
   */
  public static double quantileEss(double[][] draws, double prob) {
    Draws.checkShape(draws);
    double q = Quantiles.quantile(Draws.pool(draws), prob);
    if (Draws.undefined(draws)) {
      return Double.NaN;
    }
    return indicatorEss(draws, q);
  }

  /** Tail ESS of valid draws given their 5% and 95% quantiles. */
  static double tailEss(double[][] draws, double qLow, double qHigh) {
    return Math.min(indicatorEss(draws, qLow), indicatorEss(draws, qHigh));
  }

  private static double indicatorEss(double[][] draws, double q) {
    double[][] indicator = new double[draws.length][draws[0].length];
    for (int c = 0; c < draws.length; c++) {
      for (int i = 0; i < draws[c].length; i++) {
        indicator[c][i] = draws[c][i] <= q ? 1.0 : 0.0;
      }
    }
    return ess(Draws.split(indicator));
  }

  /**
   * Multi-chain ESS of {@code x[chain][draw]} taken as is (no splitting, no ranks): ArviZ {@code
   * _ess}, Stan's {@code compute_effective_sample_size}.
   *
   * @param x {@code x[chain][draw]}, finite, rectangular
   * @return the ESS; {@code S} if {@code x} is constant; NaN if fewer than {@value #MIN_SPLIT_DRAWS}
   *     draws per chain
   */
  static double ess(double[][] x) {
    int chains = x.length;
    int n = x[0].length;
    if (n < MIN_SPLIT_DRAWS) {
      return Double.NaN; // posterior's .ess: too few draws for an autocorrelation
    }
    double size = (double) chains * n;
    if (isConstant(x)) {
      return size;
    }
    double[] meanAcov = new double[n];
    double[] chainMean = new double[chains];
    for (int c = 0; c < chains; c++) {
      chainMean[c] = Draws.mean(x[c]);
    }
    // two real chains per complex FFT halves the work
    for (int c = 0; c < chains; c += 2) {
      double[][] acov =
          c + 1 < chains
              ? autocovariances(x[c], chainMean[c], x[c + 1], chainMean[c + 1])
              : autocovariances(x[c], chainMean[c], null, 0.0);
      for (int t = 0; t < n; t++) {
        meanAcov[t] += acov[0][t];
      }
      if (c + 1 < chains) {
        for (int t = 0; t < n; t++) {
          meanAcov[t] += acov[1][t];
        }
      }
    }
    for (int t = 0; t < n; t++) {
      meanAcov[t] /= chains;
    }

    double meanVar = meanAcov[0] * n / (n - 1.0);
    double varPlus = meanVar * (n - 1.0) / n;
    if (chains > 1) {
      varPlus += Draws.sampleVariance(chainMean);
    }

    double[] rho = new double[n];
    double rhoEven = 1.0;
    rho[0] = rhoEven;
    double rhoOdd = 1.0 - (meanVar - meanAcov[1]) / varPlus;
    rho[1] = rhoOdd;

    // Geyer's initial positive sequence: sum pairs while (rho_2k + rho_2k+1) stays positive
    int t = 1;
    while (t < n - 3 && rhoEven + rhoOdd > 0.0) {
      rhoEven = 1.0 - (meanVar - meanAcov[t + 1]) / varPlus;
      rhoOdd = 1.0 - (meanVar - meanAcov[t + 2]) / varPlus;
      if (rhoEven + rhoOdd >= 0.0) {
        rho[t + 1] = rhoEven;
        rho[t + 2] = rhoOdd;
      }
      t += 2;
    }
    int maxT = t - 2;
    if (rhoEven > 0.0) {
      rho[maxT + 1] = rhoEven; // Stan's improvement: keep the last positive even lag
    }

    // Geyer's initial monotone sequence
    for (t = 1; t <= maxT - 2; t += 2) {
      if (rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]) {
        rho[t + 1] = (rho[t - 1] + rho[t]) / 2.0;
        rho[t + 2] = rho[t + 1];
      }
    }

    double sum = 0.0;
    for (int k = 0; k <= maxT; k++) {
      sum += rho[k];
    }
    double tau = -1.0 + 2.0 * sum + (maxT + 1 < n ? rho[maxT + 1] : 0.0);
    tau = Math.max(tau, 1.0 / Math.log10(size));
    for (double r : rho) {
      if (Double.isNaN(r)) {
        return Double.NaN;
      }
    }
    return size / tau;
  }

  /**
   * Biased autocovariances {@code acov(t) = (1/n) sum_i (x_i - m)(x_{i+t} - m)} for lags {@code
   * 0 <= t < n} of {@code x} and optionally {@code y} (same length), by one complex FFT of {@code
   * x + i y} zero padded to a power of two {@code >= 2n}, so that nothing wraps around.
   *
   * @param y the second sequence, or null for none
   * @return {@code {acov_x, acov_y}}; {@code acov_y} is meaningless when {@code y} is null
   */
  static double[][] autocovariances(double[] x, double meanX, double[] y, double meanY) {
    int n = x.length;
    int m = Integer.highestOneBit(Math.max(1, 2 * n - 1)) << 1;
    double[][] data = new double[2][m];
    for (int i = 0; i < n; i++) {
      data[0][i] = x[i] - meanX;
      data[1][i] = y == null ? 0.0 : y[i] - meanY;
    }
    FastFourierTransformer.transformInPlace(data, DftNormalization.STANDARD, TransformType.FORWARD);
    // With F = FFT(x + i y): X_k = (F_k + conj F_-k) / 2 and Y_k = (F_k - conj F_-k) / 2i.
    // Both power spectra are real and even, so IFFT(|X|^2 + i |Y|^2) = acov_x + i acov_y.
    double[] re = data[0];
    double[] im = data[1];
    double[] powerX = new double[m];
    double[] powerY = new double[m];
    for (int k = 0; k < m; k++) {
      int mk = (m - k) & (m - 1);
      double sumRe = re[k] + re[mk];
      double sumIm = im[k] - im[mk];
      double difRe = re[k] - re[mk];
      double difIm = im[k] + im[mk];
      powerX[k] = (sumRe * sumRe + sumIm * sumIm) / 4.0;
      powerY[k] = (difRe * difRe + difIm * difIm) / 4.0;
    }
    data[0] = powerX;
    data[1] = powerY;
    FastFourierTransformer.transformInPlace(data, DftNormalization.STANDARD, TransformType.INVERSE);
    double[][] acov = new double[2][n];
    for (int t = 0; t < n; t++) {
      acov[0][t] = data[0][t] / n;
      acov[1][t] = data[1][t] / n;
    }
    return acov;
  }

  private static boolean isConstant(double[][] x) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] row : x) {
      for (double v : row) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return max - min < 1e-15; // numpy's finfo(float).resolution, as ArviZ
  }
}
