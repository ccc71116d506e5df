package replex.cluster;

import java.util.List;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;

import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.JSerializer;

import replex.actors.ExchangeCoordinator;
import replex.actors.ReplicaActor;
import replex.core.proposal.Moments;
import replex.core.proposal.Proposal;
import replex.core.replica.ReplicaSnapshot;
import replex.core.replica.RoundInstruction;
import replex.core.replica.RoundReport;

/**
 * Akka serializer for the round protocol and replica state, with Kryo 5. Registration is required
 * and every class has an explicit id (fixed below; never reuse or renumber an id), so no class
 * name travels. Kryo instances are not thread-safe: they come from a {@link Pool}. Actor
 * references travel as their {@link ActorRefResolver} string.
 */
public final class KryoSerializer extends JSerializer {

    /** Akka serializer id; unique among the system's serializers. */
    public static final int IDENTIFIER = 7_310_001;

    private final ActorRefResolver resolver;
    private final Pool<Kryo> pool;

    /** @param system the actor system (Akka calls this constructor) */
    public KryoSerializer(ExtendedActorSystem system) {
        this.resolver = ActorRefResolver.get(Adapter.toTyped(system));
        this.pool = new Pool<>(true, false, 64) {
            @Override
            protected Kryo create() {
                return newKryo();
            }
        };
    }

    /** The registered classes and their ids. Append only. */
    private Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.register(double[].class, 20);
        kryo.register(long[].class, 21);
        kryo.register(int[].class, 22);
        kryo.register(byte[].class, 23);
        kryo.register(Proposal.class, new ProposalSerializer(), 30);
        kryo.register(Moments.class, new MomentsSerializer(), 31);
        kryo.register(RoundInstruction.class, 32);
        kryo.register(RoundReport.class, 33);
        kryo.register(ReplicaSnapshot.class, 34);
        kryo.register(akka.actor.typed.internal.adapter.ActorRefAdapter.class, new ActorRefSerializer(resolver), 40);
        for (Class<?> c : messages()) {
            kryo.register(c, 100 + messages().indexOf(c));
        }
        return kryo;
    }

    /** Protocol messages in id order (id = 100 + position). Append only. */
    static List<Class<?>> messages() {
        return List.of(
                ReplicaActor.Initialize.class,
                ReplicaActor.RunRound.class,
                ReplicaActor.Release.class,
                ExchangeCoordinator.ReplicaReady.class,
                ExchangeCoordinator.RoundDone.class,
                ExchangeCoordinator.ReplicaFailed.class,
                ExchangeCoordinator.Cancel.class,
                ExchangeCoordinator.Suspend.class,
                ExchangeCoordinator.NodeRemoved.class,
                ExchangeCoordinator.RetryCheckpoint.class,
                ExchangeCoordinator.RetryInitialize.class);
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public boolean includeManifest() {
        return false;
    }

    @Override
    public byte[] toBinary(Object o) {
        Kryo kryo = pool.obtain();
        try (Output output = new Output(256, -1)) {
            kryo.writeClassAndObject(output, o);
            return output.toBytes();
        } finally {
            pool.free(kryo);
        }
    }

    @Override
    public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
        Kryo kryo = pool.obtain();
        try (Input input = new Input(bytes)) {
            return kryo.readClassAndObject(input);
        } finally {
            pool.free(kryo);
        }
    }

    private static final class ProposalSerializer extends Serializer<Proposal> {
        @Override
        public void write(Kryo kryo, Output output, Proposal p) {
            output.writeVarInt(p.dimension(), true);
            output.writeDouble(p.scale());
            double[] factor = p.factor();
            output.writeBoolean(factor != null);
            if (factor != null) {
                output.writeDoubles(factor, 0, factor.length);
            }
        }

        @Override
        public Proposal read(Kryo kryo, Input input, Class<? extends Proposal> type) {
            int d = input.readVarInt(true);
            double scale = input.readDouble();
            double[] factor = input.readBoolean() ? input.readDoubles(d * d) : null;
            return new Proposal(scale, factor, d);
        }
    }

    private static final class MomentsSerializer extends Serializer<Moments> {
        @Override
        public void write(Kryo kryo, Output output, Moments m) {
            output.writeVarInt(m.dimension(), true);
            output.writeVarLong(m.count(), true);
            output.writeDoubles(m.mean(), 0, m.dimension());
            double[] m2 = m.m2();
            output.writeDoubles(m2, 0, m2.length);
        }

        @Override
        public Moments read(Kryo kryo, Input input, Class<? extends Moments> type) {
            int d = input.readVarInt(true);
            long count = input.readVarLong(true);
            double[] mean = input.readDoubles(d);
            double[] m2 = input.readDoubles(d * d);
            return Moments.of(count, mean, m2);
        }
    }

    @SuppressWarnings("rawtypes")
    private static final class ActorRefSerializer extends Serializer<ActorRef> {
        private final ActorRefResolver resolver;

        ActorRefSerializer(ActorRefResolver resolver) {
            this.resolver = resolver;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void write(Kryo kryo, Output output, ActorRef ref) {
            output.writeString(resolver.toSerializationFormat(ref));
        }

        @Override
        public ActorRef read(Kryo kryo, Input input, Class<? extends ActorRef> type) {
            return resolver.resolveActorRef(input.readString());
        }
    }
}
