package replex.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import replex.core.Target;
import replex.core.engine.ProgressListener;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunControl;
import replex.core.engine.RunResult;
import replex.core.engine.RunStoppedException;
import replex.core.engine.SequentialEngine;
import replex.io.CheckpointFile;
import replex.io.JobSpec;
import replex.targets.TargetFactory;

/**
 * The round protocol between a job's coordinator and a host, with messages lost, repeated, held
 * back and refused on purpose by proxies between the two. Durations are injected (a round deadline
 * of 300 ms, heartbeats every 100 ms): no test sleeps. In every case the job either gives exactly
 * the sequential engine's draws or fails with a message that names what went wrong; it never hangs.
 */
class RoundProtocolTest {

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

    private static ActorTestKit testKit;
    private static JobSpec spec;
    private static Target target;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("protocol", TIMINGS.withFallback(ConfigFactory.load()));
        ParallelismInvarianceTest.runSequential();
        spec = JobSpec.fromConfig(ConfigFactory.parseString(ParallelismInvarianceTest.JOB + "\njob.workers = 2"),
                JobSpec.Overrides.NONE, null);
        target = TargetFactory.create(spec.target(), ClassLoader.getSystemClassLoader());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** What the proxies do with the messages that pass them. */
    private static final class Rules {
        /** Drop these RunRounds on the way to the host. */
        Predicate<ReplicaHost.RunRounds> dropRequest = m -> false;
        /** Drop these RoundsDone on the way to the coordinator. */
        Predicate<ExchangeCoordinator.RoundsDone> dropReply = m -> false;
        /** Deliver these RoundsDone twice. */
        Predicate<ExchangeCoordinator.RoundsDone> duplicateReply = m -> false;
        /** Hold these RoundsDone back until the chain's replicas are re-created (a later epoch). */
        Predicate<ExchangeCoordinator.RoundsDone> holdReply = m -> false;
        /** Make the host forget the job's replicas just before these RunRounds reach it. */
        Predicate<ReplicaHost.RunRounds> forgetBefore = m -> false;
        /** Never pass on these replica creations. */
        Predicate<ReplicaActor.Initialize> dropCreate = m -> false;
        /** Told the coordinator as soon as it exists, before any replica can have answered. */
        java.util.function.Consumer<ActorRef<ExchangeCoordinator.Command>> atStart = c -> { };
        final List<ExchangeCoordinator.RoundsDone> held = new ArrayList<>();
        final AtomicInteger heldDelivered = new AtomicInteger();
    }

    /** A job run through the proxies; returns its result, or throws what the run failed with. */
    private static RunResult run(Rules rules, int checkpointEvery) throws Exception {
        return run(rules, checkpointEvery, spec, target);
    }

    private static RunResult run(Rules rules, int checkpointEvery, JobSpec job, Target jobTarget) throws Exception {
        return run(rules, checkpointEvery, job, jobTarget, null);
    }

