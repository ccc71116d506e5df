package replex.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import replex.core.ConfigurationException;
import replex.core.Objective;
import replex.core.engine.RecoveryEvent;
import replex.core.optimize.OptimizeControl;
import replex.core.optimize.OptimizeEngine;
import replex.core.optimize.OptimizeState;
import replex.io.CheckpointFile;
import replex.io.JobSpec;
import replex.io.OptimizeCheckpointFile;
import replex.io.OptimizeOutputs;
import replex.io.OptimizeSpec;
import replex.objectives.ObjectiveFactory;

/**
 * The Java entry point of {@code optimize} jobs ({@code job.mode = optimize}, docs/modes.md): runs
 * one in this JVM with checkpoints, continues one from its checkpoint, or submits one to a cluster,
 * and writes {@code best.csv}, {@code history.csv} and {@code summary.json}. In this JVM the
 * replicas' moves run on {@code workers} threads of a plain pool (0: the calling thread); the
 * outputs are identical for any {@code workers}, any node count, and across a stop and a resume.
 *
 * <p>Thread-safe: stateless.
 */
public final class Optimizer {

    private static final Logger LOG = LoggerFactory.getLogger(Optimizer.class);

    private Optimizer() {
    }

    /**
     * A finished (or stopped) optimize run and where its outputs are.
     *
     * @param spec the job as run (its direction decided)
     * @param metricNames the objective's metric names
     * @param result the result; {@link OptimizeEngine.StopReason#REQUESTED} if it stopped at a
     *     checkpoint, to be continued with {@link #resumeAndWrite}
     * @param wallSeconds the wall time of this run (a resumed run: since the resume)
     * @param engine a description of the engine
     * @param events what the run recovered from so far (resumes, lost nodes, a lost coordinator); in
     *     summary.json's {@code recovery} but for resumes
     */
    public record Completed(OptimizeSpec spec, List<String> metricNames, OptimizeEngine.Result result,
            double wallSeconds, String engine, List<RecoveryEvent> events) {
    }

    /**
     * As {@link #runAndWrite(OptimizeSpec, ClassLoader, OptimizeEngine.Listener, RunListener, BooleanSupplier)},
     * with no one told of notices.
     *
     * @param spec the job
     * @param classLoader where a user objective class is found; {@code null} for the context loader
     * @param listener progress after every round
     * @param stop as for the full form
     * @return the run
     * @throws ConfigurationException if the job is invalid or a directory is not writable or in use
     * @throws UncheckedIOException if the outputs cannot be written
     */
    public static Completed runAndWrite(OptimizeSpec spec, ClassLoader classLoader, OptimizeEngine.Listener listener,
            BooleanSupplier stop) {
        return runAndWrite(spec, classLoader, listener, RunListener.NONE, stop);
    }

    /**
     * Runs a job in this JVM with checkpoints and writes its outputs; the checkpoints are deleted
     * once a complete run's outputs are written. A run stopped on request writes its outputs so far
     * ({@code "complete": false}) and keeps its checkpoint.
     *
     * @param spec the job
     * @param classLoader where a user objective class is found; {@code null} for the context loader
     * @param listener progress after every round
     * @param notices told when a checkpoint cannot be written and when it is; {@code null} for none
     * @param stop polled after every round: once true, the run stops at the next round that is a
     *     multiple of {@link replex.core.optimize.OptimizeReplica#RESYNC_ROUNDS}, after a checkpoint
     * @return the run
     * @throws ConfigurationException if the job is invalid, an output or checkpoint directory is
     *     not writable, or the checkpoint directory holds an earlier run's checkpoints
     * @throws UncheckedIOException if the outputs cannot be written
     */
    public static Completed runAndWrite(OptimizeSpec spec, ClassLoader classLoader, OptimizeEngine.Listener listener,
            RunListener notices, BooleanSupplier stop) {
        Objects.requireNonNull(spec, "spec");
        Objective objective = ObjectiveFactory.createPrepared(spec.objectiveBlock(), classLoader, spec.columnNames(),
                spec.rows(), spec.stateFile());
        OptimizeSpec effective = spec.withDirectionOf(objective);
        prepareDirectories(effective);
        CheckpointDirs.refuseEarlier(effective.checkpointDir(), effective.outputDir());
        return run(effective, objective, listener, notices, stop, null, List.of());
    }

