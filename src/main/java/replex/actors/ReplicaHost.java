package replex.actors;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;

import replex.core.ConfigurationException;
import replex.core.proposal.Proposal;
import replex.core.replica.Replica;
import replex.core.replica.RoundInstruction;
import replex.core.replica.RoundReport;

/**
 * The replicas of one node and the threads that run them: one per node (cluster or one-JVM run).
 * The coordinator of a job sends each host one {@link RunRounds} message per round, carrying the
 * instruction of every replica of the job that the host holds and whose chain is ready; the host
 * runs them on the worker pool ({@link HostPool}: {@value ReplicaActor#WORKER_DISPATCHER}, {@code workers}
 * threads, each thread taking the next replica of the batch until none is left) and answers once, with
 * every replica's report, in one {@link ExchangeCoordinator.RoundsDone}. Messages per round grow
 * with the number of nodes, not of replicas.
 *
 * <p>Replicas live in the node's {@link Registry}: on a cluster node a sharded {@link ReplicaActor}
 * entity creates its replica there (sharding decides where a replica lives, and moves it when a
 * node is lost); in a one-JVM run ({@code replex run}) there is no sharding and the host creates
 * them itself ({@link CreateReplica}). The proposal's covariance factor (d × d) is sent only when it
 * changes ({@link FactorUpdate}) and kept here per (job, chain, level); a round names the factor by
 * version. An instruction for a replica or factor this host does not hold (a replica lost with a
 * node, a message lost) is answered as missing, and the coordinator restores that chain.
 *
 * <p>While a batch runs, the host tells its coordinator every {@code heartbeat} that it is still
 * busy with it ({@link ExchangeCoordinator.HostBusy}), from a scheduler thread, so that a round
 * that takes long is never mistaken for a lost message (round deadlines, see the coordinator).
 */
public final class ReplicaHost extends AbstractBehavior<ReplicaHost.Command> {

    /** Messages a host accepts. */
    public interface Command extends KryoSerializable {
    }

    /**
     * One replica's round: the fields of a {@link RoundInstruction}, with the proposal as its scale
     * and the version of its factor (0 = isotropic, no factor).
     *
     * @param chain the chain index
     * @param replica the replica index within the chain
     * @param epoch the chain's epoch (grows each time the chain is restored)
     * @param round the round index
     * @param level the replica's level in this round
     * @param beta the level's inverse temperature
     * @param steps steps in the round
     * @param scale the proposal's scale s &gt; 0
     * @param factorVersion the version of the level's covariance factor, 0 if none
     * @param collectMoments whether to report the moments of the visited states
     * @param firstDrawStep see {@link RoundInstruction#firstDrawStep()}
     * @param thin see {@link RoundInstruction#thin()}
     * @param snapshot whether the report carries the replica's snapshot
     */
    public record Item(int chain, int replica, int epoch, long round, int level, double beta, int steps,
            double scale, int factorVersion, boolean collectMoments, long firstDrawStep, int thin,
            boolean snapshot) implements HostPool.Item {
    }

    /**
     * A new covariance factor of one level of one chain, sent before the first round that uses it.
     *
     * @param chain the chain index
     * @param level the level
     * @param version its version, ≥ 1, increasing
     * @param factor the row-major lower-triangular Cholesky factor, length d²
     */
    public record FactorUpdate(int chain, int level, int version, double[] factor) {
    }

    /**
     * Runs one round of each listed replica; answered by one {@link ExchangeCoordinator.RoundsDone}.
     *
     * @param jobId the job
     * @param batch the coordinator's number of this message, returned in the reply
     * @param items the replicas' rounds
     * @param factors factors the items refer to that this host has not been sent yet (may be empty)
     * @param replyTo the job's coordinator
     */
    public record RunRounds(String jobId, long batch, Item[] items, FactorUpdate[] factors,
            ActorRef<ExchangeCoordinator.Command> replyTo) implements Command {
    }

    /**
     * What became of one item.
     *
     * @param chain the chain index
     * @param replica the replica index
     * @param epoch the item's epoch
     * @param report the replica's report, or {@code null} if it did not run
     * @param failure why the round failed (the target threw an {@link Error}), or {@code null}; both
     *     {@code report} and {@code failure} are {@code null} when the replica or its factor is
     *     missing on this host
     */
    public record Result(int chain, int replica, int epoch, RoundReport report, String failure) {
        /** @return whether the host does not hold the replica (or the factor) of this item */
        public boolean missing() {
            return report == null && failure == null;
        }
    }

    /**
     * Creates a replica on this host directly: a one-JVM run, which has no sharding.
     *
     * @param init what the replica is
     */
    public record CreateReplica(ReplicaActor.Initialize init) implements Command {
    }

