package replex.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;

import replex.core.ConfigurationException;
import replex.core.SamplerSettings;
import replex.core.chain.ChainResult;
import replex.core.chain.ChainStatistics;
import replex.core.chain.DrawBuffer;
import replex.core.engine.ProgressListener;
import replex.core.engine.RecoveryEvent;
import replex.io.JobSpec;
import replex.core.engine.RunResult;
import replex.core.engine.RunStoppedException;

/**
 * The client's side of one job: finds the {@link JobManager} through the Receptionist, submits
 * the job, feeds progress to a listener, collects the streamed draws of every chain and completes
 * a future with the {@link RunResult} (or the reason of the rejection or failure). Used by
 * {@code replex submit} on a client node and by {@code replex run} in its own one-node cluster.
 */
public final class JobClient extends AbstractBehavior<JobClient.Event> {

    /** Messages a job client receives. */
    public interface Event extends JsonSerializable {
    }

    /**
     * The job was admitted and its coordinator started.
     *
     * @param jobId the job's id in the cluster
     * @param parameterNames the target's parameter names, length d
     * @param jobJson the effective job as JSON (a fetching client learns the job from it); may be null
     * @param coordinator the job's coordinator, which the client watches; {@code null} for a fetched result
     */
    public record JobAccepted(String jobId, List<String> parameterNames, String jobJson,
            ActorRef<ExchangeCoordinator.Command> coordinator) implements Event {
    }

    /**
     * The job was admitted and belongs to the client it is sent to: the token cancels it and shows
     * its reasons in {@code replex status} ({@link JobManager.CancelJob}, {@link JobManager.GetStatus}).
     * The job manager keeps only the token's hash.
     *
     * @param jobId the job's id in the cluster
     * @param cancelToken the job's cancel token
     */
    public record JobOwned(String jobId, String cancelToken) implements Event {
    }

    /**
     * The job was not admitted.
     *
     * @param reason why, naming the key or the node
     */
    public record JobRejected(String reason) implements Event {
    }

    /**
     * @param jobId the job
     * @param roundsDone rounds completed by every chain
     * @param totalRounds rounds in the job
     * @param jobSeconds seconds since the job's coordinator started, when it sent this
     */
    public record Progress(String jobId, long roundsDone, long totalRounds, double jobSeconds) implements Event {
    }

    /**
     * Draws of one level of one chain, in order: rows {@code firstDraw} … {@code firstDraw +
     * rows.length/width − 1}.
     *
     * @param jobId the job
     * @param chain the chain index
     * @param level the level: 0 (β = 1), or with {@code output.all-levels} 0 … K−1
     * @param firstDraw index of the first row within the chain's level
     * @param width row width d + 2 + m
     * @param rows row-major values
     * @param metadata the rows' metadata ({@code output.draws-metadata}), n per row, row-major; empty
     *     (or {@code null}) when the job records none
     */
    public record DrawsAppended(String jobId, int chain, int level, int firstDraw, int width, double[] rows,
            String[] metadata) implements Event {
    }

    /**
     * Every round of every chain is done and every draw has been sent.
     *
     * @param jobId the job
     * @param chains the statistics of each chain, in chain order
     * @param replicasPerNode replicas hosted by each node
     * @param engine a description of the engine
     * @param events what the job recovered from, in order (may be empty)
     * @param roundTiming how long the rounds took, or {@code null} (a fetched result)
     */
    public record JobFinished(String jobId, List<ChainStatistics> chains, Map<String, Integer> replicasPerNode,
            String engine, List<RecoveryEvent> events, replex.core.engine.RoundTiming roundTiming) implements Event {
    }

    /**
     * The job stopped without finishing.
     *
     * @param jobId the job
     * @param reason what happened
     * @param inputError true if the job's input is at fault
     */
    public record JobFailed(String jobId, String reason, boolean inputError) implements Event {
    }

    /**
     * The job stopped on request after writing a checkpoint; it can be resumed from it.
     *
     * @param jobId the job
     * @param round the rounds done and checkpointed
     * @param checkpoint the checkpoint file
     */
    public record JobSuspended(String jobId, long round, String checkpoint) implements Event {
    }

