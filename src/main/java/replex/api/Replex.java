package replex.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.typesafe.config.ConfigFactory;

import replex.actors.ActorEngine;
import replex.actors.JobClient;
import replex.cluster.ClusterClient;
import replex.cluster.HostPort;
import replex.core.ConfigurationException;
import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.core.engine.SequentialEngine;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunControl;
import replex.core.engine.RunStoppedException;
import replex.io.CheckpointFile;
import replex.core.replica.Replica;
import replex.io.JobSpec;
import replex.io.OutputFiles;
import replex.io.RunOutputs;
import replex.io.RunSummary;
import replex.targets.TargetFactory;

/**
 * The Java entry point: runs a job in this JVM and optionally writes its outputs.
 *
 * <pre>{@code
 * JobSpec spec = JobSpec.load(Path.of("mixture.conf"), JobSpec.Overrides.NONE);
 * CompletedRun run = Replex.runAndWrite(spec, (done, total) -> { });
 * for (RunDiagnostics.Parameter p : run.summary().parameters()) {
 *     System.out.println(p.name() + " " + p.summary().mean() + " r_hat " + p.summary().rHat());
 * }
 * System.out.println("draws in " + run.outputs().draws());
 * }</pre>
 *
 * <p>A job with {@code workers = 0} runs on the {@link SequentialEngine} in the calling thread;
 * otherwise on the {@link ActorEngine} with that many worker threads. Both give identical draws.
 * Before anything runs, a pre-flight builds the target and every chain's initial replicas, so that
 * bad input fails at once with a {@link ConfigurationException} naming the job-file key.
 *
 * <p>User targets ({@code target.class = "com.example.MyTarget"}) are loaded from the given class
 * loader; the overloads without one use the thread's context class loader (or else Replex's).
 *
 * <p>Thread-safe: the class is stateless; concurrent runs are independent.
 */
public final class Replex {

    /** How long a client looks for the cluster's JobManager. */
    private static final java.time.Duration FIND_TIMEOUT = java.time.Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(Replex.class);

    private Replex() {
    }

    /** @return the version of Replex, from the jar's Maven metadata, or {@code development} */
    public static String version() {
        return replex.io.ReplexVersion.get();
    }

    /**
     * Runs a job; user target classes come from the context class loader.
     *
     * @param spec the job
     * @param listener progress, called after every round (cheap and thread-safe);
     *     {@link ProgressListener#NONE} for none
     * @return the result
     * @throws ConfigurationException if the target cannot be built or an initial state is invalid
     */
    public static RunResult run(JobSpec spec, ProgressListener listener) {
        return run(spec, null, listener);
    }

    /**
     * Runs a job.
     *
     * @param spec the job
     * @param classLoader where user target classes are found; {@code null} for the context class loader
     * @param listener progress, called after every round (cheap and thread-safe)
     * @return the result
     * @throws ConfigurationException if the target cannot be built or an initial state is invalid
     */
    public static RunResult run(JobSpec spec, ClassLoader classLoader, ProgressListener listener) {
        Objects.requireNonNull(spec, "spec");
        ClassLoader loader = loader(classLoader);
        Target target = preflight(spec, loader);
        try {
            spec = LevelCountPilot.apply(spec.withHottestLevel(target.hasNormalisedPrior()), target);
            if (spec.initDesign() != null) { // job.init.design: the starts are chosen now, and checked
                spec = InitialDesign.apply(spec, target);
                TargetFactory.close(target);
                target = preflight(spec, loader);
            }
            return execute(spec, loader, target, listener);
        } finally {
            TargetFactory.close(target);
        }
    }

    private static RunResult execute(JobSpec spec, ClassLoader loader, Target target, ProgressListener listener) {
        return execute(spec, loader, target, listener, null, RunControl.NONE);
    }

    private static RunResult execute(JobSpec spec, ClassLoader loader, Target target, ProgressListener listener,
            CheckpointFile.Loaded start, RunControl control) {
        return execute(spec, loader, target, listener, start, control, null);
    }

