package replex.io;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import com.esotericsoftware.kryo.util.ObjectMap;

import replex.core.chain.ChainSnapshot;
import replex.core.chain.RoundTrips;
import replex.core.proposal.ProposalAdaptation;

/**
 * The Kryo form of a {@link ChainSnapshot} in checkpoint files: its first 19 components exactly as
 * Kryo's record serializer wrote them before {@link ChainSnapshot#drawMetadata()} existed (format
 * versions {@value CheckpointFile#FORMAT_VERSION} and {@value CheckpointFile#ALL_LEVELS_FORMAT_VERSION}),
 * then, only in a file of version {@value CheckpointFile#METADATA_FORMAT_VERSION} (the Kryo context
 * holds {@link #WITH_METADATA}), the draws' metadata as a nullable {@code String[]}. Files without
 * metadata therefore keep their bytes, and older files still load.
 */
final class ChainSnapshotSerializer extends Serializer<ChainSnapshot> {

    /** Kryo context key: present (any value) when the snapshots carry their draws' metadata. */
    static final String WITH_METADATA = "replex.draws-metadata";

    private final RecordSerializer<Stored> fields = new RecordSerializer<>(Stored.class);

    /** The components a checkpoint file held before the draws' metadata, same names, types and order. */
    record Stored(int chain, long roundsDone, double[] betas, double[] windowRejection, long[] windowAttempts,
            long windowEnd, int[] levelOfReplica, ProposalAdaptation.State[] adaptation, long[] mhAccepted,
            long[] mhProposed, long[] targetErrors, long[] swapAttempts, long[] swapAccepted,
            double[] swapRejectionSum, RoundTrips.State roundTrips, long[] roundTripsByBatch,
            ChainSnapshot.Evidence evidence, int drawRows, double[] draws) {
    }

    ChainSnapshotSerializer() {
        setImmutable(true);
    }

    /** @return whether a chain snapshot holds its draws' metadata (the file is then of the metadata version) */
    static boolean holdsMetadata(ChainSnapshot[] chains) {
        for (ChainSnapshot s : chains) {
            if (s.drawMetadata() != null) {
                return true;
            }
        }
        return false;
    }

    /** Makes {@code kryo} write and read the snapshots' metadata (a file of the metadata version). */
    @SuppressWarnings("unchecked")
    static void carryMetadata(Kryo kryo) {
        ((ObjectMap<Object, Object>) kryo.getContext()).put(WITH_METADATA, Boolean.TRUE);
    }

    @SuppressWarnings("unchecked")
    private static boolean carriesMetadata(Kryo kryo) {
        return ((ObjectMap<Object, Object>) kryo.getContext()).containsKey(WITH_METADATA);
    }

    @Override
    public void write(Kryo kryo, Output output, ChainSnapshot s) {
        fields.write(kryo, output, new Stored(s.chain(), s.roundsDone(), s.betas(), s.windowRejection(),
                s.windowAttempts(), s.windowEnd(), s.levelOfReplica(), s.adaptation(), s.mhAccepted(),
                s.mhProposed(), s.targetErrors(), s.swapAttempts(), s.swapAccepted(), s.swapRejectionSum(),
                s.roundTrips(), s.roundTripsByBatch(), s.evidence(), s.drawRows(), s.draws()));
        if (carriesMetadata(kryo)) {
            kryo.writeObjectOrNull(output, s.drawMetadata(), String[].class);
        }
    }

    @Override
    public ChainSnapshot read(Kryo kryo, Input input, Class<? extends ChainSnapshot> type) {
        Stored s = fields.read(kryo, input, Stored.class);
        String[] metadata = carriesMetadata(kryo)
                ? kryo.readObjectOrNull(input, String[].class) : null;
        return new ChainSnapshot(s.chain(), s.roundsDone(), s.betas(), s.windowRejection(), s.windowAttempts(),
                s.windowEnd(), s.levelOfReplica(), s.adaptation(), s.mhAccepted(), s.mhProposed(), s.targetErrors(),
                s.swapAttempts(), s.swapAccepted(), s.swapRejectionSum(), s.roundTrips(), s.roundTripsByBatch(),
                s.evidence(), s.drawRows(), s.draws(), metadata);
    }
}
