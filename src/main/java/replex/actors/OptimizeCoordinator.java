package replex.actors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.typed.Cluster;

import replex.core.engine.RecoveryEvent;
import replex.core.optimize.OptimizeEngine;
import replex.core.optimize.OptimizeReplica;
import replex.core.optimize.OptimizeSearch;
import replex.core.optimize.OptimizeSettings;
import replex.core.optimize.OptimizeState;
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
 * checkpoint file ({@link OptimizeCheckpoints}), and a job may start from such a file: a job manager
 * restarting it after its coordinator's node was lost. In the cluster's shared directory the finished
 * job's result is kept for {@code replex fetch}. Deadlines and replays: {@link OptimizeDeadlines}.
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

    private final ActorContext<ExchangeCoordinator.Command> context;
    private final TimerScheduler<ExchangeCoordinator.Command> timers;
    private final String jobId;
    /** The job, its settings and metrics. */
    private final OptimizeSpec spec;
    private final OptimizeSettings settings;
    private final List<String> metricNames;
    /** Told of the job's progress and end. */
    private final OptimizeReports reports;
    private final EngineTimings timings;
    /** The job's replicas, files, deadlines and recovery events. */
    private final OptimizeReplicas replicas;
    private final OptimizeCheckpoints checkpoints;
    private final OptimizeDeadlines deadlines;
    private final List<RecoveryEvent> events = new ArrayList<>();
    private OptimizeSearch search;
    private OptimizeState recovery;
    private int epoch;
    /** The round in flight, or {@code null}; while finishing, a round of no request (waiting for the best state). */
    private OptimizeRound inFlight;
    private long lastBatch;

    private OptimizeCoordinator(ActorContext<ExchangeCoordinator.Command> context,
            TimerScheduler<ExchangeCoordinator.Command> timers, String jobId, OptimizeSpec spec,
            List<String> metricNames, ActorRef<JobClient.Event> client, ActorRef<JobManager.Command> manager,
            OptimizeReplicas.Placement placement, EngineTimings timings, CheckpointFiles files, String version) {
        this.context = context;
        this.timers = timers;
        this.jobId = jobId;
        this.spec = spec;
        this.settings = spec.settings();
        this.metricNames = List.copyOf(metricNames);
        this.reports = new OptimizeReports(jobId, client, manager);
        this.timings = timings;
        String jobJson = spec.toJson();
        this.replicas = new OptimizeReplicas(settings.chains(), settings.levels(), jobId, jobJson, placement,
                context.getSelf());
        this.checkpoints = new OptimizeCheckpoints(context, jobId, files, version, jobJson, this.metricNames, client);
        this.deadlines = new OptimizeDeadlines(timings);
        // The job continues from its checkpoint, if it has one (a restart after a lost coordinator, or a resume).
        recovery = checkpoints.start(events, placement.clustered()
                ? Cluster.get(context.getSystem()).selfMember().address().toString()
                : context.getSystem().address().toString());
        search = restored();
        client.tell(new JobClient.JobAccepted(jobId, this.metricNames, jobJson, context.getSelf()));
        if (placement.clustered()) {
            ReplicaRecovery.watchMembership(context);
        }
        timers.startTimerWithFixedDelay(ExchangeCoordinator.CheckDeadlines.INSTANCE, timings.deadlineCheck());
    }

    /** @return the search at the recovery point: the newest complete snapshot, or round 0 */
    private OptimizeSearch restored() {
        return recovery == null ? new OptimizeSearch(settings, metricNames)
                : OptimizeSearch.restore(settings, metricNames, recovery);
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
                new OptimizeReports(jobId, client, manager).failed("cannot continue from its checkpoint: "
                        + e.getMessage(), true);
                return Behaviors.stopped();
            }
        }));
    }

    // ---------------------------------------------------------------- states

    /** Initialising: every replica is being created (or restored after a rollback). */
    private Behavior<ExchangeCoordinator.Command> initialising() {
        initializeAll();
        return common(Behaviors.receive(ExchangeCoordinator.Command.class)
                .onMessage(Ready.class, this::onReady)
                .onMessage(JobMissing.class, m -> same(() -> replicas.jobMissing(m)))
                .onMessage(JobLoaded.class, m -> same(() -> replicas.jobLoaded(m)))
                .onMessageEquals(ExchangeCoordinator.RetryInitialize.INSTANCE, this::onRetryInitialize)
                .onMessage(Failed.class, this::onFailed)
                .onMessage(ExchangeCoordinator.NodeRemoved.class, m -> onNodeRemoved(m, replicas.on(m.node()))));
    }

    /** Running: rounds go out and come back. */
    private Behavior<ExchangeCoordinator.Command> running() {
        return common(Behaviors.receive(ExchangeCoordinator.Command.class)
                .onMessage(RoundsDone.class, this::onRoundsDone)
                .onMessage(SnapshotTaken.class, this::onSnapshot)
                .onMessage(ExchangeCoordinator.HostBusy.class, m -> same(() -> inFlight.heard(m.batches())))
                .onMessage(Failed.class, this::onFailed)
                .onMessage(ExchangeCoordinator.NodeRemoved.class, m -> onNodeRemoved(m, replicas.on(m.node())))
                .onMessageEquals(ExchangeCoordinator.CheckDeadlines.INSTANCE, this::onCheckDeadlines));
    }

    /** Finishing: every round is done; waiting for the best state from the replica that holds it. */
    private Behavior<ExchangeCoordinator.Command> finishing(OptimizeEngine.StopReason reason) {
        int c = search.bestChain();
        int r = search.bestReplica();
        int holder = replicas.ordinal(c, r);
        replicas.host[holder].tell(new OptimizeHost.SendBest(jobId, c, r, epoch, context.getSelf()));
        inFlight = OptimizeRound.awaiting(search.roundsDone(), epoch); // no round: only its deadline counts
        return common(Behaviors.receive(ExchangeCoordinator.Command.class)
                .onMessage(BestState.class, m -> m.epoch() != epoch ? Behaviors.same()
                        : m.cells() == null ? replay(RecoveryEvent.Kind.REPLICAS_RESTORED, "node "
                                + replicas.node[holder] + " no longer holds replica " + r + " of chain " + c
                                + ", which holds the best state")
                        : finish(reason, m.cells()))
                .onMessage(ExchangeCoordinator.NodeRemoved.class, m -> onNodeRemoved(m,
                        replicas.on(m.node()).contains(holder) ? List.of(holder) : List.of()))
                .onMessageEquals(ExchangeCoordinator.CheckDeadlines.INSTANCE, this::onCheckDeadlines));
    }

    /** What every state handles alike: reachability, checkpoint writes, cancelling; anything else is ignored. */
    private Behavior<ExchangeCoordinator.Command> common(BehaviorBuilder<ExchangeCoordinator.Command> state) {
        return checkpoints.handlingWrites(state)
                .onMessage(ExchangeCoordinator.NodeReachability.class, m -> same(() -> deadlines.reachability(m)))
                .onMessageEquals(ExchangeCoordinator.Cancel.INSTANCE, this::onCancel)
                .onAnyMessage(m -> Behaviors.same()) // stale replies, deadline checks while initialising, Suspend
                .build();
    }

    /** Handles a message that changes no state: runs {@code handler}, and the behaviour stays. */
    private static Behavior<ExchangeCoordinator.Command> same(Runnable handler) {
        handler.run();
        return Behaviors.same();
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
        reports.started(replicas.perNode());
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
        long next = search.roundsDone() + 1;
        boolean snapshots = spec.checkpointEvery() > 0 && next % spec.checkpointEvery() == 0 && next < settings.rounds();
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
            return replay(RecoveryEvent.Kind.REPLICAS_RESTORED, "node " + m.node()
                    + " no longer holds some of the job's replicas");
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
        deadlines.completed(done);
        OptimizeEngine.StopReason reason = search.complete(done.reports());
        if (done.snapshots) {
            recovery = search.snapshot(done.snapshots());
            checkpoints.write(recovery, events);
        }
        reports.progressed(search, settings.rounds());
        if (reason != null) {
            return finishing(reason);
        }
        startRound();
        return Behaviors.same();
    }

    // ---------------------------------------------------------------- losses and deadlines

    private Behavior<ExchangeCoordinator.Command> onCheckDeadlines() {
        long waited = deadlines.overdue(inFlight);
        return waited < 0 ? Behaviors.same() : replay(RecoveryEvent.Kind.ROUND_DEADLINE, String.format(
                java.util.Locale.ROOT, "round %d had no answer within %.1f s", search.roundsDone(), waited / 1e9));
    }

    private Behavior<ExchangeCoordinator.Command> onNodeRemoved(ExchangeCoordinator.NodeRemoved m,
            List<Integer> lost) {
        deadlines.removed(m.node());
        replicas.nodeLost(m.node());
        if (lost.isEmpty()) {
            return Behaviors.same();
        }
        return replay(RecoveryEvent.Kind.REPLICAS_RESTORED, "node " + m.node() + " left the cluster with "
                + lost.size() + " of the job's replicas");
    }

    /**
     * Rolls the job back to its recovery point (the newest complete snapshot, or round 0) and
     * re-creates every replica there; the rounds since are replayed with identical results.
     */
    private Behavior<ExchangeCoordinator.Command> replay(RecoveryEvent.Kind kind, String reason) {
        long detected = search.roundsDone();
        if (deadlines.replayedTooOften(detected)) {
            return fail("round " + detected + " could not be completed in " + timings.maxReplays() + " attempts; last: "
                    + reason, false);
        }
        epoch++;
        search = restored();
        long restored = search.roundsDone();
        events.add(new RecoveryEvent(kind, Instant.now().toString(), detected, restored, detected - restored,
                reason + "; the job's " + replicas.size() + " replicas restored from round " + restored));
        context.getLog().warn("job {}: {}; the job continues from round {} (replaying {} rounds)", jobId, reason,
                restored, detected - restored);
        return initialising();
    }

    // ---------------------------------------------------------------- the end

    /**
     * Every round is done and the best state is here: the result is kept (a shared folder: the final
     * state, with the best state as its one replica), then announced.
     */
    private Behavior<ExchangeCoordinator.Command> finish(OptimizeEngine.StopReason reason, double[] bestCells) {
        timers.cancelAll();
        int c = search.bestChain();
        OptimizeReplica.Snapshot best = new OptimizeReplica.Snapshot(c, search.bestReplica(), new byte[0], bestCells,
                bestCells, search.chain(c).bestScore());
        return checkpoints.finish(() -> search.finalState(best), events, () -> announce(reason, bestCells));
    }

    private Behavior<ExchangeCoordinator.Command> announce(OptimizeEngine.StopReason reason, double[] bestCells) {
        reports.finished(search, reason, bestCells, metricNames, replicas.perNode(), events);
        release();
        return Behaviors.stopped();
    }

    private Behavior<ExchangeCoordinator.Command> onFailed(Failed m) {
        String where = m.chain() < 0 ? "" : " [chain " + m.chain() + (m.replica() >= 0 ? ", replica " + m.replica()
                : "") + "]";
        return fail(m.message() + where, m.inputError());
    }

    private Behavior<ExchangeCoordinator.Command> fail(String reason, boolean inputError) {
        reports.failed(reason, inputError);
        release();
        return Behaviors.stopped();
    }

    private Behavior<ExchangeCoordinator.Command> onCancel() {
        reports.cancelled();
        release();
        return Behaviors.stopped();
    }

    /** Stops the replicas and lets every host forget the job. */
    private void release() {
        timers.cancelAll();
        replicas.release();
    }
}
