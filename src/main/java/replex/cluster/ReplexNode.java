package replex.cluster;

import java.util.ArrayList;
import java.util.List;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.SingletonActor;

import replex.actors.JobManager;
import replex.actors.NodeSettings;
import replex.actors.JobOwnership;
import replex.actors.NodeAgent;
import replex.actors.NodeTargets;
import replex.actors.OptimizeHost;
import replex.actors.OptimizeNode;
import replex.actors.OptimizeReplicaActor;
import replex.actors.EngineTimings;
import replex.actors.ReplicaActor;
import replex.actors.ReplicaHost;

/**
 * A worker node of a Replex cluster: hosts sharded replicas, run by its {@link ReplicaHost} on a
 * pool of {@code workers} threads, a {@link NodeAgent}, an {@link replex.actors.EvaluateWorker} (the points of
 * evaluate jobs, on the same pool), and (on the oldest worker node) the {@link JobManager} singleton.
 * {@code replex node} starts one with {@code conf/cluster.conf}; {@code replex run} starts one with
 * {@code conf/local.conf} that joins itself.
 */
public final class ReplexNode {

    /** The actor system name shared by every node and client of a cluster ({@link NodeSettings#SYSTEM_NAME}). */
    public static final String SYSTEM_NAME = NodeSettings.SYSTEM_NAME;

    private ReplexNode() {
    }

    /**
     * The configuration of a node.
     *
     * @param resource {@code local} or {@code cluster} (a file of conf/ on the class path)
     * @param host the address to bind and advertise, or {@code null} for the file's / environment's
     * @param port the port, or {@code null} for the file's / environment's
     * @param seedNodes {@code host:port} of seed nodes; empty for the file's / environment's
     * @param workers threads of the worker dispatcher, ≥ 1
     * @param overrides settings that win over everything else (may be empty)
     * @return the resolved configuration, with TLS applied if {@code replex.security.tls.enabled}
     * @throws replex.core.ConfigurationException if a seed node is not {@code host:port}, or TLS is on
     *     and its key or trust store cannot be used ({@link NodeTransport#apply})
     */
    public static Config config(String resource, String host, Integer port, List<String> seedNodes, int workers,
            Config overrides) {
        Config c = NodeSettings.workerPool(workers);
        if (host != null) {
            c = c.withValue("akka.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host));
        }
        if (port != null) {
            c = c.withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port));
        }
        if (!seedNodes.isEmpty()) {
            c = c.withValue("akka.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedAddresses(seedNodes)));
        }
        return NodeTransport.apply(overrides.withFallback(c).withFallback(ConfigFactory.load(resource)).resolve());
    }

    /**
     * @param seedNodes {@code host:port} strings
     * @return Akka addresses {@code akka://replex@host:port}
     * @throws replex.core.ConfigurationException naming {@code --seed-node} if one is malformed
     */
    public static List<String> seedAddresses(List<String> seedNodes) {
        List<String> out = new ArrayList<>();
        for (String s : seedNodes) {
            out.add("akka://" + SYSTEM_NAME + "@" + HostPort.parse(s, "--seed-node"));
        }
        return out;
    }

    /**
     * Starts a worker node.
     *
     * @param config from {@link #config}
     * @param classLoader where user target classes are found on this node
     * @return the running system
     */
    public static ActorSystem<Void> start(Config config, ClassLoader classLoader) {
        return start(config, classLoader, line -> { });
    }

    /**
     * Starts a worker node that reports membership changes.
     *
     * @param config from {@link #config}
     * @param classLoader where user target classes are found on this node
     * @param report receives a line when this node is up and when a worker node joins or leaves
     * @return the running system
     * @throws replex.core.ConfigurationException if the node would listen outside loopback over plain
     *     TCP without {@code replex.security.insecure} ({@link NodeTransport#checkExposure}), or the
     *     operator token file cannot be used
     */
    public static ActorSystem<Void> start(Config config, ClassLoader classLoader,
            java.util.function.Consumer<String> report) {
        NodeTransport.checkExposure(config);
        JobOwnership.operatorHash(config); // a wrong operator-token file fails here, with one line
        return ActorSystem.create(Behaviors.setup(ctx -> {
            ctx.spawn(MembershipReporter.create(report), "membership");
            setUp(ctx, classLoader);
            return Behaviors.<Void>empty();
        }), SYSTEM_NAME, config);
    }

    /**
     * @param config a node's configuration
     * @return the threads of its worker pool ({@code replex.worker-dispatcher})
     */
    public static int workers(com.typesafe.config.Config config) {
        return NodeSettings.workers(config);
    }

    /**
     * Starts this node's parts in a guardian: replica sharding, node agent, job-manager singleton.
     *
     * @param ctx the guardian's context
     * @param classLoader where user target classes are found
     */
    public static void setUp(ActorContext<?> ctx, ClassLoader classLoader) {
        var config = ctx.getSystem().settings().config();
        NodeTargets targets = new NodeTargets(classLoader, workers(config));
        ctx.getSystem().getWhenTerminated().thenRun(targets::closeAll); // no target.command child outlives the node
        ReplicaHost.Registry registry = new ReplicaHost.Registry();
        var host = ctx.spawn(ReplicaHost.create(targets, registry,
                akka.cluster.typed.Cluster.get(ctx.getSystem()).selfMember().address().toString(), workers(config),
                EngineTimings.from(config).heartbeat()), "replica-host");
        ReplicaActor.initSharding(ctx.getSystem(), targets, registry, host);
        OptimizeNode optimize = new OptimizeNode(classLoader); // optimize jobs: their own host and entities
        OptimizeReplicaActor.initSharding(ctx.getSystem(), optimize, ctx.spawn(OptimizeHost.create(optimize,
                akka.cluster.typed.Cluster.get(ctx.getSystem()).selfMember().address().toString(), workers(config),
                EngineTimings.from(config).heartbeat()), "optimize-host"));
        ctx.spawn(NodeAgent.create(classLoader), "node-agent");
        // Resumed if it throws: its jobs' targets and coordinators stay known, so no point is left without an answer.
        ctx.spawn(Behaviors.supervise(replex.actors.EvaluateWorker.create(targets, akka.cluster.typed.Cluster.get(
                ctx.getSystem()).selfMember().address().toString(), workers(config)))
                .onFailure(SupervisorStrategy.resume()), "evaluate-worker");
        // Restarted if it throws (its jobs' coordinators are its children and stop with it; a job in the
        // shared checkpoint directory is picked up again by the restarted manager); handed over with Stop.
        ClusterSingleton.get(ctx.getSystem()).init(SingletonActor.of(
                Behaviors.supervise(JobManager.create()).onFailure(SupervisorStrategy.restart()), "job-manager")
                .withStopMessage(JobManager.Stop.INSTANCE)
                .withSettings(ClusterSingletonSettings.create(ctx.getSystem()).withRole(ReplicaActor.WORKER_ROLE)));
    }
}