    /**
     * The job asked for by {@code replex fetch} has not finished yet.
     *
     * @param jobId the job
     * @param state its state (see {@link JobManager.JobStatus})
     * @param roundsDone rounds done by every chain
     * @param rounds rounds in the job
     */
    public record FetchPending(String jobId, String state, long roundsDone, long rounds) implements Event {
    }

    /**
     * Something the user should know while the job runs (e.g. checkpoints cannot be written and the
     * job is paused); printed on the client's stderr.
     *
     * @param jobId the job
     * @param message one sentence
     */
    public record Notice(String jobId, String message) implements Event {
    }

    /** Ask the JobManager again for the job being fetched (the client's own timer). */
    private enum FetchAgain implements Event {
        INSTANCE
    }

    /** How long a fetching client waits between asking for an unfinished job. */
    static final Duration FETCH_INTERVAL = Duration.ofSeconds(2);

    /**
     * Sends the draws of every level a chain keeps ({@code output.all-levels}: all K, else level 0)
     * from row {@code from} on; every level holds the same rows, so one count serves them all.
     *
     * @param client the receiver
     * @param jobId the job
     * @param chain the chain
     * @param from the first row to send
     * @return the number of rows sent in all per level ({@code chain.draws().rows()})
     */
    static int sendDraws(ActorRef<Event> client, String jobId, replex.core.chain.ChainState chain, int from) {
        List<DrawBuffer> levels = chain.levelDraws();
        int sent = from;
        for (int level = 0; level < levels.size(); level++) {
            sent = sendDraws(client, jobId, chain.chain(), level, levels.get(level), from);
        }
        return sent;
    }

    private static int sendDraws(ActorRef<Event> client, String jobId, int chain, int level, DrawBuffer draws,
            int from) {
        int width = draws.width();
        int rowsPerChunk = Math.max(1, ExchangeCoordinator.MAX_VALUES_PER_CHUNK / width);
        int sent = from;
        while (sent < draws.rows()) {
            int n = Math.min(rowsPerChunk, draws.rows() - sent);
            client.tell(new DrawsAppended(jobId, chain, level, sent, width, draws.rows(sent, n),
                    draws.metadataRows(sent, n)));
            sent += n;
        }
        return sent;
    }

    /** Asks the job to write a checkpoint and stop (sent by the local engine, e.g. on Ctrl-C). */
    public enum Suspend implements Event {
        /** The request. */
        INSTANCE
    }

    private record ManagersListed(Receptionist.Listing listing) implements Event {
    }

    private enum FindTimeout implements Event {
        INSTANCE
    }

    private final String jobJson;
    private final String checkpointDir;
    private final boolean resume;
    /** The job to fetch ({@code replex fetch}), or {@code null} when this client submits one. */
    private final String fetchJobId;
    private final CompletableFuture<String> fetchedJob;
    /** A fetched optimize job's outcome: this client then becomes an {@link OptimizeClient}; may be null. */
    private CompletableFuture<OptimizeClient.Outcome> fetchedOptimize;
    /** Told the job's id when the job is admitted (a submitting client); may be null. */
    private java.util.function.Consumer<String> onAccepted;
    /** Told the job's cancel token when the job manager issues it (a submitting client); may be null. */
    private java.util.function.Consumer<JobOwned> onOwned;
    private final TimerScheduler<Event> timers;
    private SamplerSettings settings;
    private final ProgressListener listener;
    private final CompletableFuture<RunResult> result;
    /** Per chain, per level that keeps draws (1, or K with {@code output.all-levels}). */
    private DrawBuffer[][] draws;
    private List<String> names;
    private boolean submitted;
    private boolean suspendWanted;
    private ActorRef<JobManager.Command> manager;
    private ActorRef<ExchangeCoordinator.Command> watched;
    private String jobId;

