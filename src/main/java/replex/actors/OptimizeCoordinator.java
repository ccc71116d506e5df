package replex.actors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;

import replex.core.engine.RecoveryEvent;
import replex.core.optimize.OptimizeEngine;
import replex.core.optimize.OptimizeReplica;
import replex.core.optimize.OptimizeSearch;
import replex.core.optimize.OptimizeSettings;
import replex.core.optimize.OptimizeState;
import replex.io.CheckpointFile;
import replex.io.JobDirectory;
import replex.io.OptimizeCheckpointFile;
import replex.io.OptimizeSpec;

/**
 * Runs one {@code optimize} job on actors with the batched round protocol: creates its C × K
 * replicas where sharding places them ({@link OptimizeReplicas}), then, round by round, sends every
 * {@link OptimizeHost} one request with a few numbers per replica ({@link OptimizeRound}) and
 * completes the round in {@link OptimizeSearch} (core), as the sequential engine does: swaps,
 * jitters, the best, the history and the stopping rules, which need every chain, so chains go in
 * step. At the end the replica holding the best sends it: with snapshots, the only tables that leave
 * their nodes. History and best state stream to the client ({@link OptimizeClient}).
 *
 * <p>At every {@code checkpoint-every}-th round each replica sends its snapshot; the newest complete
 * set is the job's recovery point, in memory. A lost node, a replica missing on its host, or a round
 * with no answer or sign of life past its deadline rolls the whole job back to it (a new epoch, every
 * replica re-created from its snapshot) and the rounds since are replayed with identical results;
 * after {@link EngineTimings#maxReplays()} replays of one round the job fails.
 *
 * <p>With a checkpoint directory ({@link CheckpointFiles}) each recovery point is also written as a
 * checkpoint file ({@link OptimizeCheckpointFile}, the format {@code replex resume} reads), on the
 * blocking-I/O dispatcher, one write at a time (a newer checkpoint waiting replaces an older one not yet
 * begun). A job may start from such a file: a job manager restarting it after its coordinator's node
 * was lost. In the cluster's shared directory the finished job's result is kept for {@code replex fetch}.
 *
 * <p>Its messages are {@link ExchangeCoordinator.Command}s, so that the {@link JobManager} and clients
 * treat it as any coordinator ({@link ExchangeCoordinator.Cancel}; {@link ExchangeCoordinator.Suspend}
 * is ignored). States: initialising, running, finishing, keeping the result.
 */
public final class OptimizeCoordinator {

    /** A replica is ready. */
    public record Ready(int chain, int replica, int epoch, String node, ActorRef<OptimizeHost.Command> host,
            ActorRef<OptimizeReplicaActor.Command> entity) implements ExchangeCoordinator.Command {
    }

    /** A replica's node lacks the job's definition: send it {@link OptimizeHost.LoadJob}, then Initialize again. */
    public record JobMissing(int chain, int replica, int epoch, String node, ActorRef<OptimizeHost.Command> host)
            implements ExchangeCoordinator.Command {
    }

    /** A node holds the job's definition now. */
    public record JobLoaded(String node, ActorRef<OptimizeHost.Command> host) implements ExchangeCoordinator.Command {
    }

    /** A replica or a node could not build the job (chain and replica −1 if not a replica's). */
    public record Failed(int chain, int replica, String message, boolean inputError)
            implements ExchangeCoordinator.Command {
    }

    /** A host ran a batch: one result per item, in the batch's order. */
    public record RoundsDone(String node, long batch, OptimizeHost.Result[] results)
            implements ExchangeCoordinator.Command {
    }

    /** A replica's snapshot after {@code round} rounds (a snapshot round). */
    public record SnapshotTaken(int epoch, long round, OptimizeReplica.Snapshot snapshot)
            implements ExchangeCoordinator.Command {
    }

    /** The best state of a replica, row-major; {@code null} cells if the host does not hold the replica. */
    public record BestState(int chain, int replica, int epoch, double[] cells) implements ExchangeCoordinator.Command {
    }

