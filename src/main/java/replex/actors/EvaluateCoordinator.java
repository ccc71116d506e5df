package replex.actors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;

import replex.core.ConfigurationException;
import replex.core.evaluate.Design;
import replex.core.evaluate.PointResult;

/**
 * The coordinator of one evaluate job on a cluster ({@code replex submit} of a job with
 * {@code job.mode = evaluate}); it runs on the submitting client. It finds every worker node's
 * {@link EvaluateWorker} through the Receptionist (also nodes that join later), asks each to
 * {@link EvaluateWorker.Join} the job, builds the design once the first one has told the target's
 * parameter names, and then hands out points by work pulling: a node never holds more points than
 * it has worker threads (its slots), and every result that comes back frees a slot, which gets the
 * next point of the queue. Results arrive in any order and go to the job's sink (its progress on
 * disk, the progress bar); the outputs are written from them in point order, so they do not depend
 * on the number of nodes.
 *
 * <p>A node that leaves (or is lost) gives its points back to the front of the queue; a result
 * that arrives after all is kept if its point has none yet and ignored otherwise, so each point
 * has exactly one result. A stop request (Ctrl-C) is polled with every result and every
 * {@value #POLL_MILLIS} ms: no new point is handed out, the points under way are awaited, and the
 * job ends incomplete.
 */
public final class EvaluateCoordinator extends AbstractBehavior<EvaluateCoordinator.Command> {

    /** How often the stop request is polled, in milliseconds. */
    static final long POLL_MILLIS = 100;

    /** Messages a coordinator accepts. */
    public interface Command extends KryoSerializable {
    }

    /**
     * A worker built the job's target and takes points.
     *
     * @param jobId the job
     * @param node the worker's node address
     * @param worker the worker
     * @param slots the points it evaluates at once (its node's worker threads)
     * @param parameterNames the target's parameter names on that node (an objective job's, as sent)
     * @param direction an objective's default direction on that node ({@code maximize}, {@code minimize},
     *     {@code target = v}), or {@code null} for a target job
     */
    public record WorkerJoined(String jobId, String node, ActorRef<EvaluateWorker.Command> worker, int slots,
            String[] parameterNames, String direction) implements Command {

        /** A worker of a target job. */
        public WorkerJoined(String jobId, String node, ActorRef<EvaluateWorker.Command> worker, int slots,
                String[] parameterNames) {
            this(jobId, node, worker, slots, parameterNames, null);
        }
    }

    /**
     * A worker cannot build the job's target.
     *
     * @param jobId the job
     * @param node the node
     * @param message why
     * @param inputError whether the job's input is at fault (a bad setting), not the node
     */
    public record WorkerFailed(String jobId, String node, String message, boolean inputError) implements Command {
    }

    /**
     * One point's result.
     *
     * @param jobId the job
     * @param result the point's evaluation or failure, with where it ran
     */
    public record PointEvaluated(String jobId, PointResult result) implements Command {
    }

    private record WorkersListed(Receptionist.Listing listing)
            implements Command, akka.actor.NoSerializationVerificationNeeded {
    }

    private record WorkerGone(ActorRef<EvaluateWorker.Command> worker)
            implements Command, akka.actor.NoSerializationVerificationNeeded {
    }

    private enum Poll implements Command, akka.actor.NoSerializationVerificationNeeded {
        INSTANCE
    }

    private enum NoWorkers implements Command, akka.actor.NoSerializationVerificationNeeded {
        INSTANCE
    }

    /**
     * What the job starts from, once the target's parameter names are known.
     *
     * @param design the points
     * @param results a result per point already done (an interrupted job's), else {@code null}s; the
     *     coordinator fills it
     * @param sink receives every new result, on the coordinator's thread
     */
    public record Start(Design design, PointResult[] results, Consumer<PointResult> sink) {
    }

    /**
     * How the job ended.
     *
     * @param complete whether every point has its result (else it stopped on request)
     * @param start what it started from, with its results filled in
     * @param slots the slots of every node that took part, by node address
     * @param direction an objective's default direction as the first node reported it
     *     ({@link WorkerJoined#direction()}), or {@code null}
     */
    public record Outcome(boolean complete, Start start, Map<String, Integer> slots, String direction) {
    }

