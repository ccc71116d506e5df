package replex.actors;

import java.time.Duration;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
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
 * items one by one ({@link HostPool}) and the host answers once ({@link OptimizeCoordinator.RoundsDone}) with a few
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
            boolean snapshot) implements HostPool.Item {
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

    private final OptimizeNode nodeState;
    private final String node;
    private final HostPool<Item, Result> pool;
    private final CoordinatorWatch<Command> coordinators;

    private OptimizeHost(ActorContext<Command> context, OptimizeNode nodeState, String node, int workers,
            Duration heartbeat) {
        super(context);
        this.nodeState = nodeState;
        this.node = node;
        this.pool = new HostPool<>(context.getSystem(), node, workers, heartbeat, "objective",
                (it, failure) -> new Result(it.chain(), it.replica(), it.epoch(), null, failure),
                OptimizeCoordinator.RoundsDone::new);
        this.coordinators = new CoordinatorWatch<>(context, CoordinatorGone::new);
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
                .onMessage(CoordinatorGone.class, m -> coordinators.current(m.jobId(), m.coordinator())
                        ? forget(m.jobId()) : this)
                .onSignal(akka.actor.typed.PostStop.class, s -> {
                    pool.stop();
                    return this;
                })
                .build();
    }

    private Behavior<Command> onLoadJob(LoadJob m) {
        coordinators.watch(m.jobId(), m.replyTo());
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
        coordinators.watch(init.jobId(), init.replyTo());
        init.replyTo().tell(nodeState.initialize(init, node, getContext().getSelf(), null));
        return this;
    }

    private Behavior<Command> forget(String jobId) {
        coordinators.forget(jobId);
        nodeState.forget(jobId);
        return this;
    }

    private Behavior<Command> onSendBest(SendBest m) {
        OptimizeReplica replica = nodeState.replica(m.jobId(), m.chain(), m.replica(), m.epoch());
        double[] cells = replica == null || replica.best() == null ? null : replica.best().cells();
        m.replyTo().tell(new OptimizeCoordinator.BestState(m.chain(), m.replica(), m.epoch(), cells));
        return this;
    }

    private Behavior<Command> onRunRounds(RunRounds m) {
        coordinators.watch(m.jobId(), m.replyTo());
        OptimizeNode.Job job = nodeState.job(m.jobId());
        int n = m.items().length;
        OptimizeReplica[] replicas = new OptimizeReplica[n];
        Result[] results = new Result[n];
        for (int i = 0; i < n; i++) {
            Item it = m.items()[i];
            replicas[i] = job == null ? null : nodeState.replica(m.jobId(), it.chain(), it.replica(), it.epoch());
            if (replicas[i] == null) {
                results[i] = pool.missing(it);
            }
        }
        pool.run(m.replyTo(), m.batch(), m.items(), results, i -> run(job, replicas[i], m.items()[i], m.replyTo()));
        return this;
    }

    /** Runs one item's round (a worker thread), then sends the replica's snapshot if asked to. */
    private static Result run(OptimizeNode.Job job, OptimizeReplica replica, Item it,
            ActorRef<ExchangeCoordinator.Command> coordinator) {
        OptimizeReplica.RoundReport r = replica.runRound(it.round(), job.settings().stepsPerRound(), it.temperature(),
                it.jitter());
        Result result = new Result(it.chain(), it.replica(), it.epoch(), new Report(r.accepted(), r.proposed(),
                r.value(), r.score(), r.evaluation().value(), OptimizeChain.metricValues(r.evaluation(),
                job.metricNames())), null);
        if (it.snapshot()) {
            coordinator.tell(new OptimizeCoordinator.SnapshotTaken(it.epoch(), it.round() + 1, replica.snapshot()));
        }
        return result;
    }
}
