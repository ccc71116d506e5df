package replex.core.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import replex.core.optimize.Direction;

/**
 * The rule that turns an evaluated initial design into the replicas' starts
 * ({@code job.init { design = ... }}): the points ranked by log posterior log p(x) + log L(x),
 * highest first, ties broken by the lower point index; failed points and points whose log
 * posterior is not finite (−∞ outside the support, NaN) are left out. Deterministic: it depends
 * only on the results, never on the order in which they arrived.
 */
public final class BestPoints {

    private BestPoints() {
    }

    /**
     * @param results one result per point, none null
     * @return the index of the best point, or −1 if no point has a finite log posterior
     */
    public static int best(PointResult[] results) {
        int best = -1;
        double value = Double.NEGATIVE_INFINITY;
        for (PointResult r : results) {
            double v = r.ok() ? r.logPosterior() : Double.NaN;
            if (Double.isFinite(v) && (v > value || v == value && r.point() < best)) {
                best = r.point();
                value = v;
            }
        }
        return best;
    }

    /**
     * The best point of an objective's evaluation ({@link PointFunction#of(replex.core.Objective, List)}):
     * the highest {@linkplain Direction#score score} of its value in the given direction (the lowest
     * value when minimising), ties broken by the lower point index; failed points and non-finite
     * values are left out.
     *
     * @param results one result per point, none null
     * @param direction the objective's direction
     * @return the index of the best point, or −1 if no point has a finite value
     */
    public static int best(PointResult[] results, Direction direction) {
        int best = -1;
        double score = Double.NEGATIVE_INFINITY;
        for (PointResult r : results) {
            double v = r.ok() ? PointFunction.objectiveValue(r.evaluation()) : Double.NaN;
            double s = Double.isFinite(v) ? direction.score(v) : Double.NaN;
            if (!Double.isNaN(s) && (best < 0 || s > score || s == score && r.point() < best)) {
                best = r.point();
                score = s;
            }
        }
        return best;
    }

    /**
     * @param results one result per point, in point order, none null
     * @param count how many points are wanted, ≥ 1
     * @return the indices of the {@code count} best points, best first
     * @throws IllegalArgumentException if fewer than {@code count} points have a finite log posterior
     *     (the message says how many have)
     */
    public static int[] of(PointResult[] results, int count) {
        List<PointResult> finite = new ArrayList<>();
        for (PointResult r : results) {
            if (r.ok() && Double.isFinite(r.logPosterior())) {
                finite.add(r);
            }
        }
        if (finite.size() < count) {
            throw new IllegalArgumentException("only " + finite.size() + " of the " + results.length + " points have "
                    + "a finite log posterior, fewer than the " + count + " needed");
        }
        finite.sort(Comparator.comparingDouble(PointResult::logPosterior).reversed()
                .thenComparingInt(PointResult::point));
        int[] best = new int[count];
        for (int i = 0; i < count; i++) {
            best[i] = finite.get(i).point();
        }
        return best;
    }
}
