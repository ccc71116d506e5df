package replex.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import replex.core.Target;

/**
 * The term pool of one {@link CompositeTarget} (its class comment says who runs what): a pool of
 * {@code term-workers} threads, created on first use, that runs terms 2 … T of an evaluation while
 * the calling thread runs term 1 and then any term no pool thread has started. Thread-safe.
 */
final class TermPool {

    private static final Logger LOG = LoggerFactory.getLogger(CompositeTarget.class);
    private static final AtomicInteger POOLS = new AtomicInteger();
    /** The warning that parallel-terms has no effect is logged once per JVM (each run builds the target twice). */
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final int termWorkers;
    private final boolean termWorkersGiven;
    private final Object lock = new Object();
    private ExecutorService pool;
    private boolean closed;

    /**
     * @param termWorkers threads of the pool; 0 = the terms run on the calling thread
     * @param termWorkersGiven whether the job gave {@code term-workers} (for the log)
     */
    TermPool(int termWorkers, boolean termWorkersGiven) {
        this.termWorkers = termWorkers;
        this.termWorkersGiven = termWorkersGiven;
    }

    /** @return the threads of the pool; 0 = the terms run on the calling thread */
    int termWorkers() {
        return termWorkers;
    }

    /** One term's work; {@code index} is the term's position. */
    @FunctionalInterface
    interface TermCall {
        Object call(Target term, int index);
    }

    /**
     * Runs {@code call} on every term, on the term pool if {@code parallel-terms}, and returns the
     * results in term order, or throws the first failure in term order.
     */
    Object[] run(List<Target> terms, boolean parallel, TermCall call) {
        int n = terms.size();
        Object[] results = new Object[n];
        Throwable[] failures = new Throwable[n];
        ExecutorService executor = n > 1 && parallel ? pool(n) : null;
        if (executor == null) {
            for (int i = 0; i < n; i++) {
                try {
                    results[i] = call.call(terms.get(i), i);
                } catch (RuntimeException | Error e) {
                    failures[i] = e;
                }
            }
        } else {
            List<FutureTask<Object>> tasks = new ArrayList<>(n);
            tasks.add(null);
            for (int i = 1; i < n; i++) {
                int index = i;
                FutureTask<Object> task = new FutureTask<>(() -> call.call(terms.get(index), index));
                tasks.add(task);
                try {
                    executor.execute(task);
                } catch (RejectedExecutionException e) {
                    // the pool was shut down (the target is being closed): this thread runs it below
                }
            }
            try {
                results[0] = call.call(terms.get(0), 0);
            } catch (RuntimeException | Error e) {
                failures[0] = e;
            }
            for (int i = 1; i < n; i++) {
                tasks.get(i).run(); // does nothing if a pool thread has started it
            }
            boolean interrupted = false;
            for (int i = 1; i < n; i++) {
                while (true) {
                    try {
                        results[i] = tasks.get(i).get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true; // the task is running on a pool thread and ends by itself
                    } catch (ExecutionException e) {
                        failures[i] = e.getCause();
                        break;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (Throwable failure : failures) {
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException("a term threw " + failure, failure);
            }
        }
        return results;
    }

    /** @return the term pool, created on first use; {@code null} to run on the calling thread */
    private ExecutorService pool(int termCount) {
        if (termWorkers == 0) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("parallel-terms = true, but every core already runs a replica worker, so the default "
                        + "term-workers is 0: the terms run one after the other on the replica's thread. Use fewer "
                        + "workers, or set job.target.term-workers to use more threads than cores.");
            }
            return null;
        }
        synchronized (lock) {
            if (closed) {
                return null;
            }
            if (pool == null) {
                int id = POOLS.incrementAndGet();
                AtomicInteger count = new AtomicInteger();
                ThreadFactory threads = r -> {
                    Thread t = new Thread(r, "replex-terms-" + id + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                };
                ThreadPoolExecutor executor = new ThreadPoolExecutor(termWorkers, termWorkers, 60, TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(), threads);
                executor.allowCoreThreadTimeOut(true);
                pool = executor;
                LOG.debug("term pool {}: {} threads for {} terms{}", id, termWorkers, termCount,
                        termWorkersGiven ? "" : " (default)");
            }
            return pool;
        }
    }

    /**
     * Shuts the pool down (terms already running finish); later evaluations run their terms on the
     * calling thread.
     *
     * @return true the first time, false if it was already closed
     */
    boolean close() {
        ExecutorService p;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            p = pool;
        }
        if (p != null) {
            p.shutdown();
        }
        return true;
    }

    /** @return the pool if it was started (for tests), else {@code null} */
    ThreadPoolExecutor startedPool() {
        synchronized (lock) {
            return (ThreadPoolExecutor) pool;
        }
    }
}