    /**
     * Where the job's checkpoint files go and what it starts from.
     *
     * @param dir the checkpoint directory, reachable from this node, or {@code null} for none (the
     *     snapshots stay in memory only)
     * @param shared whether {@code dir} is the job's folder in the cluster's shared checkpoint directory:
     *     the result is then kept there ({@link JobDirectory#RESULT_FILE}) and the checkpoints deleted
     * @param restart whether the job is restarted because its coordinator's node was lost
     * @param start the checkpoint the job continues from (read off any actor's thread), or {@code null}
     */
    public record CheckpointFiles(String dir, boolean shared, boolean restart, OptimizeCheckpointFile.Loaded start) {
        /** No files: snapshots in memory only. */
        public static final CheckpointFiles NONE = new CheckpointFiles(null, false, false, null);
    }

    /** A checkpoint write finished (local only). */
    private record CheckpointWritten(long round, Path file, Throwable error) implements ExchangeCoordinator.Command {
    }

    /** The finished job's result is kept in its shared folder, or could not be (local only). */
    private record ResultKept(Throwable error) implements ExchangeCoordinator.Command {
    }

    private final ActorContext<ExchangeCoordinator.Command> context;
    private final TimerScheduler<ExchangeCoordinator.Command> timers;
    private final String jobId;
    private final OptimizeSpec spec;
    private final OptimizeSettings settings;
    private final String jobJson;
    private final List<String> metricNames;
    private final ActorRef<JobClient.Event> client;
    private final ActorRef<JobManager.Command> manager;
    private final EngineTimings timings;
    private final int levels;
    private final OptimizeReplicas replicas;
    private final CheckpointFiles files;
    private final String version;
    private final Executor blockingIo;
    private final List<RecoveryEvent> events = new ArrayList<>();
    private final Set<String> unreachable = new LinkedHashSet<>();
    private OptimizeSearch search;
    private OptimizeState recovery;
    private int epoch;
    private long replayedRound = -1;
    private int replaysOfRound;
    /** The round in flight, or {@code null}; while finishing, a round of no request (waiting for the best state). */
    private OptimizeRound inFlight;
    private long lastBatch;
    private double typicalRoundSeconds = Double.NaN;
    private long lastCheckNanos = System.nanoTime();
    private long reportedStep = -1;
    /** A checkpoint write is under way. */
    private boolean writing;
    /** The newest checkpoint waiting for the write under way, or {@code null}. */
    private OptimizeCheckpointFile.Payload toWrite;
    /** The last checkpoint write failed (the user has been told). */
    private boolean writeFailing;

