package replex.actors;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.typesafe.config.Config;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;

/**
 * Accepts, tracks and cancels the jobs of a cluster; runs as a cluster singleton on the worker
 * nodes and is found by clients through the Receptionist. A submitted job is checked (job file,
 * then its target or objective on every worker node, through each node's {@link NodeAgent}); if
 * admitted, an {@link ExchangeCoordinator} (a sampling job) or an {@link OptimizeCoordinator} (an
 * optimize job) is spawned for it. Several jobs run at once. With a shared checkpoint directory both
 * kinds are registered there, restarted from their newest checkpoint by a job manager that takes
 * over, and their results kept for {@code replex fetch}.
 *
 * <p>This class holds the protocol and routes each message to the part that owns it:
 * {@link JobSubmissions} (admission), {@link JobLauncher} (checkpoint directories, coordinators,
 * restarts after a node loss), {@link JobResults} (fetch), {@link JobTable} (the job records,
 * status, cancel and suspend) and {@link JobFiles} (file operations, off the actor's thread).
 */
public final class JobManager extends AbstractBehavior<JobManager.Command> {

    /** Receptionist key of the job manager. */
    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "replex-job-manager");

    /** Messages the job manager accepts. */
    public interface Command extends JsonSerializable {
    }

    /**
     * @param jobJson the effective job ({@code job} and optional {@code output} blocks) as JSON
     * @param replyTo the submitting client: receives every event of the job
     * @param checkpointSubdir where the job's checkpoints go: a relative subfolder of the nodes'
     *     {@code replex.checkpoint-dir} ({@link replex.io.NodePaths#subfolder}; no absolute path, no
     *     {@code ..}), or {@code null} for {@code <replex.checkpoint-dir>/<job id>} when that is configured.
     *     The nodes' own configuration decides where a job writes, never the job.
     * @param resume whether the job continues from the newest checkpoint in {@code checkpointSubdir}
     */
    public record SubmitJob(String jobJson, ActorRef<JobClient.Event> replyTo, String checkpointSubdir, boolean resume)
            implements Command {
    }

    /**
     * Asks for the result of a job ({@code replex fetch}): answered with the job's events as if the
     * asker had submitted it (accepted, draws, finished), or {@link JobClient.FetchPending} while it
     * runs, {@link JobClient.JobRejected} if it is unknown, {@link JobClient.JobFailed} if it failed.
     *
     * @param jobId the job
     * @param replyTo the fetching client
     */
    public record FetchJob(String jobId, ActorRef<JobClient.Event> replyTo) implements Command {
    }

    /** @param jobId the job to checkpoint and stop (answered to its client by {@link JobClient.JobSuspended}) */
    public record SuspendJob(String jobId) implements Command {
    }

    /**
     * Asks for every job's state. A job's {@code detail} (its failure or rejection reason) is given
     * only to its owner (the token is the job's cancel token) or to an operator (the token is the
     * nodes' operator token); other jobs are listed with their state and progress only.
     *
     * @param replyTo receives a {@link StatusReport}
     * @param token a cancel token or the operator token; may be {@code null}
     */
    public record GetStatus(ActorRef<StatusReport> replyTo, String token) implements Command {
    }

    /**
     * Cancels a job: allowed to its owner (the cancel token it was given when admitted, see
     * {@link JobClient.JobOwned}) and to an operator (the operator token of the nodes'
     * {@code replex.security.operator-token-file}).
     *
     * @param jobId the job to cancel
     * @param token the job's cancel token or the operator token; {@code null} is refused
     * @param replyTo receives a {@link CancelReply}
     */
    public record CancelJob(String jobId, String token, ActorRef<CancelReply> replyTo) implements Command {
    }

    /**
     * The state of one job.
     *
     * @param jobId its id
     * @param state {@code admitting}, {@code running}, {@code restarting}, {@code finished}, {@code failed},
     *     {@code cancelled}, {@code rejected} or {@code suspended}
     * @param roundsDone rounds completed by every chain
     * @param rounds rounds in the job
     * @param nodes nodes hosting its replicas (address → replicas)
     * @param detail the failure reason, if any
     * @param best an optimize job's best objective value so far; {@code null} for a sampling job, or
     *     before the first round
     */
    public record JobStatus(String jobId, String state, long roundsDone, long rounds, Map<String, Integer> nodes,
            String detail, Double best) implements JsonSerializable {
    }

    /** @param jobs every job this manager knows, oldest first */
    public record StatusReport(List<JobStatus> jobs) implements JsonSerializable {
    }

    /**
     * @param jobId the job
     * @param found whether such a job was known and still running
     * @param message what happened
     */
    public record CancelReply(String jobId, boolean found, String message) implements JsonSerializable {
    }

    /** From the job's coordinator: its replicas are placed. */
    record JobStarted(String jobId, Map<String, Integer> nodes) implements Command {
    }

    /** From the job's coordinator; {@code best} is an optimize job's best value so far, else {@code null}. */
    record JobProgressed(String jobId, long roundsDone, Double best) implements Command {
        JobProgressed(String jobId, long roundsDone) {
            this(jobId, roundsDone, null);
        }
    }

    /** From the job's coordinator: it stopped (finished, failed or suspended). */
    record JobEnded(String jobId, JobState state, String detail) implements Command {
    }

    /** The states of a job, as {@code replex status} shows them ({@link #label()}). */
    enum JobState {
        /** Its target or objective is being checked on every worker node. */
        ADMITTING,
        /** Its coordinator runs it (or its checkpoints are being read). */
        RUNNING,
        /** Found running in the shared directory by a job manager that took over; restarts once nodes are known. */
        RESTARTING,
        /** Every round done; its result is kept with a shared checkpoint directory. */
        FINISHED,
        /** Ended with an error (its detail says why). */
        FAILED,
        /** Cancelled by its owner or an operator. */
        CANCELLED,
        /** Not admitted (its detail says why). */
        REJECTED,
        /** Stopped at a checkpoint on request. */
        SUSPENDED;

        /** @return the state's name in {@code replex status}, the {@code ended} file and client messages */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Stop (the singleton is handed over to another node). */
    public enum Stop implements Command {
        /** The message. */
        INSTANCE
    }

    /** Forget jobs that ended longer than the retention ago (the manager's own timer; local only). */
    private enum Prune implements Command {
        INSTANCE
    }

    private record AgentsListed(Receptionist.Listing listing) implements Command {
    }

    /** Messages held while the shared directory is read at start-up. */
    private static final int STASH_CAPACITY = 10_000;
    /** How often ended jobs are looked at for forgetting. */
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);

    private final StashBuffer<Command> stash;
    private final JobFiles files;
    private final JobTable jobs;
    private final JobSubmissions submissions;
    private final JobLauncher launcher;
    private final JobResults results;

    private JobManager(ActorContext<Command> context, TimerScheduler<Command> timers, StashBuffer<Command> stash) {
        super(context);
        context.setLoggerName(JobManager.class); // the parts log through this context, under the job manager's name
        this.stash = stash;
        Config config = context.getSystem().settings().config();
        String root = config.hasPath("replex.checkpoint-dir") ? config.getString("replex.checkpoint-dir") : "";
        Path checkpointRoot = root.isBlank() ? null : Path.of(root).toAbsolutePath();
        Duration retention = config.getDuration("replex.job-retention");
        this.files = new JobFiles(checkpointRoot,
                context.getSystem().dispatchers().lookup(DispatcherSelector.blocking()));
        this.jobs = new JobTable(context, files, JobOwnership.operatorHash(config), retention);
        this.submissions = new JobSubmissions(context, jobs, checkpointRoot);
        this.launcher = new JobLauncher(context, jobs, files, submissions);
        this.results = new JobResults(context, jobs, files);
        timers.startTimerWithFixedDelay(Prune.INSTANCE, retention.compareTo(PRUNE_INTERVAL) < 0 ? retention
                : PRUNE_INTERVAL);
        context.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, context.getSelf()));
        ActorRef<Receptionist.Listing> adapter = context.messageAdapter(Receptionist.Listing.class, AgentsListed::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(NodeAgent.SERVICE_KEY, adapter));
    }

    /** @return the behaviour */
    public static Behavior<Command> create() {
        return Behaviors.withStash(STASH_CAPACITY, stash -> Behaviors.withTimers(timers -> Behaviors.setup(
                ctx -> new JobManager(ctx, timers, stash).start())));
    }

    /**
     * Without a shared directory: running at once. With one: first reads it (off the actor's
     * thread), holding every other message until then, so that a status or fetch right after a
     * takeover already sees the jobs found there.
     */
    private Behavior<Command> start() {
        if (files.root() == null) {
            return this;
        }
        launcher.scan();
        return Behaviors.receive(Command.class)
                .onMessage(JobLauncher.Scanned.class, m -> {
                    launcher.onScanned(m);
                    return stash.unstashAll(this);
                })
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .onMessage(Command.class, m -> {
                    if (stash.isFull()) {
                        getContext().getLog().warn("dropping {}: {} messages wait for the shared directory to be read",
                                m.getClass().getSimpleName(), STASH_CAPACITY);
                    } else {
                        stash.stash(m);
                    }
                    return Behaviors.same();
                })
                .build();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(AgentsListed.class, this::onAgentsListed)
                .onMessage(SubmitJob.class, then(submissions::onSubmit))
                .onMessage(JobSubmissions.Admitted.class, then(launcher::onAdmitted))
                .onMessage(JobSubmissions.NotAdmitted.class, then(submissions::onNotAdmitted))
                .onMessage(JobSubmissions.OptimizeAdmitted.class, then(launcher::onOptimizeAdmitted))
                .onMessage(JobStarted.class, then(jobs::onStarted))
                .onMessage(JobProgressed.class, then(jobs::onProgressed))
                .onMessage(JobEnded.class, then(jobs::onEnded))
                .onMessage(GetStatus.class, then(jobs::onGetStatus))
                .onMessage(CancelJob.class, then(jobs::onCancel))
                .onMessage(SuspendJob.class, then(jobs::onSuspend))
                .onMessage(FetchJob.class, then(results::onFetch))
                .onMessage(JobLauncher.Prepared.class, then(launcher::onPrepared))
                .onMessage(JobLauncher.OptimizePrepared.class, then(launcher::onOptimizePrepared))
                .onMessage(JobResults.ResultRead.class, then(results::onResultRead))
                .onMessage(JobResults.OptimizeResultRead.class, then(results::onOptimizeResultRead))
                .onMessage(JobTable.CoordinatorStopped.class, then(jobs::onCoordinatorStopped))
                .onMessageEquals(Prune.INSTANCE, this::onPrune)
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .build();
    }

    /** @return a message handler that runs {@code handler}, then keeps this behaviour */
    private <M> akka.japi.function.Function<M, Behavior<Command>> then(Consumer<M> handler) {
        return m -> {
            handler.accept(m);
            return this;
        };
    }

    private Behavior<Command> onPrune() {
        jobs.prune();
        return this;
    }

    private Behavior<Command> onAgentsListed(AgentsListed m) {
        submissions.agents(m.listing().getServiceInstances(NodeAgent.SERVICE_KEY));
        launcher.restartJobs();
        return this;
    }
}