    /**
     * The job is over: its replicas, factors and target are dropped from this host.
     *
     * @param jobId the job
     */
    public record ForgetJob(String jobId) implements Command {
    }

    /** A job's coordinator stopped (death watch; never leaves the node). */
    private record CoordinatorGone(String jobId, ActorRef<ExchangeCoordinator.Command> coordinator)
            implements Command, akka.actor.NoSerializationVerificationNeeded {
    }

    /** The replicas hosted by one node, by (job, chain, replica). Thread-safe. */
    public static final class Registry {
        private final ConcurrentHashMap<Key, Hosted> replicas = new ConcurrentHashMap<>();
        /** Grows with every change: a host's per-job lookup table is rebuilt only when it moved. */
        private final AtomicLong version = new AtomicLong();

        /**
         * Adds or replaces a replica.
         *
         * @param jobId the job
         * @param epoch the chain's epoch the replica was created for
         * @param replica the replica
         */
        public void put(String jobId, int epoch, Replica replica) {
            replicas.put(new Key(jobId, replica.chain(), replica.index()), new Hosted(epoch, replica));
            version.incrementAndGet();
        }

        Hosted get(String jobId, int chain, int replica) {
            return replicas.get(new Key(jobId, chain, replica));
        }

        /** Removes one replica. */
        public void remove(String jobId, int chain, int replica) {
            replicas.remove(new Key(jobId, chain, replica));
            version.incrementAndGet();
        }

        /** Removes every replica of a job. */
        public void removeJob(String jobId) {
            replicas.keySet().removeIf(k -> k.jobId().equals(jobId));
            version.incrementAndGet();
        }

        long version() {
            return version.get();
        }

        /** @return replicas held */
        public int size() {
            return replicas.size();
        }
    }

    record Key(String jobId, int chain, int replica) {
    }

    record Hosted(int epoch, Replica replica) {
    }

    private record Factor(int version, double[] values) {
    }

    private final NodeTargets targets;
    private final Registry registry;
    private final String node;
    private final HostPool<Item, Result> pool;
    private final CoordinatorWatch<Command> coordinators;
    private final Map<String, Map<Long, Factor>> factors = new HashMap<>();
    /** Replicas of job {@link #lookupJob} by [chain][replica], as of registry version {@link #lookupVersion}. */
    private Hosted[][] lookupTable = new Hosted[0][];
    private String lookupJob;
    private long lookupVersion = -1;

    private ReplicaHost(ActorContext<Command> context, NodeTargets targets, Registry registry, String node,
            int workers, Duration heartbeat) {
        super(context);
        this.targets = targets;
        this.registry = registry;
        this.node = node;
        this.pool = new HostPool<>(context.getSystem(), node, workers, heartbeat, "target",
                (it, failure) -> new Result(it.chain(), it.replica(), it.epoch(), null, failure),
                ExchangeCoordinator.RoundsDone::new);
        this.coordinators = new CoordinatorWatch<>(context, CoordinatorGone::new);
    }

    /**
     * @param targets the node's targets (built once per job)
     * @param registry the node's replicas
     * @param node this node's address, reported with every answer
     * @param workers threads of the worker pool
     * @param heartbeat how often a busy host says so to the coordinators waiting for it
     * @return the behaviour
     */
    public static Behavior<Command> create(NodeTargets targets, Registry registry, String node, int workers,
            Duration heartbeat) {
        return Behaviors.setup(ctx -> new ReplicaHost(ctx, targets, registry, node, workers, heartbeat));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(RunRounds.class, this::onRunRounds)
                .onMessage(CreateReplica.class, this::onCreateReplica)
                .onMessage(ForgetJob.class, this::onForgetJob)
                .onMessage(CoordinatorGone.class, this::onCoordinatorGone)
                .onSignal(akka.actor.typed.PostStop.class, s -> {
                    pool.stop();
                    return this;
                })
                .build();
    }

    /**
     * Creates (or restores) a replica into a registry: what a {@link ReplicaActor} entity does on
     * {@link ReplicaActor.Initialize}, and a host does for a one-JVM run.
     *
     * @return the answer for the coordinator: {@link ExchangeCoordinator.ReplicaReady} or
     *     {@link ExchangeCoordinator.ReplicaFailed}
     */
    static ExchangeCoordinator.Command initialize(NodeTargets targets, Registry registry, ReplicaActor.Initialize m,
            String node, ActorRef<Command> host, ActorRef<ReplicaActor.Command> entity) {
        try {
            var target = targets.targetFor(m.jobId(), m.targetJson());
            Replica replica = (m.snapshot() == null ? new Replica(target, m.seed(), m.chain(), m.replica())
                    : Replica.restore(target, m.seed(), m.snapshot()))
                    .recordDrawMetrics(m.drawMetrics() == null ? List.of() : List.of(m.drawMetrics()))
                    .recordDrawMetadata(m.drawMetadata() == null ? List.of() : List.of(m.drawMetadata()));
            registry.put(m.jobId(), m.epoch(), replica);
            return new ExchangeCoordinator.ReplicaReady(m.chain(), m.replica(), node, host, entity, m.epoch());
        } catch (ConfigurationException e) {
            return new ExchangeCoordinator.ReplicaFailed(m.chain(), m.replica(), e.getMessage(), true);
        } catch (RuntimeException | LinkageError e) {
            return new ExchangeCoordinator.ReplicaFailed(m.chain(), m.replica(), "on node " + node + ": " + e, false);
        }
    }

