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

import akka.actor.Cancellable;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;

import replex.core.ConfigurationException;
import replex.core.optimize.OptimizeChain;
import replex.core.optimize.OptimizeReplica;
import replex.io.OptimizeSpec;

/**
 * The {@code optimize} replicas of one node and the threads that run them, as {@link ReplicaHost}
 * is for sampling replicas: the coordinator sends each host one {@link RunRounds} per round with an
 * {@link Item} (a few numbers) for each of its replicas; the node's {@code workers} threads take the
 * items one by one and the host answers once ({@link OptimizeCoordinator.RoundsDone}) with a few
 * numbers per replica. A replica's table stays here: it leaves the node only in a snapshot (at
 * snapshot rounds, one message per replica, {@link OptimizeCoordinator.SnapshotTaken}) and, for the
 * replica holding the best state at the end, as that state ({@link SendBest}).
 *
 * <p>A job's definition (its effective job, table inline) reaches a node once ({@link LoadJob}),
 * when a replica placed here first asks for it; the node builds the objective with its own class
 * loader and keeps one per job for all its replicas ({@link OptimizeNode}).
 */
public final class OptimizeHost extends AbstractBehavior<OptimizeHost.Command> {

    /** Messages a host accepts. */
    public interface Command extends KryoSerializable {
    }

    /**
     * The job's definition for this node; answered by {@link OptimizeCoordinator.JobLoaded} or
     * {@link OptimizeCoordinator.Failed}.
     *
     * @param jobId the job
     * @param jobJson its effective job ({@link OptimizeSpec#toJson()})
     * @param replyTo the job's coordinator
     */
    public record LoadJob(String jobId, String jobJson, ActorRef<ExchangeCoordinator.Command> replyTo)
            implements Command {
    }

    /**
     * One replica's round.
     *
     * @param chain the chain index
     * @param replica the replica index within the chain
     * @param epoch the job's epoch (grows each time the job is rolled back)
     * @param round the round index
     * @param temperature the temperature of the replica's level
     * @param jitter the jitter scale of its level
     * @param snapshot whether to send the replica's snapshot after the round
     */
    public record Item(int chain, int replica, int epoch, long round, double temperature, double jitter,
            boolean snapshot) {
    }

    /**
     * Runs one round of each listed replica; answered by one {@link OptimizeCoordinator.RoundsDone}.
     *
     * @param jobId the job
     * @param batch the coordinator's number of this message
     * @param items the replicas' rounds
     * @param replyTo the job's coordinator
     */
    public record RunRounds(String jobId, long batch, Item[] items, ActorRef<ExchangeCoordinator.Command> replyTo)
            implements Command {
    }

    /**
     * What a replica reports after a round: a few numbers, whatever the size of its state.
     *
     * @param accepted moves accepted
     * @param proposed moves made
     * @param value the objective value at the end of the round (the replica's, which drives the search)
     * @param score its score
     * @param evaluated the value of the round's evaluation (history.csv; an incremental evaluator may
     *     give it apart from {@code value} in the last bit)
     * @param metrics the metrics at the end of the round, in the objective's order
     */
    public record Report(int accepted, int proposed, double value, double score, double evaluated, double[] metrics) {
    }

    /**
     * What became of one item.
     *
     * @param chain the chain index
     * @param replica the replica index
     * @param epoch the item's epoch
     * @param report the report, or {@code null} if it did not run
     * @param failure why the round failed (the objective threw), or {@code null}; both are
     *     {@code null} when this host does not hold the replica
     */
    public record Result(int chain, int replica, int epoch, Report report, String failure) {
        /** @return whether the host does not hold the replica of this item */
        public boolean missing() {
            return report == null && failure == null;
        }
    }

    /**
     * Asks for a replica's own best state (the job's best at the end); answered by
     * {@link OptimizeCoordinator.BestState}.
     *
     * @param jobId the job
     * @param chain the chain index
     * @param replica the replica index
     * @param epoch the job's epoch
     * @param replyTo the job's coordinator
     */
    public record SendBest(String jobId, int chain, int replica, int epoch,
            ActorRef<ExchangeCoordinator.Command> replyTo) implements Command {
    }

    /**
     * Creates a replica on this host directly (a one-JVM run: no sharding).
     *
     * @param init what the replica is
     */
    public record CreateReplica(OptimizeReplicaActor.Initialize init) implements Command {
    }