    /**
     * As {@link #resumeAndWrite(Path, Integer, ClassLoader, OptimizeEngine.Listener, RunListener, BooleanSupplier)},
     * with no one told of notices.
     *
     * @param directory the run's output directory, or its checkpoint directory
     * @param workers worker threads (0 = the calling thread), or {@code null} for the job's
     * @param classLoader where a user objective class is found; {@code null} for the context loader
     * @param listener progress, from the checkpoint's round on
     * @param stop as for {@link #runAndWrite}
     * @return the run
     * @throws ConfigurationException if there is no valid checkpoint or it does not fit its job
     */
    public static Completed resumeAndWrite(Path directory, Integer workers, ClassLoader classLoader,
            OptimizeEngine.Listener listener, BooleanSupplier stop) {
        return resumeAndWrite(directory, workers, classLoader, listener, RunListener.NONE, stop);
    }

    /**
     * Continues a stopped or crashed optimize run from its newest valid checkpoint and writes the
     * outputs an uninterrupted run writes: {@code best.csv} and {@code history.csv} byte for byte,
     * {@code summary.json} too but for the wall time.
     *
     * @param directory the run's output directory, or its checkpoint directory
     * @param workers worker threads (0 = the calling thread), or {@code null} for the job's
     * @param classLoader where a user objective class is found; {@code null} for the context loader
     * @param listener progress, from the checkpoint's round on
     * @param notices told of every newer checkpoint skipped as unreadable, of the resume (a recovery
     *     event), and when a checkpoint cannot be written and when it is; {@code null} for none
     * @param stop as for {@link #runAndWrite}
     * @return the run
     * @throws ConfigurationException if there is no valid checkpoint or it does not fit its job
     */
    public static Completed resumeAndWrite(Path directory, Integer workers, ClassLoader classLoader,
            OptimizeEngine.Listener listener, RunListener notices, BooleanSupplier stop) {
        OptimizeCheckpointFile.Loaded loaded = loadCheckpoint(directory);
        RunListener told = RunListener.orNone(notices);
        loaded.skipped().forEach(told::checkpointSkipped);
        if (workers != null && (workers < 0 || workers > JobSpec.MAX_WORKERS)) {
            throw new ConfigurationException("--workers", "must be an integer in [0, " + JobSpec.MAX_WORKERS
                    + "], got " + workers);
        }
        OptimizeSpec saved = loaded.spec();
        Path foundIn = loaded.file().toAbsolutePath().getParent();
        Path outputDir = CheckpointDirs.outputDirFor(foundIn, saved.checkpointDir(), saved.outputDir());
        OptimizeSpec spec = saved.relocated(workers == null ? saved.workers() : workers, outputDir, foundIn);
        Objective objective = ObjectiveFactory.createPrepared(spec.objectiveBlock(), classLoader, spec.columnNames(),
                spec.rows(), spec.stateFile());
        OptimizeCheckpointFile.Payload payload = loaded.payload();
        if (!List.of(payload.metricNames()).equals(objective.metricNames())) {
            throw new ConfigurationException("checkpoint", loaded.file() + " records the metrics "
                    + List.of(payload.metricNames()) + ", but the objective now has " + objective.metricNames());
        }
        try {
            payload.state().check(spec.settings(), objective.metricNames().size());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("checkpoint", loaded.file() + " does not fit its job: " + e.getMessage(),
                    e);
        }
        prepareDirectories(spec);
        List<RecoveryEvent> events = LocalRuns.resumedEvents(payload.events(), payload.state().round(), loaded.file(),
                told);
        return run(spec, objective, listener, told, stop, payload.state(), events);
    }

    /**
     * Submits a job to a Replex cluster from a short-lived client node, follows it, and writes the
     * same {@code best.csv} and {@code history.csv} as {@link #runAndWrite} (byte for byte) and its
     * {@code summary.json}. The table goes to each worker node once, inline in the job; replicas stay
     * on the nodes that host them; per round only a few numbers per replica cross the network. If
     * the client is stopped, the job goes on in the cluster.
     *
     * @param spec the job
     * @param contact a node of the cluster
     * @param clientHost the address this client binds and advertises, or {@code null} for 127.0.0.1
     * @param connectTimeout the longest wait to join; {@code null} for the configuration's (30 s)
     * @param classLoader where a user objective class is found here (to decide the job's direction
     *     when it gives none); {@code null} for the context loader
     * @param listener progress
     * @param accepted told the job's id once admitted; may be null
     * @return the run
     * @throws ConfigurationException if the job is invalid or rejected, its table too large to send,
     *     or the output directory not writable
     * @throws IllegalStateException if the cluster cannot be reached, the job fails, or the client is
     *     stopped first (the job goes on)
     */
    public static Completed submitAndWrite(OptimizeSpec spec, replex.cluster.HostPort contact, String clientHost,
            Duration connectTimeout, ClassLoader classLoader, OptimizeEngine.Listener listener,
            java.util.function.Consumer<String> accepted) {
        return submitAndWrite(spec, contact, clientHost, connectTimeout, classLoader, listener, accepted, null);
    }