    private static RunResult run(Rules rules, int checkpointEvery, JobSpec job, Target jobTarget, Path checkpointDir)
            throws Exception {
        String name = "job" + JOBS.incrementAndGet();
        ActorRef<ReplicaHost.Command> host = testKit.spawn(ReplicaHost.create(
                new NodeTargets(ClassLoader.getSystemClassLoader()), new ReplicaHost.Registry(), "test-node", 2,
                Duration.ofMillis(100)), name + "-host");
        AtomicReference<ActorRef<ExchangeCoordinator.Command>> coordinator = new AtomicReference<>();
        AtomicReference<ActorRef<ReplicaHost.Command>> hostProxyRef = new AtomicReference<>();
        List<ExchangeCoordinator.Command> early = new ArrayList<>(); // answers before the coordinator is known
        ActorRef<ExchangeCoordinator.Command> coordinatorProxy = testKit.spawn(Behaviors.receive(
                ExchangeCoordinator.Command.class).onAnyMessage(m -> {
                    if (coordinator.get() == null) {
                        early.add(m);
                        return Behaviors.same();
                    }
                    if (!early.isEmpty()) {
                        List<ExchangeCoordinator.Command> now = new ArrayList<>(early);
                        early.clear();
                        for (ExchangeCoordinator.Command e : now) {
                            forward(e, rules, coordinator.get(), hostProxyRef.get());
                        }
                    }
                    forward(m, rules, coordinator.get(), hostProxyRef.get());
                    return Behaviors.same();
                }).build(), name + "-coordinator-proxy");
        Behavior<ReplicaHost.Command> proxy = Behaviors.receive(ReplicaHost.Command.class).onAnyMessage(m -> {
            if (m instanceof ReplicaHost.CreateReplica c) {
                ReplicaActor.Initialize i = c.init();
                if (i.epoch() > 0 && !rules.held.isEmpty()) { // the chain is being restored: release the stale answers
                    rules.held.forEach(coordinator.get()::tell);
                    rules.heldDelivered.addAndGet(rules.held.size());
                    rules.held.clear();
                }
                if (!rules.dropCreate.test(i)) {
                    host.tell(new ReplicaHost.CreateReplica(new ReplicaActor.Initialize(i.jobId(), i.seed(), i.chain(),
                            i.replica(), i.targetJson(), i.snapshot(), i.epoch(), coordinatorProxy, i.drawMetrics(),
                            i.drawMetadata())));
                }
            } else if (m instanceof ReplicaHost.RunRounds r) {
                if (rules.forgetBefore.test(r)) {
                    host.tell(new ReplicaHost.ForgetJob(r.jobId()));
                }
                if (!rules.dropRequest.test(r)) {
                    host.tell(new ReplicaHost.RunRounds(r.jobId(), r.batch(), r.items(), r.factors(), coordinatorProxy));
                }
            } else {
                host.tell(m);
            }
            return Behaviors.same();
        }).build();
        ActorRef<ReplicaHost.Command> hostProxy = testKit.spawn(proxy, name + "-host-proxy");
        hostProxyRef.set(hostProxy);
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        ActorRef<JobClient.Event> client = testKit.spawn(JobClient.direct(job.sampler(), ProgressListener.NONE,
                result, null), name + "-client");
        TestProbe<JobManager.Command> manager = testKit.createTestProbe();
        ExchangeCoordinator.Checkpoints checkpoints = new ExchangeCoordinator.Checkpoints(
                checkpointDir == null ? null : checkpointDir.toString(), checkpointEvery,
                checkpointDir == null ? null : job.toJson(), null, false, false);
        ActorRef<ExchangeCoordinator.Command> job0 = testKit.spawn(ExchangeCoordinator.create(name, job.sampler(),
                job.target().root().render(ConfigRenderOptions.concise()), jobTarget.dimension(),
                jobTarget.parameterNames(), client, manager.ref(), checkpoints, Placement.local(hostProxy),
                EngineTimings.from(testKit.system().settings().config()), "test"), name);
        coordinator.set(job0);
        rules.atStart.accept(job0);
        coordinatorProxy.tell(ExchangeCoordinator.CheckDeadlines.INSTANCE); // passes on what arrived before
        client.tell(new JobClient.WatchJob(job0));
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static final AtomicInteger JOBS = new AtomicInteger();

    /** The coordinator proxy's rules for one message on its way to the coordinator. */
    private static void forward(ExchangeCoordinator.Command m, Rules rules, ActorRef<ExchangeCoordinator.Command> to,
            ActorRef<ReplicaHost.Command> hostProxy) {
        if (m instanceof ExchangeCoordinator.ReplicaReady r) {
            to.tell(new ExchangeCoordinator.ReplicaReady(r.chain(), r.replica(), r.node(), hostProxy, r.entity(),
                    r.epoch()));
        } else if (m instanceof ExchangeCoordinator.RoundsDone d) {
            if (rules.holdReply.test(d)) {
                rules.held.add(d);
            } else if (!rules.dropReply.test(d)) {
                to.tell(d);
                if (rules.duplicateReply.test(d)) {
                    to.tell(d);
                }
            }
        } else {
            to.tell(m);
        }
    }

    private static long events(RunResult r, String kind) {
        return r.events().stream().map(RecoveryEvent::kind).filter(kind::equals).count();
    }

    @Test
    void undisturbedRunMatchesTheSequentialEngine() throws Exception {
        Rules rules = new Rules();
        AtomicInteger messages = new AtomicInteger();
        AtomicInteger items = new AtomicInteger();
        rules.dropRequest = m -> {
            messages.incrementAndGet();
            items.addAndGet(m.items().length);
            return false;
        };
        RunResult r = run(rules, 20);
        ParallelismInvarianceTest.assertSameResult(ParallelismInvarianceTest.sequential, r, 2);
        assertEquals(0, r.events().size(), "nothing to recover from: " + r.events());
        // One host: at most one RunRounds per chain and round (chains ready together share one), never one
        // per replica: 3 chains x 5 levels x 120 rounds = 1800 replica-rounds.
        assertEquals(3 * 5 * 120, items.get());
        assertTrue(messages.get() <= 3 * 120, "RunRounds messages: " + messages.get());
    }

    @Test
    void aLostRunRoundsPassesItsDeadlineAndTheChainReplaysToTheSameDraws() throws Exception {
        Rules rules = new Rules();
        AtomicInteger dropped = new AtomicInteger();
        rules.dropRequest = m -> m.batch() == 50 && dropped.incrementAndGet() == 1;
        RunResult r = run(rules, 20);
        assertEquals(1, dropped.get());
        ParallelismInvarianceTest.assertSameResult(ParallelismInvarianceTest.sequential, r, 2);
        assertTrue(events(r, "round-deadline") >= 1, "the lost round is reported: " + r.events());
    }

    @Test
    void aLostReplyPassesItsDeadlineAndTheChainReplaysToTheSameDraws() throws Exception {
        Rules rules = new Rules();
        AtomicInteger dropped = new AtomicInteger();
        rules.dropReply = m -> m.batch() == 70 && dropped.incrementAndGet() == 1;
        RunResult r = run(rules, 0); // no snapshots: the affected chains replay from round 0
        ParallelismInvarianceTest.assertSameResult(ParallelismInvarianceTest.sequential, r, 2);
        RecoveryEvent e = r.events().stream().filter(x -> x.kind().equals("round-deadline")).findFirst().orElseThrow();
        assertEquals(0, e.restoredRound(), "without snapshots a chain restarts from round 0: " + e);
        assertTrue(e.detail().contains("no answer from node test-node"), e.detail());
    }

    @Test
    void duplicateRepliesAreIgnored() throws Exception {
        Rules rules = new Rules();
        rules.duplicateReply = m -> true;
        RunResult r = run(rules, 20);
        ParallelismInvarianceTest.assertSameResult(ParallelismInvarianceTest.sequential, r, 2);
    }

    @Test
    void aReplyOfAnEarlierEpochIsIgnored() throws Exception {
        Rules rules = new Rules();
        AtomicInteger heldOnce = new AtomicInteger();
        // Held back until its chains are restored (after the deadline), then delivered: stale by then.
        rules.holdReply = m -> m.batch() == 90 && heldOnce.incrementAndGet() == 1;
        RunResult r = run(rules, 20);
        assertEquals(1, rules.heldDelivered.get(), "the stale reply reached the coordinator");
        ParallelismInvarianceTest.assertSameResult(ParallelismInvarianceTest.sequential, r, 2);
    }

    /**
     * A suspension asked for while the replicas are still being created waits for them (the
     * initialising state stashes it), then stops every chain at round 2 with a checkpoint from which
     * the sequential engine finishes the job to the bit.
     */
    @Test
    void aSuspensionDuringInitialisationStopsTheJobAfterItsFirstRounds(@TempDir Path dir) throws Exception {
        Rules rules = new Rules();
        AtomicBoolean suspendSent = new AtomicBoolean();
        // one replica is not created until the suspension is in the coordinator's mailbox
        rules.dropCreate = i -> i.chain() == 1 && i.replica() == 2 && !suspendSent.get();
        rules.atStart = c -> {
            c.tell(ExchangeCoordinator.Suspend.INSTANCE);
            suspendSent.set(true);
        };
        RunStoppedException stopped = org.junit.jupiter.api.Assertions.assertThrows(RunStoppedException.class,
                () -> run(rules, 0, spec, target, dir));
        assertEquals(2, stopped.round());
        CheckpointFile.Loaded loaded = CheckpointFile.readLatest(dir);
        assertEquals(2, loaded.payload().state().round());
        RunResult finished = SequentialEngine.run(spec.sampler(), target, ProgressListener.NONE,
                loaded.payload().state(), RunControl.NONE);
        ParallelismInvarianceTest.assertSameResult(ParallelismInvarianceTest.sequential, finished, 0);
    }

    @Test
    void aRoundThatIsAlwaysLostFailsTheJobNamingTheChainAndRound() {
        Rules rules = new Rules();
        rules.dropRequest = m -> java.util.Arrays.stream(m.items()).anyMatch(i -> i.chain() == 1 && i.round() == 30);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> run(rules, 20));
        assertTrue(e.getMessage().contains("chain 1 could not complete round 30 in 3 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("no answer from node test-node"), e.getMessage());
    }

    @Test
    void aReplicaThatNeverAnswersItsInitialisationFailsTheJobNamingIt() {
        Rules rules = new Rules();
        rules.dropCreate = i -> i.chain() == 2 && i.replica() == 3;
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> run(rules, 20));
        assertTrue(e.getMessage().contains("replica 3 of chain 2 did not answer its initialisation 30 times"),
                e.getMessage());
    }

    @Test
    void aHostThatNoLongerHoldsAReplicaMakesTheChainRestoreIt() throws Exception {
        Rules rules = new Rules();
        AtomicInteger forgotten = new AtomicInteger();
        // The replica is gone from the host (as after a restart): the host answers "missing".
        rules.forgetBefore = m -> m.batch() == 60 && forgotten.incrementAndGet() == 1;
        RunResult r = run(rules, 20);
        assertEquals(1, forgotten.get());
        ParallelismInvarianceTest.assertSameResult(ParallelismInvarianceTest.sequential, r, 2);
        assertEquals(3, events(r, "replicas-restored"), "every chain had replicas there: " + r.events());
        assertTrue(r.events().get(0).detail().contains("node test-node no longer holds replicas"),
                r.events().get(0).detail());
    }

    @Test
    void replicasRestoredAfterALossRecordTheSameMetricsWithTheirDraws() throws Exception {
        // output.draws-metrics: the re-created replicas get the metric names again and evaluate their
        // restored states afresh; the replayed draws, metrics included, equal the sequential engine's
        RunResult r = restoredAfterALoss("output.draws-metrics = [sum, positive]");
        assertEquals(2 + 2 + 2, r.chains().get(0).draws().width(), "a, b, log-likelihood, log-prior, 2 metrics");
    }

    @Test
    void replicasRestoredAfterALossRecordTheSameMetadataWithTheirDraws() throws Exception {
        // output.draws-metadata: the re-created replicas get the metadata names again and evaluate their
        // restored states afresh; the replayed draws' strings equal the sequential engine's
        RunResult r = restoredAfterALoss("output.draws-metadata = [note, right]");
        assertEquals(2, r.chains().get(0).draws().metadataWidth(), "note, right");
    }

    /**
     * Runs {@link ParallelismInvarianceTest#JOB} on {@link replex.api.MetricsTarget} with {@code output} on
     * 2 workers whose host forgets the job once, asserts that 3 chains' replicas were restored and that the
     * result equals the sequential engine's, and returns it.
     */
    private RunResult restoredAfterALoss(String output) throws Exception {
        JobSpec job = JobSpec.fromConfig(ConfigFactory.parseString(ParallelismInvarianceTest.JOB.replace(
                "target { name = gaussian-mixture, weights = [0.3, 0.7], means = [[-4, 0], [4, 1]], sd = 1 }",
                "target { class = \"" + replex.api.MetricsTarget.class.getName() + "\" }")
                + "\njob.workers = 2\n" + output), JobSpec.Overrides.NONE, null);
        Target metricsTarget = TargetFactory.create(job.target(), ClassLoader.getSystemClassLoader());
        RunResult expected = replex.core.engine.SequentialEngine.run(job.sampler(), metricsTarget,
                ProgressListener.NONE);
        Rules rules = new Rules();
        AtomicInteger forgotten = new AtomicInteger();
        rules.forgetBefore = m -> m.batch() == 60 && forgotten.incrementAndGet() == 1;
        RunResult r = run(rules, 20, job, metricsTarget);
        assertEquals(1, forgotten.get());
        assertEquals(3, events(r, "replicas-restored"), r.events().toString());
        ParallelismInvarianceTest.assertSameResult(expected, r, 2);
        return r;
    }

    /** Throws an {@link AssertionError} (not an exception: Replica does not catch it) from round 3 on. */
    public static final class FailingTarget implements Target {
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public double logPrior(double[] x) {
            return -0.5 * x[0] * x[0];
        }

        @Override
        public double logLikelihood(double[] x) {
            if (calls.incrementAndGet() > 200) {
                throw new AssertionError("x[0] > 1 not supported");
            }
            return 0;
        }

        @Override
        public double[] initialState(UniformRandomProvider rng) {
            return new double[] {rng.nextDouble()};
        }
    }

    @Test
    void aTargetThatThrowsAnErrorFailsTheJobInsteadOfHangingIt() {
        JobSpec failing = JobSpec.fromConfig(ConfigFactory.parseString("job { seed = 1, chains = 2, "
                + "temperatures { count = 3 }, rounds = 100, steps-per-round = 5, workers = 2, "
                + "target { class = \"" + FailingTarget.class.getName() + "\" } }"), JobSpec.Overrides.NONE, null);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> run(new Rules(), 0, failing, new FailingTarget()));
        assertTrue(e.getMessage().contains("the target threw java.lang.AssertionError: x[0] > 1 not supported"),
                e.getMessage());
        assertTrue(e.getMessage().contains("on node test-node"), e.getMessage());
    }

    @Test
    void aCoordinatorThatCrashesFailsTheRunInsteadOfLeavingItWaiting() {
        Rules rules = new Rules();
        // A reply naming a chain the job does not have makes the coordinator throw and stop.
        AtomicReference<Boolean> corrupted = new AtomicReference<>(false);
        rules.dropReply = m -> false;
        rules.duplicateReply = m -> false;
        rules.holdReply = m -> {
            if (m.batch() == 40 && !corrupted.getAndSet(true)) {
                ReplicaHost.Result first = m.results()[0];
                m.results()[0] = new ReplicaHost.Result(99, first.replica(), first.epoch(), first.report(), null);
            }
            return false;
        };
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> run(rules, 20));
        assertTrue(e.getMessage().contains("coordinator stopped without finishing the job"), e.getMessage());
    }
}
