package replex.core.diagnostics;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Rank normalisation and folding of Vehtari et al. (2021) (ArviZ {@code _z_scale}).
 *
 * @see <a href="https://doi.org/10.1214/20-BA1221">doi:10.1214/20-BA1221</a>
 */
final class RankNormalization {

  /** Blom's fractional offset for the normal scores of ranks. */
  private static final double OFFSET = 3.0 / 8.0;

  /** Stateless for inverse CDF calls, hence shareable; no random generator is needed. */
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0.0, 1.0);

  private RankNormalization() {}

  /**
   * Replaces every value by {@code Phi^-1((r - 3/8) / (S + 1/4))}, where {@code r} is its rank
   * among all {@code S} values of all rows (ties get their average rank).
   *
   * @param x {@code x[row][i]}, finite values, rectangular; not modified
   * @return the normal scores, same shape
   */
  static double[][] zScale(double[][] x) {
    double[] sorted = Draws.pool(x);
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] += 0.0; // -0.0 becomes +0.0: they are equal values and must tie
    }
    Arrays.sort(sorted);
    double[] scoreAt = normalScoresOfSorted(sorted);
    double[][] z = new double[x.length][];
    for (int row = 0; row < x.length; row++) {
      double[] in = x[row];
      double[] out = new double[in.length];
      for (int i = 0; i < in.length; i++) {
        out[i] = scoreAt[lowerBound(sorted, in[i] + 0.0)];
      }
      z[row] = out;
    }
    return z;
  }

  /**
   * The normal score of each sorted value, filled at the first index of each run of ties: a run
   * at indices {@code lo..hi-1} has ranks {@code lo + 1..hi}, whose average is the rank of each.
   */
  private static double[] normalScoresOfSorted(double[] sorted) {
    int size = sorted.length;
    double[] score = new double[size];
    int lo = 0;
    while (lo < size) {
      int hi = lo + 1;
      while (hi < size && sorted[hi] == sorted[lo]) {
        hi++;
      }
      double rank = (lo + 1 + hi) / 2.0;
      score[lo] = STANDARD_NORMAL.inverseCumulativeProbability((rank - OFFSET) / (size + 0.25));
      lo = hi;
    }
    return score;
  }

  /**
   * Folds around the pooled median: {@code |x - median(x)|}, the median as {@code numpy.median}.
   *
   * @param x {@code x[row][i]}, finite values, rectangular; not modified
   * @return the absolute deviations, same shape
   */
  static double[][] fold(double[][] x) {
    double median = Quantiles.median(Draws.pool(x));
    double[][] folded = new double[x.length][];
    for (int row = 0; row < x.length; row++) {
      folded[row] = new double[x[row].length];
      for (int i = 0; i < x[row].length; i++) {
        folded[row][i] = Math.abs(x[row][i] - median);
      }
    }
    return folded;
  }

  /** Index of the first element {@code >= v}. */
  private static int lowerBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
