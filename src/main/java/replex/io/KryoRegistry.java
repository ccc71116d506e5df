package replex.io;

import com.esotericsoftware.kryo.Kryo;

import replex.core.chain.ChainSnapshot;
import replex.core.chain.RoundTrips;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunState;
import replex.core.optimize.OptimizeChain;
import replex.core.optimize.OptimizeReplica;
import replex.core.optimize.OptimizeState;
import replex.core.proposal.ProposalAdaptation;
import replex.core.replica.ReplicaSnapshot;

/**
 * The one list of Kryo class ids for state: every class that a checkpoint file holds, each with the
 * id it has in the files and, for the classes that also travel between nodes (a replica's
 * snapshot), on the wire. {@link CheckpointFile}, {@link OptimizeCheckpointFile} and the cluster's
 * serializer ({@code replex.cluster.KryoSerializer}, which adds the protocol's messages at ids 30–49
 * and from 100 on) all start from {@link #newKryo()}, so a class has one id everywhere.
 *
 * <p>Ids:
 * <ul>
 *   <li>20–24: {@code double[]}, {@code long[]}, {@code int[]}, {@code byte[]}, {@code boolean[]}
 *       (lengths checked before allocation, {@link BoundedKryo}); {@code String} and the primitives
 *       keep Kryo's own ids (the files registered {@code String} as 25 too, which Kryo ignores for a
 *       class it already has, so 25 was never written and stays unused);</li>
 *   <li>50–62: sampling checkpoints (format versions 2 and 3) and the replica snapshot;</li>
 *   <li>70–75: optimize checkpoints (format version 4) and the optimize replica's snapshot.</li>
 * </ul>
 * Append only: an id, once written into a file, is never given to another class, and a change to a
 * class that changes its bytes is a new format version. {@code CheckpointCompatibilityTest} loads a
 * stored file of every format version, byte for byte.
 */
public final class KryoRegistry {

    private KryoRegistry() {
    }

    /**
     * @return a Kryo with registration required, references off, and every state class registered
     *     with its id (not thread-safe: one per thread, or pooled)
     */
    public static Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        BoundedKryo.registerArray(kryo, double[].class, 20, 8);
        BoundedKryo.registerArray(kryo, long[].class, 21, 1);
        BoundedKryo.registerArray(kryo, int[].class, 22, 1);
        BoundedKryo.registerArray(kryo, byte[].class, 23, 1);
        BoundedKryo.registerArray(kryo, boolean[].class, 24, 1);

        kryo.register(CheckpointFile.Payload.class, 50);
        kryo.register(RunState.class, 51);
        kryo.register(ChainSnapshot.class, new ChainSnapshotSerializer(), 52);
        BoundedKryo.registerArray(kryo, ChainSnapshot[].class, 53, 1);
        kryo.register(ChainSnapshot.Evidence.class, 54);
        kryo.register(ProposalAdaptation.State.class, 55);
        BoundedKryo.registerArray(kryo, ProposalAdaptation.State[].class, 56, 1);
        kryo.register(RoundTrips.State.class, 57);
        kryo.register(ReplicaSnapshot.class, 58);
        BoundedKryo.registerArray(kryo, ReplicaSnapshot[].class, 59, 1);
        kryo.register(RecoveryEvent.class, 60);
        BoundedKryo.registerArray(kryo, RecoveryEvent[].class, 61, 1);
        BoundedKryo.registerArray(kryo, String[].class, 62, 1);

        kryo.register(OptimizeCheckpointFile.Payload.class, 70);
        kryo.register(OptimizeState.class, 71);
        kryo.register(OptimizeChain.State.class, 72);
        BoundedKryo.registerArray(kryo, OptimizeChain.State[].class, 73, 1);
        kryo.register(OptimizeReplica.Snapshot.class, 74);
        BoundedKryo.registerArray(kryo, OptimizeReplica.Snapshot[].class, 75, 1);
        return kryo;
    }
}
