package replex.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;

import replex.actors.ExchangeCoordinator;
import replex.actors.ReplicaActor;
import replex.core.proposal.Moments;
import replex.core.proposal.Proposal;
import replex.core.replica.ReplicaSnapshot;
import replex.core.replica.RoundInstruction;
import replex.core.replica.RoundReport;

class KryoSerializerTest {

    static ActorTestKit testKit;
    static Serialization serialization;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("kryo", ConfigFactory.parseString(
                "akka.remote.artery.canonical.port = 0\nakka.remote.artery.canonical.hostname = 127.0.0.1")
                .withFallback(ConfigFactory.load("local")));
        serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T message) {
        Serializer serializer = serialization.findSerializerFor(message);
        assertTrue(serializer instanceof KryoSerializer, "bound to Kryo: " + message.getClass());
        try {
            byte[] bytes = serializer.toBinary(message);
            return (T) serializer.fromBinary(bytes, (Class<?>) null);
        } catch (java.io.NotSerializableException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyProtocolMessageSurvivesTheWire() {
        TestProbe<ExchangeCoordinator.Command> probe = testKit.createTestProbe();
        double[] factor = {1.0, 0.0, 0.5, 2.0};
        Moments moments = new Moments(2);
        moments.add(new double[] {1.0, 2.0});
        moments.add(new double[] {3.0, -1.0});
        RoundInstruction instruction = new RoundInstruction(17, 3, 0.25, 10, new Proposal(0.7, factor, 2), true,
                170, 3);

        ReplicaSnapshot restoreFrom = new ReplicaSnapshot(1, 2, new double[] {0.25, -3.0}, new byte[] {9, 8, 7});
        ReplicaActor.Initialize init = new ReplicaActor.Initialize("job-9", 42L, 1, 2, "{\"name\":\"gaussian\"}",
                restoreFrom, 3, probe.ref());
        ReplicaActor.Initialize initBack = roundTrip(init);
        assertEquals(3, initBack.epoch());
        assertArrayEquals(restoreFrom.state(), initBack.snapshot().state());
        assertArrayEquals(restoreFrom.randomState(), initBack.snapshot().randomState());
        assertNull(roundTrip(new ReplicaActor.Initialize("job-9", 42L, 1, 2, "{}", null, 0, probe.ref())).snapshot());
        assertEquals(init.jobId(), initBack.jobId());
        assertEquals(init.targetJson(), initBack.targetJson());
        assertEquals(probe.ref(), initBack.replyTo(), "actor references resolve to the same actor");

        ReplicaActor.RunRound run = roundTrip(new ReplicaActor.RunRound(1, 5, instruction, probe.ref()));
        assertEquals(instruction.round(), run.instruction().round());
        assertEquals(instruction.proposal(), run.instruction().proposal());
        assertEquals(instruction.firstDrawStep(), run.instruction().firstDrawStep());
        assertEquals(instruction, new RoundInstruction(run.instruction().round(), run.instruction().level(),
                run.instruction().beta(), run.instruction().steps(), run.instruction().proposal(),
                run.instruction().collectMoments(), run.instruction().firstDrawStep(), run.instruction().thin()));

        RoundReport report = new RoundReport(17, 2, -123.5, -4.25, 3, 10, 1, new double[] {1, 2, 3, 4}, moments);
        ExchangeCoordinator.RoundDone done = roundTrip(new ExchangeCoordinator.RoundDone(1, 6, report));
        assertEquals(6, done.epoch());
        RoundReport back = done.report();
        assertNull(back.snapshot());
        RoundReport withSnapshot = new RoundReport(17, 2, -1, -2, 3, 10, 0, new double[0], null, restoreFrom);
        assertArrayEquals(restoreFrom.randomState(),
                roundTrip(new ExchangeCoordinator.RoundDone(1, 6, withSnapshot)).report().snapshot().randomState());
        assertEquals(true, roundTrip(new ReplicaActor.RunRound(1, 5, new RoundInstruction(17, 3, 0.25, 10,
                new Proposal(0.7, null, 2), false, -1, 1, true), probe.ref())).instruction().snapshot());
        assertEquals(report.logLikelihood(), back.logLikelihood());
        assertArrayEquals(report.draws(), back.draws());
        assertArrayEquals(moments.covariance(), back.moments().covariance());
        assertNull(roundTrip(new ExchangeCoordinator.RoundDone(0, 0, new RoundReport(1, 0, 0, 0, 0, 0, 0,
                new double[0], null))).report().moments());

        TestProbe<ReplicaActor.Command> replicaProbe = testKit.createTestProbe();
        ExchangeCoordinator.ReplicaReady ready = new ExchangeCoordinator.ReplicaReady(3, 4,
                "akka://replex@127.0.0.1:2551", replicaProbe.ref(), 2);
        assertEquals(ready, roundTrip(ready));
        assertEquals(new ExchangeCoordinator.ReplicaFailed(0, 1, "bad", true),
                roundTrip(new ExchangeCoordinator.ReplicaFailed(0, 1, "bad", true)));
        assertSame(ReplicaActor.Release.INSTANCE, roundTrip(ReplicaActor.Release.INSTANCE));
        assertSame(ExchangeCoordinator.Cancel.INSTANCE, roundTrip(ExchangeCoordinator.Cancel.INSTANCE));
        assertSame(ExchangeCoordinator.Suspend.INSTANCE, roundTrip(ExchangeCoordinator.Suspend.INSTANCE));
        assertEquals(new ExchangeCoordinator.NodeRemoved("akka://replex@127.0.0.1:2552"),
                roundTrip(new ExchangeCoordinator.NodeRemoved("akka://replex@127.0.0.1:2552")));

        ReplicaSnapshot snap = new ReplicaSnapshot(1, 2, new double[] {0.5}, new byte[] {1, 2, 3});
        // Replica state is not a message of its own (it travels inside snapshots): serialise it directly.
        KryoSerializer kryo = (KryoSerializer) serialization.findSerializerFor(ReplicaActor.Release.INSTANCE);
        ReplicaSnapshot snapBack = (ReplicaSnapshot) kryo.fromBinaryJava(kryo.toBinary(snap), null);
        assertArrayEquals(snap.randomState(), snapBack.randomState());
    }

    @Test
    void registrationIsRequiredAndIdsAreUnique() {
        List<Class<?>> messages = KryoSerializer.messages();
        Set<Class<?>> distinct = new HashSet<>(messages);
        assertEquals(messages.size(), distinct.size());
        KryoSerializer serializer = (KryoSerializer) serialization.findSerializerFor(ReplicaActor.Release.INSTANCE);
        // KryoSerializer.toBinary declares no checked exception (JSerializer does not).
        // An unregistered class must fail loudly, never fall back to writing class names.
        assertThrows(IllegalArgumentException.class, () -> serializer.toBinary(new java.util.ArrayList<String>()));
    }
}
