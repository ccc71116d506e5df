package replex.core.proposal;

/**
 * Count, mean and centred sum of squares of a set of states (Welford form), mergeable in a fixed
 * order with the parallel update of Chan, Golub &amp; LeVeque (1983), "Algorithms for computing the
 * sample variance", The American Statistician 37(3), doi:10.1080/00031305.1983.10483115.
 * Mutable, not thread-safe.
 */
public final class Moments {

    private final int dimension;
    private long count;
    private final double[] mean;
    /** Row-major d×d centred sums of products Σ (x − mean)(x − mean)ᵀ. */
    private final double[] m2;

    /** @param dimension d ≥ 1 */
    public Moments(int dimension) {
        this.dimension = dimension;
        this.mean = new double[dimension];
        this.m2 = new double[dimension * dimension];
    }

    /**
     * Restores moments from their parts (used by serializers).
     *
     * @param count number of states
     * @param mean length d, copied
     * @param m2 length d², row-major, copied
     * @return the moments
     */
    public static Moments of(long count, double[] mean, double[] m2) {
        Moments m = new Moments(mean.length);
        m.count = count;
        System.arraycopy(mean, 0, m.mean, 0, mean.length);
        System.arraycopy(m2, 0, m.m2, 0, m2.length);
        return m;
    }

    /** Adds one state (length d). */
    public void add(double[] x) {
        count++;
        double[] delta = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            delta[i] = x[i] - mean[i];
            mean[i] += delta[i] / count;
        }
        for (int i = 0; i < dimension; i++) {
            double di = x[i] - mean[i];
            int row = i * dimension;
            for (int j = 0; j < dimension; j++) {
                m2[row + j] += delta[j] * di;
            }
        }
    }

    /** Adds all states summarised by {@code other} (same dimension). */
    public void merge(Moments other) {
        if (other.count == 0) {
            return;
        }
        long n = count + other.count;
        double[] delta = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            delta[i] = other.mean[i] - mean[i];
        }
        double w = (double) count * other.count / n;
        for (int i = 0; i < dimension; i++) {
            int row = i * dimension;
            for (int j = 0; j < dimension; j++) {
                m2[row + j] += other.m2[row + j] + delta[i] * delta[j] * w;
            }
        }
        for (int i = 0; i < dimension; i++) {
            mean[i] += delta[i] * other.count / n;
        }
        count = n;
    }

    /** Forgets every state. */
    public void clear() {
        count = 0;
        java.util.Arrays.fill(mean, 0.0);
        java.util.Arrays.fill(m2, 0.0);
    }

    /** @return the number of states added */
    public long count() {
        return count;
    }

    /** @return the dimension d */
    public int dimension() {
        return dimension;
    }

    /** @return a copy of the mean, length d */
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the centred sums of products, row-major, length d² */
    public double[] m2() {
        return m2.clone();
    }

    /** @return the sample covariance (divisor n − 1), row-major, length d²; requires count ≥ 2 */
    public double[] covariance() {
        double[] c = new double[m2.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = m2[i] / (count - 1);
        }
        return c;
    }
}
