package replex.actors;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import akka.actor.typed.ActorRef;

import replex.core.ConfigurationException;
import replex.core.Objective;
import replex.core.optimize.OptimizeProblem;
import replex.core.optimize.OptimizeReplica;
import replex.core.optimize.OptimizeSettings;
import replex.io.JobSpec;
import replex.io.OptimizeSpec;
import replex.objectives.ObjectiveFactory;

/**
 * One node's {@code optimize} jobs (each built once on the node, with its class loader: settings,
 * objective, start) and replicas (by job, chain and replica, with the epoch they were created for);
 * shared by the node's {@link OptimizeHost} and its {@link OptimizeReplicaActor} entities. Thread-safe.
 */
public final class OptimizeNode {

    /**
     * A job as this node runs it.
     *
     * @param fixedStart whether every replica starts from the same state (a table, or a vector's values)
     */
    record Job(OptimizeSettings settings, OptimizeProblem problem, List<String> metricNames, boolean fixedStart) {
    }

    private record Key(String jobId, int chain, int replica) {
    }

    private record Hosted(int epoch, OptimizeReplica replica) {
    }

    private final ClassLoader classLoader;
    private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Hosted> replicas = new ConcurrentHashMap<>();

    /** @param classLoader where user objective classes are found on this node */
    public OptimizeNode(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /**
     * Builds a job's objective and start on this node (its own class loader).
     *
     * @param jobJson the effective job
     * @param classLoader where a user objective class is found
     * @return the job
     * @throws ConfigurationException if it cannot be built here
     */
    static Job build(String jobJson, ClassLoader classLoader) {
        OptimizeSpec spec = OptimizeSpec.fromJson(jobJson, JobSpec.Overrides.NONE);
        Objective objective = ObjectiveFactory.createPrepared(spec.objectiveBlock(), classLoader,
                spec.columnNames(), spec.rows(), null);
        spec = spec.withDirectionOf(objective);
        return new Job(spec.settings(), spec.problem(objective), objective.metricNames(),
                spec.table() != null || spec.vectorValues() != null);
    }

    /**
     * Whether a node can run a job: builds its objective and the initial replicas (of every
     * chain and level for a vector drawn in its bounds; of one when all start alike).
     *
     * @param jobJson the effective job
     * @param classLoader the node's loader for user objectives
     * @param node the node's address
     * @return the answer for the job manager
     */
    static NodeAgent.TargetChecked check(String jobJson, ClassLoader classLoader, String node) {
        try {
            Job job = build(jobJson, classLoader);
            OptimizeSettings s = job.settings();
            for (int c = 0; c < (job.fixedStart() ? 1 : s.chains()); c++) {
                for (int r = 0; r < (job.fixedStart() ? 1 : s.levels()); r++) {
                    job.problem().newReplica(s, c, r);
                }
            }
            return new NodeAgent.TargetChecked(node, true, job.problem().columnNames().size(),
                    job.metricNames(), null);
        } catch (ConfigurationException e) {
            return new NodeAgent.TargetChecked(node, false, 0, List.of(), e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return new NodeAgent.TargetChecked(node, false, 0, List.of(), "cannot build the objective: " + e);
        }
    }

    /** @return replicas held, over every job */
    public int size() {
        return replicas.size();
    }

    void forget(String jobId) {
        jobs.remove(jobId);
        replicas.keySet().removeIf(k -> k.jobId().equals(jobId));
    }

    void remove(String jobId, int chain, int replica) {
        replicas.remove(new Key(jobId, chain, replica));
    }

    int epochOf(String jobId, int chain, int replica) {
        Hosted h = replicas.get(new Key(jobId, chain, replica));
        return h == null ? -1 : h.epoch();
    }

    /**
     * Creates (or restores) a replica: what an {@link OptimizeReplicaActor} does on
     * {@link OptimizeReplicaActor.Initialize}, and a host does in a one-JVM run.
     *
     * @return the answer for the coordinator
     */
    ExchangeCoordinator.Command initialize(OptimizeReplicaActor.Initialize m, String node,
            ActorRef<OptimizeHost.Command> host, ActorRef<OptimizeReplicaActor.Command> entity) {
        Job job = jobs.get(m.jobId());
        if (job == null) {
            return new OptimizeCoordinator.JobMissing(m.chain(), m.replica(), m.epoch(), node, host);
        }
        try {
            OptimizeReplica r = job.problem().replica(job.settings(), m.snapshot(), m.chain(), m.replica());
            replicas.put(new Key(m.jobId(), m.chain(), m.replica()), new Hosted(m.epoch(), r));
            return new OptimizeCoordinator.Ready(m.chain(), m.replica(), m.epoch(), node, host, entity);
        } catch (ConfigurationException e) {
            return new OptimizeCoordinator.Failed(m.chain(), m.replica(), e.getMessage(), true);
        } catch (RuntimeException | LinkageError e) {
            return new OptimizeCoordinator.Failed(m.chain(), m.replica(), "on node " + node + ": " + e, false);
        }
    }

    /**
     * Builds a job on this node, unless it has it.
     *
     * @throws ConfigurationException if it cannot be built here
     */
    void load(String jobId, String jobJson) {
        jobs.computeIfAbsent(jobId, id -> build(jobJson, classLoader));
    }

    /** @return the job, or {@code null} if this node has not got it */
    Job job(String jobId) {
        return jobs.get(jobId);
    }

    /** @return the replica, if this node holds it for that epoch, else {@code null} */
    OptimizeReplica replica(String jobId, int chain, int replica, int epoch) {
        Hosted h = replicas.get(new Key(jobId, chain, replica));
        return h == null || h.epoch() != epoch ? null : h.replica();
    }
}
