package replex.actors;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.ReceiveBuilder;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;

import replex.core.ConfigurationException;

/**
 * What the two job clients ({@link JobClient} for sampling jobs, {@link OptimizeClient} for optimize
 * jobs) do alike: find the {@link JobManager} through the Receptionist and send it the client's
 * request (the job, or a fetch), follow the job's coordinator (death watch; when it is lost, wait
 * {@code replex.client.restart-grace} for a job manager to restart the job and a new coordinator to
 * accept it), and answer the job manager's replies that do not depend on the kind of job: owned,
 * rejected, failed, notices (told to the client's {@code onNotice}; nothing is printed). A client
 * makes one in its constructor and adds {@link #handlers} to its receive; they answer
 * {@link Behaviors#same()} to go on and the client's failure to give up.
 */
final class JobLink {

    private record ManagersListed(Receptionist.Listing listing) implements JobClient.Event {
    }

    private enum FindTimeout implements JobClient.Event {
        INSTANCE
    }

    /** The watched coordinator stopped. */
    private enum CoordinatorStopped implements JobClient.Event {
        INSTANCE
    }

    /** The coordinator was lost and no job manager restarted the job in time (the client's own timer). */
    private enum NotRestarted implements JobClient.Event {
        INSTANCE
    }

    /** Send the request again to the current job manager (the client's own timer, see {@link #askAgainIn}). */
    private enum AskAgain implements JobClient.Event {
        INSTANCE
    }

    private final ActorContext<JobClient.Event> context;
    private final TimerScheduler<JobClient.Event> timers;
    private final CompletableFuture<?> result;
    private final Function<String, Behavior<JobClient.Event>> fail;
    private final String lostAlone;
    private final String lostSuffix;
    private final Consumer<JobClient.JobOwned> onOwned;
    private final BiConsumer<String, String> onNotice;
    /** The job or fetch request; {@code null} for a client whose coordinator runs beside it. */
    private JobManager.Command request;
    /** Whether a job manager that takes over is asked from then on (a fetching client). */
    private boolean follow;
    private boolean waiting;
    private ActorRef<JobManager.Command> manager;
    private ActorRef<ExchangeCoordinator.Command> watched;
    private String jobId;

    /**
     * @param context the client's context
     * @param timers the client's timers
     * @param result the client's result, completed exceptionally when no job manager is found or the
     *     job is rejected or fails
     * @param fail the client's failure: completes its result with the message and stops it
     * @param lostAlone what a client whose coordinator runs beside it fails with when that stops
     * @param lostSuffix added to the failure when a lost coordinator is not replaced in time
     * @param onOwned told the job's cancel token; may be null
     * @param onNotice told the job's notices for the user ({@link JobClient.Notice}: the job's id, the
     *     message); may be null: they are then only logged
     */
    JobLink(ActorContext<JobClient.Event> context, TimerScheduler<JobClient.Event> timers,
            CompletableFuture<?> result, Function<String, Behavior<JobClient.Event>> fail, String lostAlone,
            String lostSuffix, Consumer<JobClient.JobOwned> onOwned, BiConsumer<String, String> onNotice) {
        this.context = context;
        this.timers = timers;
        this.result = result;
        this.fail = fail;
        this.lostAlone = lostAlone;
        this.lostSuffix = lostSuffix;
        this.onOwned = onOwned;
        this.onNotice = onNotice;
    }

    /**
     * Looks for the job manager and sends it {@code request} once found; with no {@code findTimeout}
     * the request is only kept (the client then waits for a lost coordinator to be replaced).
     *
     * @param request the job or the fetch
     * @param follow whether a job manager that takes over is asked from then on
     * @param findTimeout how long to look for the job manager before failing, or {@code null}
     */
    void find(JobManager.Command request, boolean follow, Duration findTimeout) {
        this.request = request;
        this.follow = follow;
        if (findTimeout == null) {
            return;
        }
        waiting = true;
        ActorRef<Receptionist.Listing> adapter = context.messageAdapter(Receptionist.Listing.class,
                ManagersListed::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(JobManager.SERVICE_KEY, adapter));
        timers.startSingleTimer(FindTimeout.INSTANCE, findTimeout);
    }

    /** @return the job manager the request went to (or, following, its successor); {@code null} before */
    ActorRef<JobManager.Command> manager() {
        return manager;
    }

    /** @return the job's id once accepted, else {@code null} */
    String jobId() {
        return jobId;
    }

    /**
     * Follows the accepted job's coordinator and learns the job's id.
     *
     * @param m the job manager's or the coordinator's acceptance
     * @return whether it is the first (else the job was restarted and a new coordinator accepted it)
     */
    boolean accept(JobClient.JobAccepted m) {
        watch(m.coordinator());
        if (jobId != null) {
            return false;
        }
        jobId = m.jobId();
        return true;
    }

