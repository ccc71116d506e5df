package replex.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Behaviors;

import replex.core.Objective;
import replex.core.optimize.OptimizeControl;
import replex.core.optimize.OptimizeEngine;
import replex.io.JobSpec;
import replex.io.OptimizeSpec;
import replex.io.TableCsv;
import replex.objectives.ObjectiveFactory;

/**
 * The optimize round protocol in one JVM with every message serialised (Kryo and Jackson, as on a
 * cluster): coordinator, host and client give exactly the sequential engine's result, also when the
 * host loses the job's replicas mid-run or a round's request is lost (the job rolls back to its
 * last snapshot and replays). Durations are injected; no test sleeps.
 */
class OptimizeProtocolTest {

    private static final Config TIMINGS = ConfigFactory.parseString("""
            akka.actor.provider = local
            akka.actor.serialize-messages = on
            replex.worker-dispatcher.thread-pool-executor.fixed-pool-size = 2
            replex.engine {
              initialize-retry = 100ms
              initialize-attempts = 30
              heartbeat = 100ms
              round-deadline { minimum = 300ms, multiplier = 20, check-interval = 50ms, max-replays = 3 }
              checkpoint-retry = 200ms
            }
            """);

    /**
     * A table with an incremental objective, 3 chains x 4 levels, snapshots every 10 rounds. Its
     * evaluator's value and the value of its evaluation differ in the last bit in some rounds (round
     * 7 here): history.csv records the latter, the search the former; both must cross the wire.
     */
    static final String JOB = "job { mode = optimize, seed = 11, objective { name = pearson-spearman-gap }, "
            + "state { file = \"%s\" }, chains = 3, temperatures { count = 4, t-min = 0.001, t-max = 0.1 }, "
            + "rounds = 45, steps-per-round = 50, move.cells = 3, checkpoint-every = 10, workers = 2 }\n"
            + "output { dir = \"%s\", history-every = 7 }\n";

    private static ActorTestKit testKit;
    private static OptimizeSpec spec;
    private static Objective objective;
    private static OptimizeEngine.Result sequential;

