package replex.core.evaluate;

import java.util.Objects;

import replex.core.Target;

/**
 * What the evaluation of one design point gave: the target's {@link Target.Evaluation} (values,
 * metrics, metadata), or the message of the exception it threw; and where and how long it ran
 * (which never enters {@code evaluations.csv}).
 *
 * @param point the point's index in the design, 0 … n − 1
 * @param evaluation the evaluation, or {@code null} if it failed
 * @param failure the failure's message, or {@code null} if it succeeded
 * @param seconds the evaluation's wall time, in seconds
 * @param node the node that evaluated it ({@code local} in a single JVM, else its address)
 * @param worker the thread that evaluated it
 */
public record PointResult(int point, Target.Evaluation evaluation, String failure, double seconds, String node,
        String worker) {

    /** @throws IllegalArgumentException unless exactly one of evaluation and failure is given */
    public PointResult {
        if ((evaluation == null) == (failure == null)) {
            throw new IllegalArgumentException("a point result holds an evaluation or a failure, not both or neither");
        }
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(worker, "worker");
    }

    /** @return true if the evaluation succeeded */
    public boolean ok() {
        return evaluation != null;
    }

    /**
     * @return log p(x) + log L(x) (−∞ outside the prior's support), or NaN for a failed point or one
     *     whose values are NaN
     */
    public double logPosterior() {
        if (evaluation == null) {
            return Double.NaN;
        }
        return evaluation.logPrior() == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY
                : evaluation.logPrior() + evaluation.logLikelihood();
    }

    /**
     * Evaluates one point and catches what the target throws: the calls of every engine (threads of
     * one JVM, nodes of a cluster) go through here, so they record the same thing.
     *
     * @param target the target
     * @param point the point's index
     * @param x its coordinates (the target gets a copy)
     * @param node where this runs
     * @return the result; a failure's message is the exception's message, or its class name if it
     *     has none (an {@link Error} other than a stack overflow, an assertion or a linkage error,
     *     such as {@link OutOfMemoryError}, is not caught)
     */
    public static PointResult evaluate(Target target, int point, double[] x, String node) {
        return evaluate(PointFunction.of(target), point, x, node);
    }

    /**
     * Evaluates one point of a target or an objective and catches what it throws, as
     * {@link #evaluate(Target, int, double[], String)} does.
     *
     * @param function the target's or objective's evaluation
     * @param point the point's index
     * @param x its coordinates (the function gets a copy)
     * @param node where this runs
     * @return the result
     */
    public static PointResult evaluate(PointFunction function, int point, double[] x, String node) {
        String worker = Thread.currentThread().getName();
        long start = System.nanoTime();
        Target.Evaluation e;
        String failure = null;
        try {
            e = function.evaluate(x.clone());
            if (e == null) {
                failure = "the evaluate call returned null";
            }
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError ex) {
            e = null;
            failure = message(ex);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new PointResult(point, failure == null ? e : null, failure, seconds, node, worker);
    }

    /**
     * @param t a failure
     * @return its message, or its class name if it has none (blank counts as none)
     */
    public static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getName() : m;
    }
}
