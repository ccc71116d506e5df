package replex.actors;

import java.util.Collection;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;

/**
 * Where a job's replicas are created: through cluster sharding on the worker nodes of a cluster, or
 * on the one host of a one-JVM run. Used by the {@link ExchangeCoordinator} only.
 */
interface Placement {

    /**
     * Sends {@code init} to where replica {@code init.replica()} of chain {@code init.chain()} lives.
     *
     * @param ordinal the replica's position in the job, chain × K + replica
     */
    void initialize(ReplicaActor.Initialize init, int ordinal);

    /**
     * The job is over: stop its replicas and let every host forget it.
     *
     * @param runs the job's chains (with the replicas' entities and hosts where known)
     * @param hosts every host the job used
     */
    void release(String jobId, Collection<ChainRun> runs, Collection<ActorRef<ReplicaHost.Command>> hosts);

    /** @return whether the job runs on a cluster (membership events matter) */
    boolean clustered();

    /** Replicas as sharded entities on the cluster's worker nodes. */
    static Placement sharded(ActorSystem<?> system, String jobId) {
        ShardedReplicas<ReplicaActor.Command> entities = new ShardedReplicas<>(system, ReplicaActor.TYPE_KEY);
        return new Placement() {
            @Override
            public void initialize(ReplicaActor.Initialize init, int ordinal) {
                entities.tell(jobId, init.chain(), init.replica(), ordinal, init);
            }

            @Override
            public void release(String job, Collection<ChainRun> runs,
                    Collection<ActorRef<ReplicaHost.Command>> hosts) {
                for (ChainRun run : runs) {
                    for (int r = 0; r < run.levels; r++) {
                        entities.release(job, run.index, r, run.index * run.levels + r, run.entity[r],
                                ReplicaActor.Release.INSTANCE);
                    }
                }
                for (ActorRef<ReplicaHost.Command> host : hosts) {
                    host.tell(new ReplicaHost.ForgetJob(job));
                }
            }

            @Override
            public boolean clustered() {
                return true;
            }
        };
    }

    /** Every replica on one host, created by it directly (a one-JVM run: no cluster, no sharding). */
    static Placement local(ActorRef<ReplicaHost.Command> host) {
        return new Placement() {
            @Override
            public void initialize(ReplicaActor.Initialize init, int ordinal) {
                host.tell(new ReplicaHost.CreateReplica(init));
            }

            @Override
            public void release(String job, Collection<ChainRun> runs,
                    Collection<ActorRef<ReplicaHost.Command>> hosts) {
                host.tell(new ReplicaHost.ForgetJob(job));
            }

            @Override
            public boolean clustered() {
                return false;
            }
        };
    }
}