    private Behavior<Command> onCreateReplica(CreateReplica m) {
        ReplicaActor.Initialize init = m.init();
        ReplicaHost.Hosted existing = registry.get(init.jobId(), init.chain(), init.replica());
        if (existing != null && existing.epoch() == init.epoch()) {
            return this; // a repeated request: the first answer stands
        }
        init.replyTo().tell(initialize(targets, registry, init, node, getContext().getSelf(), null));
        return this;
    }

    /** The registry's entry, through a table of the last job asked for, rebuilt when the registry changed. */
    private Hosted hosted(String jobId, int chain, int replica) {
        long v = registry.version();
        if (v != lookupVersion || !jobId.equals(lookupJob)) {
            lookupVersion = v;
            lookupJob = jobId;
            lookupTable = new Hosted[0][];
        }
        if (chain >= lookupTable.length) {
            lookupTable = java.util.Arrays.copyOf(lookupTable, chain + 1);
        }
        Hosted[] row = lookupTable[chain];
        if (row == null || replica >= row.length) {
            row = row == null ? new Hosted[replica + 1] : java.util.Arrays.copyOf(row, replica + 1);
            lookupTable[chain] = row;
        }
        Hosted h = row[replica];
        if (h == null) {
            h = registry.get(jobId, chain, replica);
            row[replica] = h;
        }
        return h;
    }

    private Behavior<Command> onForgetJob(ForgetJob m) {
        forget(m.jobId());
        return this;
    }

    /** A coordinator that stopped without a ForgetJob (its node was lost, it crashed): drop what it left here. */
    private Behavior<Command> onCoordinatorGone(CoordinatorGone m) {
        if (coordinators.current(m.jobId(), m.coordinator())) {
            forget(m.jobId());
        }
        return this;
    }

    private void forget(String jobId) {
        coordinators.forget(jobId);
        registry.removeJob(jobId);
        factors.remove(jobId);
        targets.release(jobId);
    }

    private static long factorKey(int chain, int level) {
        return ((long) chain << 32) | (level & 0xffffffffL);
    }

    private Behavior<Command> onRunRounds(RunRounds m) {
        coordinators.watch(m.jobId(), m.replyTo()); // from its first batch on
        Map<Long, Factor> jobFactors = factors.computeIfAbsent(m.jobId(), k -> new HashMap<>());
        for (FactorUpdate f : m.factors()) {
            jobFactors.put(factorKey(f.chain(), f.level()), new Factor(f.version(), f.factor()));
        }
        int n = m.items().length;
        Replica[] replicas = new Replica[n];
        RoundInstruction[] instructions = new RoundInstruction[n];
        Result[] results = new Result[n];
        for (int i = 0; i < n; i++) {
            Item it = m.items()[i];
            Hosted hosted = hosted(m.jobId(), it.chain(), it.replica());
            double[] factor = null;
            if (hosted != null && hosted.epoch() == it.epoch() && it.factorVersion() > 0) {
                Factor f = jobFactors.get(factorKey(it.chain(), it.level()));
                factor = f != null && f.version() == it.factorVersion() ? f.values() : null;
            }
            if (hosted == null || hosted.epoch() != it.epoch() || it.factorVersion() > 0 && factor == null) {
                results[i] = pool.missing(it);
                continue;
            }
            replicas[i] = hosted.replica();
            instructions[i] = RoundInstruction.builder().round(it.round()).level(it.level()).beta(it.beta())
                    .steps(it.steps()).proposal(new Proposal(it.scale(), factor, hosted.replica().dimension()))
                    .collectMoments(it.collectMoments()).firstDrawStep(it.firstDrawStep()).thin(it.thin())
                    .snapshot(it.snapshot()).build();
        }
        pool.run(m.replyTo(), m.batch(), m.items(), results,
                i -> ran(m.items()[i], replicas[i].runRound(instructions[i])));
        return this;
    }

    private static Result ran(Item it, RoundReport report) {
        return new Result(it.chain(), it.replica(), it.epoch(), report, null);
    }
}
