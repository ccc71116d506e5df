package replex.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.typesafe.config.ConfigFactory;

import akka.actor.CoordinatedShutdown;
import akka.actor.typed.Behavior;
import replex.actors.JobClient;
import replex.actors.JobOwnership;
import replex.actors.OptimizeClient;
import replex.cluster.ClusterClient;
import replex.cluster.HostPort;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.io.JobJson;
import replex.io.JobSpec;
import replex.io.RunOutputs;
import replex.targets.TargetFactory;

/**
 * Sampling jobs on a cluster behind {@link Replex#submitAndWrite} and {@link Replex#fetch}, and what
 * submitting clients share with {@link Optimizer#submitAndWrite}: the cancel token file, why a client
 * stopped, and the removal of an output directory left empty.
 */
final class ClusterJobs {

    /** How long a client looks for the cluster's JobManager. */
    static final Duration FIND_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(ClusterJobs.class);

    private ClusterJobs() {
    }

    /**
     * As {@link Replex#submitAndWrite(JobSpec, HostPort, String, Duration, ProgressListener, Consumer,
     * RunListener)}.
     */
    static CompletedRun submit(JobSpec spec, HostPort contact, String clientHost, Duration connectTimeout,
            ProgressListener listener, Consumer<String> accepted, RunListener notices) {
        Objects.requireNonNull(spec, "spec");
        Path dir = spec.outputDir().toAbsolutePath().normalize();
        boolean created = !Files.exists(dir);
        RunOutputs.prepare(spec.outputDir());
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        ClassLoader loader = Preflight.loader(null);
        String jobJson;
        try {
            // A ladder left to its default ends at the prior if the target's is normalised; a user class not
            // available here (no --classpath) keeps the geometric ladder down to beta-min.
            spec = spec.withHottestLevel(Boolean.TRUE.equals(TargetFactory.normalisedPrior(spec.target(), loader)));
            spec = LevelCountPilot.apply(spec, loader);
            spec = InitialDesign.apply(spec, loader); // job.init.design: evaluated here, the starts sent
            jobJson = spec.toJson();
        } catch (RuntimeException | Error e) {
            forgetToken(dir, false);
            deleteIfEmpty(dir, created);
            throw e;
        }
        JobSpec submitted = spec;
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        CompletableFuture<RunResult> future = new CompletableFuture<>();
        RunResult result = follow(dir, created, new Contact(contact, clientHost, connectTimeout), accepted, future,
                (onAccepted, onOwned) -> JobClient.create(jobJson, submitted.sampler(), progress, future,
                        FIND_TIMEOUT, onAccepted, onOwned, noticesTo(notices)));
        return SampleOutputs.write(spec, result, startedAt, start, TargetFactory.normalisedPrior(spec.target(),
                loader));
    }

    /**
     * @param notices a listener, or {@code null}
     * @return a client's {@code onNotice}: the listener's {@link RunListener#jobNotice}, or {@code null}
     */
    static BiConsumer<String, String> noticesTo(RunListener notices) {
        return notices == null ? null : notices::jobNotice;
    }

    /**
     * Where a client joins a cluster.
     *
     * @param node a node of the cluster
     * @param clientHost the address the client binds and advertises, or {@code null} for 127.0.0.1
     * @param connectTimeout the longest wait to join; {@code null} for the configuration's
     */
    record Contact(HostPort node, String clientHost, Duration connectTimeout) {
    }

    /** The behaviour of a client that submits a job and follows it. */
    @FunctionalInterface
    interface Submitter {
        /**
         * @param onAccepted to be told the job's id once the cluster admits it
         * @param onOwned to be told the job's cancel token
         * @return the client's behaviour
         */
        Behavior<JobClient.Event> client(Consumer<String> onAccepted, Consumer<JobClient.JobOwned> onOwned);
    }

