package replex.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;

/**
 * Starts the actor system of {@code replex run}: a single-node cluster that joins itself on
 * loopback with a free port ({@code conf/local.conf}), with a worker dispatcher of {@code workers}
 * threads.
 */
public final class LocalCluster {

    private LocalCluster() {
    }

    /**
     * The configuration of a local node.
     *
     * @param workers threads of {@code replex.worker-dispatcher}, ≥ 1
     * @param overrides settings that take precedence (e.g. {@code akka.actor.serialize-messages = on}
     *     in tests); may be empty
     * @return the resolved configuration
     */
    public static Config config(int workers, Config overrides) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1 for the actor engine, got " + workers);
        }
        Config workerPool = ConfigFactory.parseString(
                "replex.worker-dispatcher.thread-pool-executor.fixed-pool-size = " + workers);
        return overrides.withFallback(workerPool).withFallback(ConfigFactory.load("local")).resolve();
    }

    /**
     * Starts the system and makes it join itself.
     *
     * @param guardian the root behaviour
     * @param name the system name
     * @param config from {@link #config}
     * @param <T> the guardian's message type
     * @return the started system (the cluster is joining; sharding buffers messages until it is up)
     */
    public static <T> ActorSystem<T> start(Behavior<T> guardian, String name, Config config) {
        ActorSystem<T> system = ActorSystem.create(guardian, name, config);
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        return system;
    }

    /**
     * Terminates the system and waits for it.
     *
     * @param system the system
     * @param timeout the longest wait
     */
    public static void stop(ActorSystem<?> system, Duration timeout) {
        system.terminate();
        CompletableFuture<?> done = system.getWhenTerminated().toCompletableFuture();
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Termination is best effort: the run's result is already complete.
        }
    }
}
