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
    private final ConcurrentHashMap<String, Target> byJob = new ConcurrentHashMap<>();

    /** @param classLoader where user target classes are found */
    public NodeTargets(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /**
     * @param jobId the job
     * @param targetJson the job's {@code target} block as JSON
     * @return the job's target on this node
     * @throws replex.core.ConfigurationException if it cannot be built
     */
    public Target targetFor(String jobId, String targetJson) {
        return byJob.computeIfAbsent(jobId,
                id -> TargetFactory.create(replex.io.JobJson.parse(targetJson), classLoader));
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
