package replex.actors;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;

import replex.core.ConfigurationException;
import replex.core.Objective;
import replex.core.Target;
import replex.core.evaluate.PointFunction;
import replex.core.evaluate.PointResult;
import replex.io.JobJson;
import replex.objectives.ObjectiveFactory;

/**
 * One per worker node: evaluates the design points of evaluate jobs ({@code job.mode = evaluate},
 * {@code replex submit}) on the node's worker pool ({@value ReplicaActor#WORKER_DISPATCHER},
 * {@code workers} threads). An {@link EvaluateCoordinator} (on the submitting client) finds every
 * worker through the Receptionist and sends {@link Join}; the worker builds the job's target or
 * vector objective (with the node's class loader, as for a sampling or optimize job) and answers
 * with its number of threads, its slots. The coordinator then hands it points, never more than it has slots: each point is
 * evaluated on a pool thread ({@link PointResult#evaluate}, the same call as in one JVM) and its
 * result sent back at once, which frees the slot for the next point. So points go to whichever
 * node has a free thread, and uneven costs balance over the whole cluster.
 */
public final class EvaluateWorker extends AbstractBehavior<EvaluateWorker.Command> {

    /** Receptionist key under which every worker node's evaluator is registered. */
    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "replex-evaluate-worker");

    /** Messages an evaluate worker accepts. */
    public interface Command extends KryoSerializable {
    }

    /**
     * Take part in a job: build its target or objective and answer
     * {@link EvaluateCoordinator.WorkerJoined} (or {@link EvaluateCoordinator.WorkerFailed}).
     *
     * @param jobId the job, unique in the cluster
     * @param targetJson the job's {@code target} block as JSON, or {@code null} for an objective job
     * @param objectiveJson the job's {@code objective} block as JSON, or {@code null} for a target job
     * @param names an objective job's parameter names (the columns of the vector it sees), else {@code null}
     * @param replyTo the job's coordinator
     */
    public record Join(String jobId, String targetJson, String objectiveJson, String[] names,
            ActorRef<EvaluateCoordinator.Command> replyTo) implements Command {

        /** A target job. */
        public Join(String jobId, String targetJson, ActorRef<EvaluateCoordinator.Command> replyTo) {
            this(jobId, targetJson, null, null, replyTo);
        }
    }

    /**
     * Evaluate these points, each answered by its own {@link EvaluateCoordinator.PointEvaluated}.
     *
     * @param jobId the job
     * @param points the points' indices in the design
     * @param coordinates their coordinates, row-major, {@code points.length × d}
     */
    public record Evaluate(String jobId, int[] points, double[] coordinates) implements Command {
    }

    /** @param jobId the job is over: its target is released on this node */
    public record Leave(String jobId) implements Command {
    }

    /**
     * The target or objective of a job is built (its evaluation, dimension, parameter names and, for
     * an objective, its default direction), or could not be (off the actor's thread).
     */
    private record Built(Join join, PointFunction function, int dimension, String[] names, String direction,
            String failure, boolean inputError) implements Command, akka.actor.NoSerializationVerificationNeeded {

        static Built failed(Join join, String failure, boolean inputError) {
            return new Built(join, null, 0, null, null, failure, inputError);
        }
    }

    /** A job's coordinator stopped (death watch; never leaves the node). */
    private record CoordinatorGone(String jobId) implements Command, akka.actor.NoSerializationVerificationNeeded {
    }

    private final NodeTargets targets;
    private final String node;
    private final int slots;
    private final Executor executor;
    private final Map<String, Job> jobs = new HashMap<>();

    private record Job(PointFunction function, int dimension, ActorRef<EvaluateCoordinator.Command> coordinator) {
    }

    private EvaluateWorker(ActorContext<Command> context, NodeTargets targets, String node, int slots) {
        super(context);
        this.targets = targets;
        this.node = node;
        this.slots = slots;
        this.executor = context.getSystem().dispatchers().lookup(
                DispatcherSelector.fromConfig(ReplicaActor.WORKER_DISPATCHER));
        context.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, context.getSelf()));
    }

    /**
     * @param targets the node's targets (one per job, shared with the node's replicas' jobs)
     * @param node this node's address, recorded with every result
     * @param slots the threads of the node's worker pool
     * @return the behaviour
     */
    public static Behavior<Command> create(NodeTargets targets, String node, int slots) {
        return Behaviors.setup(ctx -> new EvaluateWorker(ctx, targets, node, slots));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Join.class, this::onJoin)
                .onMessage(Built.class, this::onBuilt)
                .onMessage(Evaluate.class, this::onEvaluate)
                .onMessage(Leave.class, m -> forget(m.jobId()))
                .onMessage(CoordinatorGone.class, m -> forget(m.jobId()))
                .build();
    }

    private Behavior<Command> onJoin(Join m) {
        if (jobs.containsKey(m.jobId())) {
            return this; // a repeated request: the first answer stands
        }
        ActorRef<Command> self = getContext().getSelf();
        // building may start child processes (target.command): on the pool, not on the actor's thread
        executor.execute(() -> {
            try {
                self.tell(build(m));
            } catch (ConfigurationException e) {
                self.tell(Built.failed(m, e.getMessage(), true));
            } catch (RuntimeException | LinkageError e) {
                self.tell(Built.failed(m, "cannot build the " + (m.objectiveJson() != null ? "objective" : "target")
                        + ": " + e, false));
            }
        });
        return this;
    }

    private Built build(Join m) {
        if (m.objectiveJson() != null) {
            java.util.List<String> names = java.util.List.of(m.names());
            Objective objective = ObjectiveFactory.createForPoints(JobJson.parse(m.objectiveJson()),
                    targets.classLoader(), names);
            return new Built(m, PointFunction.of(objective, names), names.size(), m.names(),
                    objective.defaultDirection().toString(), null, false);
        }
        Target target = targets.targetFor(m.jobId(), m.targetJson());
        return new Built(m, PointFunction.of(target), target.dimension(), target.parameterNames().toArray(new String[0]),
                null, null, false);
    }

    private Behavior<Command> onBuilt(Built m) {
        Join join = m.join();
        if (m.function() == null) {
            join.replyTo().tell(new EvaluateCoordinator.WorkerFailed(join.jobId(), node, m.failure(), m.inputError()));
            targets.release(join.jobId());
            return this;
        }
        jobs.put(join.jobId(), new Job(m.function(), m.dimension(), join.replyTo()));
        getContext().watchWith(join.replyTo(), new CoordinatorGone(join.jobId()));
        join.replyTo().tell(new EvaluateCoordinator.WorkerJoined(join.jobId(), node, getContext().getSelf(), slots,
                m.names(), m.direction()));
        return this;
    }

    private Behavior<Command> onEvaluate(Evaluate m) {
        Job job = jobs.get(m.jobId());
        if (job == null || m.points().length == 0) {
            return this; // the job is over here
        }
        int d = job.dimension();
        if (m.coordinates().length != (long) m.points().length * d) {
            getContext().getLog().warn("evaluate job {}: ignored a request of {} points with {} coordinates (the "
                    + "target has {} parameters)", m.jobId(), m.points().length, m.coordinates().length, d);
            return this;
        }
        for (int k = 0; k < m.points().length; k++) {
            int point = m.points()[k];
            double[] x = java.util.Arrays.copyOfRange(m.coordinates(), k * d, (k + 1) * d);
            executor.execute(() -> {
                PointResult r;
                try {
                    r = PointResult.evaluate(job.function(), point, x, node);
                } catch (Throwable e) { // not one the target may throw (OutOfMemoryError): fail the point, not hang
                    r = new PointResult(point, null, "the target threw " + e, 0, node, Thread.currentThread().getName());
                }
                job.coordinator().tell(new EvaluateCoordinator.PointEvaluated(m.jobId(), r));
            });
        }
        return this;
    }

    private Behavior<Command> forget(String jobId) {
        Job job = jobs.remove(jobId);
        if (job != null) {
            getContext().unwatch(job.coordinator());
            targets.release(jobId); // a target.command's children end here
        }
        return this;
    }
}
