package replex.api;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import replex.actors.ActorEngine;
import replex.cluster.HostPort;
import replex.core.ConfigurationException;
import replex.core.Target;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.core.engine.RunStoppedException;
import replex.core.engine.SequentialEngine;
import replex.io.CheckpointFile;
import replex.io.JobSpec;
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
 * <p>Nothing is printed: progress goes to a {@link ProgressListener}, notices (a damaged checkpoint
 * skipped, a checkpoint that cannot be written yet) and recovery events to a {@link RunListener}.
 * The work is done by package-private classes: {@code LocalRuns} (runs in this JVM),
 * {@code ClusterJobs} (submit and fetch), {@code Preflight}, {@code CheckpointDirs}, {@code SampleOutputs}.
 *
 * <p>Thread-safe: the class is stateless; concurrent runs are independent.
 */
public final class Replex {

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
        return LocalRuns.run(spec, classLoader, listener);
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
     * As {@link #runAndWrite(JobSpec, ClassLoader, ProgressListener, RunListener, BooleanSupplier)},
     * with no one told of notices.
     *
     * @param spec the job
     * @param classLoader where user target classes are found; {@code null} for the context class loader
     * @param listener progress, called after every round (cheap and thread-safe)
     * @param stop polled after every round: once true, the run writes a checkpoint and stops
     * @return the result, its summary and the paths written
     * @throws ConfigurationException if the job is invalid or the output or checkpoint directory is
     *     not writable (checked before the run)
     * @throws RunStoppedException if stopped: the checkpoint of the rounds done is written
     * @throws UncheckedIOException if the outputs cannot be written; then neither file is
     */
    public static CompletedRun runAndWrite(JobSpec spec, ClassLoader classLoader, ProgressListener listener,
            BooleanSupplier stop) {
        return runAndWrite(spec, classLoader, listener, RunListener.NONE, stop);
    }

    /**
     * Runs a job with checkpoints ({@code job.checkpoint-every} rounds apart, in
     * {@code output.checkpoint-dir}) and writes {@code draws.csv} and {@code summary.json}; the
     * checkpoints are deleted once the outputs are written. A checkpoint that cannot be written
     * (disk full, permissions) pauses the run until it can: {@code notices} is told.
     *
     * @param spec the job
     * @param classLoader where user target classes are found; {@code null} for the context class loader
     * @param listener progress, called after every round (cheap and thread-safe)
     * @param notices told when a checkpoint cannot be written and when it is; {@code null} for none
     * @param stop polled after every round: once true, the run writes a checkpoint and stops
     * @return the result, its summary and the paths written
     * @throws ConfigurationException if the job is invalid or the output or checkpoint directory is
     *     not writable (checked before the run)
     * @throws RunStoppedException if stopped: the checkpoint of the rounds done is written, and
     *     {@link #resumeAndWrite} continues the run
     * @throws UncheckedIOException if the outputs cannot be written; then neither file is
     */
    public static CompletedRun runAndWrite(JobSpec spec, ClassLoader classLoader, ProgressListener listener,
            RunListener notices, BooleanSupplier stop) {
        return LocalRuns.runAndWrite(spec, classLoader, listener, notices, stop);
    }

    /**
     * As {@link #resumeAndWrite(Path, Integer, ClassLoader, ProgressListener, RunListener, BooleanSupplier)},
     * with no one told of notices.
     *
     * @param directory the run's output directory, or its checkpoint directory
     * @param workers the worker threads to use (0 = sequential engine), or {@code null} for the job's
     * @param classLoader where user target classes are found; {@code null} for the context class loader
     * @param listener progress, from the checkpoint's round on
     * @param stop polled after every round: once true, the run writes a checkpoint and stops
     * @return the result, its summary and the paths written
     * @throws ConfigurationException if there is no valid checkpoint or its job cannot be run here
     * @throws RunStoppedException if stopped again (a newer checkpoint is written)
     */
    public static CompletedRun resumeAndWrite(Path directory, Integer workers, ClassLoader classLoader,
            ProgressListener listener, BooleanSupplier stop) {
        return resumeAndWrite(directory, workers, classLoader, listener, RunListener.NONE, stop);
    }

    /**
     * Continues a stopped or crashed run from its newest valid checkpoint and writes the outputs it
     * would have written: {@code draws.csv} is byte-identical to the uninterrupted run's.
     *
     * @param directory the run's output directory, or its checkpoint directory
     * @param workers the worker threads to use (0 = sequential engine), or {@code null} for the job's
     * @param classLoader where user target classes are found; {@code null} for the context class loader
     * @param listener progress, from the checkpoint's round on
     * @param notices told of every newer checkpoint skipped as unreadable, of the resume (a recovery
     *     event), and when a checkpoint cannot be written and when it is; {@code null} for none
     * @param stop polled after every round: once true, the run writes a checkpoint and stops
     * @return the result, its summary and the paths written
     * @throws ConfigurationException if there is no valid checkpoint (the message says what was
     *     tried) or its job cannot be run here
     * @throws RunStoppedException if stopped again (a newer checkpoint is written)
     */
    public static CompletedRun resumeAndWrite(Path directory, Integer workers, ClassLoader classLoader,
            ProgressListener listener, RunListener notices, BooleanSupplier stop) {
        return LocalRuns.resumeAndWrite(directory, workers, classLoader, listener, notices, stop);
    }

    /**
     * @param directory an output directory or a checkpoint directory
     * @return the newest valid checkpoint there, with the newer files skipped and why
     * @throws ConfigurationException if there is none
     */
    public static CheckpointFile.Loaded loadCheckpoint(Path directory) {
        return CheckpointFile.readLatest(CheckpointDirs.checkpointDirectory(directory));
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
            Duration connectTimeout, ProgressListener listener) {
        return submitAndWrite(spec, contact, clientHost, connectTimeout, listener, null);
    }

    /**
     * As {@link #submitAndWrite(JobSpec, HostPort, String, Duration, ProgressListener)}, and
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
            Duration connectTimeout, ProgressListener listener, Consumer<String> accepted) {
        return submitAndWrite(spec, contact, clientHost, connectTimeout, listener, accepted, null);
    }

    /**
     * As {@link #submitAndWrite(JobSpec, HostPort, String, Duration, ProgressListener, Consumer)}, and
     * tells {@code notices} the job's notices for the user ({@link RunListener#jobNotice}: a checkpoint
     * that cannot be written, and then can); without a listener they are only logged.
     *
     * @param spec the job (its {@code workers} is ignored: each node has its own)
     * @param contact a node of the cluster
     * @param clientHost the address this client binds and advertises, or {@code null} for 127.0.0.1
     * @param connectTimeout the longest wait to join; {@code null} for the node configuration's (30 s)
     * @param listener progress
     * @param accepted called once with the job's id, on the client's actor thread; {@code null} for none
     * @param notices told the job's notices, on the client's actor thread; {@code null} for none
     * @return the result, its summary and the paths written
     * @throws ConfigurationException if the job is rejected or the output directory is not writable
     * @throws IllegalStateException as the other overload
     */
    public static CompletedRun submitAndWrite(JobSpec spec, HostPort contact, String clientHost,
            Duration connectTimeout, ProgressListener listener, Consumer<String> accepted, RunListener notices) {
        return ClusterJobs.submit(spec, contact, clientHost, connectTimeout, listener, accepted, notices);
    }

    /**
     * What {@link #fetch} collected: one of the two is {@code null}.
     *
     * @param sample a sampling job's run, its summary and the paths written
     * @param optimize an optimize job's run ({@code best.csv}, {@code history.csv}, {@code summary.json})
     */
    public record Fetched(CompletedRun sample, Optimizer.Completed optimize) {
    }

    /**
     * Collects the result of a job submitted to a cluster earlier (by this or another client) and
     * writes the files its submitting client wrote or would have written: a sampling job's
     * {@code draws.csv} and {@code summary.json}, or an optimize job's {@code best.csv},
     * {@code history.csv} and {@code summary.json} ({@link Optimizer#writeFetched}). Waits while the
     * job runs. Needs a cluster whose nodes keep results ({@code replex.checkpoint-dir}).
     *
     * @param jobId the job's id (see {@code replex status})
     * @param contact a node of the cluster
     * @param clientHost the address this client binds and advertises, or {@code null} for 127.0.0.1
     * @param connectTimeout the longest wait to join through {@code contact}; {@code null} for the
     *     node configuration's (30 s)
     * @param out the output directory
     * @param listener progress while the job runs
     * @return what was collected and written
     * @throws ConfigurationException if the job is unknown or the output directory is not writable
     * @throws IllegalStateException if the cluster cannot be reached, or the job failed or was cancelled
     */
    public static Fetched fetch(String jobId, HostPort contact, String clientHost, Duration connectTimeout,
            Path out, ProgressListener listener) {
        return ClusterJobs.fetch(jobId, contact, clientHost, connectTimeout, out, listener);
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
        return Preflight.check(spec, classLoader);
    }
}