    /** @param node a local actor node started ahead (closed by this run), or {@code null} to start one */
    private static RunResult execute(JobSpec spec, ClassLoader loader, Target target, ProgressListener listener,
            CheckpointFile.Loaded start, RunControl control, ActorEngine.LocalNode node) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        SamplerSettings settings = spec.sampler();
        LOG.info("running {} chains x {} levels, {} rounds, on {}", settings.chains(), settings.levels(),
                settings.rounds(), spec.workers() == 0 ? "the sequential engine" : spec.workers() + " workers");
        if (spec.workers() == 0) {
            return SequentialEngine.run(settings, target, progress, start == null ? null : start.payload().state(),
                    control);
        }
        // The actor engine builds the target on its node, one per job: the checked target's child processes
        // (target.command) are not needed any more; its dimension, names and prior stay known.
        TargetFactory.close(target);
        return ActorEngine.run(spec, loader, progress, start, control,
                node != null ? node : ActorEngine.LocalNode.start(spec.workers(), ConfigFactory.empty()));
    }

    /**
     * @return for a job on actors, its local node, starting now on a thread of its own so that its start-up
     *     overlaps the checks before the run; {@code null} for the sequential engine
     */
    private static ActorEngine.LocalNode startEarly(JobSpec spec) {
        return spec.workers() > 0 ? ActorEngine.LocalNode.start(spec.workers(), ConfigFactory.empty()) : null;
    }

    /**
     * Runs a job and writes {@code draws.csv} and {@code summary.json} to its output directory;
     * user target classes come from the context class loader.
     *
     * @param spec the job
     * @param listener progress, called after every round (cheap and thread-safe)
     * @return the result, its summary and the paths written
     * @throws ConfigurationException if the job is invalid or the output directory is not writable
     *     (checked before the run)
     * @throws UncheckedIOException if the outputs cannot be written; then neither file is
     */
    public static CompletedRun runAndWrite(JobSpec spec, ProgressListener listener) {
        return runAndWrite(spec, null, listener);
    }

    /**
     * Runs a job and writes {@code draws.csv} and {@code summary.json} to its output directory.
     *
     * @param spec the job
     * @param classLoader where user target classes are found; {@code null} for the context class loader
     * @param listener progress, called after every round (cheap and thread-safe)
     * @return the result, its summary and the paths written
     * @throws ConfigurationException if the job is invalid or the output directory is not writable
     *     (checked before the run)
     * @throws UncheckedIOException if the outputs cannot be written; then neither file is
     */
    public static CompletedRun runAndWrite(JobSpec spec, ClassLoader classLoader, ProgressListener listener) {
        return runAndWrite(spec, classLoader, listener, () -> false);
    }

    /**
     * Runs a job with checkpoints ({@code job.checkpoint-every} rounds apart, in
     * {@code output.checkpoint-dir}) and writes {@code draws.csv} and {@code summary.json}; the
     * checkpoints are deleted once the outputs are written.
     *
     * @param spec the job
     * @param classLoader where user target classes are found; {@code null} for the context class loader
     * @param listener progress, called after every round (cheap and thread-safe)
     * @param stop polled after every round: once true, the run writes a checkpoint and stops
     * @return the result, its summary and the paths written
     * @throws ConfigurationException if the job is invalid or the output or checkpoint directory is
     *     not writable (checked before the run)
     * @throws RunStoppedException if stopped: the checkpoint of the rounds done is written, and
     *     {@link #resumeAndWrite} continues the run
     * @throws UncheckedIOException if the outputs cannot be written; then neither file is
     */
    public static CompletedRun runAndWrite(JobSpec spec, ClassLoader classLoader, ProgressListener listener,
            BooleanSupplier stop) {
        Objects.requireNonNull(spec, "spec");
        ClassLoader loader = loader(classLoader);
        ActorEngine.LocalNode node = startEarly(spec);
        Target target = null;
        try {
            target = preflight(spec, loader);
            RunOutputs.prepare(spec.outputDir());
            prepareCheckpointDir(spec);
            refuseEarlierCheckpoints(spec);
            Instant startedAt = Instant.now();
            long start = System.nanoTime();
            spec = LevelCountPilot.apply(spec.withHottestLevel(target.hasNormalisedPrior()), target);
            if (spec.initDesign() != null) { // job.init.design: the starts are chosen now, and checked
                spec = InitialDesign.apply(spec, target);
                TargetFactory.close(target);
                target = preflight(spec, loader);
            }
            RunResult result = execute(spec, loader, target, listener, null, control(spec, stop, List.of(), target),
                    node);
            return finish(spec, result, startedAt, start, target.hasNormalisedPrior());
        } finally {
            if (node != null) {
                node.close(); // the run closed it already, unless it failed before starting
            }
            TargetFactory.close(target); // a target.command's children end with the run
        }
    }

    /**
     * Continues a stopped or crashed run from its newest valid checkpoint and writes the outputs it
     * would have written: {@code draws.csv} is byte-identical to the uninterrupted run's.
     *
     * @param directory the run's output directory, or its checkpoint directory
     * @param workers the worker threads to use (0 = sequential engine), or {@code null} for the job's
     * @param classLoader where user target classes are found; {@code null} for the context class loader
     * @param listener progress, from the checkpoint's round on
     * @param stop polled after every round: once true, the run writes a checkpoint and stops
     * @return the result, its summary and the paths written
     * @throws ConfigurationException if there is no valid checkpoint (the message says what was
     *     tried) or its job cannot be run here
     * @throws RunStoppedException if stopped again (a newer checkpoint is written)
     */
    public static CompletedRun resumeAndWrite(Path directory, Integer workers, ClassLoader classLoader,
            ProgressListener listener, BooleanSupplier stop) {
        Objects.requireNonNull(directory, "directory");
        CheckpointFile.Loaded loaded = loadCheckpoint(directory);
        for (String skipped : loaded.skipped()) {
            System.err.println("Skipped a bad checkpoint: " + skipped);
        }
        JobSpec saved = loaded.spec();
        if (workers != null && workers < 0) {
            throw new ConfigurationException("--workers", "must be an integer >= 0 (0 = sequential engine), got "
                    + workers);
        }
        // Checkpoints found elsewhere than recorded (the run's folder was moved or copied): continue there,
        // and write the outputs next to them when they sit in the default <output dir>/checkpoints.
        Path foundIn = loaded.file().toAbsolutePath().getParent();
        Path outputDir = outputDirFor(foundIn, saved.checkpointDir(), saved.outputDir());
        JobSpec spec = new JobSpec(saved.sampler(), saved.target(), workers == null ? saved.workers() : workers,
                outputDir, saved.mode(), saved.jobFile(), saved.checkpointEvery(), foundIn, saved.autoLevels(),
                saved.levelCountChoice(), saved.outputFormats(), saved.hottestDefault());
        ClassLoader loader = loader(classLoader);
        Target target = TargetFactory.create(spec.target(), loader, Math.max(1, spec.workers()));
        try {
            return resume(spec, loaded, target, loader, listener, stop);
        } finally {
            TargetFactory.close(target); // a target.command's children end with the run
        }
    }

    private static CompletedRun resume(JobSpec spec, CheckpointFile.Loaded loaded, Target target, ClassLoader loader,
            ProgressListener listener, BooleanSupplier stop) {
        try {
            loaded.payload().state().check(spec.sampler(), target.dimension());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("checkpoint", loaded.file() + " does not fit its job: " + e.getMessage(),
                    e);
        }
        RunOutputs.prepare(spec.outputDir());
        prepareCheckpointDir(spec);
        long round = loaded.payload().state().round();
        List<RecoveryEvent> events = new ArrayList<>(List.of(loaded.payload().events()));
        events.add(new RecoveryEvent(RecoveryEvent.Kind.RESUMED, Instant.now().toString(), round, round, 0,
                "from " + loaded.file()));
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        RunResult result = execute(spec, loader, target, listener, loaded, control(spec, stop, events, target));
        // The actor engine's coordinator reads the earlier events from the checkpoint itself.
        return finish(spec, spec.workers() == 0 ? result.withEarlierEvents(events) : result, startedAt, start,
                target.hasNormalisedPrior());
    }

    /**
     * Where a resumed run writes its outputs: checkpoints found elsewhere than recorded (the run's
     * folder was moved or copied) continue there, with the outputs beside them when they sit in the
     * default {@code <output dir>/checkpoints}.
     *
     * @param foundIn where the checkpoint was found
     * @param recordedCheckpointDir the checkpoint directory its job records
     * @param recordedOutputDir the output directory its job records
     * @return the output directory
     */
    static Path outputDirFor(Path foundIn, Path recordedCheckpointDir, Path recordedOutputDir) {
        if (!foundIn.equals(recordedCheckpointDir) && foundIn.getFileName() != null
                && foundIn.getFileName().toString().equals(JobSpec.DEFAULT_CHECKPOINT_DIR)) {
            return foundIn.getParent();
        }
        return recordedOutputDir;
    }

    /**
     * @param directory an output directory or a checkpoint directory
     * @return the newest valid checkpoint there
     * @throws ConfigurationException if there is none
     */
    public static CheckpointFile.Loaded loadCheckpoint(Path directory) {
        return CheckpointFile.readLatest(checkpointDirectory(directory));
    }

    /**
     * @param directory an output directory or a checkpoint directory
     * @return the directory that holds the checkpoints: {@code directory}, or its {@code checkpoints}
     *     subdirectory if {@code directory} holds none itself
     * @throws ConfigurationException if it is not a directory, or holds a finished run and no checkpoint
     */
    static Path checkpointDirectory(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException("DIR", dir + " is not a directory");
        }
        try {
            if (CheckpointFile.list(dir).isEmpty() && Files.isDirectory(dir.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR))) {
                dir = dir.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR);
            }
            if (CheckpointFile.list(dir).isEmpty() && Files.exists(directory.resolve("summary.json"))) {
                throw new ConfigurationException("DIR", directory + " holds a finished run (summary.json) and no "
                        + "checkpoint: there is nothing to resume");
            }
        } catch (IOException e) {
            throw new ConfigurationException("DIR", "cannot list " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    private static RunControl control(JobSpec spec, BooleanSupplier stop, List<RecoveryEvent> events, Target target) {
        return new FileCheckpoints(spec, stop, events, target.parameterNames(), CHECKPOINT_RETRY);
    }

    /** Pause between attempts to write a checkpoint while the disk is full or the directory unwritable. */
    private static final java.time.Duration CHECKPOINT_RETRY = java.time.Duration.ofSeconds(10);

    private static void prepareCheckpointDir(JobSpec spec) {
        if (spec.checkpointEvery() != 0) {
            prepareCheckpointDir(spec.checkpointDir());
        }
    }

    /** Creates a checkpoint directory if needed and checks that it is writable. */
    static void prepareCheckpointDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigurationException("output.checkpoint-dir", "cannot create " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new ConfigurationException("output.checkpoint-dir", dir + " is not writable");
        }
    }

    /**
     * A fresh run must not mix its checkpoints with an earlier run's (pruning would delete the new
     * ones, and a resume would continue the old job): the user chooses.
     */
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

    private static void refuseEarlierCheckpoints(JobSpec spec) {
        refuseEarlierCheckpoints(spec.checkpointDir(), spec.outputDir());
    }

    static void refuseEarlierCheckpoints(Path checkpointDir, Path outputDir) {
        List<Path> earlier;
        try {
            earlier = CheckpointFile.list(checkpointDir);
        } catch (IOException e) {
            throw new ConfigurationException("output.checkpoint-dir", "cannot list " + checkpointDir + ": " + e, e);
        }
        if (!earlier.isEmpty()) {
            throw new ConfigurationException("output.checkpoint-dir", checkpointDir + " holds checkpoints of "
                    + "an earlier run (newest: " + earlier.get(0).getFileName() + "). Continue it with `replex resume "
                    + outputDir + "`, or delete those files to start afresh.");
        }
    }

    /** Writes the outputs, then deletes the run's checkpoints: they are no longer needed. */
    private static CompletedRun finish(JobSpec spec, RunResult result, Instant startedAt, long startNanos,
            Boolean priorNormalised) {
        CompletedRun run = write(spec, result, startedAt, startNanos, priorNormalised);
        deleteCheckpoints(spec.checkpointDir(), spec.outputDir());
        return run;
    }

    /** Deletes a finished run's checkpoints, and the default checkpoint folder if it is then empty. */
    static void deleteCheckpoints(Path checkpointDir, Path outputDir) {
        try {
            CheckpointFile.deleteAll(checkpointDir);
            if (checkpointDir.equals(outputDir.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR))
                    && Files.isDirectory(checkpointDir)) { // none with checkpoint-every = 0
                try (var left = Files.list(checkpointDir)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(checkpointDir);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("could not delete the checkpoints in {}: {}", checkpointDir, e.toString());
        }
    }

    /**
     * Submits a job to a Replex cluster from a short-lived client node, streams its progress and
     * draws back, and writes {@code draws.csv} and {@code summary.json} to the job's output
     * directory: the same files as {@link #runAndWrite}. The client leaves the cluster when done;
     * if it is stopped earlier, the job goes on in the cluster.
     *
     * @param spec the job (its {@code workers} is ignored: each node has its own)
     * @param contact a node of the cluster
     * @param clientHost the address this client binds and advertises, or {@code null} for 127.0.0.1
     * @param listener progress
     * @return the result, its summary and the paths written
     * @throws ConfigurationException if the job is rejected (the message says why) or the output
     *     directory is not writable
     * @throws IllegalStateException if the cluster cannot be reached or the job fails
     */
    public static CompletedRun submitAndWrite(JobSpec spec, HostPort contact, String clientHost,
            ProgressListener listener) {
        return submitAndWrite(spec, contact, clientHost, null, listener);
    }

    /**
     * As {@link #submitAndWrite(JobSpec, HostPort, String, ProgressListener)}, with the longest wait
     * to join the cluster.
     *
     * @param spec the job (its {@code workers} is ignored: each node has its own)
     * @param contact a node of the cluster
     * @param clientHost the address this client binds and advertises, or {@code null} for 127.0.0.1
     * @param connectTimeout the longest wait to join through {@code contact}; {@code null} for the
     *     node configuration's (30 s)
     * @param listener progress
     * @return the result, its summary and the paths written
     * @throws ConfigurationException if the job is rejected or the output directory is not writable
     * @throws IllegalStateException if the cluster cannot be reached or the job fails
     */
    public static CompletedRun submitAndWrite(JobSpec spec, HostPort contact, String clientHost,
            java.time.Duration connectTimeout, ProgressListener listener) {
        return submitAndWrite(spec, contact, clientHost, connectTimeout, listener, null);
    }

    /**
     * As {@link #submitAndWrite(JobSpec, HostPort, String, java.time.Duration, ProgressListener)}, and
     * tells {@code accepted} the job's id as soon as the cluster has admitted the job (so that a user
     * can fetch, follow or cancel it from elsewhere). An output directory that this call created is
     * removed again, if still empty, when the job is rejected, fails, is cancelled or the client stops
     * following it.
     *
     * @param spec the job (its {@code workers} is ignored: each node has its own)
     * @param contact a node of the cluster
     * @param clientHost the address this client binds and advertises, or {@code null} for 127.0.0.1
     * @param connectTimeout the longest wait to join through {@code contact}; {@code null} for the
     *     node configuration's (30 s)
     * @param listener progress
     * @param accepted called once with the job's id, on the client's actor thread; {@code null} for none
     * @return the result, its summary and the paths written
     * @throws ConfigurationException if the job is rejected or the output directory is not writable
     * @throws IllegalStateException if the cluster cannot be reached, the job fails, or the JVM is
     *     shutting down (Ctrl-C) before the job finished (the job goes on in the cluster)
     */
    public static CompletedRun submitAndWrite(JobSpec spec, HostPort contact, String clientHost,
            java.time.Duration connectTimeout, ProgressListener listener,
            java.util.function.Consumer<String> accepted) {
        Objects.requireNonNull(spec, "spec");
        Path dir = spec.outputDir().toAbsolutePath().normalize();
        boolean created = !Files.exists(dir);
        RunOutputs.prepare(spec.outputDir());
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        CompletableFuture<RunResult> future = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicReference<String> jobId = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.function.Consumer<String> onAccepted = id -> {
            jobId.set(id);
            if (accepted != null) {
                accepted.accept(id);
            }
        };
        RunResult result;
        // whether the client stopped following a job that goes on (its cancel token is then kept)
        java.util.concurrent.atomic.AtomicBoolean goesOn = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            // A ladder left to its default ends at the prior if the target's is normalised; a user class not
            // available here (no --classpath) keeps the geometric ladder down to beta-min.
            spec = spec.withHottestLevel(Boolean.TRUE.equals(TargetFactory.normalisedPrior(spec.target(),
                    loader(null))));
            spec = LevelCountPilot.apply(spec, loader(null));
            spec = InitialDesign.apply(spec, loader(null)); // job.init.design: evaluated here, the starts sent
            String jobJson = spec.toJson();
            ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
            try (ClusterClient client = ClusterClient.start(ClusterClient.config(contact, clientHost, connectTimeout,
                    ConfigFactory.empty()), JobClient.create(jobJson, spec.sampler(), progress, future, FIND_TIMEOUT,
                    onAccepted, owned -> keepToken(dir, owned)))) {
                // A client that cannot join (or is removed from the cluster) shuts its system down: fail, do not
                // wait. Ctrl-C shuts it down too (Akka's coordinated shutdown runs in a JVM shutdown hook).
                client.system().getWhenTerminated().thenRun(() -> {
                    // set before the waiting thread can wake: it keeps the cancel token only if the job goes on
                    goesOn.set(true);
                    if (!future.completeExceptionally(new IllegalStateException(clientStopped(client, contact,
                            jobId.get())))) {
                        goesOn.set(false);
                    }
                });
                result = future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteIfEmpty(dir, created);
            throw new IllegalStateException("interrupted; the job goes on in the cluster", e);
        } catch (ExecutionException e) {
            forgetToken(dir, goesOn.get());
            deleteIfEmpty(dir, created);
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (RuntimeException | Error e) {
            forgetToken(dir, goesOn.get());
            deleteIfEmpty(dir, created);
            throw e;
        }
        forgetToken(dir, false);
        return write(spec, result, startedAt, start, TargetFactory.normalisedPrior(spec.target(), loader(null)));
    }

    /**
     * Writes a job's cancel token to {@code <out>/cancel-token}, readable by its owner only where the
     * file system has POSIX permissions.
     *
     * @throws java.io.UncheckedIOException if it cannot be written
     */
    static void keepToken(Path dir, JobClient.JobOwned owned) {
        Path file = dir.resolve(replex.actors.JobOwnership.TOKEN_FILE);
        Path staged = dir.resolve(replex.actors.JobOwnership.TOKEN_FILE + ".tmp");
        try {
            Files.deleteIfExists(staged);
            try {
                Files.createFile(staged, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(staged);
            }
            Files.writeString(staged, owned.cancelToken() + "\n" + owned.jobId() + "\n");
            // whole or absent: a reader never sees it half written
            Files.move(staged, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a job's cancel token once the job has ended (it can no longer be cancelled). */
    static void forgetToken(Path dir, boolean jobGoesOn) {
        if (jobGoesOn) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve(replex.actors.JobOwnership.TOKEN_FILE));
        } catch (java.io.IOException e) {
            LOG.warn("could not delete {}: {}", dir.resolve(replex.actors.JobOwnership.TOKEN_FILE), e.toString());
        }
    }

    /** Why a submitting client's system stopped before the job's end. */
    static String clientStopped(ClusterClient client, HostPort contact, String jobId) {
        boolean jvmExit = akka.actor.CoordinatedShutdown.get(client.system().classicSystem()).getShutdownReason()
                .map(r -> r == akka.actor.CoordinatedShutdown.jvmExitReason()).orElse(false);
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

    /**
     * Collects the result of a job submitted to a cluster earlier (by this or another client) and
     * writes its {@code draws.csv} and {@code summary.json}: the files its submitting client wrote
     * or would have written. Waits while the job runs. Needs a cluster whose nodes keep results
     * ({@code replex.checkpoint-dir}).
     *
     * @param jobId the job's id (see {@code replex status})
     * @param contact a node of the cluster
     * @param clientHost the address this client binds and advertises, or {@code null} for 127.0.0.1
     * @param out the output directory
     * @param listener progress while the job runs
     * @return the result, its summary and the paths written
     * @throws ConfigurationException if the job is unknown or the output directory is not writable
     * @throws IllegalStateException if the cluster cannot be reached, or the job failed or was cancelled
     */
    public static CompletedRun fetchAndWrite(String jobId, HostPort contact, String clientHost, Path out,
            ProgressListener listener) {
        return fetchAndWrite(jobId, contact, clientHost, null, out, listener);
    }

    /**
     * As {@link #fetchAndWrite(String, HostPort, String, Path, ProgressListener)}, with the longest
     * wait to join the cluster.
     *
     * @param jobId the job's id (see {@code replex status})
     * @param contact a node of the cluster
     * @param clientHost the address this client binds and advertises, or {@code null} for 127.0.0.1
     * @param connectTimeout the longest wait to join through {@code contact}; {@code null} for the
     *     node configuration's (30 s)
     * @param out the output directory
     * @param listener progress while the job runs
     * @return the result, its summary and the paths written
     * @throws ConfigurationException if the job is unknown or the output directory is not writable
     * @throws IllegalStateException if the cluster cannot be reached, the job failed or was cancelled, or
     *     it is an optimize job ({@link #fetchAnyAndWrite} collects those)
     */
    public static CompletedRun fetchAndWrite(String jobId, HostPort contact, String clientHost,
            java.time.Duration connectTimeout, Path out, ProgressListener listener) {
        return fetch(jobId, contact, clientHost, connectTimeout, out, listener, false).sample();
    }

    /**
     * What {@link #fetchAnyAndWrite} collected: one of the two is {@code null}.
     *
     * @param sample a sampling job's run, its summary and the paths written
     * @param optimize an optimize job's run ({@code best.csv}, {@code history.csv}, {@code summary.json})
     */
    public record Fetched(CompletedRun sample, Optimizer.Completed optimize) {
    }

    /**
     * As {@link #fetchAndWrite(String, HostPort, String, java.time.Duration, Path, ProgressListener)},
     * for a job of either kind: a sampling job's {@code draws.csv} and {@code summary.json}, or an
     * optimize job's {@code best.csv}, {@code history.csv} and {@code summary.json}
     * ({@link Optimizer#writeFetched}).
     *
     * @return what was collected and written
     * @throws ConfigurationException if the job is unknown or the output directory is not writable
     * @throws IllegalStateException if the cluster cannot be reached, or the job failed or was cancelled
     */
    public static Fetched fetchAnyAndWrite(String jobId, HostPort contact, String clientHost,
            java.time.Duration connectTimeout, Path out, ProgressListener listener) {
        return fetch(jobId, contact, clientHost, connectTimeout, out, listener, true);
    }

    private static Fetched fetch(String jobId, HostPort contact, String clientHost, java.time.Duration connectTimeout,
            Path out, ProgressListener listener, boolean optimizeToo) {
        Objects.requireNonNull(jobId, "jobId");
        Path dir = out.toAbsolutePath().normalize();
        boolean created = !Files.exists(dir);
        RunOutputs.prepare(dir);
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        CompletableFuture<RunResult> future = new CompletableFuture<>();
        CompletableFuture<replex.actors.OptimizeClient.Outcome> optimized = optimizeToo ? new CompletableFuture<>()
                : null;
        CompletableFuture<String> job = new CompletableFuture<>();
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        RunResult result;
        replex.actors.OptimizeClient.Outcome outcome;
        try (ClusterClient client = ClusterClient.start(ClusterClient.config(contact, clientHost, connectTimeout,
                ConfigFactory.empty()), JobClient.fetch(jobId, progress, future, optimized, job, FIND_TIMEOUT))) {
            client.system().getWhenTerminated().thenRun(() -> {
                IllegalStateException left = new IllegalStateException("the client left the cluster before the "
                        + "result arrived: could not reach " + contact + " (is a node running there?), or the "
                        + "connection was lost");
                future.completeExceptionally(left);
                if (optimized != null) {
                    optimized.completeExceptionally(left);
                }
            });
            CompletableFuture.anyOf(optimized == null ? new CompletableFuture<?>[] {future}
                    : new CompletableFuture<?>[] {future, optimized}).get();
            outcome = optimized != null && optimized.isDone() ? optimized.get() : null;
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
            return new Fetched(null, Optimizer.writeFetched(job.join(), dir, outcome, (System.nanoTime() - start) / 1e9));
        }
        JobSpec spec = JobSpec.fromConfig(replex.io.JobJson.parse(job.join()),
                new JobSpec.Overrides(dir, null, null), null);
        return new Fetched(write(spec, result, startedAt, start, TargetFactory.normalisedPrior(spec.target(),
                loader(null))), null);
    }

    private static CompletedRun write(JobSpec spec, RunResult result, Instant startedAt, long startNanos,
            Boolean priorNormalised) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Instant finishedAt = Instant.now();
        RunSummary summary = RunSummary.of(spec, result, version(), startedAt, finishedAt, seconds, priorNormalised);
        OutputFiles files;
        try {
            files = RunOutputs.write(spec.outputDir(), result, summary, spec.outputFormats(), modelName(spec));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outputs to " + spec.outputDir() + ": " + e, e);
        }
        LOG.info("wrote {} and {}", files.draws(), files.summary());
        return new CompletedRun(result, summary, files);
    }

    /** @return the target's built-in name or class, as the job gives it; for a command, its last element's file name */
    private static String modelName(JobSpec spec) {
        for (String key : new String[] {"name", "class"}) {
            if (spec.target().hasPath(key)) {
                return String.valueOf(spec.target().getValue(key).unwrapped());
            }
        }
        if (spec.target().root().get("command") instanceof com.typesafe.config.ConfigList command && !command.isEmpty()) {
            String last = String.valueOf(command.get(command.size() - 1).unwrapped());
            return last.substring(last.lastIndexOf('/') + 1);
        }
        return "target";
    }

    /**
     * Builds the target and the initial replica of every chain and level, checking the job's input
     * without running anything.
     *
     * @param spec the job
     * @param classLoader where user target classes are found; {@code null} for the context class loader
     * @return the target, ready to use; release it with {@link TargetFactory#close} when done (a
     *     {@code target.command} holds child processes)
     * @throws ConfigurationException naming the key ({@code job.target...}) if the target cannot be
     *     built or an initial state is invalid
     */
    public static Target preflight(JobSpec spec, ClassLoader classLoader) {
        // the sequential engine runs replica steps on one thread, the actor engine on `workers`
        Target target = TargetFactory.create(spec.target(), loader(classLoader), Math.max(1, spec.workers()));
        try {
            SamplerSettings s = spec.sampler();
            checkDrawMemory(s, target.dimension(), Runtime.getRuntime().maxMemory());
            for (int c = 0; c < s.chains(); c++) {
                for (int r = 0; r < s.levels(); r++) {
                    Replica replica = new Replica(target, s.seed(), c, r);
                    if (c == 0 && r == 0) {
                        checkDrawMetrics(s, target, replica.state());
                    }
                }
            }
        } catch (RuntimeException e) {
            TargetFactory.close(target);
            throw e;
        }
        return target;
    }

    /**
     * Refuses {@code output.draws-metrics} that name a metric the target does not report, and
     * {@code output.draws-metadata} that name a metadata entry it does not report: each must be in
     * the target's evaluation ({@link Target#evaluate}) at the initial state of chain 0, replica 0
     * (one evaluation serves both).
     *
     * @param s the settings
     * @param target the target
     * @param initial the initial state of chain 0, replica 0
     * @throws ConfigurationException naming the key and listing what the target reports
     */
    static void checkDrawMetrics(SamplerSettings s, Target target, double[] initial) {
        if (s.drawMetrics().isEmpty() && s.drawMetadata().isEmpty()) {
            return;
        }
        String key = s.drawMetrics().isEmpty() ? "output.draws-metadata" : "output.draws-metrics";
        Target.Evaluation evaluation;
        try {
            evaluation = target.evaluate(initial);
        } catch (RuntimeException e) {
            throw new ConfigurationException(key, "the target's evaluate() at the initial state of "
                    + "chain 0, replica 0 threw " + e, e);
        }
        requireReported(s.drawMetrics(), evaluation.metrics().keySet(), "output.draws-metrics", "metric");
        requireReported(s.drawMetadata(), evaluation.metadata().keySet(), "output.draws-metadata", "metadata");
    }

    private static void requireReported(List<String> names, java.util.Set<String> reported, String key, String what) {
        for (String name : names) {
            if (!reported.contains(name)) {
                throw new ConfigurationException(key, "the target reports no " + what + " '" + name
                        + "' (its evaluation at the initial state of chain 0, replica 0 reports "
                        + (reported.isEmpty() ? "none" : String.join(", ", reported)) + ")");
            }
        }
    }

    /**
     * Refuses, before any work, a job whose kept draws cannot be held in memory: every chain keeps
     * its (R − B)·steps / thin level-0 draws of d + 2 + m values (parameters, log-prior,
     * log-likelihood, the m {@code output.draws-metrics}) as doubles until the run ends.
     *
     * @param s the settings
     * @param dimension d, the target's number of parameters
     * @param maxHeap the JVM's maximum heap in bytes ({@link Runtime#maxMemory()})
     * @throws ConfigurationException naming {@code job.thin} if one chain's draws exceed one Java array
     *     (2<sup>31</sup> − 9 values) or all chains' draws exceed half of {@code maxHeap}
     */
    static void checkDrawMemory(SamplerSettings s, int dimension, long maxHeap) {
        long perChain = (long) s.drawsPerChain() * s.drawWidth(dimension);
        long bytes = perChain * 8L * s.chains();
        String what = "keeps " + s.chains() + " chains x " + s.drawsPerChain() + " draws of " + dimension
                + " parameters (" + (bytes >> 20) + " MiB in memory)";
        if (perChain > Integer.MAX_VALUE - 8) {
            throw new ConfigurationException("job.thin", what + ", more values per chain than the limit "
                    + (Integer.MAX_VALUE - 8) + "; raise job.thin or lower job.rounds");
        }
        if (bytes > maxHeap / 2) {
            throw new ConfigurationException("job.thin", what + ", more than half of the maximum heap ("
                    + (maxHeap >> 20) + " MiB); raise job.thin, lower job.rounds or give Java more memory "
                    + "(JAVA_OPTS=-Xmx...)");
        }
    }

    private static ClassLoader loader(ClassLoader given) {
        if (given != null) {
            return given;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Replex.class.getClassLoader();
    }
}
