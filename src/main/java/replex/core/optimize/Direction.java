package replex.core.optimize;

import java.util.Locale;

/**
 * Which way an {@code optimize} job drives its objective's value f: up, down, or towards a given
 * value v. The engine maximises the score s(f): f, −f, or −|f − v|.
 *
 * @param kind maximize, minimize or target
 * @param targetValue v for {@link Kind#TARGET}; 0 otherwise
 */
public record Direction(Kind kind, double targetValue) {

    /** The three directions. */
    public enum Kind {
        /** Drive the value up. */
        MAXIMIZE,
        /** Drive the value down. */
        MINIMIZE,
        /** Drive the value towards {@link Direction#targetValue()}. */
        TARGET
    }

    /**
     * @throws IllegalArgumentException if the target value is not finite
     */
    public Direction {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (!Double.isFinite(targetValue)) {
            throw new IllegalArgumentException("target value must be finite, got " + targetValue);
        }
    }

    /** @return drive the value up */
    public static Direction maximize() {
        return new Direction(Kind.MAXIMIZE, 0);
    }

    /** @return drive the value down */
    public static Direction minimize() {
        return new Direction(Kind.MINIMIZE, 0);
    }

    /**
     * @param v the value to reach
     * @return drive the value towards v
     */
    public static Direction target(double v) {
        return new Direction(Kind.TARGET, v);
    }

    /**
     * @param value an objective value f
     * @return the score the engine maximises: f, −f or −|f − v|; NaN stays NaN
     */
    public double score(double value) {
        return switch (kind) {
            case MAXIMIZE -> value;
            case MINIMIZE -> -value;
            case TARGET -> -Math.abs(value - targetValue);
        };
    }

    /**
     * Whether a value has reached a stopping threshold ({@code job.stop.value}): f ≥ t when
     * maximising, f ≤ t when minimising, |f − v| ≤ t when driving towards v (t is then a tolerance).
     *
     * @param value the objective value f
     * @param threshold t
     * @return true if reached
     */
    public boolean reached(double value, double threshold) {
        return switch (kind) {
            case MAXIMIZE -> value >= threshold;
            case MINIMIZE -> value <= threshold;
            case TARGET -> Math.abs(value - targetValue) <= threshold;
        };
    }

    /** @return {@code maximize}, {@code minimize} or {@code target = v} */
    @Override
    public String toString() {
        return kind == Kind.TARGET ? "target = " + targetValue : kind.name().toLowerCase(Locale.ROOT);
    }
}
