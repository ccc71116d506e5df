package replex.actors;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import replex.core.Target;
import replex.io.ReplexVersion;
import replex.targets.TargetFactory;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunControl;
import replex.core.engine.RunResult;
import replex.core.engine.RunStoppedException;
import akka.actor.typed.ActorRef;
import replex.io.CheckpointFile;
import replex.io.JobSpec;

/**
 * Runs a job on actors in this JVM: a plain (non-cluster) actor system with one {@link ReplicaHost}
 * that holds every replica and runs them on {@code workers} threads, the job's
 * {@link ExchangeCoordinator} and a {@link JobClient} that collects the result, with the same round
 * protocol as on a cluster. No remoting, cluster membership or sharding: they cost seconds of
 * start-up and nothing here needs them. Gives the same draws as the sequential engine, bit for bit.
 */
public final class ActorEngine {


    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ActorEngine.class);

    private ActorEngine() {
    }

    /**
     * @param spec the job; {@code spec.workers()} threads (≥ 1) run replica steps
     * @param classLoader where user target classes are found
     * @param listener progress
     * @return the result, identical to {@link replex.core.engine.SequentialEngine}'s
     * @throws replex.core.ConfigurationException if the job is rejected
     * @throws IllegalStateException if the run fails
     */
    public static RunResult run(JobSpec spec, ClassLoader classLoader, ProgressListener listener) {
        return run(spec, classLoader, listener, ConfigFactory.empty());
    }

    /**
     * As {@link #run(JobSpec, ClassLoader, ProgressListener)}, with Akka settings that take precedence
     * over {@code conf/local.conf} (tests use {@code akka.actor.serialize-messages = on}).
     *
     * @param akkaOverrides settings that win; may be empty
     */
    public static RunResult run(JobSpec spec, ClassLoader classLoader, ProgressListener listener,
            Config akkaOverrides) {
        return run(spec, classLoader, listener, akkaOverrides, false, RunControl.NONE);
    }

    /**
     * As {@link #run(JobSpec, ClassLoader, ProgressListener, Config)}, with checkpoints: the job's
     * coordinator writes them every {@code spec.checkpointEvery()} rounds into
     * {@code spec.checkpointDir()}, and, when asked to stop, writes one more and stops.
     *
     * @param resume whether the job continues from the newest checkpoint in {@code spec.checkpointDir()}
     * @param control polled for stop requests ({@link RunControl#stopRequested()}) and told the
     *     coordinator's notices ({@link RunControl#notice}); its checkpoint interval and sink are not
     *     used: the coordinator writes the files
     * @throws RunStoppedException if stopped on request, after the checkpoint is written
     */
    public static RunResult run(JobSpec spec, ClassLoader classLoader, ProgressListener listener,
            Config akkaOverrides, boolean resume, RunControl control) {
        return run(spec, classLoader, listener, resume ? CheckpointFile.readLatest(spec.checkpointDir()) : null,
                control, LocalNode.start(spec.workers(), akkaOverrides));
    }

    /**
     * As {@link #run(JobSpec, ClassLoader, ProgressListener, Config, boolean, RunControl)} on a local
     * node started earlier ({@link LocalNode#start}), so that its start-up overlapped the job's checks.
     * The node is stopped when the run ends.
     *
     * @param start the checkpoint the job continues from (already read by the caller), or {@code null}
     * @param node the node, started with {@code spec.workers()} workers
     */
    public static RunResult run(JobSpec spec, ClassLoader classLoader, ProgressListener listener,
            CheckpointFile.Loaded start, RunControl control, LocalNode node) {
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        AtomicReference<ActorRef<ExchangeCoordinator.Command>> coordinator = new AtomicReference<>();
        NodeTargets targets = new NodeTargets(classLoader, spec.workers());
        try (node) {
            String jobJson = spec.toJson();
            Target target = TargetFactory.create(spec.target(), classLoader);
            TargetFactory.close(target); // only its dimension and names are needed here
            // Always known to the coordinator: a stop request writes a checkpoint even with checkpoint-every = 0.
            ExchangeCoordinator.Checkpoints checkpoints = new ExchangeCoordinator.Checkpoints(
                    spec.checkpointDir().toString(), spec.checkpointEvery(), jobJson,
                    start, false, false);
            ActorSystem<StartJob> system = node.system();
            system.tell(new StartJob(spec, targets, target.dimension(), target.parameterNames(), checkpoints,
                    listener, control::notice, result, coordinator));
            RunResult r = await(result, control, coordinator, system);
            return new RunResult(r.settings(), r.parameterNames(), r.chains(),
                    "actors (local, workers=" + spec.workers() + ")", r.replicasPerNode(), r.events(), r.roundTiming());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            targets.closeAll(); // the run is over: a target.command's children end with it
        }
    }

    /** Starts one job on a local node (sent to its guardian; never leaves the JVM). */
    private record StartJob(JobSpec spec, NodeTargets targets, int dimension, List<String> parameterNames,
            ExchangeCoordinator.Checkpoints checkpoints, ProgressListener listener,
            java.util.function.BiConsumer<String, String> notices, CompletableFuture<RunResult> result,
            AtomicReference<ActorRef<ExchangeCoordinator.Command>> coordinator)
            implements akka.actor.NoSerializationVerificationNeeded {
    }

    /**
     * A plain (non-cluster) actor system for one run, started on a thread of its own, so that its
     * start-up (about a second, most of it loading Akka's classes) overlaps the job's parsing and
     * checks. Close it when done (also when the run never starts); closing waits for its shutdown.
     */
    public static final class LocalNode implements AutoCloseable {
        private final CompletableFuture<ActorSystem<StartJob>> system = new CompletableFuture<>();

        private LocalNode() {
        }

        /**
         * @param workers worker threads, ≥ 1
         * @param akkaOverrides settings that win over conf/local.conf; may be empty
         * @return the node, starting
         */
        public static LocalNode start(int workers, Config akkaOverrides) {
            LocalNode node = new LocalNode();
            Thread starter = new Thread(() -> {
                try {
                    Config config = NodeSettings.local(workers, akkaOverrides);
                    LOG.debug("starting the actor system");
                    node.system.complete(ActorSystem.create(guardian(), NodeSettings.SYSTEM_NAME, config));
                    LOG.debug("actor system started");
                } catch (Throwable e) { // handed to whoever waits for the system
                    node.system.completeExceptionally(e);
                }
            }, "replex-actor-system-start");
            starter.setDaemon(true);
            starter.start();
            return node;
        }

        ActorSystem<StartJob> system() throws InterruptedException, ExecutionException {
            return system.get();
        }

        /**
         * Stops the node without waiting for the end of its shutdown (the run's result is complete; the
         * outputs are written meanwhile). Idempotent.
         */
        @Override
        public void close() {
            try {
                ActorSystem<StartJob> s = system.get();
                LOG.debug("stopping the actor system");
                s.terminate();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // it never started: nothing to stop
            }
        }
    }

    /** Spawns a job's host, client and coordinator. */
    private static Behavior<StartJob> guardian() {
        return Behaviors.setup(ctx -> Behaviors.receive(StartJob.class).onMessage(StartJob.class, m -> {
            EngineTimings timings = EngineTimings.from(ctx.getSystem().settings().config());
            String node = ctx.getSystem().address().toString();
            // Everything on the worker pool: with one worker the whole job runs on one thread and no message
            // waits for a thread to wake up; with more, the coordinator takes a free worker between rounds.
            DispatcherSelector workers = DispatcherSelector.fromConfig(ReplicaActor.WORKER_DISPATCHER);
            JobSpec spec = m.spec();
            ActorRef<ReplicaHost.Command> host = ctx.spawn(ReplicaHost.create(m.targets(),
                    new ReplicaHost.Registry(), node, spec.workers(), timings.heartbeat()), "replica-host", workers);
            ActorRef<JobClient.Event> client = ctx.spawn(JobClient.direct(spec.sampler(), m.listener(), m.result(),
                    m.notices()), "client", workers);
            ActorRef<JobManager.Command> manager = ctx.spawn(Behaviors.<JobManager.Command>ignore(), "manager");
            ActorRef<ExchangeCoordinator.Command> job = ctx.spawn(ExchangeCoordinator.create(JOB_ID, spec.sampler(),
                    spec.targetJson(), m.dimension(), m.parameterNames(),
                    client, manager, m.checkpoints(), Placement.local(host), timings, ReplexVersion.get()),
                    "coordinator", workers);
            client.tell(new JobClient.WatchJob(job));
            m.coordinator().set(job);
            LOG.debug("job started");
            return Behaviors.same();
        }).build());
    }

    /** The id of the one job of a one-JVM run (in its messages and log lines). */
    static final String JOB_ID = "local";

    /**
     * Waits for the result; passes a stop request on to the job once. Bounded: if the actor system
     * ends without an answer (a fatal error), the run fails instead of waiting.
     */
    private static RunResult await(CompletableFuture<RunResult> result, RunControl control,
            AtomicReference<ActorRef<ExchangeCoordinator.Command>> coordinator, ActorSystem<?> system)
            throws InterruptedException, ExecutionException {
        boolean asked = false;
        while (true) {
            try {
                return result.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!asked && coordinator.get() != null && control.stopRequested()) {
                    asked = true;
                    coordinator.get().tell(ExchangeCoordinator.Suspend.INSTANCE);
                }
                if (system.whenTerminated().isCompleted() && !result.isDone()) {
                    throw new IllegalStateException("the actor system stopped before the run finished (see the "
                            + "log above)");
                }
            }
        }
    }
}
