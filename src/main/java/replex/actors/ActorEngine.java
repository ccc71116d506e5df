package replex.actors;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import replex.cluster.ReplexNode;
import replex.core.Target;
import replex.io.ReplexVersion;
import replex.targets.TargetFactory;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunControl;
import replex.core.engine.RunResult;
import replex.core.engine.RunStoppedException;
import akka.actor.typed.ActorRef;
import replex.io.JobSpec;

/**
 * Runs a job on actors in this JVM: a plain (non-cluster) actor system with one {@link ReplicaHost}
 * that holds every replica and runs them on {@code workers} threads, the job's
 * {@link ExchangeCoordinator} and a {@link JobClient} that collects the result, with the same round
 * protocol as on a cluster. No remoting, cluster membership or sharding: they cost seconds of
 * start-up and nothing here needs them. Gives the same draws as the sequential engine, bit for bit.
 */
public final class ActorEngine {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

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
     * @param control polled for stop requests ({@link RunControl#stopRequested()}); its checkpoint
     *     interval and sink are not used: the coordinator writes the files
     * @throws RunStoppedException if stopped on request, after the checkpoint is written
     */
    public static RunResult run(JobSpec spec, ClassLoader classLoader, ProgressListener listener,
            Config akkaOverrides, boolean resume, RunControl control) {
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        String jobJson = spec.toConfig().root().render(ConfigRenderOptions.concise());
        String targetJson = spec.target().root().render(ConfigRenderOptions.concise());
        Target target = TargetFactory.create(spec.target(), classLoader);
        // Always known to the coordinator: a stop request writes a checkpoint even with checkpoint-every = 0.
        ExchangeCoordinator.Checkpoints checkpoints = new ExchangeCoordinator.Checkpoints(
                spec.checkpointDir().toString(), spec.checkpointEvery(), jobJson, resume, false, false);
        AtomicReference<ActorRef<ExchangeCoordinator.Command>> coordinator = new AtomicReference<>();
        Config config = ReplexNode.config("local", null, null, List.of(), spec.workers(), akkaOverrides);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
            EngineTimings timings = EngineTimings.from(ctx.getSystem().settings().config());
            String node = ctx.getSystem().address().toString();
            ActorRef<ReplicaHost.Command> host = ctx.spawn(ReplicaHost.create(new NodeTargets(classLoader),
                    new ReplicaHost.Registry(), node, spec.workers(), timings.heartbeat()), "replica-host");
            ActorRef<JobClient.Event> client = ctx.spawn(JobClient.direct(spec.sampler(), listener, result), "client");
            ActorRef<JobManager.Command> manager = ctx.spawn(Behaviors.<JobManager.Command>ignore(), "manager");
            ActorRef<ExchangeCoordinator.Command> job = ctx.spawn(ExchangeCoordinator.create(JOB_ID, spec.sampler(),
                    targetJson, target.dimension(), target.parameterNames(), client, manager, checkpoints,
                    Placement.local(host), timings, ReplexVersion.get()), "coordinator");
            client.tell(new JobClient.WatchJob(job));
            coordinator.set(job);
            return Behaviors.<Void>empty();
        }), ReplexNode.SYSTEM_NAME, config);
        try {
            RunResult r = await(result, control, coordinator, system);
            return new RunResult(r.settings(), r.parameterNames(), r.chains(),
                    "actors (local, workers=" + spec.workers() + ")", r.replicasPerNode(), r.events());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            stop(system);
        }
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

    private static void stop(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Termination is best effort: the run's result is already complete.
        }
    }
}
