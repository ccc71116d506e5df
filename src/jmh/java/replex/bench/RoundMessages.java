package replex.bench;

import java.util.List;

import com.typesafe.config.ConfigFactory;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;

import replex.actors.ExchangeCoordinator;
import replex.actors.ReplicaHost;
import replex.cluster.KryoSerializer;
import replex.core.proposal.Proposal;
import replex.core.replica.Replica;
import replex.core.replica.ReplicaSnapshot;
import replex.core.replica.RoundInstruction;
import replex.core.replica.RoundReport;
import replex.targets.GaussianMixtureTarget;

/**
 * Realistic round messages for one chain of 8 replicas: the replicas are real ({@link Replica} on the
 * two-mode Gaussian mixture in d dimensions) and run a real round (10 steps, level 0 keeps every step),
 * and the messages are serialised by the project's {@link KryoSerializer}, found through Akka's
 * serialization extension of an actor system configured as a cluster node ({@code application.conf},
 * Artery on 127.0.0.1), so that actor references have their remote form.
 */
final class RoundMessages implements AutoCloseable {

    static final int REPLICAS = 8;
    static final int STEPS = 10;

    final ActorSystem<ExchangeCoordinator.Command> system;
    final Serializer serializer;
    /** Stands for the job's coordinator (the replyTo of RunRounds). */
    final ActorRef<ExchangeCoordinator.Command> coordinator;

    RoundMessages() {
        system = ActorSystem.create(Behaviors.ignore(), "replex", ConfigFactory.parseString(
                "akka.remote.artery.canonical.port = 0\nakka.remote.artery.canonical.hostname = 127.0.0.1\n"
                + "akka.loglevel = WARNING").withFallback(ConfigFactory.load()));
        serializer = SerializationExtension.get(Adapter.toClassic(system)).findSerializerFor(
                ReplicaHost.ForgetJob.class.cast(new ReplicaHost.ForgetJob("x")));
        coordinator = system.systemActorOf(Behaviors.<ExchangeCoordinator.Command>ignore(), "coordinator-job-1",
                akka.actor.typed.Props.empty());
        if (!(serializer instanceof KryoSerializer)) {
            throw new IllegalStateException("round messages are not bound to Kryo: " + serializer);
        }
    }

    /** The messages of one round of one chain in d dimensions. */
    record Round(int dimension, ReplicaHost.RunRounds runRounds, ReplicaHost.RunRounds runRoundsWithFactors,
            ExchangeCoordinator.RoundsDone roundsDone, ReplicaSnapshot snapshot, int keptDraws) {
    }

    Round round(int dimension) {
        GaussianMixtureTarget target = BenchTargets.twoModesTarget(dimension);
        long round = 1000;
        ReplicaHost.Item[] items = new ReplicaHost.Item[REPLICAS];
        ReplicaHost.Result[] results = new ReplicaHost.Result[REPLICAS];
        ReplicaHost.FactorUpdate[] factors = new ReplicaHost.FactorUpdate[REPLICAS];
        ReplicaSnapshot snapshot = null;
        for (int r = 0; r < REPLICAS; r++) {
            double beta = Math.pow(0.01, r / 7.0);
            long firstDrawStep = r == 0 ? round * STEPS : -1;
            items[r] = new ReplicaHost.Item(0, r, 1, round, r, beta, STEPS, 0.5, 0, false, firstDrawStep, 1, false);
            Replica replica = new Replica(target, 42L, 0, r);
            RoundReport report = replica.runRound(RoundInstruction.builder().round(round).level(r).beta(beta)
                    .steps(STEPS).proposal(new Proposal(0.5, null, dimension)).firstDrawStep(firstDrawStep).thin(1)
                    .build());
            results[r] = new ReplicaHost.Result(0, r, 1, report, null);
            double[] factor = new double[dimension * dimension];
            for (int i = 0; i < dimension; i++) {
                factor[i * dimension + i] = 1.0;
            }
            factors[r] = new ReplicaHost.FactorUpdate(0, r, 1, factor);
            if (r == 0) {
                snapshot = replica.snapshot();
            }
        }
        ReplicaHost.Item[] withFactors = new ReplicaHost.Item[REPLICAS];
        for (int r = 0; r < REPLICAS; r++) {
            ReplicaHost.Item it = items[r];
            withFactors[r] = new ReplicaHost.Item(it.chain(), it.replica(), it.epoch(), it.round(), it.level(),
                    it.beta(), it.steps(), it.scale(), 1, it.collectMoments(), it.firstDrawStep(), it.thin(),
                    it.snapshot());
        }
        return new Round(dimension,
                new ReplicaHost.RunRounds("job-1", round, items, new ReplicaHost.FactorUpdate[0], coordinator),
                new ReplicaHost.RunRounds("job-1", round, withFactors, factors, coordinator),
                new ExchangeCoordinator.RoundsDone("akka://replex@127.0.0.1:2551", round, results), snapshot,
                results[0].report().draws().length / (dimension + 2));
    }

    /** @return the serialised bytes */
    byte[] bytes(Object message) {
        return serializer.toBinary(message);
    }

    /** @return the size of one {@link Replica} state inside a snapshot: the snapshot alone */
    byte[] snapshotBytes(ReplicaSnapshot snapshot) {
        return serializer.toBinary(snapshot);
    }

    static List<Integer> dimensions() {
        return List.of(2, 10, 100, 1000);
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort
        }
    }
}