    private final String jobId;
    private final String targetJson;
    private final String objectiveJson;
    private final String[] objectiveNames;
    private final Function<List<String>, Start> starter;
    private final BooleanSupplier stop;
    private final CompletableFuture<Outcome> done;
    private final Duration noWorkerTimeout;
    private final TimerScheduler<Command> timers;
    private final Set<ActorRef<EvaluateWorker.Command>> asked = new java.util.HashSet<>();
    private final PointQueue points;
    private List<String> names;
    private String direction;
    private Start start;
    private int left;
    private boolean stopping;

    private EvaluateCoordinator(ActorContext<Command> context, TimerScheduler<Command> timers, String jobId,
            String targetJson, String objectiveJson, String[] objectiveNames, Function<List<String>, Start> starter,
            BooleanSupplier stop, CompletableFuture<Outcome> done, Duration noWorkerTimeout) {
        super(context);
        this.timers = timers;
        this.jobId = jobId;
        this.targetJson = targetJson;
        this.objectiveJson = objectiveJson;
        this.objectiveNames = objectiveNames;
        this.starter = starter;
        this.stop = stop;
        this.done = done;
        this.noWorkerTimeout = noWorkerTimeout;
        this.points = new PointQueue(jobId);
        ActorRef<Receptionist.Listing> adapter = context.messageAdapter(Receptionist.Listing.class,
                WorkersListed::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(EvaluateWorker.SERVICE_KEY, adapter));
        timers.startTimerWithFixedDelay(Poll.INSTANCE, Duration.ofMillis(POLL_MILLIS));
        timers.startSingleTimer(NoWorkers.INSTANCE, noWorkerTimeout);
    }

