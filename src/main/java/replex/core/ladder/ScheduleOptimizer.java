package replex.core.ladder;

/**
 * Places the inverse temperatures of a ladder at equal steps of the communication barrier, from
 * the swap rejection rates observed with the current ladder (Syed, Bouchard-Côté, Deligiannidis
 * &amp; Doucet 2022, "Non-reversible parallel tempering: a scalable highly parallel MCMC scheme",
 * JRSSB 84(2), doi:10.1111/rssb.12464, Section 5 and Algorithm 4).
 *
 * <p>The rejection rate r_k of pair (k, k+1) estimates the local barrier between β_{k+1} and β_k;
 * their partial sums from the hottest level give the cumulative barrier Λ(β) at the ladder's β
 * values, with Λ(β_min) = 0 and Λ(1) = Λ = Σ r_k. Λ(β) is interpolated between them with a
 * monotone piecewise-cubic Hermite interpolant (Fritsch &amp; Carlson 1980, "Monotone piecewise cubic
 * interpolation", SIAM J. Numer. Anal. 17(2), doi:10.1137/0717021), and the new β_k solve
 * Λ(β_k) = Λ·(K−1−k)/(K−1): with equal barrier between neighbours, swap rates are equal and round
 * trips fastest. The end points β_0 = 1 and β_{K−1} stay. Stateless and thread-safe. (Λ itself and
 * the recommended number of levels are reported by {@link replex.core.evidence.CommunicationBarrier}.)
 */
public final class ScheduleOptimizer {

    private ScheduleOptimizer() {
    }

    /**
     * @param ladder the current ladder, K ≥ 2 levels
     * @param rejection the mean swap rejection probability of each pair (k, k+1), length K−1, each in [0, 1]
     * @return the new ladder with the same K and end points; the same ladder if Λ = 0
     * @throws IllegalArgumentException if the lengths do not match or a rate is not in [0, 1]
     */
    public static Ladder optimize(Ladder ladder, double[] rejection) {
        int k = ladder.size();
        if (k < 2 || rejection.length != k - 1) {
            throw new IllegalArgumentException("need K >= 2 levels and K-1 rejection rates, got K = " + k + " and "
                    + rejection.length + " rates");
        }
        // Ascending in β: x[0] = β_{K−1} (hottest) … x[K−1] = β_0 = 1; y = cumulative barrier.
        double[] x = new double[k];
        double[] y = new double[k];
        for (int j = 0; j < k; j++) {
            x[j] = ladder.beta(k - 1 - j);
        }
        for (int j = 1; j < k; j++) {
            double r = rejection[k - 1 - j];
            if (!(r >= 0.0 && r <= 1.0)) {
                throw new IllegalArgumentException("rejection rate of pair " + (k - 1 - j) + " is " + r
                        + ", not in [0, 1]");
            }
            y[j] = y[j - 1] + r;
        }
        double total = y[k - 1];
        if (!(total > 0.0)) {
            return ladder;
        }
        double[] slopes = monotoneSlopes(x, y);
        double[] betas = new double[k];
        betas[0] = ladder.beta(0);
        betas[k - 1] = ladder.beta(k - 1);
        for (int level = 1; level < k - 1; level++) {
            double target = total * (k - 1 - level) / (k - 1);
            betas[level] = invert(x, y, slopes, target);
        }
        // Keep the ladder strictly decreasing even where the interpolant is flat.
        for (int level = 1; level < k; level++) {
            if (!(betas[level] < betas[level - 1])) {
                betas[level] = Math.nextDown(betas[level - 1]);
            }
        }
        return Ladder.of(betas);
    }

    /** Fritsch–Carlson slopes at the knots, so that the Hermite interpolant is monotone. */
    static double[] monotoneSlopes(double[] x, double[] y) {
        int n = x.length;
        double[] delta = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            delta[i] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
        }
        double[] m = new double[n];
        m[0] = delta[0];
        m[n - 1] = delta[n - 2];
        for (int i = 1; i < n - 1; i++) {
            m[i] = delta[i - 1] * delta[i] <= 0 ? 0.0 : (delta[i - 1] + delta[i]) / 2;
        }
        for (int i = 0; i < n - 1; i++) {
            if (delta[i] == 0.0) {
                m[i] = 0.0;
                m[i + 1] = 0.0;
                continue;
            }
            double a = m[i] / delta[i];
            double b = m[i + 1] / delta[i];
            double s = a * a + b * b;
            if (s > 9.0) {
                double t = 3.0 / Math.sqrt(s);
                m[i] = t * a * delta[i];
                m[i + 1] = t * b * delta[i];
            }
        }
        return m;
    }

    /** The interpolant at {@code t}. */
    static double interpolate(double[] x, double[] y, double[] m, double t) {
        int i = segment(x, t);
        double h = x[i + 1] - x[i];
        double s = (t - x[i]) / h;
        double s2 = s * s;
        double s3 = s2 * s;
        return (2 * s3 - 3 * s2 + 1) * y[i] + (s3 - 2 * s2 + s) * h * m[i] + (-2 * s3 + 3 * s2) * y[i + 1]
                + (s3 - s2) * h * m[i + 1];
    }

    private static int segment(double[] x, double t) {
        int i = 0;
        while (i < x.length - 2 && t > x[i + 1]) {
            i++;
        }
        return i;
    }

    /** The β with interpolated barrier {@code target}, by bisection (the interpolant is monotone). */
    private static double invert(double[] x, double[] y, double[] m, double target) {
        double lo = x[0];
        double hi = x[x.length - 1];
        for (int iteration = 0; iteration < 200 && hi - lo > 1e-15 * Math.max(1.0, hi); iteration++) {
            double mid = 0.5 * (lo + hi);
            if (interpolate(x, y, m, mid) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