    /**
     * As {@link #submitAndWrite(OptimizeSpec, replex.cluster.HostPort, String, Duration, ClassLoader,
     * OptimizeEngine.Listener, java.util.function.Consumer)}, and tells {@code notices} the job's notices
     * for the user ({@link RunListener#jobNotice}: a checkpoint that cannot be written, and then can);
     * without a listener they are only logged.
     *
     * @param spec the job
     * @param contact a node of the cluster
     * @param clientHost the address this client binds and advertises, or {@code null} for 127.0.0.1
     * @param connectTimeout the longest wait to join; {@code null} for the configuration's (30 s)
     * @param classLoader where a user objective class is found here; {@code null} for the context loader
     * @param listener progress
     * @param accepted told the job's id once admitted; may be null
     * @param notices told the job's notices, on the client's actor thread; may be null
     * @return the run
     * @throws ConfigurationException as the other overload
     * @throws IllegalStateException as the other overload
     */
    public static Completed submitAndWrite(OptimizeSpec spec, replex.cluster.HostPort contact, String clientHost,
            Duration connectTimeout, ClassLoader classLoader, OptimizeEngine.Listener listener,
            java.util.function.Consumer<String> accepted, RunListener notices) {
        OptimizeSpec effective = decideDirection(spec, classLoader);
        String json = effective.toJson();
        if (json.length() > MAX_SUBMITTED_CHARS) {
            throw new ConfigurationException(effective.table() != null ? "job.state.file" : "job.state",
                    "a cluster job carries its state inline: " + effective.rows() + " x "
                    + effective.columnNames().size() + " values take " + (json.length() >> 10) + " KiB as JSON, more "
                    + "than the " + (MAX_SUBMITTED_CHARS >> 10) + " KiB a message may hold "
                    + "(akka.remote.artery.advanced.maximum-frame-size); run it with "
                    + "`replex run` on one machine");
        }
        Path dir = effective.outputDir();
        boolean created = !Files.exists(dir);
        replex.io.RunOutputs.prepare(dir);
        java.util.concurrent.CompletableFuture<replex.actors.OptimizeClient.Outcome> future =
                new java.util.concurrent.CompletableFuture<>();
        long start = System.nanoTime();
        OptimizeEngine.Listener progress = listener == null ? OptimizeEngine.Listener.NONE : listener;
        replex.actors.OptimizeClient.Outcome outcome = ClusterJobs.follow(dir, created,
                new ClusterJobs.Contact(contact, clientHost, connectTimeout), accepted, future,
                (onAccepted, onOwned) -> replex.actors.OptimizeClient.submit(effective, progress, future,
                        ClusterJobs.FIND_TIMEOUT, onAccepted, onOwned, ClusterJobs.noticesTo(notices)));
        return written(effective, outcome, (System.nanoTime() - start) / 1e9, "");
    }

    /**
     * Writes the outputs of a finished cluster job fetched by {@code replex fetch}: those its submitting
     * client wrote (or would have), {@code best.csv} and {@code history.csv} byte for byte.
     *
     * @param jobJson the effective job, as the cluster keeps it
     * @param out the output directory (replaces the job's)
     * @param outcome the job's result as fetched
     * @param wallSeconds the fetch's wall time
     * @return the run
     * @throws ConfigurationException if the job cannot be read
     * @throws UncheckedIOException if the outputs cannot be written
     */
    public static Completed writeFetched(String jobJson, Path out, replex.actors.OptimizeClient.Outcome outcome,
            double wallSeconds) {
        OptimizeSpec spec = OptimizeSpec.fromJson(jobJson, JobSpec.Overrides.NONE);
        return written(spec.relocated(spec.workers(), out, spec.checkpointDir()), outcome, wallSeconds, ", fetched");
    }

