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
import replex.actors.ReplicaHost;
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

    /** A point's result keeps its values exactly and its metrics and metadata in their order. */
    @Test
    void evaluateMessagesSurviveTheWire() {
        java.util.Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        metrics.put("z", -0.0);
        metrics.put("a", Double.NaN);
        metrics.put("steps", 61.0);
        java.util.Map<String, String> metadata = new java.util.LinkedHashMap<>();
        metadata.put("path", "/tmp/a, \"b\"\nc");
        metadata.put("status", "ok");
        replex.core.evaluate.PointResult ok = new replex.core.evaluate.PointResult(7, new replex.core.Target.Evaluation(
                Double.NEGATIVE_INFINITY, 1.0 / 3, metrics, metadata), null, 0.125, "akka://replex@10.0.0.2:2552",
                "replex-worker-dispatcher-7");
        replex.actors.EvaluateCoordinator.PointEvaluated back = roundTrip(
                new replex.actors.EvaluateCoordinator.PointEvaluated("evaluate-1", ok));
        assertEquals(ok, back.result());
        assertEquals(List.of("z", "a", "steps"), List.copyOf(back.result().evaluation().metrics().keySet()));
        assertEquals(Double.doubleToRawLongBits(-0.0),
                Double.doubleToRawLongBits(back.result().evaluation().metrics().get("z")));
        assertEquals(List.of("path", "status"), List.copyOf(back.result().evaluation().metadata().keySet()));
        replex.core.evaluate.PointResult failed = new replex.core.evaluate.PointResult(3, null, "it broke", 1.5, "n",
                "w");
        assertEquals(failed, roundTrip(new replex.actors.EvaluateCoordinator.PointEvaluated("e", failed)).result());

        TestProbe<replex.actors.EvaluateWorker.Command> worker = testKit.createTestProbe();
        replex.actors.EvaluateCoordinator.WorkerJoined joined = roundTrip(new replex.actors.EvaluateCoordinator
                .WorkerJoined("e", "node", worker.ref(), 4, new String[] {"a", "b[1]"}));
        assertEquals(worker.ref(), joined.worker());
        assertArrayEquals(new String[] {"a", "b[1]"}, joined.parameterNames());
        replex.actors.EvaluateWorker.Evaluate evaluate = roundTrip(new replex.actors.EvaluateWorker.Evaluate("e",
                new int[] {4, 9}, new double[] {0.5, 1e-300, -2, 3}));
        assertArrayEquals(new int[] {4, 9}, evaluate.points());
        assertArrayEquals(new double[] {0.5, 1e-300, -2, 3}, evaluate.coordinates());
        TestProbe<replex.actors.EvaluateCoordinator.Command> coordinator = testKit.createTestProbe();
        assertEquals(coordinator.ref(), roundTrip(new replex.actors.EvaluateWorker.Join("e", "{}", coordinator.ref()))
                .replyTo());
        assertEquals("e", roundTrip(new replex.actors.EvaluateWorker.Leave("e")).jobId());
        assertEquals(new replex.actors.EvaluateCoordinator.WorkerFailed("e", "n", "no", true),
                roundTrip(new replex.actors.EvaluateCoordinator.WorkerFailed("e", "n", "no", true)));
    }

    @Test
    void everyProtocolMessageSurvivesTheWire() {
        TestProbe<ExchangeCoordinator.Command> probe = testKit.createTestProbe();
        double[] factor = {1.0, 0.0, 0.5, 2.0};
        Moments moments = new Moments(2);
        moments.add(new double[] {1.0, 2.0});
        moments.add(new double[] {3.0, -1.0});
        RoundInstruction instruction = RoundInstruction.builder().round(17).level(3).beta(0.25).steps(10)
                .proposal(new Proposal(0.7, factor, 2)).collectMoments(true).firstDrawStep(170).thin(3).build();

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
        assertArrayEquals(new String[0], initBack.drawMetrics());
        ReplicaActor.Initialize withContext = roundTrip(new ReplicaActor.Initialize("job-9", 42L, 1, 2, "{}", null, 0,
                probe.ref(), new String[] {"ode_steps", "ode_evaluations"}, new String[] {"flag"}));
        assertArrayEquals(new String[] {"ode_steps", "ode_evaluations"}, withContext.drawMetrics(),
                "output.draws-metrics travel with the replica's initialisation");
        assertArrayEquals(new String[] {"flag"}, withContext.drawMetadata(),
                "output.draws-metadata travel with the replica's initialisation");

        ReplicaHost.Item item = new ReplicaHost.Item(1, 2, 5, instruction.round(), instruction.level(),
                instruction.beta(), instruction.steps(), instruction.proposal().scale(), 3,
                instruction.collectMoments(), instruction.firstDrawStep(), instruction.thin(), true);
        TestProbe<ReplicaHost.Command> hostProbe = testKit.createTestProbe();
        ReplicaHost.RunRounds run = roundTrip(new ReplicaHost.RunRounds("job-9", 77L,
                new ReplicaHost.Item[] {item, item}, new ReplicaHost.FactorUpdate[] {
                    new ReplicaHost.FactorUpdate(1, 3, 3, factor)}, probe.ref()));
        assertEquals(77L, run.batch());
        assertEquals(item, run.items()[0]);
        assertEquals(item, run.items()[1]);
        assertArrayEquals(factor, run.factors()[0].factor());
        assertEquals(3, run.factors()[0].version());
        assertEquals(probe.ref(), run.replyTo());

        RoundReport report = new RoundReport(17, 2, -123.5, -4.25, 3, 10, 1, new double[] {1, 2, 3, 4}, moments);
        RoundReport withSnapshot = new RoundReport(17, 2, -1, -2, 3, 10, 0, new double[0], null, restoreFrom);
        ExchangeCoordinator.RoundsDone done = roundTrip(new ExchangeCoordinator.RoundsDone("akka://replex@h:1", 77L,
                new ReplicaHost.Result[] {new ReplicaHost.Result(1, 2, 6, report, null),
                    new ReplicaHost.Result(1, 3, 6, withSnapshot, null), new ReplicaHost.Result(1, 4, 6, null, null),
                    new ReplicaHost.Result(1, 5, 6, null, "the target threw java.lang.AssertionError")}));
        assertEquals(77L, done.batch());
        assertEquals(6, done.results()[0].epoch());
        RoundReport back = done.results()[0].report();
        assertNull(back.snapshot());
        assertArrayEquals(restoreFrom.randomState(), done.results()[1].report().snapshot().randomState());
        assertTrue(done.results()[2].missing());
        assertEquals("the target threw java.lang.AssertionError", done.results()[3].failure());
        assertEquals(report.logLikelihood(), back.logLikelihood());
        assertArrayEquals(report.draws(), back.draws());
        assertArrayEquals(moments.covariance(), back.moments().covariance());
        ExchangeCoordinator.HostBusy busy = roundTrip(new ExchangeCoordinator.HostBusy("n", new long[] {4, 5}));
        assertArrayEquals(new long[] {4, 5}, busy.batches());
        assertEquals(new ReplicaHost.ForgetJob("job-9"), roundTrip(new ReplicaHost.ForgetJob("job-9")));

        TestProbe<ReplicaActor.Command> replicaProbe = testKit.createTestProbe();
        ExchangeCoordinator.ReplicaReady ready = new ExchangeCoordinator.ReplicaReady(3, 4,
                "akka://replex@127.0.0.1:2551", hostProbe.ref(), replicaProbe.ref(), 2);
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

    /**
     * Every non-private class marked {@link replex.actors.KryoSerializable} in src/main (found in the compiled
     * classes, not in a list kept by hand) is registered, and its id leads back to it: an id given
     * twice would silently replace the earlier class, which this then names.
     */
    @Test
    void everyMarkedClassIsRegisteredUnderAnIdOfItsOwn() {
        KryoSerializer serializer = (KryoSerializer) serialization.findSerializerFor(ReplicaActor.Release.INSTANCE);
        com.esotericsoftware.kryo.Kryo kryo = serializer.newKryo();
        List<Class<?>> marked = new java.util.ArrayList<>();
        for (com.tngtech.archunit.core.domain.JavaClass c : new com.tngtech.archunit.core.importer.ClassFileImporter()
                .withImportOption(com.tngtech.archunit.core.importer.ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("replex")) {
            if (c.isAssignableTo(replex.actors.KryoSerializable.class) && !c.isInterface()
                    && !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)
                    // private: an actor's message to itself (watchWith), which never leaves its node
                    && !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PRIVATE)) {
                marked.add(c.reflect());
            }
        }
        assertTrue(marked.contains(ReplicaHost.RunRounds.class) && marked.contains(ExchangeCoordinator.RoundsDone.class),
                "the scan finds the protocol's messages: " + marked);
        Set<Integer> ids = new HashSet<>();
        for (Class<?> c : marked) {
            com.esotericsoftware.kryo.Registration r = kryo.getClassResolver().getRegistration(c);
            assertTrue(r != null, c.getName() + " implements KryoSerializable but is not registered in KryoSerializer");
            assertSame(c, kryo.getRegistration(r.getId()).getType(), "id " + r.getId() + " of " + c.getName());
            assertTrue(ids.add(r.getId()), "id " + r.getId() + " twice");
        }
        // The retired places stay empty so that no id is reused.
        List<Class<?>> messages = new java.util.ArrayList<>(KryoSerializer.messages());
        messages.addAll(KryoSerializer.optimizeMessages());
        messages.removeIf(java.util.Objects::isNull);
        assertEquals(messages.size(), new HashSet<>(messages).size(), "a message listed twice");
    }

    @Test
    void everyStateClassHasTheSameIdOnTheWireAsInCheckpointFiles() {
        com.esotericsoftware.kryo.Kryo disk = replex.io.KryoRegistry.newKryo();
        KryoSerializer serializer = (KryoSerializer) serialization.findSerializerFor(ReplicaActor.Release.INSTANCE);
        com.esotericsoftware.kryo.Kryo wire = serializer.newKryo();
        List<Integer> compared = new java.util.ArrayList<>();
        for (int id = 20; id < 100; id++) {
            com.esotericsoftware.kryo.Registration r = disk.getRegistration(id);
            if (r == null) {
                continue;
            }
            assertEquals(id, wire.getRegistration(r.getType()).getId(), r.getType().getName() + " on the wire");
            compared.add(id);
        }
        assertEquals(24, compared.size(), "the state classes of KryoRegistry (ids 20-24, 50-62, 70-75): " + compared);
        assertEquals(58, wire.getRegistration(replex.core.replica.ReplicaSnapshot.class).getId());
    }

    @Test
    void anUnregisteredClassFailsInsteadOfWritingItsName() {
        KryoSerializer serializer = (KryoSerializer) serialization.findSerializerFor(ReplicaActor.Release.INSTANCE);
        // KryoSerializer.toBinary declares no checked exception (JSerializer does not).
        assertThrows(IllegalArgumentException.class, () -> serializer.toBinary(new java.util.ArrayList<String>()));
    }

    private byte[] bytes(Object message) {
        return ((KryoSerializer) serialization.findSerializerFor(message)).toBinary(message);
    }

    @Test
    void bytesPerReplicaPerRoundDoNotDependOnTheDimension() {
        TestProbe<ExchangeCoordinator.Command> probe = testKit.createTestProbe();
        int[] sizes = new int[2];
        int[] reportSizes = new int[2];
        int i = 0;
        for (int d : new int[] {2, 1000}) {
            // Items carry no d-sized field: the proposal is its scale plus a factor version.
            ReplicaHost.Item[] items = new ReplicaHost.Item[8];
            for (int r = 0; r < 8; r++) {
                items[r] = new ReplicaHost.Item(0, r, 0, 12345, r, Math.pow(0.5, r), 10, 0.3 * d, 0, false,
                        r == 0 ? 1000 : -1, 1, false);
            }
            sizes[i] = bytes(new ReplicaHost.RunRounds("job-1", 7, items, new ReplicaHost.FactorUpdate[0],
                    probe.ref())).length;
            // A report of a level other than 0 (no draws, no moments, no snapshot): O(1) numbers.
            reportSizes[i] = bytes(new ExchangeCoordinator.RoundsDone("akka://replex@127.0.0.1:2551", 7,
                    new ReplicaHost.Result[] {new ReplicaHost.Result(0, 3, 0, new RoundReport(12345, 3, -1.0 * d,
                            -2.0, 4, 10, 0, new double[0], null), null)})).length;
            i++;
        }
        assertEquals(sizes[0], sizes[1], "RunRounds for 8 replicas, d = 2 vs d = 1000");
        assertEquals(reportSizes[0], reportSizes[1], "a report without draws, d = 2 vs d = 1000");
        assertTrue(sizes[1] < 8 * 64, "under 64 bytes per replica: " + sizes[1]);
    }

    @Test
    void aDimensionAboveTheWireLimitIsRefusedBeforeAllocating() {
        Proposal huge = new Proposal(1.0, null, KryoSerializer.MAX_WIRE_DIMENSION + 1);
        KryoSerializer kryo = (KryoSerializer) serialization.findSerializerFor(ReplicaActor.Release.INSTANCE);
        byte[] wire = kryo.toBinary(huge);
        assertThrows(com.esotericsoftware.kryo.KryoException.class, () -> kryo.fromBinaryJava(wire, null));
    }

    /** Kryo's class id on the wire: a registered id n is written as varint(n + 2). */
    private static com.esotericsoftware.kryo.io.Output crafted(int registrationId) {
        com.esotericsoftware.kryo.io.Output out = new com.esotericsoftware.kryo.io.Output(64, -1);
        out.writeVarInt(registrationId + 2, true);
        return out;
    }

    private static String refused(KryoSerializer kryo, byte[] wire) {
        return assertThrows(com.esotericsoftware.kryo.KryoException.class, () -> kryo.fromBinaryJava(wire, null))
                .getMessage();
    }

    /**
     * Probe 5 of issue 13: lengths and dimensions read from the wire are checked before allocation.
     * Each crafted message is a few bytes that declare a huge array, string or matrix; read without
     * the bounds, each asks the heap for gigabytes. Refused, the node goes on: the next message reads.
     */
    @Test
    void craftedLengthsAreRefusedBeforeAllocatingAndTheSerializerGoesOn() {
        KryoSerializer kryo = (KryoSerializer) serialization.findSerializerFor(ReplicaActor.Release.INSTANCE);
        long before = KryoSerializer.REFUSED.get();

        com.esotericsoftware.kryo.io.Output doubles = crafted(20); // double[] of 2^31 - 2 elements
        doubles.writeVarInt(Integer.MAX_VALUE, true);
        assertTrue(refused(kryo, doubles.toBytes()).contains("double[] of 2147483646 elements declared"));

        com.esotericsoftware.kryo.io.Output items = crafted(201); // ReplicaHost.Item[] of 10^9 elements
        items.writeVarInt(1_000_000_001, true);
        assertTrue(refused(kryo, items.toBytes()).contains("Item[] of 1000000000 elements declared"));

        // String (Kryo's default registration, id 1) in its UTF-8 form declaring ~10^9 characters
        com.esotericsoftware.kryo.io.Output string = crafted(1);
        int count = 1_000_000_001; // chars + 1
        string.writeByte((byte) (0x80 | 0x40 | (count & 0x3F)));
        string.writeByte((byte) (0x80 | ((count >>> 6) & 0x7F)));
        string.writeByte((byte) (0x80 | ((count >>> 13) & 0x7F)));
        string.writeByte((byte) (0x80 | ((count >>> 20) & 0x7F)));
        string.writeByte((byte) ((count >>> 27) & 0x7F));
        assertTrue(refused(kryo, string.toBytes()).contains("string of 1000000000 characters declared"));

        // A proposal of the largest wire dimension whose d x d factor is not in the message
        com.esotericsoftware.kryo.io.Output proposal = crafted(30);
        proposal.writeVarInt(KryoSerializer.MAX_WIRE_DIMENSION, true);
        proposal.writeDouble(1.0);
        proposal.writeBoolean(true);
        assertTrue(refused(kryo, proposal.toBytes()).contains("double array of 1048576 elements declared"));

        assertEquals(before + 4, KryoSerializer.REFUSED.get(), "every refusal counted");
        assertEquals(new ReplicaHost.ForgetJob("job-1"), roundTrip(new ReplicaHost.ForgetJob("job-1")),
                "a well-formed message still reads after the refusals");
    }

    /**
     * Optimize jobs: the protocol's messages cross the wire intact; a round costs a few numbers per
     * replica whatever the table's size; a table arrives only in a snapshot or as the best state,
     * and a crafted table length is refused before allocation like any other.
     */
    @Test
    void optimizeMessagesSurviveTheWireAndTablesOnlyTravelInSnapshots() {
        TestProbe<ExchangeCoordinator.Command> probe = testKit.createTestProbe();
        TestProbe<replex.actors.OptimizeHost.Command> host = testKit.createTestProbe();
        double[] table = new double[2 * 1000];
        for (int k = 0; k < table.length; k++) {
            table[k] = Math.sin(k) * 1e-3 + k;
        }
        replex.core.optimize.OptimizeReplica.Snapshot snap = new replex.core.optimize.OptimizeReplica.Snapshot(1, 2,
                new byte[] {9, 8, 7}, table, table.clone(), -0.25);
        replex.actors.OptimizeCoordinator.SnapshotTaken taken = roundTrip(new replex.actors.OptimizeCoordinator
                .SnapshotTaken(4, 30, snap));
        assertArrayEquals(table, taken.snapshot().cells());
        assertArrayEquals(table, taken.snapshot().bestCells());
        assertEquals(30, taken.round());
        replex.actors.OptimizeReplicaActor.Initialize init = roundTrip(new replex.actors.OptimizeReplicaActor
                .Initialize("job-1", 1, 2, snap, 3, probe.ref()));
        assertArrayEquals(snap.randomState(), init.snapshot().randomState());
        assertEquals(probe.ref(), init.replyTo());
        assertArrayEquals(table, roundTrip(new replex.actors.OptimizeCoordinator.BestState(0, 1, 2, table)).cells());
        assertEquals(host.ref(), roundTrip(new replex.actors.OptimizeCoordinator.Ready(0, 1, 2, "n", host.ref(),
                null)).host());
        assertEquals("{}", roundTrip(new replex.actors.OptimizeHost.LoadJob("job-1", "{}", probe.ref())).jobJson());

        // Per round: the items and the reports hold no table, so their size is the same for any table.
        replex.actors.OptimizeHost.Item[] items = new replex.actors.OptimizeHost.Item[8];
        replex.actors.OptimizeHost.Result[] results = new replex.actors.OptimizeHost.Result[8];
        for (int r = 0; r < 8; r++) {
            items[r] = new replex.actors.OptimizeHost.Item(0, r, 0, 12345, 0.01 * (r + 1), 0.1, false);
            results[r] = new replex.actors.OptimizeHost.Result(0, r, 0, new replex.actors.OptimizeHost.Report(7, 100,
                    0.5, 0.5, 0.5, new double[] {0.9, 0.4}), null);
        }
        byte[] request = bytes(new replex.actors.OptimizeHost.RunRounds("job-1", 7, items, probe.ref()));
        replex.actors.OptimizeCoordinator.RoundsDone done = new replex.actors.OptimizeCoordinator.RoundsDone(
                "akka://replex@127.0.0.1:2551", 7, results);
        byte[] reply = bytes(done);
        assertEquals(results[3].report().metrics()[1], roundTrip(done).results()[3].report().metrics()[1]);
        assertTrue(request.length < 8 * 40 + 200, "under 40 bytes per replica: " + request.length);
        assertTrue(reply.length < 8 * 60 + 100, "under 60 bytes per replica with 2 metrics: " + reply.length);

        KryoSerializer kryo = (KryoSerializer) serialization.findSerializerFor(ReplicaActor.Release.INSTANCE);
        int bestState = 300 + KryoSerializer.optimizeMessages().indexOf(
                replex.actors.OptimizeCoordinator.BestState.class);
        com.esotericsoftware.kryo.io.Output crafted = crafted(bestState); // its first component: the cells
        crafted.writeVarInt(1_000_000_001, true);
        assertTrue(refused(kryo, crafted.toBytes()).contains("double[] of 1000000000 elements declared"));
    }
}