    /** @param jobId a job that is over: its replicas and definition are dropped here */
    public record ForgetJob(String jobId) implements Command {
    }

    /** A job's coordinator stopped (death watch; never leaves the node). */
    private record CoordinatorGone(String jobId, ActorRef<ExchangeCoordinator.Command> coordinator)
            implements Command, akka.actor.NoSerializationVerificationNeeded {
    }

    /** A batch being run: the worker threads take its items one by one. */
    private static final class Batch {
        final RunRounds request;
        final OptimizeNode.Job job;
        final OptimizeReplica[] replicas;
        final Result[] results;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger remaining;
        final long key;

        Batch(RunRounds request, OptimizeNode.Job job, OptimizeReplica[] replicas, Result[] results, int toRun,
                long key) {
            this.request = request;
            this.job = job;
            this.replicas = replicas;
            this.results = results;
            this.remaining = new AtomicInteger(toRun);
            this.key = key;
        }
    }

    private final OptimizeNode nodeState;
    private final String node;
    private final int workers;
    private final Executor executor;
    private final Map<String, ActorRef<ExchangeCoordinator.Command>> coordinators = new HashMap<>();
    private final ConcurrentHashMap<Long, Batch> running = new ConcurrentHashMap<>();
    private final AtomicLong batchKeys = new AtomicLong();
    private final Cancellable heartbeats;

    private OptimizeHost(ActorContext<Command> context, OptimizeNode nodeState, String node, int workers,
            Duration heartbeat) {
        super(context);
        this.nodeState = nodeState;
        this.node = node;
        this.workers = workers;
        this.executor = context.getSystem().dispatchers().lookup(
                DispatcherSelector.fromConfig(ReplicaActor.WORKER_DISPATCHER));
        // From a scheduler thread, not this actor: the host's own mailbox may wait behind busy workers.
        this.heartbeats = context.getSystem().scheduler().scheduleAtFixedRate(heartbeat, heartbeat,
                this::sendHeartbeats, context.getSystem().executionContext());
    }

    /**
     * @param nodeState the node's optimize jobs and replicas
     * @param node this node's address, reported with every answer
     * @param workers threads of the worker pool
     * @param heartbeat how often a busy host says so to the coordinators waiting for it
     * @return the behaviour
     */
    public static Behavior<Command> create(OptimizeNode nodeState, String node, int workers, Duration heartbeat) {
        return Behaviors.setup(ctx -> new OptimizeHost(ctx, nodeState, node, workers, heartbeat));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(LoadJob.class, this::onLoadJob)
                .onMessage(RunRounds.class, this::onRunRounds)
                .onMessage(SendBest.class, this::onSendBest)
                .onMessage(CreateReplica.class, this::onCreateReplica)
                .onMessage(ForgetJob.class, m -> forget(m.jobId()))
                .onMessage(CoordinatorGone.class, m -> m.coordinator().equals(coordinators.get(m.jobId()))
                        ? forget(m.jobId()) : this)
                .onSignal(akka.actor.typed.PostStop.class, s -> {
                    heartbeats.cancel();
                    return this;
                })
                .build();
    }

    private Behavior<Command> onLoadJob(LoadJob m) {
        watchCoordinator(m.jobId(), m.replyTo());
        if (nodeState.job(m.jobId()) == null) {
            try {
                nodeState.load(m.jobId(), m.jobJson());
            } catch (ConfigurationException e) {
                m.replyTo().tell(new OptimizeCoordinator.Failed(-1, -1, "on node " + node + ": " + e.getMessage(),
                        true));
                return this;
            } catch (RuntimeException | LinkageError e) {
                m.replyTo().tell(new OptimizeCoordinator.Failed(-1, -1, "on node " + node + ": " + e, false));
                return this;
            }
        }
        m.replyTo().tell(new OptimizeCoordinator.JobLoaded(node, getContext().getSelf()));
        return this;
    }

    private Behavior<Command> onCreateReplica(CreateReplica m) {
        OptimizeReplicaActor.Initialize init = m.init();
        if (nodeState.epochOf(init.jobId(), init.chain(), init.replica()) == init.epoch()) {
            return this; // a repeated request: the first answer stands
        }
        watchCoordinator(init.jobId(), init.replyTo());
        init.replyTo().tell(nodeState.initialize(init, node, getContext().getSelf(), null));
        return this;
    }

