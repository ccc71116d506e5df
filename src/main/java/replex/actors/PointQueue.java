package replex.actors;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import akka.actor.typed.ActorRef;

import replex.core.evaluate.Design;

/**
 * The points of an {@link EvaluateCoordinator}'s job on their way to the workers, by work pulling:
 * the points without a result wait in a queue; a worker that joins is handed points until its slots
 * are full, and every point that comes back frees a slot for the next one. A worker that leaves
 * gives its points back to the front of the queue. Not thread-safe: used on the coordinator's
 * thread only.
 */
final class PointQueue {

    /** A worker that joined the job: its node, its slots and the points it holds. */
    static final class Worker {
        final String node;
        final int slots;
        final Set<Integer> holding = new TreeSet<>();

        Worker(String node, int slots) {
            this.node = node;
            this.slots = slots;
        }
    }

    private final String jobId;
    private final Map<ActorRef<EvaluateWorker.Command>, Worker> workers = new LinkedHashMap<>();
    private final Map<String, Integer> slotsByNode = new LinkedHashMap<>();
    private final ArrayDeque<Integer> queue = new ArrayDeque<>();
    private final Map<Integer, ActorRef<EvaluateWorker.Command>> inFlight = new HashMap<>();
    private EvaluateCoordinator.Start start;

    /** @param jobId the job, named in every {@link EvaluateWorker.Evaluate} */
    PointQueue(String jobId) {
        this.jobId = jobId;
    }

    /**
     * Queues every point of {@code start} that has no result yet, in point order.
     *
     * @param start the design and the results already done
     * @return the points queued
     */
    int fill(EvaluateCoordinator.Start start) {
        this.start = start;
        for (int i = 0; i < start.results().length; i++) {
            if (start.results()[i] == null) {
                queue.add(i);
            }
        }
        return queue.size();
    }

    /** @return whether {@code ref} joined (and has not left) */
    boolean has(ActorRef<EvaluateWorker.Command> ref) {
        return workers.containsKey(ref);
    }

    /**
     * Adds a worker that joined, with at least one slot.
     *
     * @return its slots
     */
    int join(ActorRef<EvaluateWorker.Command> ref, String node, int slots) {
        Worker w = new Worker(node, Math.max(1, slots));
        workers.put(ref, w);
        slotsByNode.merge(node, w.slots, Integer::sum);
        return w.slots;
    }

    /** Hands a worker points until its slots are full or the queue is empty. */
    void hand(ActorRef<EvaluateWorker.Command> ref) {
        Worker w = workers.get(ref);
        int free = w.slots - w.holding.size();
        int[] points = new int[Math.min(free, queue.size())];
        int n = 0;
        while (n < points.length && !queue.isEmpty()) {
            int p = queue.poll();
            if (start.results()[p] != null || inFlight.containsKey(p)) {
                continue; // its result came from a node given up for lost
            }
            points[n++] = p;
        }
        if (n == 0) {
            return;
        }
        points = Arrays.copyOf(points, n);
        Design design = start.design();
        int d = design.dimension();
        double[] coordinates = new double[n * d];
        for (int k = 0; k < n; k++) {
            w.holding.add(points[k]);
            inFlight.put(points[k], ref);
            for (int j = 0; j < d; j++) {
                coordinates[k * d + j] = design.get(points[k], j);
            }
        }
        ref.tell(new EvaluateWorker.Evaluate(jobId, points, coordinates));
    }

    /** Hands every worker points, in the order they joined. */
    void handAll() {
        workers.keySet().forEach(this::hand);
    }

    /**
     * A point's result came back: frees its slot.
     *
     * @param point the point
     * @return the worker that held it, if it is still in the job, else {@code null}
     */
    ActorRef<EvaluateWorker.Command> returned(int point) {
        ActorRef<EvaluateWorker.Command> from = inFlight.remove(point);
        Worker w = from == null ? null : workers.get(from);
        if (w == null) {
            return null;
        }
        w.holding.remove(point);
        return from;
    }

    /**
     * Removes a worker that left.
     *
     * @return it, with the points it holds (see {@link #giveBack}), or {@code null} if it had not joined
     */
    Worker remove(ActorRef<EvaluateWorker.Command> ref) {
        return workers.remove(ref);
    }

    /** Puts a removed worker's points back at the front of the queue, in point order. */
    void giveBack(Worker w) {
        Integer[] back = w.holding.toArray(new Integer[0]);
        for (int i = back.length - 1; i >= 0; i--) {
            inFlight.remove(back[i]);
            queue.addFirst(back[i]);
        }
    }

    /** @return whether no point is under way */
    boolean idle() {
        return inFlight.isEmpty();
    }

    /** @return the slots of every node that joined, by node address, in the order they joined (a copy) */
    Map<String, Integer> slots() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(slotsByNode));
    }
}