    /** Sends the request again after {@code delay} (a fetch of a job that has not finished). */
    void askAgainIn(Duration delay) {
        timers.startSingleTimer(AskAgain.INSTANCE, delay);
    }

    /**
     * @param builder the client's receive
     * @return it, with the handlers of the messages every client answers alike
     */
    ReceiveBuilder<JobClient.Event> handlers(ReceiveBuilder<JobClient.Event> builder) {
        return builder
                .onMessage(ManagersListed.class, this::onManagersListed)
                .onMessageEquals(FindTimeout.INSTANCE, () -> !waiting ? Behaviors.same() : stop(
                        new IllegalStateException("no JobManager found in the cluster: are worker nodes running "
                                + "and reachable?")))
                .onMessage(JobClient.JobOwned.class, this::onOwned)
                .onMessage(JobClient.JobRejected.class, m -> stop(new ConfigurationException(null,
                        "job rejected: " + m.reason())))
                .onMessage(JobClient.JobFailed.class, m -> {
                    String reason = "job " + m.jobId() + " failed: " + m.reason();
                    return stop(m.inputError() ? new ConfigurationException(null, reason)
                            : new IllegalStateException(reason));
                })
                .onMessage(JobClient.Notice.class, this::onNotice)
                .onMessage(JobClient.WatchJob.class, m -> {
                    watch(m.coordinator());
                    return Behaviors.same();
                })
                .onMessageEquals(CoordinatorStopped.INSTANCE, this::onCoordinatorStopped)
                .onMessageEquals(NotRestarted.INSTANCE, () -> fail.apply("the node running the job's coordinator "
                        + "was lost and no worker node restarted the job within " + restartGrace().toSeconds()
                        + " s (a restart needs a shared checkpoint directory: replex.checkpoint-dir or "
                        + "REPLEX_CHECKPOINT_DIR on every node)" + lostSuffix))
                .onMessageEquals(AskAgain.INSTANCE, () -> {
                    if (manager != null) {
                        manager.tell(request);
                    }
                    return Behaviors.same();
                });
    }

    private Behavior<JobClient.Event> stop(Throwable failure) {
        result.completeExceptionally(failure);
        return Behaviors.stopped();
    }

    private Behavior<JobClient.Event> onManagersListed(ManagersListed m) {
        var managers = m.listing().getServiceInstances(JobManager.SERVICE_KEY);
        if (waiting && !managers.isEmpty()) {
            waiting = false;
            manager = managers.iterator().next();
            manager.tell(request);
        } else if (follow && !managers.isEmpty()) {
            manager = managers.iterator().next(); // the JobManager moved: ask the new one from now on
        }
        return Behaviors.same();
    }

    private Behavior<JobClient.Event> onOwned(JobClient.JobOwned m) {
        if (onOwned != null) {
            try {
                onOwned.accept(m);
            } catch (RuntimeException e) {
                return fail.apply("the job's cancel token could not be kept: " + e.getMessage() + "; job "
                        + m.jobId() + " goes on in the cluster");
            }
        }
        return Behaviors.same();
    }

    private Behavior<JobClient.Event> onNotice(JobClient.Notice m) {
        if (onNotice == null) {
            context.getLog().info("job {}: {}", m.jobId(), m.message());
            return Behaviors.same();
        }
        try {
            onNotice.accept(m.jobId(), m.message());
        } catch (RuntimeException e) { // a notice is for the user only: a broken listener does not stop the client
            context.getLog().warn("job {}: {} (the notice listener failed: {})", m.jobId(), m.message(), e.toString());
        }
        return Behaviors.same();
    }

    private void watch(ActorRef<ExchangeCoordinator.Command> coordinator) {
        if (coordinator == null || coordinator.equals(watched)) {
            return;
        }
        if (watched != null) {
            context.unwatch(watched);
        }
        watched = coordinator;
        timers.cancel(NotRestarted.INSTANCE);
        context.watchWith(coordinator, CoordinatorStopped.INSTANCE);
    }

    /**
     * A one-JVM run fails at once; a submitted job may be restarted from its checkpoints by the job
     * manager that takes over (shared checkpoint directory): wait for its new coordinator a while.
     */
    private Behavior<JobClient.Event> onCoordinatorStopped() {
        if (request == null) {
            return fail.apply(lostAlone);
        }
        timers.startSingleTimer(NotRestarted.INSTANCE, restartGrace());
        return Behaviors.same();
    }

    /** {@code replex.client.restart-grace}. */
    private Duration restartGrace() {
        return context.getSystem().settings().config().getDuration("replex.client.restart-grace");
    }
}
