package replex.core.optimize;

import java.util.Arrays;

/**
 * The temperatures T_0 &lt; T_1 &lt; … &lt; T_{K−1} of an {@code optimize} job's levels; level 0 is the
 * coldest (the most greedy), like level 0 (β = 1) of a sampling ladder. A level at temperature T
 * accepts a move that changes the score by Δs with probability min(1, exp(Δs / T)).
 */
public final class TemperatureLadder {

    private final double[] temperatures;

    private TemperatureLadder(double[] temperatures) {
        this.temperatures = temperatures;
    }

    /**
     * @param temperatures K ≥ 1 finite temperatures &gt; 0, strictly increasing
     * @return the ladder
     * @throws IllegalArgumentException otherwise
     */
    public static TemperatureLadder of(double... temperatures) {
        if (temperatures.length < 1) {
            throw new IllegalArgumentException("need at least one temperature");
        }
        for (int k = 0; k < temperatures.length; k++) {
            double t = temperatures[k];
            if (!(t > 0) || !Double.isFinite(t)) {
                throw new IllegalArgumentException("temperatures must be finite and > 0, got " + t);
            }
            if (k > 0 && !(t > temperatures[k - 1])) {
                throw new IllegalArgumentException("temperatures must be strictly increasing, got "
                        + Arrays.toString(temperatures));
            }
        }
        return new TemperatureLadder(temperatures.clone());
    }

    /**
     * T_k = T_min·(T_max/T_min)^{k/(K−1)}.
     *
     * @param count K ≥ 1 (K = 1 gives T_min alone)
     * @param tMin the coldest temperature, &gt; 0
     * @param tMax the hottest, &gt; tMin when K &gt; 1
     * @return the ladder
     */
    public static TemperatureLadder geometric(int count, double tMin, double tMax) {
        double[] t = new double[count];
        for (int k = 0; k < count; k++) {
            t[k] = count == 1 ? tMin : tMin * Math.pow(tMax / tMin, (double) k / (count - 1));
        }
        if (count > 1) {
            t[count - 1] = tMax;
        }
        return of(t);
    }

    /**
     * T_k = T_min + (T_max − T_min)·k/(K−1).
     *
     * @param count K ≥ 1
     * @param tMin the coldest temperature, &gt; 0
     * @param tMax the hottest, &gt; tMin when K &gt; 1
     * @return the ladder
     */
    public static TemperatureLadder linear(int count, double tMin, double tMax) {
        double[] t = new double[count];
        for (int k = 0; k < count; k++) {
            t[k] = count == 1 ? tMin : tMin + (tMax - tMin) * k / (count - 1);
        }
        return of(t);
    }

    /** @return K */
    public int size() {
        return temperatures.length;
    }

    /**
     * @param level 0 … K−1
     * @return T_level
     */
    public double temperature(int level) {
        return temperatures[level];
    }

    /** @return a copy of the K temperatures */
    public double[] temperatures() {
        return temperatures.clone();
    }
}
