package replex.actors;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;

import replex.cluster.LocalCluster;
import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.targets.TargetFactory;

/**
 * Runs a job on actors in this JVM: a self-joined single-node cluster whose sharded
 * {@link ReplicaActor}s run their steps on a pool of {@code workers} threads, driven by one
 * {@link ExchangeCoordinator}. Gives the same draws as the sequential engine, bit for bit.
 */
public final class ActorEngine {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private ActorEngine() {
    }

    /**
     * @param settings the sampling settings
     * @param targetBlock the job's {@code target} block (each node builds its own target from it)
     * @param classLoader where user target classes are found
     * @param workers threads that run replica steps, ≥ 1
     * @param listener progress
     * @return the result, identical to {@link replex.core.engine.SequentialEngine}'s
     * @throws replex.core.ConfigurationException if the target cannot be built or its initial state is invalid
     * @throws IllegalStateException if the run fails
     */
    public static RunResult run(SamplerSettings settings, Config targetBlock, ClassLoader classLoader, int workers,
            ProgressListener listener) {
        return run(settings, targetBlock, classLoader, workers, listener, ConfigFactory.empty());
    }

    /**
     * As {@link #run(SamplerSettings, Config, ClassLoader, int, ProgressListener)}, with Akka settings
     * that take precedence over {@code conf/local.conf} (tests use {@code akka.actor.serialize-messages = on}).
     *
     * @param akkaOverrides settings that win; may be empty
     */
    public static RunResult run(SamplerSettings settings, Config targetBlock, ClassLoader classLoader, int workers,
            ProgressListener listener, Config akkaOverrides) {
        Target target = TargetFactory.create(targetBlock, classLoader);
        String targetJson = targetBlock.root().render(ConfigRenderOptions.concise());
        List<String> names = target.parameterNames();
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        NodeTargets nodeTargets = new NodeTargets(classLoader);
        String engineName = "actors (local, workers=" + workers + ")";
        ActorSystem<Void> system = LocalCluster.start(Behaviors.setup(ctx -> {
            ReplicaActor.initSharding(ctx.getSystem(), nodeTargets);
            ctx.spawn(ExchangeCoordinator.create("job-1", settings, targetJson, target.dimension(), names, listener,
                    result, engineName), "coordinator");
            return Behaviors.empty();
        }), "replex", LocalCluster.config(workers, akkaOverrides));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            LocalCluster.stop(system, SHUTDOWN_TIMEOUT);
        }
    }
}