    private Behavior<Command> forget(String jobId) {
        ActorRef<ExchangeCoordinator.Command> coordinator = coordinators.remove(jobId);
        if (coordinator != null) {
            getContext().unwatch(coordinator);
        }
        nodeState.forget(jobId);
        return this;
    }

    private void watchCoordinator(String jobId, ActorRef<ExchangeCoordinator.Command> coordinator) {
        ActorRef<ExchangeCoordinator.Command> known = coordinators.get(jobId);
        if (coordinator.equals(known)) {
            return;
        }
        if (known != null) {
            getContext().unwatch(known);
        }
        coordinators.put(jobId, coordinator);
        getContext().watchWith(coordinator, new CoordinatorGone(jobId, coordinator));
    }

    private Behavior<Command> onSendBest(SendBest m) {
        OptimizeReplica replica = nodeState.replica(m.jobId(), m.chain(), m.replica(), m.epoch());
        double[] cells = replica == null || replica.best() == null ? null : replica.best().cells();
        m.replyTo().tell(new OptimizeCoordinator.BestState(m.chain(), m.replica(), m.epoch(), cells));
        return this;
    }

    private Behavior<Command> onRunRounds(RunRounds m) {
        watchCoordinator(m.jobId(), m.replyTo());
        OptimizeNode.Job job = nodeState.job(m.jobId());
        int n = m.items().length;
        OptimizeReplica[] replicas = new OptimizeReplica[n];
        Result[] results = new Result[n];
        int toRun = 0;
        for (int i = 0; i < n; i++) {
            Item it = m.items()[i];
            replicas[i] = job == null ? null : nodeState.replica(m.jobId(), it.chain(), it.replica(), it.epoch());
            if (replicas[i] == null) {
                results[i] = new Result(it.chain(), it.replica(), it.epoch(), null, null);
                continue;
            }
            toRun++;
        }
        Batch batch = new Batch(m, job, replicas, results, toRun, batchKeys.incrementAndGet());
        if (toRun == 0) {
            reply(batch);
            return this;
        }
        running.put(batch.key, batch);
        for (int t = Math.min(workers, toRun); t > 0; t--) {
            executor.execute(() -> drain(batch));
        }
        return this;
    }

    /** Runs the batch's items until none is left; whoever finishes the last one answers. */
    private void drain(Batch b) {
        int n = b.replicas.length;
        while (true) {
            int i = b.next.getAndIncrement();
            if (i >= n) {
                return;
            }
            OptimizeReplica replica = b.replicas[i];
            if (replica == null) {
                continue;
            }
            Item it = b.request.items()[i];
            Result result;
            try {
                OptimizeReplica.RoundReport r = replica.runRound(it.round(), b.job.settings().stepsPerRound(),
                        it.temperature(), it.jitter());
                result = new Result(it.chain(), it.replica(), it.epoch(), new Report(r.accepted(), r.proposed(),
                        r.value(), r.score(), r.evaluation().value(), OptimizeChain.metricValues(r.evaluation(),
                        b.job.metricNames())), null);
                if (it.snapshot()) {
                    b.request.replyTo().tell(new OptimizeCoordinator.SnapshotTaken(it.epoch(), it.round() + 1,
                            replica.snapshot()));
                }
            } catch (Throwable e) { // the objective threw: the job fails instead of hanging
                result = new Result(it.chain(), it.replica(), it.epoch(), null, "the objective threw " + e
                        + " in round " + it.round() + " of chain " + it.chain() + ", replica " + it.replica()
                        + " on node " + node);
            }
            b.results[i] = result;
            if (b.remaining.decrementAndGet() == 0) {
                running.remove(b.key);
                reply(b);
            }
        }
    }

    private void reply(Batch b) {
        b.request.replyTo().tell(new OptimizeCoordinator.RoundsDone(node, b.request.batch(), b.results));
    }

    private void sendHeartbeats() {
        if (running.isEmpty()) {
            return;
        }
        Map<ActorRef<ExchangeCoordinator.Command>, List<Long>> byCoordinator = new HashMap<>();
        for (Batch b : running.values()) {
            byCoordinator.computeIfAbsent(b.request.replyTo(), k -> new ArrayList<>()).add(b.request.batch());
        }
        byCoordinator.forEach((coordinator, batches) -> coordinator.tell(new ExchangeCoordinator.HostBusy(node,
                batches.stream().mapToLong(Long::longValue).toArray())));
    }
}
