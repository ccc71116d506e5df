package replex.actors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;

import replex.core.SamplerSettings;
import replex.core.chain.ChainState;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunState;
import replex.core.replica.ReplicaSnapshot;
import replex.io.CheckpointFile;

/**
 * Where an {@link ExchangeCoordinator}'s replicas are, and getting them back. Creates each chain's K
 * replicas through the {@link Placement} from the chain's recovery point (the start, the checkpoint
 * the job continues from, or the chain's newest snapshot), sends Initialize again to those that have
 * not answered ({@link ExchangeCoordinator.RetryInitialize}) and records them ready. After a loss (a
 * node that left the cluster, a host that no longer holds them, a round past its deadline) it rolls
 * the chain back to its recovery point, re-creates its replicas there and records a
 * {@link RecoveryEvent}: the rounds since are replayed with identical results. Also knows which nodes
 * are unreachable. Plain state, confined to the coordinator's thread.
 */
final class ReplicaRecovery {

    private final ActorContext<ExchangeCoordinator.Command> context;
    private final TimerScheduler<ExchangeCoordinator.Command> timers;
    private final String jobId;
    private final SamplerSettings settings;
    private final String targetJson;
    private final int dimension;
    private final int levels;
    private final ChainRun[] runs;
    private final Placement placement;
    private final RoundBatches batches;
    private final EngineTimings timings;
    /** The job's recovery events, shared with the coordinator (written into checkpoints and the result). */
    private final List<RecoveryEvent> events;
    private final UnreachableNodes unreachable = new UnreachableNodes();

    /**
     * @param context the coordinator's context (its address goes into Initialize; its log)
     * @param timers the coordinator's timers (for {@link ExchangeCoordinator.RetryInitialize})
     * @param jobId the job
     * @param settings the sampling settings
     * @param targetJson the job's {@code target} block as JSON
     * @param dimension the target's dimension d
     * @param runs the job's chains, C of them
     * @param placement where the replicas are created
     * @param batches the hosts the job uses (a ready replica's host gets its index there)
     * @param timings retries and replays allowed
     * @param events the job's recovery events, appended to here
     */
    ReplicaRecovery(ActorContext<ExchangeCoordinator.Command> context,
            TimerScheduler<ExchangeCoordinator.Command> timers, String jobId, SamplerSettings settings,
            String targetJson, int dimension, ChainRun[] runs, Placement placement, RoundBatches batches,
            EngineTimings timings, List<RecoveryEvent> events) {
        this.context = context;
        this.timers = timers;
        this.jobId = jobId;
        this.settings = settings;
        this.targetJson = targetJson;
        this.dimension = dimension;
        this.levels = settings.levels();
        this.runs = runs;
        this.placement = placement;
        this.batches = batches;
        this.timings = timings;
        this.events = events;
    }

    /**
     * The state the job continues from, if any, checked against the job. The checkpoint's recovery
     * events go into {@code events}, followed by the continuation (a resume, or a restart after the
     * loss of the coordinator's node: then also without a checkpoint).
     *
     * @param context the coordinator's context (its log; its node's address goes into the event)
     * @param clustered whether the job runs on a cluster
     * @param jobId the job
     * @param checkpoints the job's checkpoints, with the one it continues from
     * @param settings the sampling settings
     * @param dimension the target's dimension d
     * @param events the job's recovery events, appended to here
     * @return the state, or {@code null} for a fresh start
     * @throws IllegalArgumentException if the checkpoint does not fit the job
     */
    static RunState startState(ActorContext<ExchangeCoordinator.Command> context, boolean clustered, String jobId,
            ExchangeCoordinator.Checkpoints checkpoints, SamplerSettings settings, int dimension,
            List<RecoveryEvent> events) {
        String selfNode = clustered ? Cluster.get(context.getSystem()).selfMember().address().toString()
                : context.getSystem().address().toString();
        RunState start = null;
        CheckpointFile.Loaded loaded = checkpoints.start();
        if (loaded != null) {
            start = loaded.payload().state();
            start.check(settings, dimension);
            events.addAll(List.of(loaded.payload().events()));
        }
        Continuation.record(context, jobId, checkpoints.restart(),
                loaded == null ? null : loaded.file(), loaded == null ? List.of() : loaded.skipped(),
                start == null ? 0 : start.round(), selfNode, events);
        return start;
    }

