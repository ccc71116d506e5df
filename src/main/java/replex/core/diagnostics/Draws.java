package replex.core.diagnostics;

import java.util.function.ToDoubleFunction;

/** Shape checks, splitting and pooling of {@code draws[chain][draw]} arrays. */
final class Draws {

  /** Fewer draws per chain than this make every diagnostic NaN (as ArviZ and posterior). */
  static final int MIN_DRAWS = 4;

  private Draws() {}

  /**
   * Checks that {@code draws} is a non-empty rectangle.
   *
   * @return the number of draws per chain
   * @throws IllegalArgumentException if there is no chain, a chain is empty or chains differ in
   *     length; the message names the shapes
   * @throws NullPointerException if {@code draws} or a chain is null
   */
  static int checkShape(double[][] draws) {
    if (draws.length == 0) {
      throw new IllegalArgumentException("draws[chain][draw] must hold at least one chain");
    }
    int n = draws[0].length;
    if (n == 0) {
      throw new IllegalArgumentException("draws[chain][draw]: chain 0 has no draws");
    }
    for (int c = 1; c < draws.length; c++) {
      if (draws[c].length != n) {
        throw new IllegalArgumentException(
            "draws[chain][draw] must have chains of equal length: chain 0 has "
                + n
                + " draws but chain "
                + c
                + " has "
                + draws[c].length
                + " (shape "
                + draws.length
                + " chains)");
      }
    }
    return n;
  }

  /**
   * Whether the diagnostics are undefined: too few draws per chain, a non-finite draw, or a
   * constant parameter. Assumes {@link #checkShape} passed.
   */
  static boolean undefined(double[][] draws) {
    if (draws[0].length < MIN_DRAWS) {
      return true;
    }
    double first = draws[0][0];
    boolean constant = true;
    for (double[] chain : draws) {
      for (double v : chain) {
        if (!Double.isFinite(v)) {
          return true;
        }
        constant &= v == first;
      }
    }
    return constant;
  }

  /**
   * A diagnostic of {@code draws}, NaN where the diagnostics are undefined: checks the shape, then
   * returns NaN if {@link #undefined} and {@code statistic} of the draws otherwise.
   *
   * @param draws {@code draws[chain][draw]}, {@code C >= 1} chains of equal length; not modified
   * @param statistic the diagnostic of valid draws, given {@code draws} itself
   * @return the diagnostic, or NaN
   * @throws IllegalArgumentException as {@link #checkShape}
   * @throws NullPointerException if {@code draws} or a chain is null
   */
  static double orNaN(double[][] draws, ToDoubleFunction<double[][]> statistic) {
    checkShape(draws);
    if (undefined(draws)) {
      return Double.NaN;
    }
    return statistic.applyAsDouble(draws);
  }

  /**
   * Splits each chain into its first and last halves, dropping the middle draw of odd lengths.
   *
   * @return {@code split[2C][n / 2]}: the first halves of chains 0..C-1, then their second halves
   */
  static double[][] split(double[][] draws) {
    int chains = draws.length;
    int n = draws[0].length;
    int half = n / 2;
    double[][] split = new double[2 * chains][half];
    for (int c = 0; c < chains; c++) {
      System.arraycopy(draws[c], 0, split[c], 0, half);
      System.arraycopy(draws[c], n - half, split[chains + c], 0, half);
    }
    return split;
  }

  /** All draws in one array, chain after chain. */
  static double[] pool(double[][] draws) {
    int n = draws[0].length;
    double[] pooled = new double[draws.length * n];
    for (int c = 0; c < draws.length; c++) {
      System.arraycopy(draws[c], 0, pooled, c * n, n);
    }
    return pooled;
  }

  /** Arithmetic mean. */
  static double mean(double[] x) {
    double sum = 0.0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }

  /** Sample variance with denominator {@code n - 1}, two-pass. */
  static double sampleVariance(double[] x) {
    double m = mean(x);
    double ss = 0.0;
    for (double v : x) {
      double d = v - m;
      ss += d * d;
    }
    return ss / (x.length - 1);
  }
}