    @BeforeAll
    static void start() throws IOException {
        testKit = ActorTestKit.create("optimize", TIMINGS.withFallback(ConfigFactory.load()));
        Path data = Path.of("examples/data/two-normals-1000.csv").toAbsolutePath();
        Path job = java.nio.file.Files.createTempFile("optimize-protocol", ".conf");
        java.nio.file.Files.writeString(job, String.format(JOB, data, job.getParent().resolve("never")));
        OptimizeSpec loaded = OptimizeSpec.load(job, JobSpec.Overrides.NONE);
        objective = ObjectiveFactory.createPrepared(loaded.objectiveBlock(), null, loaded.columnNames(),
                loaded.rows(), null);
        spec = loaded.withDirectionOf(objective);
        sequential = OptimizeEngine.run(spec.settings(), spec.problem(objective), null, OptimizeEngine.Listener.NONE,
                OptimizeControl.NONE, null);
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static final AtomicInteger JOBS = new AtomicInteger();

    /**
     * Runs the job through a proxy in front of the host.
     *
     * @param forgetBefore the host forgets the job's replicas just before these requests reach it
     * @param drop these requests never reach the host
     */
    private static OptimizeClient.Outcome run(Predicate<OptimizeHost.RunRounds> forgetBefore,
            Predicate<OptimizeHost.RunRounds> drop) throws Exception {
        return run(forgetBefore, drop, OptimizeCoordinator.CheckpointFiles.NONE);
    }

    /** As {@link #run(Predicate, Predicate)}, with checkpoint files. */
    private static OptimizeClient.Outcome run(Predicate<OptimizeHost.RunRounds> forgetBefore,
            Predicate<OptimizeHost.RunRounds> drop, OptimizeCoordinator.CheckpointFiles files) throws Exception {
        String name = "opt" + JOBS.incrementAndGet();
        OptimizeNode node = new OptimizeNode(ClassLoader.getSystemClassLoader());
        ActorRef<OptimizeHost.Command> host = testKit.spawn(OptimizeHost.create(node, "test-node", 2,
                Duration.ofMillis(100)), name + "-host");
        AtomicReference<ActorRef<OptimizeHost.Command>> proxyRef = new AtomicReference<>();
        AtomicReference<ActorRef<ExchangeCoordinator.Command>> coordinator = new AtomicReference<>();
        // Between host and coordinator: the host's answers name the proxy as their host.
        ActorRef<ExchangeCoordinator.Command> back = testKit.spawn(Behaviors.receive(ExchangeCoordinator.Command.class)
                .onAnyMessage(m -> {
                    ExchangeCoordinator.Command out = m;
                    if (m instanceof OptimizeCoordinator.Ready r) {
                        out = new OptimizeCoordinator.Ready(r.chain(), r.replica(), r.epoch(), r.node(), proxyRef.get(),
                                r.entity());
                    } else if (m instanceof OptimizeCoordinator.JobMissing j) {
                        out = new OptimizeCoordinator.JobMissing(j.chain(), j.replica(), j.epoch(), j.node(),
                                proxyRef.get());
                    } else if (m instanceof OptimizeCoordinator.JobLoaded l) {
                        out = new OptimizeCoordinator.JobLoaded(l.node(), proxyRef.get());
                    }
                    coordinator.get().tell(out);
                    return Behaviors.same();
                }).build(), name + "-back");
        ActorRef<OptimizeHost.Command> proxy = testKit.spawn(Behaviors.receive(OptimizeHost.Command.class)
                .onAnyMessage(m -> {
                    if (m instanceof OptimizeHost.RunRounds r) {
                        if (forgetBefore.test(r)) {
                            host.tell(new OptimizeHost.ForgetJob(r.jobId()));
                        }
                        if (!drop.test(r)) {
                            host.tell(new OptimizeHost.RunRounds(r.jobId(), r.batch(), r.items(), back));
                        }
                    } else if (m instanceof OptimizeHost.CreateReplica c) {
                        OptimizeReplicaActor.Initialize i = c.init();
                        host.tell(new OptimizeHost.CreateReplica(new OptimizeReplicaActor.Initialize(i.jobId(),
                                i.chain(), i.replica(), i.snapshot(), i.epoch(), back)));
                    } else if (m instanceof OptimizeHost.LoadJob l) {
                        host.tell(new OptimizeHost.LoadJob(l.jobId(), l.jobJson(), back));
                    } else if (m instanceof OptimizeHost.SendBest b) {
                        host.tell(new OptimizeHost.SendBest(b.jobId(), b.chain(), b.replica(), b.epoch(), back));
                    } else {
                        host.tell(m);
                    }
                    return Behaviors.same();
                }).build(), name + "-proxy");
        proxyRef.set(proxy);
        CompletableFuture<OptimizeClient.Outcome> result = new CompletableFuture<>();
        ActorRef<JobClient.Event> client = testKit.spawn(OptimizeClient.direct(spec, OptimizeEngine.Listener.NONE,
                result), name + "-client");
        TestProbe<JobManager.Command> manager = testKit.createTestProbe();
        coordinator.set(testKit.spawn(OptimizeCoordinator.create(name, spec, objective.metricNames(), client,
                manager.ref(), OptimizeReplicas.local(proxy), EngineTimings.from(testKit.system().settings().config()),
                files, "test"), name));
        client.tell(new JobClient.WatchJob(coordinator.get()));
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static byte[] best(OptimizeEngine.Result r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TableCsv.write(r.bestState(), out);
        return out.toByteArray();
    }

    private static void assertSameAsSequential(OptimizeEngine.Result r) throws IOException {
        assertArrayEquals(best(sequential), best(r), "best.csv");
        assertEquals(sequential.bestValue(), r.bestValue());
        assertEquals(sequential.bestRound(), r.bestRound());
        assertEquals(sequential.bestChain(), r.bestChain());
        assertEquals(sequential.bestLevel(), r.bestLevel());
        assertEquals(sequential.roundsDone(), r.roundsDone());
        assertEquals(sequential.stopReason(), r.stopReason());
        assertEquals(sequential.history().size(), r.history().size());
        for (int i = 0; i < r.history().size(); i++) {
            OptimizeEngine.HistoryRow a = sequential.history().get(i);
            OptimizeEngine.HistoryRow b = r.history().get(i);
            assertEquals(List.of(a.round(), a.chain(), a.level(), a.temperature(), a.jitter(), a.evaluation().value()),
                    List.of(b.round(), b.chain(), b.level(), b.temperature(), b.jitter(), b.evaluation().value()),
                    "history row " + i);
            assertEquals(a.evaluation().metrics(), b.evaluation().metrics(), "history row " + i);
        }
        for (int c = 0; c < r.chains().size(); c++) {
            assertArrayEquals(sequential.chains().get(c).movesAccepted(), r.chains().get(c).movesAccepted());
            assertArrayEquals(sequential.chains().get(c).swapsAccepted(), r.chains().get(c).swapsAccepted());
            assertArrayEquals(sequential.chains().get(c).jitters(), r.chains().get(c).jitters());
        }
    }

    @Test
    void givesTheSequentialEnginesResultWithEveryMessageSerialised() throws Exception {
        OptimizeClient.Outcome o = run(m -> false, m -> false);
        assertSameAsSequential(o.result());
        assertTrue(o.events().isEmpty(), o.events().toString());
        assertEquals(java.util.Map.of("test-node", 12), o.replicasPerNode());
    }

    /** The host loses the replicas before round 27: back to the snapshot of round 20, 7 rounds replayed. */
    @Test
    void replicasLostOnTheirHostAreRestoredFromTheLastSnapshot() throws Exception {
        AtomicInteger once = new AtomicInteger();
        OptimizeClient.Outcome o = run(m -> m.items()[0].round() == 27 && once.getAndIncrement() == 0, m -> false);
        assertSameAsSequential(o.result());
        assertEquals(1, o.events().size(), o.events().toString());
        assertEquals("replicas-restored", o.events().get(0).kind());
        assertEquals(27, o.events().get(0).detectedAtRound());
        assertEquals(20, o.events().get(0).restoredRound());
    }

    /**
     * With a checkpoint directory the coordinator writes format-4 checkpoints at its snapshot rounds
     * (the 2 newest kept); a job started from one (as after the loss of its coordinator's node) gives
     * the uninterrupted result and records the restart; in a shared folder the finished job keeps its
     * result, which reads back as the same result, and its checkpoints are deleted.
     */
    @Test
    void checkpointFilesRestartTheJobAndTheSharedFolderKeepsItsResult(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path own = tmp.resolve("own");
        OptimizeClient.Outcome first = run(m -> false, m -> false, new OptimizeCoordinator.CheckpointFiles(
                own.toString(), false, false, null));
        assertSameAsSequential(first.result());
        assertEquals(List.of("checkpoint-000000000030.rpx", "checkpoint-000000000040.rpx"),
                replex.io.CheckpointFile.list(own).stream().map(f -> f.getFileName().toString()).sorted().toList());

        // The same files `replex resume` reads, in one JVM, from a copy of them.
        Path copy = tmp.resolve("copy");
        java.nio.file.Files.createDirectories(copy.resolve("checkpoints"));
        for (Path f : replex.io.CheckpointFile.list(own)) {
            java.nio.file.Files.copy(f, copy.resolve("checkpoints").resolve(f.getFileName()));
        }
        replex.api.Optimizer.Completed resumed = replex.api.Optimizer.resumeAndWrite(copy, 0, null,
                OptimizeEngine.Listener.NONE, () -> false);
        assertSameAsSequential(resumed.result());
        assertArrayEquals(best(sequential), java.nio.file.Files.readAllBytes(copy.resolve("best.csv")));

        replex.io.OptimizeCheckpointFile.Loaded newest = replex.io.OptimizeCheckpointFile.readLatest(own);
        assertEquals(40, newest.payload().state().round());
        Path shared = tmp.resolve("shared");
        OptimizeClient.Outcome restarted = run(m -> false, m -> false, new OptimizeCoordinator.CheckpointFiles(
                shared.toString(), true, true, newest));
        assertSameAsSequential(restarted.result());
        assertEquals(1, restarted.events().size(), restarted.events().toString());
        assertEquals("job-restarted", restarted.events().get(0).kind());
        assertEquals(40, restarted.events().get(0).restoredRound());
        assertEquals(-1, restarted.events().get(0).roundsReplayed());

        assertTrue(replex.io.CheckpointFile.list(shared).isEmpty(), "checkpoints deleted at the end");
        replex.io.OptimizeCheckpointFile.Payload kept = replex.io.OptimizeCheckpointFile.read(
                shared.resolve(replex.io.JobDirectory.RESULT_FILE));
        replex.core.optimize.OptimizeState state = kept.state();
        OptimizeEngine.Result read = replex.core.optimize.OptimizeSearch.finished(spec.settings(),
                List.of(kept.metricNames()), state, new replex.core.optimize.TableState(spec.rows(),
                        spec.columnNames().size(), state.replicas()[0].bestCells(), spec.columnNames()));
        assertSameAsSequential(read);
        assertEquals(List.of(restarted.events().get(0)), List.of(kept.events()));
    }

    /** A request lost before round 4 (no snapshot yet): past its deadline the job starts again from round 0. */
    @Test
    void aLostRequestIsReplayedAfterItsDeadline() throws Exception {
        AtomicInteger once = new AtomicInteger();
        OptimizeClient.Outcome o = run(m -> false, m -> m.items()[0].round() == 4 && once.getAndIncrement() == 0);
        assertSameAsSequential(o.result());
        assertEquals(1, o.events().size(), o.events().toString());
        assertEquals("round-deadline", o.events().get(0).kind());
        assertEquals(0, o.events().get(0).restoredRound());
    }
}
