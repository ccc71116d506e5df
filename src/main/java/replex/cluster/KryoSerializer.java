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
import replex.actors.OptimizeCoordinator;
import replex.actors.OptimizeHost;
import replex.actors.OptimizeReplicaActor;
import replex.actors.ReplicaActor;
import replex.actors.ReplicaHost;
import replex.core.proposal.Moments;
import replex.core.proposal.Proposal;
import replex.core.replica.RoundInstruction;
import replex.core.replica.RoundReport;
import replex.io.BoundedKryo;
import replex.io.KryoRegistry;

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

    /**
     * The registered classes and their ids: the state classes of {@link KryoRegistry} (ids 20–24,
     * 50–75, the same as in checkpoint files: a replica's snapshot is 58 on the wire and on disk),
     * then the protocol's own. Append only; a class no longer sent keeps its id unused (34 was the
     * replica snapshot's and 312 the optimize replica's snapshot's before they moved to the shared list).
     */
    Kryo newKryo() {
        Kryo kryo = KryoRegistry.newKryo();
        kryo.register(Proposal.class, new ProposalSerializer(), 30);
        kryo.register(Moments.class, new MomentsSerializer(), 31);
        kryo.register(RoundInstruction.class, 32);
        kryo.register(RoundReport.class, 33);
        kryo.register(akka.actor.typed.internal.adapter.ActorRefAdapter.class, new ActorRefSerializer(resolver), 40);
        List<Class<?>> messages = messages();
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) != null) {
                kryo.register(messages.get(i), 100 + i);
            }
        }
        kryo.register(ReplicaHost.Item.class, 200);
        BoundedKryo.registerArray(kryo, ReplicaHost.Item[].class, 201, 1);
        kryo.register(ReplicaHost.FactorUpdate.class, 202);
        BoundedKryo.registerArray(kryo, ReplicaHost.FactorUpdate[].class, 203, 1);
        kryo.register(ReplicaHost.Result.class, 204);
        BoundedKryo.registerArray(kryo, ReplicaHost.Result[].class, 205, 1);
        List<Class<?>> optimize = optimizeMessages();
        for (int i = 0; i < optimize.size(); i++) {
            if (optimize.get(i) == null) {
                continue;
            }
            if (optimize.get(i).isArray()) {
                BoundedKryo.registerArray(kryo, optimize.get(i), 300 + i, 1);
            } else {
                kryo.register(optimize.get(i), 300 + i);
            }
        }
        EvaluateMessages.register(kryo); // ids 400-499
        return kryo;
    }

    /**
     * The round protocol of {@code optimize} jobs and its parts, in id order (id = 300 + position).
     * Append only, as {@link #messages()}. A table (a replica's state, its best) travels as a
     * {@code double[]}, whose declared length the bounded reader checks against the bytes received.
     */
    static List<Class<?>> optimizeMessages() {
        return java.util.Arrays.asList(
                OptimizeHost.LoadJob.class,
                OptimizeHost.Item.class,
                OptimizeHost.Item[].class,
                OptimizeHost.RunRounds.class,
                OptimizeHost.Report.class,
                OptimizeHost.Result.class,
                OptimizeHost.Result[].class,
                OptimizeHost.SendBest.class,
                OptimizeHost.CreateReplica.class,
                OptimizeHost.ForgetJob.class,
                OptimizeReplicaActor.Initialize.class,
                OptimizeReplicaActor.Release.class,
                null, // 312: OptimizeReplica.Snapshot, now 74 (KryoRegistry)
                OptimizeCoordinator.Ready.class,
                OptimizeCoordinator.JobMissing.class,
                OptimizeCoordinator.JobLoaded.class,
                OptimizeCoordinator.Failed.class,
                OptimizeCoordinator.RoundsDone.class,
                OptimizeCoordinator.SnapshotTaken.class,
                OptimizeCoordinator.BestState.class);
    }

    /**
     * Protocol messages in id order (id = 100 + position). Append only; a message no longer sent
     * keeps its place as {@code null} so that no id is ever reused.
     */
    static List<Class<?>> messages() {
        return java.util.Arrays.asList(
                ReplicaActor.Initialize.class,
                null, // 101: ReplicaActor.RunRound, one message per replica and round (before batching)
                ReplicaActor.Release.class,
                ExchangeCoordinator.ReplicaReady.class,
                null, // 104: ExchangeCoordinator.RoundDone
                ExchangeCoordinator.ReplicaFailed.class,
                ExchangeCoordinator.Cancel.class,
                ExchangeCoordinator.Suspend.class,
                ExchangeCoordinator.NodeRemoved.class,
                ExchangeCoordinator.RetryCheckpoint.class,
                ExchangeCoordinator.RetryInitialize.class,
                ReplicaHost.RunRounds.class,
                ReplicaHost.CreateReplica.class,
                ReplicaHost.ForgetJob.class,
                ExchangeCoordinator.RoundsDone.class,
                ExchangeCoordinator.HostBusy.class,
                ExchangeCoordinator.NodeReachability.class,
                ExchangeCoordinator.CheckDeadlines.class);
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

    /**
     * Reads a message. Every length and dimension in it is checked before allocation
     * ({@link BoundedKryo}, {@link #MAX_WIRE_DIMENSION}): a message over them is refused with an
     * exception, which Akka's remoting answers by dropping that one message (it logs a warning) while
     * the node goes on. This serializer also logs the first such refusal with its reason, and then
     * every {@value #LOG_EVERY}th.
     *
     * @throws com.esotericsoftware.kryo.KryoException if the bytes are malformed or over a limit
     */
    @Override
    public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
        Kryo kryo = pool.obtain();
        try (Input input = BoundedKryo.input(bytes)) {
            return kryo.readClassAndObject(input);
        } catch (RuntimeException e) {
            long n = REFUSED.incrementAndGet();
            if (n == 1 || n % LOG_EVERY == 0) {
                LOG.warn("dropped a malformed or oversized message of {} bytes ({} so far): {}", bytes.length, n,
                        e.getMessage());
            }
            throw e;
        } finally {
            pool.free(kryo);
        }
    }

    /** After the first, every this many refused messages are logged. */
    static final int LOG_EVERY = 1000;
    /** Messages refused by {@link #fromBinaryJava} in this JVM. */
    static final java.util.concurrent.atomic.AtomicLong REFUSED = new java.util.concurrent.atomic.AtomicLong();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KryoSerializer.class);

    /**
     * Largest dimension d accepted from the wire: a d × d factor of this size is 8 MB, which no
     * frame carries; a larger d in a message is malformed or hostile, not a job.
     */
    static final int MAX_WIRE_DIMENSION = 1024;

    /** Reads a dimension and checks it before anything of size d² is allocated. */
    private static int dimension(Input input) {
        int d = input.readVarInt(true);
        if (d < 1 || d > MAX_WIRE_DIMENSION) {
            throw new com.esotericsoftware.kryo.KryoException("dimension " + d + " out of range 1.."
                    + MAX_WIRE_DIMENSION);
        }
        return d;
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
            int d = dimension(input);
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
            int d = dimension(input);
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
