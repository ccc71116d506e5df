package replex.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

import akka.actor.Cancellable;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;

/**
 * The worker pool of one node's host and the batches of rounds it runs there, shared by
 * {@link ReplicaHost} (sample mode) and {@link OptimizeHost} (optimize mode). The items of a batch
 * (one replica's round each) run on the worker dispatcher ({@value ReplicaActor#WORKER_DISPATCHER},
 * {@code workers} threads, each thread taking the next item of the batch until none is left); the
 * thread that finishes the last item answers the batch's coordinator, once, with every item's result.
 * An item whose round throws (an {@link Error} from user code) is answered as failed, so that the job
 * fails instead of hanging.
 *
 * <p>While batches run, every {@code heartbeat} each coordinator waiting for some is told that the host
 * is still busy with them ({@link ExchangeCoordinator.HostBusy}), from a scheduler thread, not the
 * host's: its mailbox may wait behind busy workers. Thread-safe.
 *
 * @param <I> the host's item type
 * @param <R> the host's result type, one per item
 */
final class HostPool<I extends HostPool.Item, R> {

    /** What the pool reads of an item: the replica and the round it names. */
    interface Item {
        /** @return the chain index */
        int chain();

        /** @return the replica index within the chain */
        int replica();

        /** @return the epoch the item was sent for */
        int epoch();

        /** @return the round index */
        long round();
    }

    /**
     * A batch's answer to its coordinator.
     *
     * @param <R> the result type
     */
    interface Answer<R> {
        /**
         * @param node the host's node
         * @param batch the coordinator's number of the batch
         * @param results one per item, in the batch's order
         * @return the message for the coordinator
         */
        ExchangeCoordinator.Command of(String node, long batch, R[] results);
    }

    /** A batch being run: the worker threads take its items one by one. */
    private final class Batch {
        final ActorRef<ExchangeCoordinator.Command> replyTo;
        final long number;
        final I[] items;
        final R[] results;
        final IntFunction<R> round;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger remaining;
        final long key = batchKeys.incrementAndGet();

        Batch(ActorRef<ExchangeCoordinator.Command> replyTo, long number, I[] items, R[] results,
                IntFunction<R> round, int toRun) {
            this.replyTo = replyTo;
            this.number = number;
            this.items = items;
            this.results = results;
            this.round = round;
            this.remaining = new AtomicInteger(toRun);
        }
    }

    private final String node;
    private final int workers;
    private final String runner;
    private final BiFunction<I, String, R> failed;
    private final Answer<R> answer;
    private final Executor executor;
    private final ConcurrentHashMap<Long, Batch> running = new ConcurrentHashMap<>();
    private final AtomicLong batchKeys = new AtomicLong();
    private final Cancellable heartbeats;

    /**
     * Starts the heartbeats; {@link #stop} ends them.
     *
     * @param system the node's actor system
     * @param node this node's address, reported with every answer
     * @param workers threads of the worker pool, ≥ 1
     * @param heartbeat how often a busy host says so to the coordinators waiting for it
     * @param runner what runs a round, for failures ({@code "target"}: "the target threw …")
     * @param failed the result of an item that did not run, from the item and why its round failed
     * @param answer the answer of a batch whose items are all done
     */
    HostPool(ActorSystem<?> system, String node, int workers, Duration heartbeat, String runner,
            BiFunction<I, String, R> failed, Answer<R> answer) {
        this.node = node;
        this.workers = workers;
        this.runner = runner;
        this.failed = failed;
        this.answer = answer;
        this.executor = system.dispatchers().lookup(DispatcherSelector.fromConfig(ReplicaActor.WORKER_DISPATCHER));
        this.heartbeats = system.scheduler().scheduleAtFixedRate(heartbeat, heartbeat, this::sendHeartbeats,
                system.executionContext());
    }

    /**
     * Runs a batch on the worker threads; its coordinator is answered once every item is done (at once
     * if none runs).
     *
     * @param replyTo the batch's coordinator
     * @param number the coordinator's number of the batch
     * @param items the batch's items
     * @param results one per item, filled in as the items are done; an item whose result is set when the
     *     batch starts (its replica is missing here) does not run
     * @param round runs the round of item i and gives its result, on a worker thread; may throw anything
     */
    void run(ActorRef<ExchangeCoordinator.Command> replyTo, long number, I[] items, R[] results,
            IntFunction<R> round) {
        int toRun = 0;
        for (R result : results) {
            if (result == null) {
                toRun++;
            }
        }
        Batch batch = new Batch(replyTo, number, items, results, round, toRun);
        if (toRun == 0) {
            reply(batch);
            return;
        }
        running.put(batch.key, batch);
        for (int t = Math.min(workers, toRun); t > 0; t--) {
            executor.execute(() -> drain(batch));
        }
    }

    /**
     * @param item an item that does not run
     * @return its result: the host does not hold its replica
     */
    R missing(I item) {
        return failed.apply(item, null);
    }

    /** Ends the heartbeats (the host stopped). */
    void stop() {
        heartbeats.cancel();
    }

    /** Runs the batch's items until none is left; whoever finishes the last one answers. */
    private void drain(Batch b) {
        int n = b.items.length;
        while (true) {
            int i = b.next.getAndIncrement();
            if (i >= n) {
                return;
            }
            if (b.results[i] != null) {
                continue; // answered when the batch started; a taken index is this thread's alone
            }
            R result;
            try {
                result = b.round.apply(i);
            } catch (Throwable e) { // an Error from user code: the job fails instead of hanging
                I it = b.items[i];
                result = failed.apply(it, "the " + runner + " threw " + e + " in round " + it.round() + " of chain "
                        + it.chain() + ", replica " + it.replica() + " on node " + node);
            }
            b.results[i] = result;
            if (b.remaining.decrementAndGet() == 0) {
                running.remove(b.key);
                reply(b);
            }
        }
    }

    private void reply(Batch b) {
        b.replyTo.tell(answer.of(node, b.number, b.results));
    }

    private void sendHeartbeats() {
        if (running.isEmpty()) {
            return;
        }
        Map<ActorRef<ExchangeCoordinator.Command>, List<Long>> byCoordinator = new HashMap<>();
        for (Batch b : running.values()) {
            byCoordinator.computeIfAbsent(b.replyTo, k -> new ArrayList<>()).add(b.number);
        }
        byCoordinator.forEach((coordinator, batches) -> coordinator.tell(new ExchangeCoordinator.HostBusy(node,
                batches.stream().mapToLong(Long::longValue).toArray())));
    }
}