    /**
     * The job's chains at their start: fresh, or restored from the state of a checkpoint, which is
     * then their recovery point.
     *
     * @param settings the sampling settings (C chains of K levels)
     * @param dimension the target's dimension d
     * @param start the checkpoint's state, or {@code null} for a fresh start
     * @return the C chains
     */
    static ChainRun[] startingRuns(SamplerSettings settings, int dimension, RunState start) {
        int levels = settings.levels();
        ChainRun[] runs = new ChainRun[settings.chains()];
        for (int chain = 0; chain < runs.length; chain++) {
            if (start == null) {
                runs[chain] = new ChainRun(chain, levels, new ChainState(chain, settings, dimension));
            } else {
                ChainState state = ChainState.restore(settings, dimension, start.chains()[chain]);
                runs[chain] = new ChainRun(chain, levels, state);
                runs[chain].recoveryChain = state.snapshot(false);
                runs[chain].recoveryReplicas = java.util.Arrays.copyOfRange(start.replicas(), chain * levels,
                        (chain + 1) * levels);
                // The client has nothing yet: every draw so far goes to it.
            }
        }
        return runs;
    }

    /**
     * Has the coordinator told when a node leaves the cluster ({@link ExchangeCoordinator.NodeRemoved})
     * or becomes unreachable or reachable again ({@link ExchangeCoordinator.NodeReachability}).
     *
     * @param context the coordinator's context, on a cluster node
     */
    static void watchMembership(ActorContext<ExchangeCoordinator.Command> context) {
        Cluster cluster = Cluster.get(context.getSystem());
        cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.MemberRemoved.class,
                e -> new ExchangeCoordinator.NodeRemoved(e.member().address().toString())),
                ClusterEvent.MemberRemoved.class));
        cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.ReachabilityEvent.class,
                e -> new ExchangeCoordinator.NodeReachability(e.member().address().toString(),
                        e instanceof ClusterEvent.ReachableMember)), ClusterEvent.ReachabilityEvent.class));
    }

    /** (Re)creates the chain's K replicas from its recovery point, where the placement puts them. */
    void initialize(ChainRun run) {
        run.resetPlacement();
        for (int r = 0; r < levels; r++) {
            sendInitialize(run, r);
        }
        timers.startTimerWithFixedDelay(ExchangeCoordinator.RetryInitialize.INSTANCE, timings.initializeRetry());
    }

    private void sendInitialize(ChainRun run, int r) {
        ReplicaSnapshot snapshot = run.recoveryReplicas == null ? null : run.recoveryReplicas[r];
        run.initializeAttempts[r]++;
        placement.initialize(new ReplicaActor.Initialize(jobId, settings.seed(), run.index, r, targetJson, snapshot,
                run.epoch, context.getSelf(), settings.drawMetrics().toArray(new String[0]),
                settings.drawMetadata().toArray(new String[0])), run.index * levels + r);
    }

    /**
     * Initialize goes again to replicas that have not answered: a message sent while sharding still
     * routes to a node that has just left is lost. Replicas ignore a repeat.
     *
     * @return why the job fails (a replica did not answer {@link EngineTimings#initializeAttempts()}
     *     times), or {@code null} while it goes on
     */
    String retryInitialize() {
        boolean waiting = false;
        for (ChainRun run : runs) {
            for (int r = 0; r < levels; r++) {
                if (run.host[r] != null) {
                    continue;
                }
                if (run.initializeAttempts[r] >= timings.initializeAttempts()) {
                    return "replica " + r + " of chain " + run.index + " did not answer its initialisation "
                            + run.initializeAttempts[r] + " times over " + String.format(java.util.Locale.ROOT, "%.1f",
                                    timings.initializeRetry().multipliedBy(run.initializeAttempts[r]).toMillis() / 1e3)
                            + " s"
                            + (run.lastNode[r] == null ? "" : " (it was last on node " + run.lastNode[r] + ")")
                            + ": are the worker nodes reachable?";
                }
                waiting = true;
                sendInitialize(run, r);
            }
        }
        if (!waiting) {
            timers.cancel(ExchangeCoordinator.RetryInitialize.INSTANCE);
        }
        return null;
    }

    /**
     * Records a ready replica (one of an earlier epoch, or a repeat, is ignored).
     *
     * @param m the replica's answer
     * @return whether this made all K replicas of its chain ready
     */
    boolean recordReady(ExchangeCoordinator.ReplicaReady m) {
        ChainRun run = runs[m.chain()];
        if (m.epoch() != run.epoch || run.host[m.replica()] != null) {
            return false;
        }
        run.node[m.replica()] = m.node();
        run.host[m.replica()] = m.host();
        run.entity[m.replica()] = m.entity();
        run.hostIndex[m.replica()] = batches.indexOf(m.host());
        return ++run.ready == levels;
    }

    /** @return whether every replica of every chain is ready */
    boolean allReady() {
        for (ChainRun run : runs) {
            if (!run.isReady()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rolls the chain back to its recovery point and re-creates its replicas there; the rounds since
     * are replayed with identical results.
     *
     * @param run the chain
     * @param kind what happened
     * @param reason what happened, in words
     * @return why the job fails (the same round keeps being replayed), or {@code null} while it goes on
     */
    String replay(ChainRun run, RecoveryEvent.Kind kind, String reason) {
        long detected = run.state.roundsDone();
        if (detected == run.replayedRound) {
            run.replaysOfRound++;
        } else {
            run.replayedRound = detected;
            run.replaysOfRound = 1;
        }
        if (run.replaysOfRound > timings.maxReplays()) {
            return "chain " + run.index + " could not complete round " + detected + " in "
                    + timings.maxReplays() + " attempts; last: " + reason;
        }
        run.epoch++;
        if (run.recoveryChain == null) {
            run.state = new ChainState(run.index, settings, dimension);
        } else {
            run.state.rollBack(run.recoveryChain);
        }
        long restored = run.state.roundsDone();
        events.add(new RecoveryEvent(kind, Instant.now().toString(), detected,
                restored, detected - restored,
                reason + "; its " + levels + " replicas restored from round " + restored));
        context.getLog().warn("job {}: {}; chain {} continues from round {} (replaying {} rounds)", jobId, reason,
                run.index, restored, detected - restored);
        initialize(run);
        return null;
    }

    /**
     * A node left the cluster: every unfinished chain with replicas on it is replayed.
     *
     * @param node the node's address
     * @return why the job fails, or {@code null} while it goes on
     */
    String nodeRemoved(String node) {
        unreachable.removed(node);
        for (ChainRun run : runs) {
            if (run.state.roundsDone() >= settings.rounds() || !run.hasReplicaOn(node)) {
                continue;
            }
            List<Integer> lost = new ArrayList<>();
            for (int r = 0; r < levels; r++) {
                if (node.equals(run.node[r])) {
                    lost.add(r);
                }
            }
            String failure = replay(run, RecoveryEvent.Kind.REPLICAS_RESTORED, "node " + node
                    + " left the cluster: chain "
                    + run.index + " lost replicas " + lost);
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    /** @param m a node became unreachable or reachable again */
    void reachability(ExchangeCoordinator.NodeReachability m) {
        unreachable.reachability(m);
    }

    /** @return whether one of the chain's replicas is on an unreachable node */
    boolean waitsOnUnreachable(ChainRun run) {
        return unreachable.any(run::hasReplicaOn);
    }
}
