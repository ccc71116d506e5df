package replex.core.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.PermutationSampler;

/**
 * The points of an evaluate job: n parameter vectors of dimension d, in a fixed order (point 0 …
 * n − 1), with the target's parameter names. Built by one of the static factories, each
 * deterministic given its arguments (a Latin hypercube given its random stream).
 *
 * <p>Immutable and thread-safe: {@link #point(int)} returns a copy.
 */
public final class Design {

    /** Upper bound of the points of a design. */
    public static final int MAX_POINTS = 10_000_000;

    private final List<String> names;
    private final double[][] points;

    private Design(List<String> names, double[][] points) {
        this.names = List.copyOf(names);
        this.points = points;
        for (double[] p : points) {
            if (p.length != names.size()) {
                throw new IllegalArgumentException("a point has " + p.length + " coordinates, the design "
                        + names.size() + " names");
            }
        }
    }

    /**
     * Given points, in the order given.
     *
     * @param names the d parameter names
     * @param rows the points, each of length d (copied)
     * @return the design
     * @throws IllegalArgumentException if a row's length is not d, or there are no rows
     */
    public static Design of(List<String> names, double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("a design needs at least one point");
        }
        double[][] copy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return new Design(names, copy);
    }

    /**
     * A Latin hypercube of n points in the box [lower, upper]: each axis is cut into n strata of
     * equal width, and every stratum of every axis holds exactly one point (McKay, Beckman and
     * Conover 1979, Technometrics 21:239). For axis j a random permutation π_j of 0 … n − 1 is drawn,
     * then for point i a uniform u in [0, 1): x_ij = lower_j + (π_j(i) + u)·(upper_j − lower_j)/n.
     * The permutations are drawn first, axis by axis, then the uniforms, point by point.
     *
     * @param names the d parameter names
     * @param n the number of points, in [1, {@link #MAX_POINTS}]
     * @param lower finite lower bounds, length d
     * @param upper finite upper bounds, length d, each above its lower bound
     * @param rng the design's random stream
     * @return the design
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Design latinHypercube(List<String> names, int n, double[] lower, double[] upper,
            UniformRandomProvider rng) {
        checkBox(names, lower, upper);
        checkCount(n);
        int d = names.size();
        int[][] strata = new int[d][];
        for (int j = 0; j < d; j++) {
            strata[j] = PermutationSampler.natural(n);
            PermutationSampler.shuffle(rng, strata[j]);
        }
        double[][] points = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double width = (upper[j] - lower[j]) / n;
                points[i][j] = Math.min(upper[j], lower[j] + (strata[j][i] + rng.nextDouble()) * width);
            }
        }
        return new Design(names, points);
    }

    /**
     * A full grid: {@code perAxis[j]} equally spaced values on axis j, from lower_j to upper_j
     * inclusive (the midpoint if there is one value), every combination once. The first parameter
     * varies slowest, the last fastest (row-major order).
     *
     * @param names the d parameter names
     * @param perAxis values per axis, each ≥ 1, with a product of at most {@link #MAX_POINTS}
     * @param lower finite lower bounds, length d
     * @param upper finite upper bounds, length d, each above its lower bound
     * @return the design
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Design grid(List<String> names, int[] perAxis, double[] lower, double[] upper) {
        checkBox(names, lower, upper);
        int d = names.size();
        if (perAxis.length != d) {
            throw new IllegalArgumentException("perAxis has " + perAxis.length + " entries, the design " + d
                    + " parameters");
        }
        long total = 1;
        for (int m : perAxis) {
            if (m < 1) {
                throw new IllegalArgumentException("every axis needs at least 1 value, got " + m);
            }
            total *= m;
            if (total > MAX_POINTS) {
                throw new IllegalArgumentException("the grid has more than " + MAX_POINTS + " points");
            }
        }
        double[][] axes = new double[d][];
        for (int j = 0; j < d; j++) {
            axes[j] = new double[perAxis[j]];
            for (int k = 0; k < perAxis[j]; k++) {
                axes[j][k] = perAxis[j] == 1 ? lower[j] + (upper[j] - lower[j]) / 2
                        : k == perAxis[j] - 1 ? upper[j]
                        : lower[j] + (upper[j] - lower[j]) * k / (perAxis[j] - 1);
            }
        }
        double[][] points = new double[(int) total][d];
        int[] index = new int[d];
        for (int i = 0; i < total; i++) {
            for (int j = 0; j < d; j++) {
                points[i][j] = axes[j][index[j]];
            }
            for (int j = d - 1; j >= 0; j--) { // odometer: the last axis turns fastest
                if (++index[j] < perAxis[j]) {
                    break;
                }
                index[j] = 0;
            }
        }
        return new Design(names, points);
    }

    /**
     * The first n points of the Sobol low-discrepancy sequence (after skipping {@code skip}), scaled
     * to the box: the sequence of Commons Math's {@link SobolSequenceGenerator} (direction numbers
     * of Joe and Kuo 2008, unscrambled, so it needs no seed), whose point 0 is the box's lower corner.
     * Powers of two for n (after a skip that is 0 or a power of two) keep its balance properties.
     *
     * @param names the d parameter names, d ≤ 1000
     * @param n the number of points, in [1, {@link #MAX_POINTS}]
     * @param skip points of the sequence left out at its start, ≥ 0
     * @param lower finite lower bounds, length d
     * @param upper finite upper bounds, length d, each above its lower bound
     * @return the design
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static Design sobol(List<String> names, int n, int skip, double[] lower, double[] upper) {
        checkBox(names, lower, upper);
        checkCount(n);
        if (skip < 0 || (long) skip + n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("skip must be in [0, " + (Integer.MAX_VALUE - n) + "], got " + skip);
        }
        int d = names.size();
        if (d > MAX_SOBOL_DIMENSION) {
            throw new IllegalArgumentException("the Sobol sequence has at most " + MAX_SOBOL_DIMENSION
                    + " dimensions, the target " + d);
        }
        SobolSequenceGenerator sobol = new SobolSequenceGenerator(d);
        double[][] points = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] u = i == 0 && skip > 0 ? sobol.skipTo(skip) : sobol.nextVector(); // skipTo(k) returns point k
            for (int j = 0; j < d; j++) {
                u[j] = Math.min(upper[j], lower[j] + u[j] * (upper[j] - lower[j]));
            }
            points[i] = u;
        }
        return new Design(names, points);
    }

    /** Dimensions of Commons Math's built-in Sobol direction numbers. */
    public static final int MAX_SOBOL_DIMENSION = 1000;

    private static void checkBox(List<String> names, double[] lower, double[] upper) {
        Objects.requireNonNull(names, "names");
        int d = names.size();
        if (d < 1 || lower.length != d || upper.length != d) {
            throw new IllegalArgumentException("need d >= 1 names and d bounds each, got " + d + ", " + lower.length
                    + " and " + upper.length);
        }
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(lower[j]) || !Double.isFinite(upper[j]) || !(lower[j] < upper[j])) {
                throw new IllegalArgumentException("bounds of " + names.get(j) + " must be finite with lower < upper, "
                        + "got [" + lower[j] + ", " + upper[j] + "]");
            }
        }
    }

    private static void checkCount(int n) {
        if (n < 1 || n > MAX_POINTS) {
            throw new IllegalArgumentException("points must be in [1, " + MAX_POINTS + "], got " + n);
        }
    }

    /** @return the number of points n */
    public int size() {
        return points.length;
    }

    /** @return the dimension d */
    public int dimension() {
        return names.size();
    }

    /** @return the d parameter names, in column order */
    public List<String> names() {
        return names;
    }

    /**
     * @param i a point index, 0 … n − 1
     * @return a copy of point i
     */
    public double[] point(int i) {
        return points[i].clone();
    }

    /**
     * @param i a point index
     * @param j a coordinate index
     * @return coordinate j of point i
     */
    public double get(int i, int j) {
        return points[i][j];
    }

    /** @return every point, copied, in order */
    public List<double[]> points() {
        List<double[]> list = new ArrayList<>(points.length);
        for (double[] p : points) {
            list.add(p.clone());
        }
        return list;
    }
}