    private JobClient(ActorContext<Event> context, TimerScheduler<Event> timers, String jobJson,
            String checkpointDir, boolean resume, SamplerSettings settings, ProgressListener listener,
            CompletableFuture<RunResult> result, Duration findTimeout, String fetchJobId,
            CompletableFuture<String> fetchedJob) {
        super(context);
        this.timers = timers;
        this.jobJson = jobJson;
        this.checkpointDir = checkpointDir;
        this.resume = resume;
        this.fetchJobId = fetchJobId;
        this.fetchedJob = fetchedJob;
        this.settings = settings;
        this.listener = listener;
        this.result = result;
        this.draws = settings == null ? null : new DrawBuffer[settings.chains()][];
        if (findTimeout == null) {
            submitted = true; // a one-JVM run: the job's coordinator is started beside this client
            return;
        }
        ActorRef<Receptionist.Listing> adapter = context.messageAdapter(Receptionist.Listing.class, ManagersListed::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(JobManager.SERVICE_KEY, adapter));
        timers.startSingleTimer(FindTimeout.INSTANCE, findTimeout);
    }

    /**
     * @param jobJson the effective job ({@code job} and {@code output} blocks) as JSON
     * @param settings the job's sampling settings (parsed by the client from the same job)
     * @param listener progress
     * @param result completed with the run's result; exceptionally with a {@link ConfigurationException}
     *     if the job was rejected, or an {@link IllegalStateException} if it failed
     * @param findTimeout how long to look for the JobManager before giving up
     * @return the behaviour
     */
    public static Behavior<Event> create(String jobJson, SamplerSettings settings, ProgressListener listener,
            CompletableFuture<RunResult> result, Duration findTimeout) {
        return create(jobJson, null, false, settings, listener, result, findTimeout);
    }

    /**
     * As {@link #create(String, SamplerSettings, ProgressListener, CompletableFuture, Duration)}, and
     * tells {@code onAccepted} the job's id once the cluster has admitted the job.
     *
     * @param jobJson the effective job as JSON
     * @param settings the job's sampling settings
     * @param listener progress
     * @param result completed with the run's result, as for the other factory
     * @param findTimeout how long to look for the JobManager
     * @param onAccepted called once, on the client's actor thread, with the job's id; must be quick
     * @return the behaviour
     */
    public static Behavior<Event> create(String jobJson, SamplerSettings settings, ProgressListener listener,
            CompletableFuture<RunResult> result, Duration findTimeout,
            java.util.function.Consumer<String> onAccepted) {
        return create(jobJson, settings, listener, result, findTimeout, onAccepted, null);
    }

