package replex.actors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;


import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
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

import replex.core.ConfigurationException;
import replex.core.optimize.OptimizeEngine;
import replex.io.CheckpointFile;
import replex.io.JobDirectory;
import replex.io.JobSpec;
import replex.io.OptimizeCheckpointFile;
import replex.io.OptimizeSpec;

/**
 * Accepts, tracks and cancels the jobs of a cluster; runs as a cluster singleton on the worker
 * nodes and is found by clients through the Receptionist. A submitted job is checked (job file,
 * then its target or objective on every worker node, through each node's {@link NodeAgent}); if
 * admitted, an {@link ExchangeCoordinator} (a sampling job) or an {@link OptimizeCoordinator} (an
 * optimize job) is spawned for it. Several jobs run at once. With a shared checkpoint directory both
 * kinds are registered there, restarted from their newest checkpoint by a job manager that takes
 * over, and their results kept for {@code replex fetch}.
 */
public final class JobManager extends AbstractBehavior<JobManager.Command> {

    /** Receptionist key of the job manager. */
    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "replex-job-manager");

    /** How long every node has to answer a target check. */
    static final Duration ADMISSION_TIMEOUT = Duration.ofSeconds(20);

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
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record Admitted(String jobId, SubmitJob request, JobSpec spec, NodeAgent.TargetChecked check)
            implements Command {
    }

    private record NotAdmitted(String jobId, SubmitJob request, String reason) implements Command {
    }

    private record OptimizeAdmitted(String jobId, SubmitJob request, OptimizeSpec spec, List<String> metricNames)
            implements Command {
    }

    private record AgentsListed(Receptionist.Listing listing) implements Command {
    }

    /** Stop (the singleton is handed over to another node). */
    public enum Stop implements Command {
        /** The message. */
        INSTANCE
    }

    /** The shared directory's jobs, read at start-up off the actor's thread. */
    private record Scanned(List<SharedJobs.Found> found, Throwable error) implements Command {
    }

    /**
     * Where an admitted job's checkpoints go.
     *
     * @param dir the directory, or {@code null} for none
     * @param shared whether it is the job's folder in the shared checkpoint directory
     * @param restart whether the job restarts because its coordinator's node was lost
     */
    private record Where(String dir, boolean shared, boolean restart) {
    }

    /** An admitted job's directory is registered and its checkpoint, if it continues from one, read. */
    private record Prepared(Admitted admitted, Where where, CheckpointFile.Loaded start, Throwable error)
            implements Command {
    }

    /** As {@link Prepared}, for an optimize job. */
    private record OptimizePrepared(OptimizeAdmitted admitted, Where where, OptimizeCheckpointFile.Loaded start,
            Throwable error) implements Command {
    }

    /** A finished job's result, read from the shared directory for a fetch. */
    private record ResultRead(FetchJob request, Path file, CheckpointFile.Payload result, JobSpec spec,
            Throwable error) implements Command {
    }

    /** A finished optimize job's result, read from the shared directory for a fetch. */
    private record OptimizeResultRead(FetchJob request, Path file, SharedJobs.OptimizeResult read, Throwable error)
            implements Command {
    }

    private record CoordinatorStopped(String jobId) implements Command {
    }

    /** Forget jobs that ended longer than the retention ago (the manager's own timer; local only). */
    private enum Prune implements Command {
        INSTANCE
    }

    private static final class JobRecord {
        final long rounds;
        /** Whether it is an optimize job. */
        final boolean optimize;
        JobState state = JobState.ADMITTING;
        long roundsDone;
        /** An optimize job's best value so far, or {@code null}. */
        Double best;
        Map<String, Integer> nodes = Map.of();
        String detail;
        ActorRef<ExchangeCoordinator.Command> coordinator;
        /** The submitting client, told if the coordinator stops without ending the job. */
        ActorRef<JobClient.Event> client;
        /** When the job ended (finished, failed, cancelled, rejected); {@code null} while it runs. */
        java.time.Instant endedAt;
        /** SHA-256 of the job's cancel token (hex); {@code null} for a job without an owner. */
        String ownerHash;

        JobRecord(long rounds, boolean optimize) {
            this.rounds = rounds;
            this.optimize = optimize;
        }
    }

    private final Map<String, JobRecord> jobs = new LinkedHashMap<>();
    /** Jobs found running in the shared directory at start-up, restarted once worker nodes are known. */
    private final List<Restart> toRestart = new ArrayList<>();

    /** A job found running in the shared directory, with its parsed job. */
    private record Restart(JobDirectory.Entry entry, SharedJobs.ParsedJob job) {
    }
    private final Set<String> restarting = new java.util.HashSet<>();
    private Set<ActorRef<NodeAgent.Command>> agents = Set.of();

    /** SHA-256 of the operator token (hex), or {@code null} when none is configured. */
    private final String operatorHash;

    /** {@code replex.checkpoint-dir}: the cluster's shared checkpoint directory, or {@code null}. */
    private final java.nio.file.Path checkpointRoot;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobManager.class);
    /** Messages held while the shared directory is read at start-up. */
    private static final int STASH_CAPACITY = 10_000;

    /** Akka's blocking-I/O dispatcher: every file operation of this actor runs there, never on its thread. */
    private final Executor blockingIo;
    /** The last file operation queued: each waits for the one before, so they happen in the order asked. */
    private CompletableFuture<?> ioQueue = CompletableFuture.completedFuture(null);
    private final StashBuffer<Command> stash;

    private JobManager(ActorContext<Command> context, TimerScheduler<Command> timers, StashBuffer<Command> stash) {
        super(context);
        this.stash = stash;
        this.blockingIo = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
        com.typesafe.config.Config config = context.getSystem().settings().config();
        String root = config.hasPath("replex.checkpoint-dir") ? config.getString("replex.checkpoint-dir") : "";
        this.checkpointRoot = root.isBlank() ? null : java.nio.file.Path.of(root).toAbsolutePath();
        this.retention = config.getDuration("replex.job-retention");
        this.operatorHash = JobOwnership.operatorHash(config);
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
        if (checkpointRoot == null) {
            return this;
        }
        Path root = checkpointRoot;
        getContext().pipeToSelf(io(() -> SharedJobs.scan(root)), (found, error) -> new Scanned(found, error));
        return Behaviors.receive(Command.class)
                .onMessage(Scanned.class, m -> {
                    onScanned(m);
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

    /** Runs a file operation on the blocking-I/O dispatcher after those queued before it. */
    private <T> CompletableFuture<T> io(Supplier<T> operation) {
        CompletableFuture<T> next = ioQueue.handleAsync((previous, error) -> operation.get(), blockingIo);
        ioQueue = next;
        return next;
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** How long an ended job stays in {@code replex status} ({@code replex.job-retention}). */
    private final Duration retention;
    /** How often ended jobs are looked at for forgetting. */
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(AgentsListed.class, this::onAgentsListed)
                .onMessage(SubmitJob.class, this::onSubmit)
                .onMessage(Admitted.class, this::onAdmitted)
                .onMessage(NotAdmitted.class, this::onNotAdmitted)
                .onMessage(OptimizeAdmitted.class, this::onOptimizeAdmitted)
                .onMessage(JobStarted.class, this::onStarted)
                .onMessage(JobProgressed.class, this::onProgressed)
                .onMessage(JobEnded.class, this::onEnded)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(CancelJob.class, this::onCancel)
                .onMessage(SuspendJob.class, this::onSuspend)
                .onMessage(FetchJob.class, this::onFetch)
                .onMessage(Prepared.class, this::onPrepared)
                .onMessage(OptimizePrepared.class, this::onOptimizePrepared)
                .onMessage(ResultRead.class, this::onResultRead)
                .onMessage(OptimizeResultRead.class, this::onOptimizeResultRead)
                .onMessage(CoordinatorStopped.class, this::onCoordinatorStopped)
                .onMessageEquals(Prune.INSTANCE, this::onPrune)
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .build();
    }

    private Behavior<Command> onAgentsListed(AgentsListed m) {
        agents = m.listing().getServiceInstances(NodeAgent.SERVICE_KEY);
        restartJobs();
        return this;
    }

    private Behavior<Command> onSubmit(SubmitJob m) {
        if (OptimizeSpec.isOptimize(m.jobJson())) {
            return onSubmitOptimize(m);
        }
        JobSpec spec;
        try {
            spec = JobSpec.fromJson(m.jobJson());
        } catch (ConfigurationException e) {
            m.replyTo().tell(new JobClient.JobRejected(e.getMessage()));
            return this;
        } catch (RuntimeException e) {
            m.replyTo().tell(new JobClient.JobRejected("the job cannot be read: " + e.getMessage()));
            return this;
        }
        String refused = refusedDirectory(m);
        if (refused == null && agents.isEmpty()) {
            refused = "no worker node is in the cluster yet";
        }
        if (refused != null) {
            m.replyTo().tell(new JobClient.JobRejected(refused));
            return this;
        }
        String jobId = "job-" + UUID.randomUUID().toString().substring(0, 8);
        jobs.put(jobId, new JobRecord(spec.sampler().rounds(), false));
        admit(jobId, m, spec);
        return this;
    }

    /**
     * @return why a job's own checkpoint subfolder is refused (the nodes have no checkpoint directory,
     *     or it is not a subfolder of it), or {@code null} if it names none or a valid one
     */
    private String refusedDirectory(SubmitJob m) {
        if (m.checkpointSubdir() == null) {
            return null;
        }
        String key = "checkpoint-subdir";
        if (checkpointRoot == null) {
            return key + ": this cluster's nodes have no checkpoint directory (replex.checkpoint-dir); a job cannot "
                    + "choose where nodes write (see docs/security.md)";
        }
        try {
            replex.io.NodePaths.subfolder(checkpointRoot, m.checkpointSubdir(), key);
            return null;
        } catch (ConfigurationException e) {
            return e.getMessage();
        }
    }

    private void admit(String jobId, SubmitJob m, JobSpec spec) {
        String targetJson = spec.targetJson();
        List<ActorRef<NodeAgent.Command>> asked = new ArrayList<>(agents);
        getContext().ask(Admission.Result.class, admission(asked, targetJson, spec), ADMISSION_TIMEOUT.plusSeconds(5),
                (ActorRef<Admission.Result> ref) -> new Admission.Start(ref),
                (result, failure) -> {
                    if (failure != null) {
                        return new NotAdmitted(jobId, m, "the worker nodes did not answer in time");
                    }
                    return result.ok() ? new Admitted(jobId, m, spec, result.check())
                            : new NotAdmitted(jobId, m, result.reason());
                });
    }

    private ActorRef<Admission.Command> admission(List<ActorRef<NodeAgent.Command>> asked, String targetJson,
            JobSpec spec) {
        return getContext().spawnAnonymous(Admission.create(asked, new NodeAgent.CheckTarget(targetJson,
                spec.sampler().seed(), spec.sampler().chains(), spec.sampler().levels(), null), ADMISSION_TIMEOUT));
    }

    /**
     * An {@code optimize} job (docs/modes.md): checked as a whole on every worker node (its objective,
     * with each node's class loader, and its initial replicas), then run by an
     * {@link OptimizeCoordinator}, with checkpoint files in the shared directory as a sampling job.
     */
    private Behavior<Command> onSubmitOptimize(SubmitJob m) {
        OptimizeSpec spec;
        try {
            spec = OptimizeSpec.fromJson(m.jobJson(), JobSpec.Overrides.NONE);
        } catch (RuntimeException e) {
            m.replyTo().tell(new JobClient.JobRejected(e.getMessage()));
            return this;
        }
        String refused = spec.directionGiven() ? refusedDirectory(m)
                : "job.direction: missing; the submitting client decides it";
        if (refused == null && agents.isEmpty()) {
            refused = "no worker node is in the cluster yet";
        }
        if (refused != null) {
            m.replyTo().tell(new JobClient.JobRejected(refused));
            return this;
        }
        String jobId = "job-" + UUID.randomUUID().toString().substring(0, 8);
        jobs.put(jobId, new JobRecord(spec.settings().rounds(), true));
        admitOptimize(jobId, m, spec);
        return this;
    }

    private void admitOptimize(String jobId, SubmitJob m, OptimizeSpec spec) {
        ActorRef<Admission.Command> admission = getContext().spawnAnonymous(Admission.create(new ArrayList<>(agents),
                replyTo -> new NodeAgent.CheckObjective(m.jobJson(), replyTo), ADMISSION_TIMEOUT));
        getContext().ask(Admission.Result.class, admission, ADMISSION_TIMEOUT.plusSeconds(5), Admission.Start::new,
                (result, failure) -> failure != null
                        ? new NotAdmitted(jobId, m, "the worker nodes did not answer in time")
                        : result.ok() ? new OptimizeAdmitted(jobId, m, spec, result.check().parameterNames())
                        : new NotAdmitted(jobId, m, result.reason()));
    }

    private Behavior<Command> onOptimizeAdmitted(OptimizeAdmitted m) {
        JobRecord record = running(m.jobId(), m.request());
        if (record != null) {
            prepare(m.jobId(), m.request(), record, OptimizeCheckpointFile::readLatest,
                    (where, start, error) -> new OptimizePrepared(m, where, start, error));
        }
        return this;
    }

    private Behavior<Command> onOptimizePrepared(OptimizePrepared p) {
        JobRecord record = prepared(p.admitted().jobId(), p.where(), p.error());
        if (record != null) {
            OptimizeAdmitted m = p.admitted();
            var placement = OptimizeReplicas.sharded(getContext().getSystem(), m.jobId());
            var timings = EngineTimings.from(getContext().getSystem().settings().config());
            var files = new OptimizeCoordinator.CheckpointFiles(p.where().dir(), p.where().shared(),
                    p.where().restart(), p.start());
            record.coordinator = getContext().spawn(OptimizeCoordinator.create(m.jobId(), m.spec(), m.metricNames(),
                    m.request().replyTo(), getContext().getSelf(), placement, timings, files,
                    replex.io.ReplexVersion.get()), "coordinator-" + m.jobId());
            getContext().watchWith(record.coordinator, new CoordinatorStopped(m.jobId()));
        }
        return this;
    }

    /** An admitted job starts running: its client is recorded and owns it. @return its record, or null if gone */
    private JobRecord running(String jobId, SubmitJob request) {
        JobRecord record = jobs.get(jobId);
        if (record == null || record.state != JobState.ADMITTING) {
            return null;
        }
        record.state = JobState.RUNNING;
        record.client = request.replyTo();
        if (record.ownerHash == null) {
            String token = JobOwnership.newToken();
            record.ownerHash = JobOwnership.hash(token);
            request.replyTo().tell(new JobClient.JobOwned(jobId, token));
        }
        return record;
    }

    private Behavior<Command> onAdmitted(Admitted m) {
        JobRecord record = running(m.jobId(), m.request());
        if (record != null) {
            prepare(m.jobId(), m.request(), record, CheckpointFile::readLatest,
                    (where, start, error) -> new Prepared(m, where, start, error));
        }
        return this;
    }

    /** Makes the message that reports a prepared job (its checkpoint read, or the error). */
    private interface PreparedMessage<T> {
        Command of(Where where, T start, Throwable error);
    }

    /**
     * Prepares an admitted job's checkpoint directory, then tells this actor {@code done}: the job's
     * own subfolder, or its folder in the shared directory (where a new job is registered,
     * {@code job.json}), or none; the checkpoint it continues from is read when it resumes or restarts.
     * The file operations run on the blocking-I/O dispatcher.
     *
     * @param readLatest reads the newest valid checkpoint of a directory (of the job's kind)
     */
    private <T> void prepare(String jobId, SubmitJob request, JobRecord record,
            java.util.function.Function<Path, T> readLatest, PreparedMessage<T> done) {
        String sub = request.checkpointSubdir();
        String dir = sub == null ? null
                : replex.io.NodePaths.subfolder(checkpointRoot, sub, "checkpoint-subdir").toString();
        boolean shared = dir == null && checkpointRoot != null;
        boolean restart = restarting.remove(jobId);
        if (shared) {
            dir = checkpointRoot.resolve(jobId).toString();
        }
        Where where = new Where(dir, shared, restart);
        if (dir == null) {
            getContext().getSelf().tell(done.of(where, null, null));
            return;
        }
        Path jobDir = Path.of(dir);
        JobDirectory.Entry entry = shared && !restart ? new JobDirectory.Entry(jobId, request.jobJson(),
                ActorRefResolver.get(getContext().getSystem()).toSerializationFormat(request.replyTo()),
                java.time.Instant.now().toString(), record.ownerHash) : null;
        boolean resume = request.resume();
        CompletableFuture<T> prepared = io(() -> {
            if (entry != null) {
                try {
                    JobDirectory.register(jobDir, entry);
                } catch (java.io.IOException e) {
                    LOG.error("job {}: cannot register it in {}: {}; it runs, but cannot be restarted if this node is "
                            + "lost", jobId, jobDir, e.toString());
                }
            }
            return resume || restart && SharedJobs.hasCheckpoint(jobDir) ? readLatest.apply(jobDir) : null;
        });
        getContext().pipeToSelf(prepared, (start, error) -> done.of(where, start, error));
    }

    /**
     * @return the record of a prepared job that is to start now; {@code null} if it was cancelled
     *     meanwhile, or if its checkpoints could not be read (it then fails)
     */
    private JobRecord prepared(String jobId, Where where, Throwable error) {
        JobRecord record = jobs.get(jobId);
        if (record == null || record.state != JobState.RUNNING || record.coordinator != null) {
            return null; // cancelled meanwhile
        }
        if (error != null) {
            String reason = "cannot read its checkpoints in " + where.dir() + ": " + cause(error).getMessage();
            getContext().getLog().error("job {}: {}", jobId, reason);
            endAsFailed(jobId, record, reason);
            return null;
        }
        return record;
    }

    private Behavior<Command> onPrepared(Prepared p) {
        JobRecord record = prepared(p.admitted().jobId(), p.where(), p.error());
        return record == null ? this : startCoordinator(p.admitted(), p.where(), p.start());
    }

    private Behavior<Command> startCoordinator(Admitted m, Where where, CheckpointFile.Loaded start) {
        JobRecord record = jobs.get(m.jobId());
        String targetJson = m.spec().targetJson();
        ExchangeCoordinator.Checkpoints checkpoints = new ExchangeCoordinator.Checkpoints(where.dir(),
                m.spec().checkpointEvery(), m.request().jobJson(), start, where.shared(), where.restart());
        record.coordinator = getContext().spawn(ExchangeCoordinator.create(m.jobId(), m.spec().sampler(), targetJson,
                m.check().dimension(), m.check().parameterNames(), m.request().replyTo(), getContext().getSelf(),
                checkpoints, Placement.sharded(getContext().getSystem(), m.jobId()),
                EngineTimings.from(getContext().getSystem().settings().config()), replex.io.ReplexVersion.get()),
                "coordinator-" + m.jobId());
        getContext().watchWith(record.coordinator, new CoordinatorStopped(m.jobId()));
        return this;
    }

    /** Ends a job as failed: recorded, marked in the shared directory, its client told. */
    private void endAsFailed(String jobId, JobRecord record, String reason) {
        if (checkpointRoot != null) {
            markEnded(jobId, JobState.FAILED, reason);
        }
        record.state = JobState.FAILED;
        record.detail = reason;
        record.coordinator = null;
        record.endedAt = java.time.Instant.now();
        if (record.client != null) {
            record.client.tell(new JobClient.JobFailed(jobId, reason, false));
        }
    }

    private Behavior<Command> onNotAdmitted(NotAdmitted m) {
        JobRecord record = jobs.get(m.jobId());
        if (record != null) {
            record.state = JobState.REJECTED;
            record.detail = m.reason();
            record.endedAt = java.time.Instant.now();
        }
        m.request().replyTo().tell(new JobClient.JobRejected(m.reason()));
        return this;
    }

    private Behavior<Command> onStarted(JobStarted m) {
        JobRecord record = jobs.get(m.jobId());
        if (record != null) {
            record.nodes = m.nodes();
        }
        return this;
    }

    private Behavior<Command> onProgressed(JobProgressed m) {
        JobRecord record = jobs.get(m.jobId());
        if (record != null) {
            record.roundsDone = m.roundsDone();
            record.best = m.best();
        }
        return this;
    }

    private Behavior<Command> onEnded(JobEnded m) {
        JobRecord record = jobs.get(m.jobId());
        if (checkpointRoot != null && (m.state() == JobState.FAILED || m.state() == JobState.CANCELLED)) {
            markEnded(m.jobId(), m.state(), m.detail());
        }
        if (record != null) {
            record.state = m.state();
            record.detail = m.detail();
            record.coordinator = null;
            record.endedAt = java.time.Instant.now();
        }
        return this;
    }

    /** A coordinator that stops without having ended its job (it threw): the job fails, its client is told. */
    private Behavior<Command> onCoordinatorStopped(CoordinatorStopped m) {
        JobRecord record = jobs.get(m.jobId());
        if (record == null || record.coordinator == null) {
            return this; // it ended the job first, or was cancelled
        }
        String reason = "the job's coordinator stopped unexpectedly (see the log of the node running it)";
        getContext().getLog().error("job {}: {}", m.jobId(), reason);
        endAsFailed(m.jobId(), record, reason);
        return this;
    }

    private Behavior<Command> onPrune() {
        java.time.Instant cutoff = java.time.Instant.now().minus(retention);
        jobs.values().removeIf(r -> r.endedAt != null && r.endedAt.isBefore(cutoff));
        return this;
    }

    private Behavior<Command> onGetStatus(GetStatus m) {
        List<JobStatus> list = new ArrayList<>();
        String asked = m.token() == null ? null : JobOwnership.hash(m.token());
        boolean operator = JobOwnership.matches(asked, operatorHash);
        jobs.forEach((id, r) -> list.add(new JobStatus(id, r.state.label(), r.roundsDone, r.rounds, r.nodes,
                operator || JobOwnership.matches(asked, r.ownerHash) ? r.detail
                        : r.detail == null ? null : JobOwnership.REDACTED, r.best)));
        m.replyTo().tell(new StatusReport(list));
        return this;
    }

    private Behavior<Command> onSuspend(SuspendJob m) {
        JobRecord record = jobs.get(m.jobId());
        if (record != null && record.coordinator != null) {
            record.coordinator.tell(ExchangeCoordinator.Suspend.INSTANCE);
        }
        return this;
    }

    /** Marks a job ended in the shared directory (queued file I/O), so that no takeover restarts it. */
    private void markEnded(String jobId, JobState state, String detail) {
        Path dir = checkpointRoot.resolve(jobId);
        io(() -> {
            if (Files.isDirectory(dir)) {
                try {
                    JobDirectory.markEnded(dir, state.label(), detail);
                } catch (java.io.IOException e) {
                    LOG.warn("job {}: cannot record that it {}: {}", jobId, state.label(), e.toString());
                }
            }
            return null;
        });
    }

    private void onScanned(Scanned m) {
        if (m.error() != null) {
            getContext().getLog().error("cannot read the shared checkpoint directory {}: {}", checkpointRoot,
                    cause(m.error()).toString());
            return;
        }
        for (SharedJobs.Found f : m.found()) {
            JobRecord record = new JobRecord(f.job().rounds(), f.job().optimize() != null);
            record.ownerHash = f.entry().ownerHash();
            jobs.put(f.entry().jobId(), record);
            record.state = f.state();
            record.detail = f.detail();
            if (f.state() == JobState.FINISHED) {
                record.roundsDone = f.roundsDone();
                record.best = f.best();
            } else if (f.state() == JobState.RESTARTING) {
                restarting.add(f.entry().jobId());
                toRestart.add(new Restart(f.entry(), f.job()));
            }
        }
        restartJobs();
    }

    private void restartJobs() {
        if (agents.isEmpty() || toRestart.isEmpty()) {
            return;
        }
        ActorRefResolver resolver = ActorRefResolver.get(getContext().getSystem());
        for (Restart restart : toRestart) {
            JobDirectory.Entry entry = restart.entry();
            ActorRef<JobClient.Event> client;
            try {
                client = resolver.resolveActorRef(entry.client());
            } catch (RuntimeException e) {
                client = getContext().getSystem().ignoreRef();
            }
            getContext().getLog().warn("job {}: restarting from its checkpoints in {} (its coordinator's node was lost)",
                    entry.jobId(), checkpointRoot.resolve(entry.jobId()));
            jobs.get(entry.jobId()).state = JobState.ADMITTING;
            SubmitJob request = new SubmitJob(entry.jobJson(), client, null, false);
            if (restart.job().optimize() != null) {
                admitOptimize(entry.jobId(), request, restart.job().optimize());
            } else {
                admit(entry.jobId(), request, restart.job().sample());
            }
        }
        toRestart.clear();
    }

    private Behavior<Command> onFetch(FetchJob m) {
        JobRecord record = jobs.get(m.jobId());
        if (record == null) {
            m.replyTo().tell(new JobClient.JobRejected("no job " + m.jobId() + " in this cluster (see replex status)"));
            return this;
        }
        switch (record.state) {
            case FINISHED -> sendResult(m, record.optimize);
            // the reason is its owner's (replex status --token-file): a fetch by job id does not show it
            case FAILED, CANCELLED, REJECTED, SUSPENDED -> m.replyTo().tell(new JobClient.JobFailed(m.jobId(),
                    record.state.label() + (record.detail == null ? "" : " " + JobOwnership.REDACTED), false));
            case ADMITTING, RUNNING, RESTARTING -> m.replyTo().tell(new JobClient.FetchPending(m.jobId(),
                    record.state.label(), record.roundsDone,
                    record.rounds));
        }
        return this;
    }

    /** Reads a finished job's result from the shared directory (queued file I/O), then streams it. */
    private void sendResult(FetchJob m, boolean optimize) {
        if (checkpointRoot == null) {
            m.replyTo().tell(new JobClient.JobFailed(m.jobId(), "finished, but this cluster keeps no results: start the "
                    + "nodes with replex.checkpoint-dir (REPLEX_CHECKPOINT_DIR) set to a shared folder", false));
            return;
        }
        Path file = checkpointRoot.resolve(m.jobId()).resolve(JobDirectory.RESULT_FILE);
        if (optimize) {
            sendOptimizeResult(m, file);
            return;
        }
        CompletableFuture<CheckpointFile.Payload> read = io(() -> {
            try {
                return CheckpointFile.read(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        getContext().pipeToSelf(read.thenApply(result -> new ResultRead(m, file, result, JobSpec.fromJson(result.job()), null)),
                (r, error) -> r != null ? r : new ResultRead(m, file, null, null, error));
    }

    /** Reads a finished optimize job's result and builds what its coordinator sent (queued file I/O). */
    private void sendOptimizeResult(FetchJob m, Path file) {
        getContext().pipeToSelf(io(() -> SharedJobs.readOptimizeResult(file)),
                (read, error) -> new OptimizeResultRead(m, file, read, error));
    }

    /** Streams a finished optimize job's result, as its coordinator did to its client. */
    private Behavior<Command> onOptimizeResultRead(OptimizeResultRead r) {
        FetchJob m = r.request();
        if (r.error() != null) {
            m.replyTo().tell(unreadable(m, r.file(), r.error()));
            return this;
        }
        OptimizeCheckpointFile.Payload payload = r.read().payload();
        OptimizeEngine.Result result = r.read().result();
        List<String> metricNames = List.of(payload.metricNames());
        m.replyTo().tell(new JobClient.JobAccepted(m.jobId(), metricNames, payload.job(), null));
        JobRecord record = jobs.get(m.jobId());
        OptimizeClient.sendResult(m.replyTo(), m.jobId(), result, result.bestState().cells(), metricNames,
                record == null ? Map.of() : record.nodes, List.of(payload.events()));
        return this;
    }

    private static JobClient.JobFailed unreadable(FetchJob m, Path file, Throwable error) {
        Throwable e = cause(error);
        String why = e instanceof java.io.UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
        return new JobClient.JobFailed(m.jobId(), "its result " + file + " cannot be read: " + why, false);
    }

    /** Streams a finished job's result, as its coordinator did to its client. */
    private Behavior<Command> onResultRead(ResultRead r) {
        FetchJob m = r.request();
        if (r.error() != null) {
            m.replyTo().tell(unreadable(m, r.file(), r.error()));
            return this;
        }
        CheckpointFile.Payload result = r.result();
        m.replyTo().tell(new JobClient.JobAccepted(m.jobId(), List.of(result.parameterNames()), result.job(), null));
        List<replex.core.chain.ChainStatistics> statistics = new ArrayList<>();
        for (replex.core.chain.ChainSnapshot snapshot : result.state().chains()) {
            replex.core.chain.ChainState chain = replex.core.chain.ChainState.restore(r.spec().sampler(),
                    result.parameterNames().length, snapshot);
            JobClient.sendDraws(m.replyTo(), m.jobId(), chain, 0);
            statistics.add(chain.statistics());
        }
        JobRecord record = jobs.get(m.jobId());
        m.replyTo().tell(new JobClient.JobFinished(m.jobId(), statistics, record == null ? null : record.nodes,
                "actors (fetched)", List.of(result.events()), null));
        return this;
    }

    private Behavior<Command> onCancel(CancelJob m) {
        JobRecord record = jobs.get(m.jobId());
        String asked = m.token() == null ? null : JobOwnership.hash(m.token());
        if (record == null) {
            m.replyTo().tell(new CancelReply(m.jobId(), false, "no job " + m.jobId() + " (see replex status)"));
        } else if (!JobOwnership.matches(asked, record.ownerHash) && !JobOwnership.matches(asked, operatorHash)) {
            getContext().getLog().warn("job {}: a cancel without its owner's token or the operator token was refused",
                    m.jobId());
            m.replyTo().tell(new CancelReply(m.jobId(), false, "job " + m.jobId() + " was not cancelled: "
                    + (m.token() == null ? "no token was given" : "the token is neither its cancel token nor the "
                    + "operator token") + "; give the cancel token its submit saved (--token-file <out>/"
                    + JobOwnership.TOKEN_FILE + ") or the operator token (--operator-token-file), see docs/security.md"));
        } else if (record.coordinator == null && record.state != JobState.RUNNING) {
            m.replyTo().tell(new CancelReply(m.jobId(), false, "job " + m.jobId() + " is not running ("
                    + record.state.label() + ")"));
        } else {
            if (record.coordinator != null) {
                record.coordinator.tell(ExchangeCoordinator.Cancel.INSTANCE);
            } else if (record.client != null) { // its checkpoints were still being read: no coordinator yet
                record.client.tell(new JobClient.JobFailed(m.jobId(), "cancelled", false));
            }
            if (checkpointRoot != null) {
                markEnded(m.jobId(), JobState.CANCELLED, null);
            }
            record.state = JobState.CANCELLED;
            record.coordinator = null;
            record.endedAt = java.time.Instant.now();
            m.replyTo().tell(new CancelReply(m.jobId(), true, "job " + m.jobId() + " cancelled"));
        }
        return this;
    }
}