    private static Completed written(OptimizeSpec spec, replex.actors.OptimizeClient.Outcome outcome, double wall,
            String how) {
        write(spec, outcome.metricNames(), outcome.result(), wall, outcome.events());
        int nodes = outcome.replicasPerNode().size();
        String where = nodes == 0 ? "a cluster" // a result kept before the job manager moved: no placement known
                : "a cluster of " + nodes + " node" + (nodes == 1 ? "" : "s") + " (replicas per node: "
                + outcome.replicasPerNode().values().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", ")) + ")";
        return new Completed(spec, outcome.metricNames(), outcome.result(), wall, where + how, outcome.events());
    }

    /** The longest job text submitted: Artery's frame (2 MiB) less room for the message around it. */
    static final int MAX_SUBMITTED_CHARS = 1_792 * 1024;

    /**
     * The job with its direction decided: the job's, or its objective's default, asked of the
     * objective built here (a built-in, or a user class on {@code classLoader}).
     */
    private static OptimizeSpec decideDirection(OptimizeSpec spec, ClassLoader classLoader) {
        try {
            Objective objective = ObjectiveFactory.createPrepared(spec.objectiveBlock(), classLoader,
                    spec.columnNames(), spec.rows(), spec.stateFile());
            return spec.withDirectionOf(objective);
        } catch (ConfigurationException e) {
            if (spec.directionGiven() && spec.objectiveBlock().hasPath("class")) {
                return spec; // a user class only the nodes have: they check it
            }
            if (spec.objectiveBlock().hasPath("class")) {
                throw new ConfigurationException("job.direction", "missing, and the objective class cannot be asked "
                        + "for its default here (" + e.getMessage() + "); give job.direction, or --classpath with the "
                        + "class", e);
            }
            throw e;
        }
    }

    /**
     * @param directory an output directory or a checkpoint directory
     * @return whether it holds optimize checkpoints (its newest checkpoint is one): {@code replex
     *     resume} then continues it with {@link #resumeAndWrite}
     */
    public static boolean holdsCheckpoint(Path directory) {
        try {
            Path dir = directory.toAbsolutePath().normalize();
            return OptimizeCheckpointFile.holdsOptimizeCheckpoints(dir)
                    || CheckpointFile.list(dir).isEmpty() && OptimizeCheckpointFile.holdsOptimizeCheckpoints(
                            dir.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param directory an output directory or a checkpoint directory
     * @return the newest valid optimize checkpoint there
     * @throws ConfigurationException if there is none
     */
    public static OptimizeCheckpointFile.Loaded loadCheckpoint(Path directory) {
        return OptimizeCheckpointFile.readLatest(CheckpointDirs.checkpointDirectory(directory));
    }

    private static Completed run(OptimizeSpec spec, Objective objective, OptimizeEngine.Listener listener,
            RunListener notices, BooleanSupplier stop, OptimizeState from, List<RecoveryEvent> events) {
        List<String> metricNames = objective.metricNames();
        ExecutorService pool = spec.workers() > 0 ? Executors.newFixedThreadPool(spec.workers(), daemonThreads())
                : null;
        OptimizeControl control = new OptimizeFileCheckpoints(spec, metricNames, events, stop, notices);
        long start = System.nanoTime();
        OptimizeEngine.Result result;
        try {
            result = OptimizeEngine.run(spec.settings(), spec.problem(objective), pool,
                    listener == null ? OptimizeEngine.Listener.NONE : listener, control, from);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        write(spec, metricNames, result, wall, events);
        if (result.stopReason() != OptimizeEngine.StopReason.REQUESTED) {
            CheckpointDirs.delete(spec.checkpointDir(), spec.outputDir());
        }
        String engine = spec.workers() == 0 ? "sequential" : "thread pool (workers=" + spec.workers() + ")";
        return new Completed(spec, metricNames, result, wall, engine, List.copyOf(events));
    }

    static void write(OptimizeSpec spec, List<String> metricNames, OptimizeEngine.Result result, double wall,
            List<RecoveryEvent> events) {
        try {
            OptimizeOutputs.write(spec, metricNames, result, wall, events);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outputs to " + spec.outputDir() + ": " + e, e);
        }
        LOG.info("wrote {}", spec.outputDir().resolve(OptimizeOutputs.BEST));
    }

    private static void prepareDirectories(OptimizeSpec spec) {
        replex.io.RunOutputs.prepare(spec.outputDir());
        CheckpointDirs.prepare(spec.checkpointDir()); // a stop request writes one even with checkpoint-every = 0
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "replex-optimize-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
