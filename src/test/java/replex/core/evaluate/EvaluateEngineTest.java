package replex.core.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

import replex.core.Target;

class EvaluateEngineTest {

    /** log p = −x², log L = x; throws at x = 3. */
    static class Line implements Target {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public double logPrior(double[] x) {
            return -x[0] * x[0];
        }

        @Override
        public double logLikelihood(double[] x) {
            calls.incrementAndGet();
            if (x[0] == 3) {
                throw new IllegalArgumentException("three");
            }
            return x[0];
        }

        @Override
        public double[] initialState(UniformRandomProvider rng) {
            return new double[] {0};
        }
    }

    private static Design line(int n) {
        double[][] rows = new double[n][1];
        for (int i = 0; i < n; i++) {
            rows[i][0] = i;
        }
        return Design.of(List.of("x"), rows);
    }

    private static int[] all(int n) {
        int[] todo = new int[n];
        for (int i = 0; i < n; i++) {
            todo[i] = i;
        }
        return todo;
    }

    @Test
    void everyPointOnceWithItsFailure() {
        for (int workers : new int[] {0, 1, 3}) {
            Line t = new Line();
            Map<Integer, PointResult> got = new ConcurrentHashMap<>();
            assertTrue(EvaluateEngine.run(t, line(20), all(20), workers, "local", r -> got.put(r.point(), r),
                    () -> false));
            assertEquals(20, got.size());
            assertEquals(20, t.calls.get());
            for (int i = 0; i < 20; i++) {
                PointResult r = got.get(i);
                if (i == 3) {
                    assertFalse(r.ok());
                    assertEquals("three", r.failure());
                } else {
                    assertEquals(-1.0 * i * i, r.evaluation().logPrior());
                    assertEquals(i, r.evaluation().logLikelihood());
                }
                assertEquals(workers == 0 ? Thread.currentThread().getName() : r.worker(), r.worker());
            }
        }
    }

    /** Work pulling: while one thread is held on a slow point, the other takes all the rest. */
    @Test
    void aFreeWorkerTakesTheNextPoint() throws InterruptedException {
        CountDownLatch othersDone = new CountDownLatch(9);
        Map<Integer, String> who = new ConcurrentHashMap<>();
        Target slowFirst = new Line() {
            @Override
            public Evaluation evaluate(double[] x) {
                if (x[0] == 0) {
                    try {
                        assertTrue(othersDone.await(30, TimeUnit.SECONDS), "the other points were not taken");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return super.evaluate(x);
            }
        };
        assertTrue(EvaluateEngine.run(slowFirst, line(10), all(10), 2, "local", r -> {
            who.put(r.point(), r.worker());
            if (r.point() != 0) {
                othersDone.countDown();
            }
        }, () -> false));
        for (int i = 1; i < 10; i++) {
            assertTrue(!who.get(i).equals(who.get(0)), "point " + i + " ran on the thread held by point 0");
        }
    }

    @Test
    void stopsBeforeTheNextPointAndOnlyThePointsAsked() {
        Line t = new Line();
        AtomicInteger seen = new AtomicInteger();
        assertFalse(EvaluateEngine.run(t, line(20), new int[] {5, 7, 9, 11}, 0, "local", r -> seen.incrementAndGet(),
                () -> seen.get() >= 2));
        assertEquals(2, seen.get());
        assertEquals(2, t.calls.get());
    }

    @Test
    void aFailingSinkStopsTheRunAndIsRethrown() {
        Line t = new Line();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EvaluateEngine.run(t, line(50),
                all(50), 2, "local", r -> {
                    throw new IllegalStateException("disk full");
                }, () -> false));
        assertEquals("disk full", e.getMessage());
        assertTrue(t.calls.get() <= 2, "calls after the failure: " + t.calls.get());
    }
}