    /**
     * Runs a submitting client until its job ends. The job's cancel token is kept in {@code dir} while
     * the client follows the job and deleted once the job has ended; if the client stops first (it
     * cannot join, is removed from the cluster, or Ctrl-C shuts the JVM down), the job goes on in the
     * cluster and its token stays. On any failure an output directory this submission created is
     * removed again if still empty.
     *
     * @param <T> the job's result
     * @param dir the output directory
     * @param created whether this submission created {@code dir}
     * @param contact where the client joins
     * @param accepted told the job's id once admitted; {@code null} for none
     * @param future completed by the client with the job's result
     * @param submitter the client's behaviour
     * @return the job's result
     * @throws IllegalStateException if the client stopped first, or was interrupted (the job goes on), or
     *     the job failed
     * @throws replex.core.ConfigurationException if the job was rejected
     */
    static <T> T follow(Path dir, boolean created, Contact contact, Consumer<String> accepted,
            CompletableFuture<T> future, Submitter submitter) {
        AtomicReference<String> jobId = new AtomicReference<>();
        Consumer<String> onAccepted = id -> {
            jobId.set(id);
            if (accepted != null) {
                accepted.accept(id);
            }
        };
        // the failure of a client that stopped following a job that goes on (its cancel token is then kept)
        AtomicReference<IllegalStateException> stoppedFirst = new AtomicReference<>();
        T result;
        try (ClusterClient client = ClusterClient.start(ClusterClient.config(contact.node(), contact.clientHost(),
                contact.connectTimeout(), ConfigFactory.empty()), submitter.client(onAccepted,
                        owned -> keepToken(dir, owned)))) {
            // A client that cannot join (or is removed from the cluster) shuts its system down: fail, do not
            // wait. Ctrl-C shuts it down too (Akka's coordinated shutdown runs in a JVM shutdown hook).
            client.system().getWhenTerminated().thenRun(() -> {
                // set before the waiting thread can wake: it keeps the cancel token only if the job goes on
                IllegalStateException stopped = new IllegalStateException(clientStopped(client, contact.node(),
                        jobId.get()));
                stoppedFirst.set(stopped);
                future.completeExceptionally(stopped);
            });
            result = future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteIfEmpty(dir, created);
            throw new IllegalStateException("interrupted; the job goes on in the cluster", e);
        } catch (ExecutionException e) {
            forgetToken(dir, goesOn(future, stoppedFirst.get()));
            deleteIfEmpty(dir, created);
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (RuntimeException | Error e) {
            forgetToken(dir, goesOn(future, stoppedFirst.get()));
            deleteIfEmpty(dir, created);
            throw e;
        }
        forgetToken(dir, false);
        return result;
    }

    /**
     * @return whether the client stopped following a job that goes on: {@code future} failed with the
     *     client's stop ({@code stopped}), not with the job's end
     */
    private static boolean goesOn(CompletableFuture<?> future, IllegalStateException stopped) {
        return stopped != null && future.isCompletedExceptionally() && future.handle((r, t) -> t).join() == stopped;
    }

    /** As {@link Replex#fetch}. */
    static Replex.Fetched fetch(String jobId, HostPort contact, String clientHost, Duration connectTimeout, Path out,
            ProgressListener listener) {
        Objects.requireNonNull(jobId, "jobId");
        Path dir = out.toAbsolutePath().normalize();
        boolean created = !Files.exists(dir);
        RunOutputs.prepare(dir);
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        CompletableFuture<RunResult> future = new CompletableFuture<>();
        CompletableFuture<OptimizeClient.Outcome> optimized = new CompletableFuture<>();
        CompletableFuture<String> job = new CompletableFuture<>();
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        RunResult result;
        OptimizeClient.Outcome outcome;
        try (ClusterClient client = ClusterClient.start(ClusterClient.config(contact, clientHost, connectTimeout,
                ConfigFactory.empty()), JobClient.fetch(jobId, progress, future, optimized, job, FIND_TIMEOUT))) {
            client.system().getWhenTerminated().thenRun(() -> {
                IllegalStateException left = new IllegalStateException("the client left the cluster before the "
                        + "result arrived: could not reach " + contact + " (is a node running there?), or the "
                        + "connection was lost");
                future.completeExceptionally(left);
                optimized.completeExceptionally(left);
            });
            CompletableFuture.anyOf(future, optimized).get();
            outcome = optimized.isDone() ? optimized.get() : null;
            result = outcome == null ? future.get() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteIfEmpty(dir, created);
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            deleteIfEmpty(dir, created);
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
        if (outcome != null) {
            return new Replex.Fetched(null, Optimizer.writeFetched(job.join(), dir, outcome,
                    (System.nanoTime() - start) / 1e9));
        }
        JobSpec spec = JobSpec.fromConfig(JobJson.parse(job.join()), new JobSpec.Overrides(dir, null, null), null);
        return new Replex.Fetched(SampleOutputs.write(spec, result, startedAt, start,
                TargetFactory.normalisedPrior(spec.target(), Preflight.loader(null))), null);
    }

    /** Removes an output directory this command created, if nothing was written to it. */
    static void deleteIfEmpty(Path dir, boolean created) {
        if (!created) {
            return;
        }
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // an empty directory left behind is harmless
        }
    }

    /**
     * Writes a job's cancel token to {@code <out>/cancel-token}, readable by its owner only where the
     * file system has POSIX permissions.
     *
     * @throws UncheckedIOException if it cannot be written
     */
    static void keepToken(Path dir, JobClient.JobOwned owned) {
        Path file = dir.resolve(JobOwnership.TOKEN_FILE);
        Path staged = dir.resolve(JobOwnership.TOKEN_FILE + ".tmp");
        try {
            Files.deleteIfExists(staged);
            try {
                Files.createFile(staged, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(staged);
            }
            Files.writeString(staged, owned.cancelToken() + "\n" + owned.jobId() + "\n");
            // whole or absent: a reader never sees it half written
            Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a job's cancel token once the job has ended (it can no longer be cancelled). */
    static void forgetToken(Path dir, boolean jobGoesOn) {
        if (jobGoesOn) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve(JobOwnership.TOKEN_FILE));
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir.resolve(JobOwnership.TOKEN_FILE), e.toString());
        }
    }

    /** Why a submitting client's system stopped before the job's end. */
    static String clientStopped(ClusterClient client, HostPort contact, String jobId) {
        boolean jvmExit = CoordinatedShutdown.get(client.system().classicSystem()).getShutdownReason()
                .map(r -> r == CoordinatedShutdown.jvmExitReason()).orElse(false);
        String job = jobId == null ? "the job" : "job " + jobId;
        if (jvmExit) {
            return "the client was stopped (Ctrl-C or a signal) before the job finished; " + job
                    + (jobId == null ? ", if the cluster admitted it," : "") + " goes on in the cluster";
        }
        if (jobId == null) {
            return "the client left the cluster before the job was admitted: could not reach " + contact
                    + " (is a node running there?), or the connection was lost";
        }
        return "the client lost its connection to the cluster at " + contact + " before the job finished; " + job
                + " goes on in the cluster";
    }
}
