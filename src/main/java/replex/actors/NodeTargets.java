package replex.actors;

import java.util.concurrent.ConcurrentHashMap;


import replex.core.Target;
import replex.targets.TargetFactory;

/**
 * The targets of the jobs running on one node, built once per job from the job's {@code target}
 * block and shared by the job's replicas on that node (targets are thread-safe). User classes are
 * loaded with the node's class loader (its {@code --classpath}). Thread-safe.
 */
public final class NodeTargets {

    private final ClassLoader classLoader;
    private final int replicaThreads;
    private final ConcurrentHashMap<String, Target> byJob = new ConcurrentHashMap<>();

    /**
     * A node whose replica steps may run on as many threads as it has cores.
     *
     * @param classLoader where user target classes are found
     */
    public NodeTargets(ClassLoader classLoader) {
        this(classLoader, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param classLoader where user target classes are found
     * @param replicaThreads the threads of the node's worker pool, which run replica steps (a
     *     composite target's default term pool uses the cores they leave)
     */
    public NodeTargets(ClassLoader classLoader, int replicaThreads) {
        this.classLoader = classLoader;
        this.replicaThreads = replicaThreads;
    }

    /** @return where user classes are found on this node (its {@code --classpath}) */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /**
     * @param jobId the job
     * @param targetJson the job's {@code target} block as JSON
     * @return the job's target on this node
     * @throws replex.core.ConfigurationException if it cannot be built
     */
    public Target targetFor(String jobId, String targetJson) {
        return byJob.computeIfAbsent(jobId,
                id -> TargetFactory.create(replex.io.JobJson.parse(targetJson), classLoader, replicaThreads));
    }

    /**
     * Releases every job's target (the node is stopping): the child processes of a
     * {@code target.command} end here. Idempotent.
     */
    public void closeAll() {
        for (String jobId : java.util.List.copyOf(byJob.keySet())) {
            release(jobId);
        }
    }

    /** Forgets a finished job's target. */
    public void release(String jobId) {
        TargetFactory.close(byJob.remove(jobId)); // a target.command's children end here
    }
}
