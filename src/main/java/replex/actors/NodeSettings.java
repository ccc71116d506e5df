package replex.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * What every Replex actor system shares, one JVM or a cluster: its name and the size of the worker
 * pool that runs replica steps. The cluster layer ({@code replex.cluster.ReplexNode}) adds the
 * address, seed nodes and transport security on top.
 */
public final class NodeSettings {

    /** The actor system name shared by every node and client of a cluster. */
    public static final String SYSTEM_NAME = "replex";

    /** The key of the worker pool's size: threads that run replica steps on a node. */
    public static final String WORKERS_KEY = "replex.worker-dispatcher.thread-pool-executor.fixed-pool-size";

    private NodeSettings() {
    }

    /**
     * @param workers threads of the worker dispatcher
     * @return the setting of the worker pool's size
     * @throws IllegalArgumentException if {@code workers} < 1
     */
    public static Config workerPool(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1 for a node, got " + workers);
        }
        return ConfigFactory.parseString(WORKERS_KEY + " = " + workers);
    }

    /**
     * The configuration of a one-JVM actor system ({@code conf/local.conf}: no remoting).
     *
     * @param workers threads of the worker dispatcher, ≥ 1
     * @param overrides settings that win over everything else (may be empty)
     * @return the resolved configuration
     */
    public static Config local(int workers, Config overrides) {
        return overrides.withFallback(workerPool(workers)).withFallback(ConfigFactory.load("local")).resolve();
    }

    /**
     * @param config a node's configuration
     * @return the threads of its worker pool
     */
    public static int workers(Config config) {
        return config.getInt(WORKERS_KEY);
    }
}