    private OptimizeCoordinator(ActorContext<ExchangeCoordinator.Command> context,
            TimerScheduler<ExchangeCoordinator.Command> timers, String jobId, OptimizeSpec spec,
            List<String> metricNames, ActorRef<JobClient.Event> client, ActorRef<JobManager.Command> manager,
            OptimizeReplicas.Placement placement, EngineTimings timings, CheckpointFiles files, String version) {
        this.context = context;
        this.timers = timers;
        this.jobId = jobId;
        this.spec = spec;
        this.settings = spec.settings();
        this.jobJson = spec.toJson();
        this.metricNames = List.copyOf(metricNames);
        this.client = client;
        this.manager = manager;
        this.timings = timings;
        this.levels = settings.levels();
        this.replicas = new OptimizeReplicas(settings.chains(), levels, jobId, jobJson, placement, context.getSelf());
        this.files = files;
        this.version = version;
        this.blockingIo = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
        this.search = new OptimizeSearch(settings, metricNames);
        start(placement.clustered() ? Cluster.get(context.getSystem()).selfMember().address().toString()
                : context.getSystem().address().toString());
        client.tell(new JobClient.JobAccepted(jobId, this.metricNames, jobJson, context.getSelf()));
        if (placement.clustered()) {
            Cluster cluster = Cluster.get(context.getSystem());
            cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.MemberRemoved.class,
                    e -> new ExchangeCoordinator.NodeRemoved(e.member().address().toString())),
                    ClusterEvent.MemberRemoved.class));
            cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.ReachabilityEvent.class,
                    e -> new ExchangeCoordinator.NodeReachability(e.member().address().toString(),
                            e instanceof ClusterEvent.ReachableMember)), ClusterEvent.ReachabilityEvent.class));
        }
        timers.startTimerWithFixedDelay(ExchangeCoordinator.CheckDeadlines.INSTANCE, timings.deadlineCheck());
    }

    /**
     * The job continues from its checkpoint, if it has one: the search and the recovery point are the
     * checkpoint's, and the continuation is recorded (a restart after a lost coordinator, or a resume).
     *
     * @throws IllegalArgumentException if the checkpoint does not fit the job
     */
    private void start(String selfNode) {
        OptimizeCheckpointFile.Loaded loaded = files.start();
        if (loaded != null) {
            OptimizeCheckpointFile.Payload payload = loaded.payload();
            if (!List.of(payload.metricNames()).equals(metricNames)) {
                throw new IllegalArgumentException(loaded.file() + " records the metrics "
                        + List.of(payload.metricNames()) + ", but the objective has " + metricNames);
            }
            search = OptimizeSearch.restore(settings, metricNames, payload.state());
            recovery = payload.state();
            events.addAll(List.of(payload.events()));
            for (String skipped : loaded.skipped()) {
                context.getLog().warn("job {}: skipped a bad checkpoint: {}", jobId, skipped);
            }
        }
        if (loaded != null || files.restart()) {
            events.add(ExchangeCoordinator.continuation(files.restart(), loaded == null ? null : loaded.file(),
                    recovery == null ? 0 : recovery.round(), selfNode));
        }
    }

    /**
     * @param spec the job, its direction decided
     * @param client receives the job's events ({@link OptimizeClient})
     * @param manager told when the job starts, progresses and ends
     * @param files where its checkpoint files go and what it starts from
     * @param version the Replex version written into checkpoints
     * @return the behaviour
     */
    static Behavior<ExchangeCoordinator.Command> create(String jobId, OptimizeSpec spec, List<String> metricNames,
            ActorRef<JobClient.Event> client, ActorRef<JobManager.Command> manager,
            OptimizeReplicas.Placement placement, EngineTimings timings, CheckpointFiles files, String version) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            try {
                return new OptimizeCoordinator(ctx, timers, jobId, spec, metricNames, client, manager, placement,
                        timings, files, version).initialising();
            } catch (IllegalArgumentException e) {
                String reason = "cannot continue from its checkpoint: " + e.getMessage();
                client.tell(new JobClient.JobFailed(jobId, reason, true));
                manager.tell(new JobManager.JobEnded(jobId, JobManager.JobState.FAILED, reason));
                return Behaviors.stopped();
            }
        }));
    }

    // ---------------------------------------------------------------- states

    /** Initialising: every replica is being created (or restored after a rollback). */
    private Behavior<ExchangeCoordinator.Command> initialising() {
        initializeAll();
        return Behaviors.receive(ExchangeCoordinator.Command.class)
                .onMessage(Ready.class, this::onReady)
                .onMessage(JobMissing.class, m -> {
                    replicas.jobMissing(m);
                    return Behaviors.same();
                })
                .onMessage(JobLoaded.class, m -> {
                    replicas.jobLoaded(m);
                    return Behaviors.same();
                })
                .onMessageEquals(ExchangeCoordinator.RetryInitialize.INSTANCE, this::onRetryInitialize)
                .onMessage(Failed.class, this::onFailed)
                .onMessage(ExchangeCoordinator.NodeRemoved.class, m -> onNodeRemoved(m, replicas.on(m.node())))
                .onMessage(ExchangeCoordinator.NodeReachability.class, this::onReachability)
                .onMessage(CheckpointWritten.class, this::onCheckpointWritten)
                .onMessageEquals(ExchangeCoordinator.Cancel.INSTANCE, this::onCancel)
                .onAnyMessage(m -> Behaviors.same()) // stale replies, deadline checks, Suspend
                .build();
    }

    /** Running: rounds go out and come back. */
    private Behavior<ExchangeCoordinator.Command> running() {
        return Behaviors.receive(ExchangeCoordinator.Command.class)
                .onMessage(RoundsDone.class, this::onRoundsDone)
                .onMessage(SnapshotTaken.class, this::onSnapshot)
                .onMessage(ExchangeCoordinator.HostBusy.class, m -> {
                    inFlight.heard(m.batches());
                    return Behaviors.same();
                })
                .onMessage(Failed.class, this::onFailed)
                .onMessage(ExchangeCoordinator.NodeRemoved.class, m -> onNodeRemoved(m, replicas.on(m.node())))
                .onMessage(ExchangeCoordinator.NodeReachability.class, this::onReachability)
                .onMessageEquals(ExchangeCoordinator.CheckDeadlines.INSTANCE, this::onCheckDeadlines)
                .onMessage(CheckpointWritten.class, this::onCheckpointWritten)
                .onMessageEquals(ExchangeCoordinator.Cancel.INSTANCE, this::onCancel)
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    /** Finishing: every round is done; waiting for the best state from the replica that holds it. */
    private Behavior<ExchangeCoordinator.Command> finishing(OptimizeEngine.StopReason reason) {
        int c = search.bestChain();
        int r = search.bestReplica();
        int holder = replicas.ordinal(c, r);
        replicas.host[holder].tell(new OptimizeHost.SendBest(jobId, c, r, epoch, context.getSelf()));
        inFlight = OptimizeRound.awaiting(search.roundsDone(), epoch); // no round: only its deadline counts
        return Behaviors.receive(ExchangeCoordinator.Command.class)
                .onMessage(BestState.class, m -> m.epoch() != epoch ? Behaviors.same()
                        : m.cells() == null ? replay(RecoveryEvent.Kind.REPLICAS_RESTORED, "node " + replicas.node[holder]
                                + " no longer holds replica " + r + " of chain " + c + ", which holds the best state")
                        : finish(reason, m.cells()))
                .onMessage(ExchangeCoordinator.NodeRemoved.class, m -> onNodeRemoved(m,
                        replicas.on(m.node()).contains(holder) ? List.of(holder) : List.of()))
                .onMessage(ExchangeCoordinator.NodeReachability.class, this::onReachability)
                .onMessageEquals(ExchangeCoordinator.CheckDeadlines.INSTANCE, this::onCheckDeadlines)
                .onMessage(CheckpointWritten.class, this::onCheckpointWritten)
                .onMessageEquals(ExchangeCoordinator.Cancel.INSTANCE, this::onCancel)
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    private void initializeAll() {
        inFlight = null;
        replicas.initializeAll(recovery, epoch);
        timers.startTimerWithFixedDelay(ExchangeCoordinator.RetryInitialize.INSTANCE, timings.initializeRetry());
    }

    private Behavior<ExchangeCoordinator.Command> onReady(Ready m) {
        if (!replicas.ready(m)) {
            return Behaviors.same();
        }
        timers.cancel(ExchangeCoordinator.RetryInitialize.INSTANCE);
        manager.tell(new JobManager.JobStarted(jobId, replicas.perNode()));
        startRound();
        return running();
    }

    private Behavior<ExchangeCoordinator.Command> onRetryInitialize() {
        String failure = replicas.retry(timings.initializeAttempts());
        return failure == null ? Behaviors.same() : fail(failure, false);
    }

    // ---------------------------------------------------------------- rounds

    /** Sends round {@code search.roundsDone()} of every replica, one {@link OptimizeHost.RunRounds} per host. */
    private void startRound() {
        long done = search.roundsDone() + 1;
        int every = spec.checkpointEvery();
        boolean snapshots = every > 0 && done % every == 0 && done < settings.rounds();
        inFlight = OptimizeRound.send(jobId, search, replicas, epoch, snapshots, lastBatch, context.getSelf());
        lastBatch = inFlight.lastBatch;
    }

    private Behavior<ExchangeCoordinator.Command> onRoundsDone(RoundsDone m) {
        if (inFlight == null || !inFlight.sent(m.batch())) {
            return Behaviors.same(); // stale: an earlier round or epoch
        }
        boolean missing = false;
        for (OptimizeHost.Result result : m.results()) {
            if (result.failure() != null && result.epoch() == epoch) {
                return fail(result.failure(), false);
            }
            missing |= !inFlight.file(result, metricNames);
        }
        if (missing) {
            return replay(RecoveryEvent.Kind.REPLICAS_RESTORED, "node " + m.node() + " no longer holds some of the job's replicas");
        }
        return inFlight.complete() ? completeRound() : Behaviors.same();
    }

    private Behavior<ExchangeCoordinator.Command> onSnapshot(SnapshotTaken m) {
        if (inFlight == null) {
            return Behaviors.same();
        }
        inFlight.file(m, replicas.ordinal(m.snapshot().chain(), m.snapshot().replica()));
        return inFlight.complete() ? completeRound() : Behaviors.same();
    }

    private Behavior<ExchangeCoordinator.Command> completeRound() {
        OptimizeRound done = inFlight;
        inFlight = null;
        double seconds = (System.nanoTime() - done.sentAtNanos) / 1e9;
        typicalRoundSeconds = Double.isNaN(typicalRoundSeconds) ? seconds : 0.8 * typicalRoundSeconds + 0.2 * seconds;
        OptimizeEngine.StopReason reason = search.complete(done.reports());
        if (done.snapshots) {
            recovery = search.snapshot(done.snapshots());
            if (files.dir() != null) {
                toWrite = new OptimizeCheckpointFile.Payload(version, jobJson, Instant.now().toString(), recovery,
                        metricNames.toArray(new String[0]), events.toArray(new RecoveryEvent[0]));
                writeNext();
            }
        }
        reportProgress();
        if (reason != null) {
            return finishing(reason);
        }
        startRound();
        return Behaviors.same();
    }

    private void reportProgress() {
        long done = search.roundsDone();
        long step = done * ExchangeCoordinator.PROGRESS_STEPS / settings.rounds();
        if (step != reportedStep) {
            reportedStep = step;
            client.tell(new OptimizeClient.Progressed(jobId, done, settings.rounds(), search.bestValue()));
            manager.tell(new JobManager.JobProgressed(jobId, done, search.bestValue()));
        }
    }

    // ---------------------------------------------------------------- losses and deadlines

    private Behavior<ExchangeCoordinator.Command> onCheckDeadlines() {
        long now = System.nanoTime();
        boolean late = now - lastCheckNanos > 3 * timings.deadlineCheck().toNanos();
        lastCheckNanos = now;
        if (late && inFlight != null) { // this actor waited for a thread: signs of life queued meanwhile are unseen
            inFlight.lastSignNanos = now;
        }
        if (inFlight == null || late || !unreachable.isEmpty()) { // an unreachable node: the failure detector's
            return Behaviors.same();
        }
        double typical = Double.isNaN(typicalRoundSeconds) ? 0.0 : typicalRoundSeconds;
        long deadline = Math.max(timings.deadlineMinimum().toNanos(), (long) (timings.deadlineMultiplier() * typical
                * 1e9));
        long waited = now - Math.max(inFlight.sentAtNanos, inFlight.lastSignNanos);
        if (waited <= deadline) {
            return Behaviors.same();
        }
        return replay(RecoveryEvent.Kind.ROUND_DEADLINE, String.format(java.util.Locale.ROOT,
                "round %d had no answer within %.1f s",
                search.roundsDone(), waited / 1e9));
    }

    private Behavior<ExchangeCoordinator.Command> onReachability(ExchangeCoordinator.NodeReachability m) {
        if (m.reachable()) {
            unreachable.remove(m.node());
        } else {
            unreachable.add(m.node());
        }
        return Behaviors.same();
    }

    private Behavior<ExchangeCoordinator.Command> onNodeRemoved(ExchangeCoordinator.NodeRemoved m,
            List<Integer> lost) {
        unreachable.remove(m.node());
        replicas.nodeLost(m.node());
        if (lost.isEmpty()) {
            return Behaviors.same();
        }
        return replay(RecoveryEvent.Kind.REPLICAS_RESTORED, "node " + m.node() + " left the cluster with " + lost.size() + " of the "
                + "job's replicas");
    }

    /**
     * Rolls the job back to its recovery point (the newest complete snapshot, or round 0) and
     * re-creates every replica there; the rounds since are replayed with identical results.
     */
    private Behavior<ExchangeCoordinator.Command> replay(RecoveryEvent.Kind kind, String reason) {
        long detected = search.roundsDone();
        if (detected == replayedRound) {
            replaysOfRound++;
        } else {
            replayedRound = detected;
            replaysOfRound = 1;
        }
        if (replaysOfRound > timings.maxReplays()) {
            return fail("round " + detected + " could not be completed in " + timings.maxReplays() + " attempts; last: "
                    + reason, false);
        }
        epoch++;
        search = recovery == null ? new OptimizeSearch(settings, metricNames)
                : OptimizeSearch.restore(settings, metricNames, recovery);
        long restored = search.roundsDone();
        events.add(new RecoveryEvent(kind, Instant.now().toString(), detected,
                restored, detected - restored,
                reason + "; the job's " + replicas.size() + " replicas restored from round " + restored));
        context.getLog().warn("job {}: {}; the job continues from round {} (replaying {} rounds)", jobId, reason,
                restored, detected - restored);
        return initialising();
    }

    // ---------------------------------------------------------------- checkpoint files and the end

    /** Writes the checkpoint waiting, if any, on the blocking-I/O dispatcher, unless a write is under way. */
    private void writeNext() {
        if (writing || toWrite == null) {
            return;
        }
        OptimizeCheckpointFile.Payload payload = toWrite;
        toWrite = null;
        writing = true;
        Path dir = Path.of(files.dir());
        CompletableFuture<Path> write = CompletableFuture.supplyAsync(() -> {
            try {
                return OptimizeCheckpointFile.write(dir, payload);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blockingIo);
        context.pipeToSelf(write, (file, error) -> new CheckpointWritten(payload.state().round(), file, error));
    }

    /**
     * A checkpoint write ended. A failed one is reported once (until a write succeeds again) and the job
     * goes on: its recovery point is in memory, and the next checkpoint is tried at its round.
     */
    private Behavior<ExchangeCoordinator.Command> onCheckpointWritten(CheckpointWritten m) {
        writing = false;
        if (m.error() != null) {
            if (!writeFailing) {
                writeFailing = true;
                String message = "cannot write the checkpoint of round " + m.round() + " to " + files.dir() + " ("
                        + cause(m.error()).getMessage() + "); the job goes on and tries again at its next "
                        + "checkpoint, but cannot be restarted from a checkpoint file meanwhile";
                context.getLog().error("job {}: {}", jobId, message);
                client.tell(new JobClient.Notice(jobId, message));
            }
        } else {
            context.getLog().debug("job {}: checkpoint {}", jobId, m.file());
            if (writeFailing) {
                writeFailing = false;
                client.tell(new JobClient.Notice(jobId, "checkpoint of round " + m.round() + " written"));
            }
        }
        writeNext();
        return Behaviors.same();
    }

    private static Throwable cause(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        return c instanceof UncheckedIOException u ? u.getCause() : c;
    }

    /** Every round is done and the best state is here: the result is kept (a shared folder), then announced. */
    private Behavior<ExchangeCoordinator.Command> finish(OptimizeEngine.StopReason reason, double[] bestCells) {
        timers.cancelAll();
        toWrite = null;
        if (!files.shared()) {
            return announce(reason, bestCells);
        }
        if (writing) { // it would land after the checkpoints are deleted below: wait for it
            return Behaviors.receive(ExchangeCoordinator.Command.class)
                    .onMessage(CheckpointWritten.class, m -> keepResult(reason, bestCells))
                    .onAnyMessage(m -> Behaviors.same())
                    .build();
        }
        return keepResult(reason, bestCells);
    }

    /**
     * Writes the result into the job's shared folder ({@link JobDirectory#RESULT_FILE}: the final state,
     * with the best state as its one replica) for {@code replex fetch} and a job manager that takes
     * over, and deletes the checkpoints, off the actor's thread.
     */
    private Behavior<ExchangeCoordinator.Command> keepResult(OptimizeEngine.StopReason reason, double[] bestCells) {
        int c = search.bestChain();
        OptimizeReplica.Snapshot best = new OptimizeReplica.Snapshot(c, search.bestReplica(), new byte[0], bestCells,
                bestCells, search.chain(c).bestScore());
        OptimizeCheckpointFile.Payload result = new OptimizeCheckpointFile.Payload(version, jobJson,
                Instant.now().toString(), search.finalState(best), metricNames.toArray(new String[0]),
                events.toArray(new RecoveryEvent[0]));
        Path dir = Path.of(files.dir());
        CompletableFuture<Void> keep = CompletableFuture.runAsync(() -> {
            try {
                Files.createDirectories(dir);
                OptimizeCheckpointFile.writeResult(dir.resolve(JobDirectory.RESULT_FILE), result);
                CheckpointFile.deleteAll(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blockingIo);
        context.pipeToSelf(keep, (ok, error) -> new ResultKept(error));
        return Behaviors.receive(ExchangeCoordinator.Command.class)
                .onMessage(ResultKept.class, m -> {
                    if (m.error() != null) {
                        context.getLog().error("job {}: cannot keep its result in {}: {} (the client still receives "
                                + "it)", jobId, dir, cause(m.error()).toString());
                    }
                    return announce(reason, bestCells);
                })
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    private Behavior<ExchangeCoordinator.Command> announce(OptimizeEngine.StopReason reason, double[] bestCells) {
        OptimizeClient.sendResult(client, jobId, search.result(reason, null), bestCells, metricNames,
                replicas.perNode(), events);
        manager.tell(new JobManager.JobProgressed(jobId, search.roundsDone(), search.bestValue()));
        manager.tell(new JobManager.JobEnded(jobId, JobManager.JobState.FINISHED, null));
        release();
        return Behaviors.stopped();
    }

    private Behavior<ExchangeCoordinator.Command> onFailed(Failed m) {
        String where = m.chain() < 0 ? "" : " [chain " + m.chain() + (m.replica() >= 0 ? ", replica " + m.replica()
                : "") + "]";
        return fail(m.message() + where, m.inputError());
    }

    private Behavior<ExchangeCoordinator.Command> fail(String reason, boolean inputError) {
        client.tell(new JobClient.JobFailed(jobId, reason, inputError));
        manager.tell(new JobManager.JobEnded(jobId, JobManager.JobState.FAILED, reason));
        release();
        return Behaviors.stopped();
    }

    private Behavior<ExchangeCoordinator.Command> onCancel() {
        client.tell(new JobClient.JobFailed(jobId, "cancelled", false));
        release();
        return Behaviors.stopped();
    }

    /** Stops the replicas and lets every host forget the job. */
    private void release() {
        timers.cancelAll();
        replicas.release();
    }
}