    /**
     * @param jobId the job's id, unique in the cluster (the nodes keep its target under it)
     * @param targetJson the job's {@code target} block as JSON
     * @param starter given the target's parameter names (from the first node that joins), the design,
     *     the results already done and the sink; may throw a {@link ConfigurationException} (the
     *     design does not fit the target), which fails the job
     * @param stop polled every {@value #POLL_MILLIS} ms: once true, no new point is handed out
     * @param done completed with the outcome, or exceptionally with a {@link ConfigurationException}
     *     (the target cannot be built, the design does not fit) or an {@link IllegalStateException}
     * @param noWorkerTimeout how long to wait for a worker node while the cluster has none
     * @return the behaviour
     */
    public static Behavior<Command> create(String jobId, String targetJson, Function<List<String>, Start> starter,
            BooleanSupplier stop, CompletableFuture<Outcome> done, Duration noWorkerTimeout) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new EvaluateCoordinator(ctx, timers, jobId,
                targetJson, null, null, starter, stop, done, noWorkerTimeout)));
    }

    /**
     * The coordinator of a job that evaluates a vector objective: the nodes build it from its block
     * for these parameter names, and report its default direction ({@link Outcome#direction()}).
     *
     * @param jobId the job's id, unique in the cluster
     * @param objectiveJson the job's {@code objective} block as JSON
     * @param names the parameter names (the columns of the vector the objective sees)
     * @param starter as for a target job, given {@code names} back from the first node that joins
     * @param stop polled every {@value #POLL_MILLIS} ms: once true, no new point is handed out
     * @param done completed with the outcome, or exceptionally
     * @param noWorkerTimeout how long to wait for a worker node while the cluster has none
     * @return the behaviour
     */
    public static Behavior<Command> createForObjective(String jobId, String objectiveJson, List<String> names,
            Function<List<String>, Start> starter, BooleanSupplier stop, CompletableFuture<Outcome> done,
            Duration noWorkerTimeout) {
        String[] n = names.toArray(new String[0]);
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new EvaluateCoordinator(ctx, timers, jobId,
                null, objectiveJson, n, starter, stop, done, noWorkerTimeout)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(WorkersListed.class, this::onListed)
                .onMessage(WorkerJoined.class, this::onJoined)
                .onMessage(WorkerFailed.class, this::onFailed)
                .onMessage(PointEvaluated.class, this::onEvaluated)
                .onMessage(WorkerGone.class, this::onGone)
                .onMessageEquals(Poll.INSTANCE, this::onPoll)
                .onMessageEquals(NoWorkers.INSTANCE, this::onNoWorkers)
                .build();
    }

    private Behavior<Command> onListed(WorkersListed m) {
        for (ActorRef<EvaluateWorker.Command> w : m.listing().getServiceInstances(EvaluateWorker.SERVICE_KEY)) {
            if (asked.add(w)) {
                getContext().watchWith(w, new WorkerGone(w));
                w.tell(new EvaluateWorker.Join(jobId, targetJson, objectiveJson, objectiveNames, getContext().getSelf()));
                timers.cancel(NoWorkers.INSTANCE); // it answers, joined or failed, or is seen to leave
            }
        }
        return this;
    }

    private Behavior<Command> onJoined(WorkerJoined m) {
        if (!m.jobId().equals(jobId) || points.has(m.worker()) || done.isDone()) {
            return this;
        }
        List<String> theirs = List.of(m.parameterNames());
        if (names == null) {
            names = theirs;
            direction = m.direction();
            try {
                start = starter.apply(names);
            } catch (RuntimeException e) {
                return fail(e);
            }
            left = points.fill(start);
            if (left == 0) {
                return finish(true);
            }
        } else if (!names.equals(theirs)) {
            return fail(new ConfigurationException("job.target", "node " + m.node() + " describes the parameters "
                    + theirs + ", another node " + names + ": every node must build the same target"));
        }
        int slots = points.join(m.worker(), m.node(), m.slots());
        getContext().getLog().info("evaluate job {}: node {} joined with {} slots", jobId, m.node(), slots);
        hand(m.worker());
        return this;
    }

    private Behavior<Command> onFailed(WorkerFailed m) {
        if (!m.jobId().equals(jobId) || done.isDone()) {
            return this;
        }
        String why = "node " + m.node() + " cannot run the " + (objectiveJson != null ? "objective" : "target") + ": "
                + m.message();
        return fail(m.inputError() ? new ConfigurationException(null, why) : new IllegalStateException(why));
    }

    /** Hands a worker points ({@link PointQueue#hand}) unless the job is stopping. */
    private void hand(ActorRef<EvaluateWorker.Command> ref) {
        if (!stopping) {
            points.hand(ref);
        }
    }

    private Behavior<Command> onEvaluated(PointEvaluated m) {
        PointResult r = m.result();
        if (!m.jobId().equals(jobId) || start == null || r.point() < 0 || r.point() >= start.results().length
                || done.isDone()) {
            return this;
        }
        ActorRef<EvaluateWorker.Command> from = points.returned(r.point());
        if (start.results()[r.point()] == null) {
            start.results()[r.point()] = r;
            left--;
            try {
                start.sink().accept(r);
            } catch (RuntimeException e) {
                return fail(e);
            }
        }
        if (left == 0) {
            return finish(true);
        }
        stopping = stopping || stop.getAsBoolean(); // asked before each new point, as in one JVM
        if (stopping && points.idle()) {
            return finish(false);
        }
        if (from != null) {
            hand(from);
        }
        return this;
    }

    private Behavior<Command> onGone(WorkerGone m) {
        asked.remove(m.worker());
        PointQueue.Worker w = points.remove(m.worker());
        if (w == null || done.isDone()) {
            return this;
        }
        getContext().getLog().warn("evaluate job {}: node {} left with {} points under way; they go to other nodes",
                jobId, w.node, w.holding.size());
        points.giveBack(w);
        if (stopping && points.idle()) {
            return finish(false);
        }
        if (!stopping) {
            points.handAll();
        }
        if (asked.isEmpty()) {
            timers.startSingleTimer(NoWorkers.INSTANCE, noWorkerTimeout);
        }
        return this;
    }

    private Behavior<Command> onPoll() {
        if (!stopping && stop.getAsBoolean() && !done.isDone()) {
            stopping = true;
            if (points.idle()) {
                return finish(false);
            }
        }
        return this;
    }

    private Behavior<Command> onNoWorkers() {
        if (asked.isEmpty() && !done.isDone()) {
            return fail(new IllegalStateException("no worker node " + (names == null ? "was found" : "is left")
                    + " in the cluster within " + noWorkerTimeout.toSeconds() + " s: are worker nodes running "
                    + "(replex node)?"));
        }
        return this;
    }

    private Behavior<Command> finish(boolean complete) {
        leaveAll();
        done.complete(new Outcome(complete, start, points.slots(), direction));
        return Behaviors.stopped();
    }

    private Behavior<Command> fail(Throwable e) {
        leaveAll();
        done.completeExceptionally(e);
        return Behaviors.stopped();
    }

    private void leaveAll() {
        timers.cancelAll();
        for (ActorRef<EvaluateWorker.Command> w : asked) {
            w.tell(new EvaluateWorker.Leave(jobId));
        }
    }
}
