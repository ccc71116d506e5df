package replex.core.diagnostics;

import java.util.Arrays;

/**
 * Sample quantiles and the median with the definitions of NumPy's defaults.
 *
 * <p>{@link #quantile} is Hyndman &amp; Fan's type 7 (NumPy {@code method='linear'}, R's default
 * {@code type = 7}): for {@code n} sorted values {@code x[0..n-1]} and probability {@code p}, let
 * {@code h = (n - 1) p}, {@code j = floor(h)} and {@code g = h - j}; the quantile is the linear
 * interpolation of {@code x[j]} and {@code x[min(j + 1, n - 1)]} at {@code g}, evaluated as NumPy's
 * {@code _lerp} does so that results agree with NumPy to the last bit in ordinary cases.
 *
 * <p>If any value is NaN the result is NaN, as in NumPy. Inputs are never modified. All methods are
 * stateless and thread-safe.
 *
 * @see <a href="https://doi.org/10.1080/00031305.1996.10473566">Hyndman, R. J. and Fan, Y. (1996).
 *     Sample quantiles in statistical packages. The American Statistician 50(4), 361-365.
 *     doi:10.1080/00031305.1996.10473566</a>
 */
public final class Quantiles {

  private Quantiles() {}

  /**
   * Type 7 sample quantile of unsorted data; sorts a copy.
   *
   * @param values the sample, {@code values[i]}, any order; not modified
   * @param p the probability, {@code 0 <= p <= 1}
   * @return the quantile; NaN if any value is NaN
   * @throws IllegalArgumentException if {@code values} is empty or {@code p} is not in [0, 1]
   * @throws NullPointerException if {@code values} is null
   */
  public static double quantile(double[] values, double p) {
    return quantileSorted(sortedCopy(values), p);
  }

  /**
   * Type 7 sample quantile of data already sorted in ascending order (as by {@link
   * Arrays#sort(double[])}, which puts NaN last). The order is not checked.
   *
   * @param sorted the sample in ascending order, {@code sorted[i]}; not modified
   * @param p the probability, {@code 0 <= p <= 1}
   * @return the quantile; NaN if the last value is NaN
   * @throws IllegalArgumentException if {@code sorted} is empty or {@code p} is not in [0, 1]
   * @throws NullPointerException if {@code sorted} is null
   */
  public static double quantileSorted(double[] sorted, double p) {
    checkNotEmpty(sorted);
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException("probability p must be in [0, 1], got " + p);
    }
    int n = sorted.length;
    if (Double.isNaN(sorted[n - 1])) {
      return Double.NaN;
    }
    double h = (n - 1) * p;
    int j = (int) Math.floor(h);
    int next = Math.min(j + 1, n - 1);
    return lerp(sorted[j], sorted[next], h - j);
  }

  /**
   * Median of unsorted data as {@code numpy.median}: the middle value for odd {@code n}, else
   * {@code (a + b) / 2} of the two middle values. Sorts a copy.
   *
   * @param values the sample, {@code values[i]}, any order; not modified
   * @return the median; NaN if any value is NaN
   * @throws IllegalArgumentException if {@code values} is empty
   * @throws NullPointerException if {@code values} is null
   */
  public static double median(double[] values) {
    return medianSorted(sortedCopy(values));
  }

  /**
   * Median of data already sorted in ascending order, as {@link #median}. The order is not checked.
   *
   * @param sorted the sample in ascending order, {@code sorted[i]}; not modified
   * @return the median; NaN if the last value is NaN
   * @throws IllegalArgumentException if {@code sorted} is empty
   * @throws NullPointerException if {@code sorted} is null
   */
  public static double medianSorted(double[] sorted) {
    checkNotEmpty(sorted);
    int n = sorted.length;
    if (Double.isNaN(sorted[n - 1])) {
      return Double.NaN;
    }
    int mid = n / 2;
    return n % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  }

  /** NumPy's {@code _lerp}: interpolates from the nearer end, which keeps it monotone in t. */
  private static double lerp(double a, double b, double t) {
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
  }

  private static double[] sortedCopy(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }

  private static void checkNotEmpty(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("cannot take a quantile of an empty sample");
    }
  }
}
