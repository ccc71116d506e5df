package replex.actors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;

import replex.core.engine.RecoveryEvent;
import replex.core.optimize.OptimizeChain;
import replex.core.optimize.OptimizeEngine;
import replex.core.optimize.OptimizeReplica;
import replex.core.optimize.OptimizeSearch;
import replex.core.optimize.OptimizeSettings;
import replex.core.optimize.OptimizeState;
import replex.io.OptimizeSpec;

/**
 * Runs one {@code optimize} job on actors with the batched round protocol: creates its C × K
 * replicas where sharding places them ({@link OptimizeReplicaActor}), then, round by round, sends
 * every {@link OptimizeHost} one {@link OptimizeHost.RunRounds} with a few numbers per replica,
 * files the answers by (chain, replica), and completes the round in {@link OptimizeSearch} (core),
 * exactly as the sequential engine does: the chains' swaps and jitters, the best, the history and
 * the stopping rules, which need every chain's round, so the chains go in step. At the end the host
 * of the replica holding the best sends that state, the one table that leaves its node apart from
 * snapshots; history rows and the best state stream to the client ({@link OptimizeClient}).
 *
 * <p>Snapshots: at every {@code checkpoint-every}-th round each replica sends its snapshot (one
 * message each); the newest complete set is the job's recovery point, in memory. A node lost, a
 * replica missing on its host, or a round without answer or sign of life past its deadline rolls
 * the whole job back to it: the epoch grows, every replica is re-created from its snapshot where
 * sharding puts it, and the rounds since are replayed with identical results. After
 * {@link EngineTimings#maxReplays()} replays of the same round the job fails.
 *
 * <p>Its messages are {@link ExchangeCoordinator.Command}s, so that the {@link JobManager} and the
 * clients treat it as any job's coordinator ({@link ExchangeCoordinator.Cancel}; a
 * {@link ExchangeCoordinator.Suspend} is ignored: optimize jobs on a cluster keep no checkpoint files).
 * States: initialising (replicas being created), running, finishing (waiting for the best state).
 */
public final class OptimizeCoordinator {

    /** Progress is reported this many times over a job (and the history flushed with it). */
    static final int PROGRESS_STEPS = ExchangeCoordinator.PROGRESS_STEPS;

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
    public record Failed(int chain, int replica, String message, boolean inputError) implements ExchangeCoordinator.Command {
    }

    /** A host ran a batch: one result per item, in the batch's order. */
    public record RoundsDone(String node, long batch, OptimizeHost.Result[] results) implements ExchangeCoordinator.Command {
    }

    /** A replica's snapshot after {@code round} rounds (a snapshot round). */
    public record SnapshotTaken(int epoch, long round, OptimizeReplica.Snapshot snapshot)
            implements ExchangeCoordinator.Command {
    }

    /** The best state of a replica, row-major; {@code null} cells if the host does not hold the replica. */
    public record BestState(int chain, int replica, int epoch, double[] cells) implements ExchangeCoordinator.Command {
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
    private final OptimizeReplicas.Placement placement;
    private final EngineTimings timings;
    private final int levels;
    private final OptimizeReplicas replicas;
    private final List<RecoveryEvent> events = new ArrayList<>();
    private final Set<String> unreachable = new LinkedHashSet<>();
    private final long startNanos = System.nanoTime();
    private OptimizeSearch search;
    private OptimizeState recovery;
    private int epoch;
    private long replayedRound = -1;
    private int replaysOfRound;
    // the round in flight
    private boolean inFlight;
    private boolean wantSnapshots;
    private OptimizeReplica.RoundReport[][] reports;
    private int reported;
    private OptimizeReplica.Snapshot[] snapshots;
    private int snapshotted;
    private long nextBatch;
    private long firstBatch;
    private long sentAtNanos;
    private long lastSignNanos;
    private double typicalRoundSeconds = Double.NaN;
    private int historySent;
    private long reportedStep = -1;

