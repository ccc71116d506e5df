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

import replex.cluster.KryoSerializable;
import replex.core.ConfigurationException;
import replex.core.Objective;
import replex.core.optimize.OptimizeChain;
import replex.core.optimize.OptimizeProblem;
import replex.core.optimize.OptimizeReplica;
import replex.core.optimize.OptimizeSettings;
import replex.io.JobSpec;
import replex.io.OptimizeSpec;
import replex.objectives.ObjectiveFactory;

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
 * loader and keeps one {@link OptimizeProblem} per job for all its replicas.
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
     * @param value the objective value at the end of the round
     * @param score its score
     * @param metrics the metrics at the end of the round, in the objective's order
     */
    public record Report(int accepted, int proposed, double value, double score, double[] metrics) {
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

    /**
     * A job as this node runs it.
     *
     * @param fixedStart whether every replica starts from the same state (a table, or a vector's values)
     */
    record Job(OptimizeSettings settings, OptimizeProblem problem, List<String> metricNames, boolean fixedStart) {
    }

    private record Key(String jobId, int chain, int replica) {
    }

    private record Hosted(int epoch, OptimizeReplica replica) {
    }

    /** One node's optimize jobs and replicas; shared by its host and its replica entities. Thread-safe. */
    public static final class Node {
        private final ClassLoader classLoader;
        private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<Key, Hosted> replicas = new ConcurrentHashMap<>();

        /** @param classLoader where user objective classes are found on this node */
        public Node(ClassLoader classLoader) {
            this.classLoader = classLoader;
        }

        /**
         * Builds a job's objective and start on this node (its own class loader).
         *
         * @param jobJson the effective job
         * @param classLoader where a user objective class is found
         * @return the job
         * @throws ConfigurationException if it cannot be built here
         */
        static Job build(String jobJson, ClassLoader classLoader) {
            OptimizeSpec spec = OptimizeSpec.fromJson(jobJson, JobSpec.Overrides.NONE);
            Objective objective = ObjectiveFactory.createPrepared(spec.objectiveBlock(), classLoader,
                    spec.columnNames(), spec.rows(), null);
            spec = spec.withDirectionOf(objective);
            return new Job(spec.settings(), spec.problem(objective), objective.metricNames(),
                    spec.table() != null || spec.vectorValues() != null);
        }

        /**
         * Whether a node can run a job: builds its objective and the initial replicas (of every
         * chain and level for a vector drawn in its bounds; of one when all start alike).
         *
         * @param jobJson the effective job
         * @param classLoader the node's loader for user objectives
         * @param node the node's address
         * @return the answer for the job manager
         */
        static NodeAgent.TargetChecked check(String jobJson, ClassLoader classLoader, String node) {
            try {
                Job job = build(jobJson, classLoader);
                OptimizeSettings s = job.settings();
                for (int c = 0; c < (job.fixedStart() ? 1 : s.chains()); c++) {
                    for (int r = 0; r < (job.fixedStart() ? 1 : s.levels()); r++) {
                        job.problem().newReplica(s, c, r);
                    }
                }
                return new NodeAgent.TargetChecked(node, true, job.problem().columnNames().size(),
                        job.metricNames(), null);
            } catch (ConfigurationException e) {
                return new NodeAgent.TargetChecked(node, false, 0, List.of(), e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                return new NodeAgent.TargetChecked(node, false, 0, List.of(), "cannot build the objective: " + e);
            }
        }

        /** @return replicas held, over every job */
        public int size() {
            return replicas.size();
        }

        void forget(String jobId) {
            jobs.remove(jobId);
            replicas.keySet().removeIf(k -> k.jobId().equals(jobId));
        }

        void remove(String jobId, int chain, int replica) {
            replicas.remove(new Key(jobId, chain, replica));
        }

        int epochOf(String jobId, int chain, int replica) {
            Hosted h = replicas.get(new Key(jobId, chain, replica));
            return h == null ? -1 : h.epoch();
        }

        /**
         * Creates (or restores) a replica: what an {@link OptimizeReplicaActor} does on
         * {@link OptimizeReplicaActor.Initialize}, and a host does in a one-JVM run.
         *
         * @return the answer for the coordinator
         */
        ExchangeCoordinator.Command initialize(OptimizeReplicaActor.Initialize m, String node,
                ActorRef<Command> host, ActorRef<OptimizeReplicaActor.Command> entity) {
            Job job = jobs.get(m.jobId());
            if (job == null) {
                return new OptimizeCoordinator.JobMissing(m.chain(), m.replica(), m.epoch(), node, host);
            }
            try {
                OptimizeReplica r = job.problem().replica(job.settings(), m.snapshot(), m.chain(), m.replica());
                replicas.put(new Key(m.jobId(), m.chain(), m.replica()), new Hosted(m.epoch(), r));
                return new OptimizeCoordinator.Ready(m.chain(), m.replica(), m.epoch(), node, host, entity);
            } catch (ConfigurationException e) {
                return new OptimizeCoordinator.Failed(m.chain(), m.replica(), e.getMessage(), true);
            } catch (RuntimeException | LinkageError e) {
                return new OptimizeCoordinator.Failed(m.chain(), m.replica(), "on node " + node + ": " + e, false);
            }
        }
    }

    /** A batch being run: the worker threads take its items one by one. */
    private static final class Batch {
        final RunRounds request;
        final Job job;
        final OptimizeReplica[] replicas;
        final Result[] results;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger remaining;
        final long key;

        Batch(RunRounds request, Job job, OptimizeReplica[] replicas, Result[] results, int toRun, long key) {
            this.request = request;
            this.job = job;
            this.replicas = replicas;
            this.results = results;
            this.remaining = new AtomicInteger(toRun);
            this.key = key;
        }
    }

    private final Node nodeState;
    private final String node;
    private final int workers;
    private final Executor executor;
    private final Map<String, ActorRef<ExchangeCoordinator.Command>> coordinators = new HashMap<>();
    private final ConcurrentHashMap<Long, Batch> running = new ConcurrentHashMap<>();
    private final AtomicLong batchKeys = new AtomicLong();
    private final Cancellable heartbeats;

    private OptimizeHost(ActorContext<Command> context, Node nodeState, String node, int workers,
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
    public static Behavior<Command> create(Node nodeState, String node, int workers, Duration heartbeat) {
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
        if (!nodeState.jobs.containsKey(m.jobId())) {
            try {
                nodeState.jobs.put(m.jobId(), Node.build(m.jobJson(), nodeState.classLoader));
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
        Hosted h = nodeState.replicas.get(new Key(m.jobId(), m.chain(), m.replica()));
        double[] cells = null;
        if (h != null && h.epoch() == m.epoch() && h.replica().best() != null) {
            cells = h.replica().best().cells();
        }
        m.replyTo().tell(new OptimizeCoordinator.BestState(m.chain(), m.replica(), m.epoch(), cells));
        return this;
    }

    private Behavior<Command> onRunRounds(RunRounds m) {
        watchCoordinator(m.jobId(), m.replyTo());
        Job job = nodeState.jobs.get(m.jobId());
        int n = m.items().length;
        OptimizeReplica[] replicas = new OptimizeReplica[n];
        Result[] results = new Result[n];
        int toRun = 0;
        for (int i = 0; i < n; i++) {
            Item it = m.items()[i];
            Hosted h = job == null ? null : nodeState.replicas.get(new Key(m.jobId(), it.chain(), it.replica()));
            if (h == null || h.epoch() != it.epoch()) {
                results[i] = new Result(it.chain(), it.replica(), it.epoch(), null, null);
                continue;
            }
            replicas[i] = h.replica();
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
                        r.value(), r.score(), OptimizeChain.metricValues(r.evaluation(), b.job.metricNames())), null);
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
