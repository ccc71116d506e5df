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
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;

import replex.cluster.ReplexNode;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunControl;
import replex.core.engine.RunResult;
import replex.core.engine.RunStoppedException;
import akka.actor.typed.ActorRef;
import replex.io.JobSpec;

/**
 * Runs a job on actors in this JVM: a worker node that joins itself as a one-node cluster, and a
 * {@link JobClient} that submits the job to its {@link JobManager} exactly as {@code replex submit}
 * does from another machine. Gives the same draws as the sequential engine, bit for bit.
 */
public final class ActorEngine {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FIND_TIMEOUT = Duration.ofSeconds(60);

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
        // Always known to the coordinator: a stop request writes a checkpoint even with checkpoint-every = 0.
        String checkpointDir = spec.checkpointDir().toString();
        java.util.concurrent.atomic.AtomicReference<ActorRef<JobClient.Event>> client = new java.util.concurrent.atomic.AtomicReference<>();
        Config config = ReplexNode.config("local", null, null, java.util.List.of(), spec.workers(), akkaOverrides);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
            Cluster cluster = Cluster.get(ctx.getSystem());
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
            ReplexNode.setUp(ctx, classLoader);
            client.set(ctx.spawn(JobClient.create(jobJson, checkpointDir, resume, spec.sampler(), listener, result,
                    FIND_TIMEOUT), "client"));
            return Behaviors.<Void>empty();
        }), ReplexNode.SYSTEM_NAME, config);
        try {
            RunResult r = await(result, control, client);
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

    /** Waits for the result; passes a stop request on to the job once. */
    private static RunResult await(CompletableFuture<RunResult> result, RunControl control,
            java.util.concurrent.atomic.AtomicReference<ActorRef<JobClient.Event>> client)
            throws InterruptedException, ExecutionException {
        boolean asked = false;
        while (true) {
            try {
                return result.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!asked && client.get() != null && control.stopRequested()) {
                    asked = true;
                    client.get().tell(JobClient.Suspend.INSTANCE);
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
