package replex.core.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import replex.core.Target;

/**
 * Evaluates design points in one JVM, each exactly once, by work pulling: {@code workers} threads
 * share one queue of point indices, and a thread that finishes a point takes the next one, so
 * points of uneven cost keep every thread busy until the queue is empty. With 0 workers the calling
 * thread evaluates the points in order.
 *
 * <p>Results go to a sink as they come, from the evaluating threads, in no particular order; what
 * is written from them ({@code evaluations.csv}) is ordered by point index, so it does not depend on
 * the number of threads. A stop request is polled before each point is taken: the points already
 * taken finish (and reach the sink), no new point starts.
 */
public final class EvaluateEngine {

    /** Prefix of the names of the worker threads. */
    public static final String THREAD_PREFIX = "replex-evaluate-";

    private EvaluateEngine() {
    }

    /**
     * @param target the target; with workers &gt; 0 called from several threads at once (as
     *     {@link Target} requires)
     * @param design the points
     * @param todo the indices of the points to evaluate, in the order they are handed out
     * @param workers threads that evaluate, 0 = the calling thread
     * @param node the name recorded as where the points ran ({@link PointResult#node()})
     * @param sink receives every result; called from the evaluating threads, so it must be
     *     thread-safe; if it throws, no further point starts and the exception is rethrown here
     * @param stop polled before each point; once true, no further point starts
     * @return true if every point of {@code todo} was evaluated, false if the run stopped early
     * @throws RuntimeException what the sink threw
     */
    public static boolean run(Target target, Design design, int[] todo, int workers, String node,
            Consumer<PointResult> sink, BooleanSupplier stop) {
        return run(PointFunction.of(target), design, todo, workers, node, sink, stop);
    }

    /**
     * As {@link #run(Target, Design, int[], int, String, Consumer, BooleanSupplier)}, for a target's or
     * an objective's evaluation.
     *
     * @param function what is evaluated at each point; with workers &gt; 0 called from several threads at once
     * @param design the points
     * @param todo the indices of the points to evaluate, in the order they are handed out
     * @param workers threads that evaluate, 0 = the calling thread
     * @param node the name recorded as where the points ran
     * @param sink receives every result, from the evaluating threads
     * @param stop polled before each point; once true, no further point starts
     * @return true if every point of {@code todo} was evaluated, false if the run stopped early
     * @throws RuntimeException what the sink threw
     */
    public static boolean run(PointFunction function, Design design, int[] todo, int workers, String node,
            Consumer<PointResult> sink, BooleanSupplier stop) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(stop, "stop");
        int[] queue = todo.clone();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                while (failed.get() == null && !stop.getAsBoolean()) {
                    int k = next.getAndIncrement();
                    if (k >= queue.length) {
                        return;
                    }
                    int point = queue[k];
                    sink.accept(PointResult.evaluate(function, point, design.point(point), node));
                    done.incrementAndGet();
                }
            } catch (RuntimeException | Error e) {
                failed.compareAndSet(null, e);
            }
        };
        if (workers <= 0) {
            worker.run();
        } else {
            List<Thread> threads = new ArrayList<>();
            for (int w = 1; w <= Math.min(workers, Math.max(1, queue.length)); w++) {
                Thread t = new Thread(worker, THREAD_PREFIX + w);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            boolean interrupted = false;
            for (Thread t : threads) {
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                        failed.compareAndSet(null, new IllegalStateException("interrupted"));
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable f = failed.get();
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        return done.get() == queue.length;
    }
}
