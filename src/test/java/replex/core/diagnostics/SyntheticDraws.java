package replex.core.diagnostics;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/** Seeded synthetic chains {@code draws[chain][draw]} for sanity tests. */
final class SyntheticDraws {

  private SyntheticDraws() {}

  /** Independent N(mean[c], sd[c]) draws; one chain per entry of {@code means}. */
  static double[][] normal(long seed, int draws, double[] means, double[] sds) {
    ZigguratSampler.NormalizedGaussian gauss = gaussian(seed);
    double[][] x = new double[means.length][draws];
    for (int c = 0; c < means.length; c++) {
      for (int i = 0; i < draws; i++) {
        x[c][i] = means[c] + sds[c] * gauss.sample();
      }
    }
    return x;
  }

  /** Independent N(0, 1) draws. */
  static double[][] iidNormal(long seed, int chains, int draws) {
    return normal(seed, draws, new double[chains], filled(chains, 1.0));
  }

  /** Stationary AR(1) chains {@code x_i = phi x_{i-1} + e_i}, {@code e_i ~ N(0, 1)}. */
  static double[][] ar1(long seed, int chains, int draws, double phi) {
    ZigguratSampler.NormalizedGaussian gauss = gaussian(seed);
    double[][] x = new double[chains][draws];
    for (int c = 0; c < chains; c++) {
      double v = gauss.sample() / Math.sqrt(1.0 - phi * phi);
      for (int i = 0; i < draws; i++) {
        v = phi * v + gauss.sample();
        x[c][i] = v;
      }
    }
    return x;
  }

  static double[] filled(int n, double value) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, value);
    return a;
  }

  static double[][] deepCopy(double[][] x) {
    double[][] copy = new double[x.length][];
    for (int c = 0; c < x.length; c++) {
      copy[c] = x[c].clone();
    }
    return copy;
  }

  private static ZigguratSampler.NormalizedGaussian gaussian(long seed) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    return ZigguratSampler.NormalizedGaussian.of(rng);
  }
}
