package replex.core;

/**
 * The means and the centred sums of squares and of cross products of two paired samples x, y of
 * length n, in two passes (the means first, so that no large sums cancel):
 * x̄ = Σ xᵢ / n, ȳ = Σ yᵢ / n, Sxx = Σ (xᵢ − x̄)², Syy = Σ (yᵢ − ȳ)², Sxy = Σ (xᵢ − x̄)(yᵢ − ȳ).
 * The sums run over i = 0 … n−1 in order, so that the results are the same on every machine.
 *
 * @param meanX x̄
 * @param meanY ȳ
 * @param sxx Sxx
 * @param syy Syy
 * @param sxy Sxy
 */
public record CentredSums(double meanX, double meanY, double sxx, double syy, double sxy) {

    /**
     * @param x the first sample, length n ≥ 1
     * @param y the second sample, paired with {@code x}, length n
     * @return the sums of the pairs (xᵢ, yᵢ); NaN means for n = 0
     * @throws ArrayIndexOutOfBoundsException if {@code y} is shorter than {@code x}
     */
    public static CentredSums of(double[] x, double[] y) {
        int n = x.length;
        double sumX = 0;
        double sumY = 0;
        for (int i = 0; i < n; i++) {
            sumX += x[i];
            sumY += y[i];
        }
        double meanX = sumX / n;
        double meanY = sumY / n;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - meanX;
            double dy = y[i] - meanY;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        return new CentredSums(meanX, meanY, sxx, syy, sxy);
    }
}