    private OptimizeCoordinator(ActorContext<ExchangeCoordinator.Command> context,
            TimerScheduler<ExchangeCoordinator.Command> timers, String jobId, OptimizeSpec spec,
            List<String> metricNames, ActorRef<JobClient.Event> client, ActorRef<JobManager.Command> manager,
            OptimizeReplicas.Placement placement, EngineTimings timings) {
        this.context = context;
        this.timers = timers;
        this.jobId = jobId;
        this.spec = spec;
        this.settings = spec.settings();
        this.jobJson = spec.toJson();
        this.metricNames = List.copyOf(metricNames);
        this.client = client;
        this.manager = manager;
        this.placement = placement;
        this.timings = timings;
        this.levels = settings.levels();
        this.replicas = new OptimizeReplicas(settings.chains(), levels);
        this.search = new OptimizeSearch(settings, metricNames);
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
     * @param jobId the job's id
     * @param spec the job (its direction decided)
     * @param metricNames the objective's metric names
     * @param client receives the job's events ({@link OptimizeClient})
     * @param manager told when the job starts, progresses and ends
     * @param placement where replicas are created
     * @param timings deadlines and retries
     * @return the behaviour
     */
    static Behavior<ExchangeCoordinator.Command> create(String jobId, OptimizeSpec spec, List<String> metricNames,
            ActorRef<JobClient.Event> client, ActorRef<JobManager.Command> manager,
            OptimizeReplicas.Placement placement, EngineTimings timings) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new OptimizeCoordinator(ctx, timers, jobId, spec,
                metricNames, client, manager, placement, timings).initialising()));
    }

    // ---------------------------------------------------------------- states

    /** Initialising: every replica is being created (or restored after a rollback). */
    private Behavior<ExchangeCoordinator.Command> initialising() {
        initializeAll();
        return Behaviors.receive(ExchangeCoordinator.Command.class)
                .onMessage(Ready.class, this::onReady)
                .onMessage(JobMissing.class, this::onJobMissing)
                .onMessage(JobLoaded.class, this::onJobLoaded)
                .onMessageEquals(ExchangeCoordinator.RetryInitialize.INSTANCE, this::onRetryInitialize)
                .onMessage(Failed.class, this::onFailed)
                .onMessage(ExchangeCoordinator.NodeRemoved.class, m -> onNodeRemoved(m, replicas.on(m.node())))
                .onMessage(ExchangeCoordinator.NodeReachability.class, this::onReachability)
                .onMessageEquals(ExchangeCoordinator.Cancel.INSTANCE, this::onCancel)
                .onAnyMessage(m -> Behaviors.same()) // stale replies, deadline checks, Suspend
                .build();
    }

    /** Running: rounds go out and come back. */
    private Behavior<ExchangeCoordinator.Command> running() {
        return Behaviors.receive(ExchangeCoordinator.Command.class)
                .onMessage(RoundsDone.class, this::onRoundsDone)
                .onMessage(SnapshotTaken.class, this::onSnapshot)
                .onMessage(ExchangeCoordinator.HostBusy.class, this::onHostBusy)
                .onMessage(Failed.class, this::onFailed)
                .onMessage(ExchangeCoordinator.NodeRemoved.class, m -> onNodeRemoved(m, replicas.on(m.node())))
                .onMessage(ExchangeCoordinator.NodeReachability.class, this::onReachability)
                .onMessageEquals(ExchangeCoordinator.CheckDeadlines.INSTANCE, this::onCheckDeadlines)
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
        sentAtNanos = System.nanoTime();
        lastSignNanos = sentAtNanos;
        inFlight = true;
        return Behaviors.receive(ExchangeCoordinator.Command.class)
                .onMessage(BestState.class, m -> m.epoch() != epoch ? Behaviors.same()
                        : m.cells() == null ? replay("replicas-restored", "node " + replicas.node[holder]
                                + " no longer holds replica " + r + " of chain " + c + ", which holds the best state")
                        : finish(reason, m.cells()))
                .onMessage(ExchangeCoordinator.NodeRemoved.class, m -> onNodeRemoved(m,
                        replicas.on(m.node()).contains(holder) ? List.of(holder) : List.of()))
                .onMessage(ExchangeCoordinator.NodeReachability.class, this::onReachability)
                .onMessageEquals(ExchangeCoordinator.CheckDeadlines.INSTANCE, this::onCheckDeadlines)
                .onMessageEquals(ExchangeCoordinator.Cancel.INSTANCE, this::onCancel)
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    // ---------------------------------------------------------------- replicas

    private void initializeAll() {
        inFlight = false;
        replicas.reset();
        for (int i = 0; i < replicas.size(); i++) {
            sendInitialize(i);
        }
        timers.startTimerWithFixedDelay(ExchangeCoordinator.RetryInitialize.INSTANCE, timings.initializeRetry());
    }

    private void sendInitialize(int ordinal) {
        replicas.attempts[ordinal]++;
        placement.initialize(new OptimizeReplicaActor.Initialize(jobId, ordinal / levels, ordinal % levels,
                recovery == null ? null : recovery.replicas()[ordinal], epoch, context.getSelf()), ordinal);
    }

    private Behavior<ExchangeCoordinator.Command> onReady(Ready m) {
        if (m.epoch() != epoch || !replicas.ready(m)) {
            return Behaviors.same();
        }
        timers.cancel(ExchangeCoordinator.RetryInitialize.INSTANCE);
        manager.tell(new JobManager.JobStarted(jobId, replicas.perNode()));
        startRound();
        return running();
    }

    private Behavior<ExchangeCoordinator.Command> onJobMissing(JobMissing m) {
        int i = replicas.ordinal(m.chain(), m.replica());
        if (m.epoch() != epoch || replicas.host[i] != null) {
            return Behaviors.same();
        }
        replicas.hosts.put(m.host(), m.node());
        replicas.lastNode[i] = m.node();
        replicas.loaded.remove(m.host()); // (a host that had it has forgotten it: a new host on a restarted node)
        replicas.awaitingHost[i] = m.host();
        if (replicas.loading.add(m.host())) {
            m.host().tell(new OptimizeHost.LoadJob(jobId, jobJson, context.getSelf()));
        }
        return Behaviors.same();
    }

    private Behavior<ExchangeCoordinator.Command> onJobLoaded(JobLoaded m) {
        replicas.loading.remove(m.host());
        replicas.loaded.add(m.host());
        for (int i = 0; i < replicas.size(); i++) {
            if (m.host().equals(replicas.awaitingHost[i])) {
                replicas.awaitingHost[i] = null;
                sendInitialize(i);
            }
        }
        return Behaviors.same();
    }

    /**
     * Initialize goes again to replicas that have not answered, and LoadJob to hosts that have not
     * (a message sent while sharding still routes to a node that has just left is lost). After
     * {@link EngineTimings#initializeAttempts()} the job fails.
     */
    private Behavior<ExchangeCoordinator.Command> onRetryInitialize() {
        for (ActorRef<OptimizeHost.Command> host : replicas.loading) {
            host.tell(new OptimizeHost.LoadJob(jobId, jobJson, context.getSelf()));
        }
        for (int i = 0; i < replicas.size(); i++) {
            if (replicas.host[i] != null) {
                continue;
            }
            if (replicas.attempts[i] >= timings.initializeAttempts()) {
                return fail("replica " + i % levels + " of chain " + i / levels + " did not answer its initialisation "
                        + replicas.attempts[i] + " times" + (replicas.lastNode[i] == null ? ""
                        : " (it was last on node " + replicas.lastNode[i] + ")") + ": are the worker nodes reachable?",
                        false);
            }
            if (replicas.awaitingHost[i] == null) {
                sendInitialize(i);
            } else {
                replicas.attempts[i]++;
            }
        }
        return Behaviors.same();
    }

    // ---------------------------------------------------------------- rounds

    /** Sends round {@code search.roundsDone()} of every replica, one {@link OptimizeHost.RunRounds} per host. */
    private void startRound() {
        long round = search.roundsDone();
        long done = round + 1;
        wantSnapshots = spec.checkpointEvery() > 0 && done % spec.checkpointEvery() == 0 && done < settings.rounds();
        reports = new OptimizeReplica.RoundReport[settings.chains()][levels];
        reported = 0;
        snapshots = wantSnapshots ? new OptimizeReplica.Snapshot[replicas.size()] : null;
        snapshotted = 0;
        Map<ActorRef<OptimizeHost.Command>, List<OptimizeHost.Item>> byHost = new LinkedHashMap<>();
        for (int c = 0; c < settings.chains(); c++) {
            OptimizeChain chain = search.chain(c);
            for (int k = 0; k < levels; k++) {
                int r = chain.replicaAt(k);
                byHost.computeIfAbsent(replicas.host[replicas.ordinal(c, r)], h -> new ArrayList<>()).add(
                        new OptimizeHost.Item(c, r, epoch, round, chain.temperature(k), chain.jitter(k), wantSnapshots));
            }
        }
        firstBatch = nextBatch + 1;
        byHost.forEach((host, items) -> host.tell(new OptimizeHost.RunRounds(jobId, ++nextBatch,
                items.toArray(new OptimizeHost.Item[0]), context.getSelf())));
        inFlight = true;
        sentAtNanos = System.nanoTime();
        lastSignNanos = sentAtNanos;
    }

    private Behavior<ExchangeCoordinator.Command> onRoundsDone(RoundsDone m) {
        if (!inFlight || m.batch() < firstBatch || m.batch() > nextBatch) {
            return Behaviors.same(); // stale: an earlier round or epoch
        }
        boolean missing = false;
        for (OptimizeHost.Result result : m.results()) {
            if (result.epoch() != epoch) {
                continue;
            }
            if (result.failure() != null) {
                return fail(result.failure(), false);
            }
            if (result.missing()) {
                missing = true;
                continue;
            }
            if (reports[result.chain()][result.replica()] == null) {
                OptimizeHost.Report r = result.report();
                reports[result.chain()][result.replica()] = new OptimizeReplica.RoundReport(r.accepted(), r.proposed(),
                        r.value(), r.score(), replex.core.Objective.Evaluation.of(r.value(), metricNames, r.metrics()));
                reported++;
            }
        }
        if (missing) {
            return replay("replicas-restored", "node " + m.node() + " no longer holds some of the job's replicas");
        }
        return roundComplete() ? completeRound() : Behaviors.same();
    }

    private Behavior<ExchangeCoordinator.Command> onSnapshot(SnapshotTaken m) {
        if (inFlight && wantSnapshots && m.epoch() == epoch && m.round() == search.roundsDone() + 1) {
            int i = replicas.ordinal(m.snapshot().chain(), m.snapshot().replica());
            if (snapshots[i] == null) {
                snapshots[i] = m.snapshot();
                snapshotted++;
            }
        }
        return roundComplete() ? completeRound() : Behaviors.same();
    }

    private boolean roundComplete() {
        return inFlight && reported == replicas.size() && (!wantSnapshots || snapshotted == replicas.size());
    }

    private Behavior<ExchangeCoordinator.Command> completeRound() {
        inFlight = false;
        double seconds = (System.nanoTime() - sentAtNanos) / 1e9;
        typicalRoundSeconds = Double.isNaN(typicalRoundSeconds) ? seconds : 0.8 * typicalRoundSeconds + 0.2 * seconds;
        OptimizeEngine.StopReason reason = search.complete(reports);
        if (wantSnapshots) {
            recovery = search.snapshot(snapshots);
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
        long step = done * PROGRESS_STEPS / settings.rounds();
        if (step != reportedStep) {
            reportedStep = step;
            client.tell(new OptimizeClient.Progressed(jobId, done, settings.rounds(), search.bestValue()));
            manager.tell(new JobManager.JobProgressed(jobId, done));
        }
    }

    private Behavior<ExchangeCoordinator.Command> onHostBusy(ExchangeCoordinator.HostBusy m) {
        for (long batch : m.batches()) {
            if (inFlight && batch >= firstBatch && batch <= nextBatch) {
                lastSignNanos = System.nanoTime();
            }
        }
        return Behaviors.same();
    }

    // ---------------------------------------------------------------- losses and deadlines

    private Behavior<ExchangeCoordinator.Command> onCheckDeadlines() {
        long now = System.nanoTime();
        if (!inFlight || !unreachable.isEmpty()) {
            return Behaviors.same(); // rounds waiting on an unreachable node are left to the failure detector
        }
        double typical = Double.isNaN(typicalRoundSeconds) ? 0.0 : typicalRoundSeconds;
        long deadline = Math.max(timings.deadlineMinimum().toNanos(), (long) (timings.deadlineMultiplier() * typical
                * 1e9));
        long waited = now - Math.max(sentAtNanos, lastSignNanos);
        if (waited <= deadline) {
            return Behaviors.same();
        }
        return replay("round-deadline", String.format(java.util.Locale.ROOT, "round %d had no answer within %.1f s",
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
        List<String> which = new ArrayList<>();
        for (int i : lost) {
            which.add(i / levels + "/" + i % levels);
        }
        return replay("replicas-restored", "node " + m.node() + " left the cluster with replicas (chain/replica) "
                + which);
    }

    /**
     * Rolls the job back to its recovery point (the newest complete snapshot, or round 0) and
     * re-creates every replica there; the rounds since are replayed with identical results.
     */
    private Behavior<ExchangeCoordinator.Command> replay(String kind, String reason) {
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
        events.add(new RecoveryEvent(kind, Instant.now().toString(), detected, restored, detected - restored,
                reason + "; the job's " + replicas.size() + " replicas restored from round " + restored));
        context.getLog().warn("job {}: {}; the job continues from round {} (replaying {} rounds)", jobId, reason,
                restored, detected - restored);
        return initialising();
    }

    // ---------------------------------------------------------------- the end

    private Behavior<ExchangeCoordinator.Command> finish(OptimizeEngine.StopReason reason, double[] bestCells) {
        OptimizeEngine.Result result = search.result(reason, null);
        OptimizeClient.sendHistory(client, jobId, result.history(), historySent, metricNames);
        OptimizeClient.sendBest(client, jobId, bestCells);
        List<OptimizeChain.State> chains = new ArrayList<>();
        for (OptimizeChain chain : result.chains()) {
            chains.add(chain.snapshot(metricNames));
        }
        client.tell(new OptimizeClient.Finished(jobId, reason.name(), result.roundsDone(), result.bestChain(), chains,
                result.history().size(), replicas.perNode(), List.copyOf(events)));
        manager.tell(new JobManager.JobEnded(jobId, "finished", null));
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
        manager.tell(new JobManager.JobEnded(jobId, "failed", reason));
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
        for (int i = 0; i < replicas.size(); i++) {
            placement.release(jobId, i / levels, i % levels, i, replicas.entity[i]);
        }
        for (ActorRef<OptimizeHost.Command> host : replicas.hosts.keySet()) {
            host.tell(new OptimizeHost.ForgetJob(jobId));
        }
    }
}