    /**
     * As {@link #create(String, SamplerSettings, ProgressListener, CompletableFuture, Duration,
     * java.util.function.Consumer)}, and tells {@code onOwned} the job's cancel token when the job
     * manager issues it.
     *
     * @param jobJson the effective job as JSON
     * @param settings the job's sampling settings
     * @param listener progress
     * @param result completed with the run's result, as for the other factory
     * @param findTimeout how long to look for the JobManager
     * @param onAccepted called once with the job's id; may be null
     * @param onOwned called once, on the client's actor thread, with the job's id and cancel token; may
     *     be null; must be quick
     * @return the behaviour
     */
    public static Behavior<Event> create(String jobJson, SamplerSettings settings, ProgressListener listener,
            CompletableFuture<RunResult> result, Duration findTimeout,
            java.util.function.Consumer<String> onAccepted, java.util.function.Consumer<JobOwned> onOwned) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            JobClient client = new JobClient(ctx, timers, jobJson, null, false, settings, listener, result,
                    findTimeout, null, null);
            client.onAccepted = onAccepted;
            client.onOwned = onOwned;
            return client;
        }));
    }

    /**
     * A client whose job checkpoints into a given directory, or resumes from it.
     *
     * @param jobJson the effective job as JSON
     * @param checkpointDir where the job's coordinator writes checkpoints: a relative subfolder of the
     *     nodes' {@code replex.checkpoint-dir} (the nodes refuse anything else), or {@code null} for the
     *     cluster's default
     * @param resume whether the job continues from the newest checkpoint in {@code checkpointDir}
     * @param settings the job's sampling settings
     * @param listener progress
     * @param result completed with the run's result; exceptionally with a {@link RunStoppedException}
     *     if the job was suspended
     * @param findTimeout how long to look for the JobManager
     * @return the behaviour
     */
    public static Behavior<Event> create(String jobJson, String checkpointDir, boolean resume,
            SamplerSettings settings, ProgressListener listener, CompletableFuture<RunResult> result,
            Duration findTimeout) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new JobClient(ctx, timers, jobJson,
                checkpointDir, resume, settings, listener, result, findTimeout, null, null)));
    }

    /**
     * The client of a job whose coordinator runs beside it in the same JVM ({@code replex run}): no
     * JobManager to find. Send it {@link WatchJob} with the coordinator, so that a coordinator that
     * stops without an answer fails the run instead of leaving it waiting.
     *
     * @param settings the job's sampling settings
     * @param listener progress
     * @param result completed with the run's result
     * @return the behaviour
     */
    public static Behavior<Event> direct(SamplerSettings settings, ProgressListener listener,
            CompletableFuture<RunResult> result) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new JobClient(ctx, timers, null, null, false,
                settings, listener, result, null, null, null)));
    }

    /**
     * Watch the job's coordinator (a one-JVM run).
     *
     * @param coordinator the job's coordinator
     */
    public record WatchJob(ActorRef<ExchangeCoordinator.Command> coordinator) implements Event {
    }

    /** The watched coordinator stopped. */
    private enum CoordinatorStopped implements Event {
        INSTANCE
    }

    /** The coordinator of a submitted job was lost and no new one took the job over in time. */
    private enum NotRestarted implements Event {
        INSTANCE
    }

    /**
     * How long a submitting client waits, after its job's coordinator is lost, for a worker node to
     * restart the job from its checkpoints (which needs a shared checkpoint directory):
     * {@code replex.client.restart-grace}.
     */
    private Duration restartGrace() {
        return getContext().getSystem().settings().config().getDuration("replex.client.restart-grace");
    }

    /**
     * A client that collects the result of a job submitted earlier (by any client), waiting while
     * it runs.
     *
     * @param jobId the job
     * @param listener progress while the job runs
     * @param result completed with a sampling job's result; exceptionally with a {@link ConfigurationException}
     *     if no such job is known, or an {@link IllegalStateException} if it failed or was cancelled
     * @param optimized completed with an optimize job's outcome instead (the client becomes an
     *     {@link OptimizeClient#fetched}), or exceptionally as {@code result}; {@code null}: an optimize
     *     job fails {@code result}
     * @param job completed with the effective job (JSON) when the result starts to arrive
     * @param findTimeout how long to look for the JobManager
     * @return the behaviour
     */
    public static Behavior<Event> fetch(String jobId, ProgressListener listener, CompletableFuture<RunResult> result,
            CompletableFuture<OptimizeClient.Outcome> optimized, CompletableFuture<String> job, Duration findTimeout) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            JobClient client = new JobClient(ctx, timers, null, null, false, null, listener, result, findTimeout, jobId,
                    job);
            client.fetchedOptimize = optimized;
            return client;
        }));
    }

    @Override
    public Receive<Event> createReceive() {
        return newReceiveBuilder()
                .onMessage(ManagersListed.class, this::onManagersListed)
                .onMessageEquals(FindTimeout.INSTANCE, this::onFindTimeout)
                .onMessage(JobAccepted.class, this::onAccepted)
                .onMessage(JobRejected.class, this::onRejected)
                .onMessage(JobOwned.class, this::onOwned)
                .onMessage(Progress.class, this::onProgress)
                .onMessage(DrawsAppended.class, this::onDraws)
                .onMessage(JobFinished.class, this::onFinished)
                .onMessage(JobFailed.class, this::onFailed)
                .onMessage(JobSuspended.class, this::onSuspended)
                .onMessage(FetchPending.class, this::onFetchPending)
                .onMessage(Notice.class, this::onNotice)
                .onMessageEquals(FetchAgain.INSTANCE, this::onFetchAgain)
                .onMessageEquals(Suspend.INSTANCE, this::onSuspend)
                .onMessage(WatchJob.class, m -> {
                    watchCoordinator(m.coordinator());
                    return this;
                })
                .onMessageEquals(CoordinatorStopped.INSTANCE, this::onCoordinatorStopped)
                .onMessageEquals(NotRestarted.INSTANCE, () -> fail("the node running the job's coordinator was "
                        + "lost and no worker node restarted the job within " + restartGrace().toSeconds() + " s "
                        + "(a restart needs a shared checkpoint directory: replex.checkpoint-dir or "
                        + "REPLEX_CHECKPOINT_DIR on every node); the draws received so far are not written"))
                .build();
    }

    private Behavior<Event> onManagersListed(ManagersListed m) {
        var managers = m.listing().getServiceInstances(JobManager.SERVICE_KEY);
        if (!submitted && !managers.isEmpty()) {
            submitted = true;
            manager = managers.iterator().next();
            if (fetchJobId != null) {
                manager.tell(new JobManager.FetchJob(fetchJobId, getContext().getSelf()));
            } else {
                manager.tell(new JobManager.SubmitJob(jobJson, getContext().getSelf(), checkpointDir, resume));
            }
        } else if (fetchJobId != null && !managers.isEmpty()) {
            manager = managers.iterator().next(); // the JobManager moved: ask the new one from now on
        }
        return this;
    }

    private Behavior<Event> onFindTimeout() {
        if (!submitted) {
            result.completeExceptionally(new IllegalStateException(
                    "no JobManager found in the cluster: are worker nodes running and reachable?"));
            return Behaviors.stopped();
        }
        return this;
    }

    private Behavior<Event> onNotice(Notice m) {
        System.err.println("replex: job " + m.jobId() + ": " + m.message());
        return this;
    }

    private Behavior<Event> onFetchPending(FetchPending m) {
        listener.progressed(m.roundsDone(), m.rounds());
        timers.startSingleTimer(FetchAgain.INSTANCE, FETCH_INTERVAL);
        return this;
    }

    private Behavior<Event> onFetchAgain() {
        manager.tell(new JobManager.FetchJob(fetchJobId, getContext().getSelf()));
        return this;
    }

    private Behavior<Event> onSuspend() {
        suspendWanted = true;
        if (jobId != null && manager != null) {
            manager.tell(new JobManager.SuspendJob(jobId));
        }
        return this;
    }

    private Behavior<Event> onSuspended(JobSuspended m) {
        result.completeExceptionally(new RunStoppedException(m.round()));
        return Behaviors.stopped();
    }

    /**
     * A one-JVM run fails at once; a submitted job may be restarted by the job manager that takes over
     * (shared checkpoint directory): wait for its new coordinator a while.
     */
    private Behavior<Event> onCoordinatorStopped() {
        if (jobJson == null && fetchJobId == null) {
            return fail("the job's coordinator stopped without finishing the job (see the log above)");
        }
        timers.startSingleTimer(NotRestarted.INSTANCE, restartGrace());
        return this;
    }

    private void watchCoordinator(ActorRef<ExchangeCoordinator.Command> coordinator) {
        if (coordinator == null) {
            return;
        }
        if (watched != null) {
            getContext().unwatch(watched);
        }
        watched = coordinator;
        timers.cancel(NotRestarted.INSTANCE);
        getContext().watchWith(coordinator, CoordinatorStopped.INSTANCE);
    }

    private Behavior<Event> onOwned(JobOwned m) {
        if (onOwned != null) {
            try {
                onOwned.accept(m);
            } catch (RuntimeException e) {
                return fail("the job's cancel token could not be kept: " + e.getMessage() + "; job " + m.jobId()
                        + " goes on in the cluster");
            }
        }
        return this;
    }

    private Behavior<Event> onAccepted(JobAccepted m) {
        watchCoordinator(m.coordinator());
        if (jobId != null) {
            return this; // the job restarted elsewhere: the draws received so far stay
        }
        jobId = m.jobId();
        if (onAccepted != null) {
            try {
                onAccepted.accept(jobId);
            } catch (RuntimeException e) {
                return fail("the job-accepted listener failed: " + e);
            }
        }
        if (settings == null && replex.io.OptimizeSpec.isOptimize(m.jobJson())) {
            if (fetchedOptimize == null) {
                return fail("it is an optimize job: Replex.fetch collects it");
            }
            fetchedJob.complete(m.jobJson());
            try {
                return OptimizeClient.fetched(m, fetchedOptimize);
            } catch (RuntimeException e) {
                return fail("the cluster sent a job that cannot be read: " + e.getMessage());
            }
        }
        if (settings == null) {
            try {
                settings = JobSpec.fromJson(m.jobJson())
                        .sampler();
            } catch (RuntimeException e) {
                return fail("the cluster sent a job that cannot be read: " + e.getMessage());
            }
            draws = new DrawBuffer[settings.chains()][];
            fetchedJob.complete(m.jobJson());
        }
        if (suspendWanted && manager != null) {
            manager.tell(new JobManager.SuspendJob(jobId));
        }
        names = m.parameterNames();
        for (int c = 0; c < draws.length; c++) {
            draws[c] = new DrawBuffer[settings.levelsWithDraws()];
            for (int k = 0; k < draws[c].length; k++) {
                draws[c][k] = new DrawBuffer(names.size(), settings.drawMetrics().size(), settings.drawMetadata().size(),
                        settings.drawsPerChain());
            }
        }
        return this;
    }

    private Behavior<Event> onRejected(JobRejected m) {
        result.completeExceptionally(new ConfigurationException(null, "job rejected: " + m.reason()));
        return Behaviors.stopped();
    }

    private Behavior<Event> onProgress(Progress m) {
        try {
            listener.progressed(m.roundsDone(), m.totalRounds(), m.jobSeconds());
        } catch (RuntimeException e) { // a broken listener must not leave the caller waiting forever
            return fail("the progress listener failed: " + e);
        }
        return this;
    }

    private Behavior<Event> onDraws(DrawsAppended m) {
        DrawBuffer[] levels = draws[m.chain()];
        if (levels != null && (m.level() < 0 || m.level() >= levels.length)) {
            return fail("draws of chain " + m.chain() + " arrived for level " + m.level() + ", but the job keeps "
                    + "draws of " + levels.length + " level" + (levels.length == 1 ? "" : "s"));
        }
        DrawBuffer buffer = levels == null ? null : levels[m.level()];
        if (buffer == null || m.firstDraw() > buffer.rows()) {
            return fail("draws of chain " + m.chain() + (m.level() == 0 ? "" : ", level " + m.level())
                    + " arrived out of order (expected row " + (buffer == null ? "none" : buffer.rows()) + ", got "
                    + m.firstDraw() + ")");
        }
        // A job restarted from a checkpoint sends again rows the client has: they are identical, skip them.
        int skip = buffer.rows() - m.firstDraw();
        int rows = m.rows().length / m.width();
        if (skip < rows) {
            int n = buffer.metadataWidth();
            String[] metadata = m.metadata() == null ? new String[0] : m.metadata();
            buffer.append(java.util.Arrays.copyOfRange(m.rows(), skip * m.width(), m.rows().length),
                    java.util.Arrays.copyOfRange(metadata, Math.min(skip * n, metadata.length), metadata.length));
        }
        return this;
    }

    private Behavior<Event> onFinished(JobFinished m) {
        List<ChainResult> chains = new ArrayList<>(draws.length);
        for (int c = 0; c < draws.length; c++) {
            for (int k = 0; k < draws[c].length; k++) {
                if (draws[c][k].rows() != settings.drawsPerChain()) {
                    return fail("chain " + c + (k == 0 ? "" : ", level " + k) + " delivered " + draws[c][k].rows()
                            + " draws, expected " + settings.drawsPerChain());
                }
            }
            chains.add(new ChainResult(m.chains().get(c), draws[c][0],
                    draws[c].length > 1 ? List.of(draws[c]) : List.of()));
        }
        result.complete(new RunResult(settings, names, chains, m.engine(), m.replicasPerNode(),
                m.events() == null ? List.of() : m.events(), m.roundTiming()));
        return Behaviors.stopped();
    }

    private Behavior<Event> onFailed(JobFailed m) {
        String reason = "job " + m.jobId() + " failed: " + m.reason();
        result.completeExceptionally(m.inputError() ? new ConfigurationException(null, reason)
                : new IllegalStateException(reason));
        return Behaviors.stopped();
    }

    private Behavior<Event> fail(String message) {
        result.completeExceptionally(new IllegalStateException("job " + jobId + ": " + message));
        return Behaviors.stopped();
    }
}
