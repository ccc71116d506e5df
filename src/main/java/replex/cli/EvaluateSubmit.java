package replex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import akka.actor.typed.Behavior;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;

import replex.actors.EvaluateCoordinator;
import replex.cluster.ClusterClient;
import replex.cluster.HostPort;
import replex.core.ConfigurationException;
import replex.core.evaluate.Design;
import replex.core.evaluate.PointResult;
import replex.io.EvaluateJournal;
import replex.io.EvaluateSpec;
import replex.io.JobSpec;
import replex.io.RunOutputs;

/**
 * {@code replex submit} of an {@code evaluate} job, and {@code replex resume --contact} of one: this
 * client joins the cluster and coordinates the job itself ({@link EvaluateCoordinator}): the worker
 * nodes build the target (or the vector objective) and evaluate the points they pull, the results come back here and are
 * recorded in the job's progress in this machine's checkpoint directory as they arrive, and the
 * outputs are written here, the same files as {@code replex run} writes ({@code evaluations.csv}
 * byte-identical). The nodes keep nothing: Ctrl-C lets the points under way finish and stops, and
 * the job continues with {@code replex resume} (here, or with {@code --contact} on a cluster).
 */
final class EvaluateSubmit {

    /** How long the job waits for a worker node while the cluster has none. */
    static final Duration NO_WORKER_TIMEOUT = Duration.ofSeconds(60);

    private EvaluateSubmit() {
    }

    /**
     * Submits an evaluate job file.
     *
     * @return {@link ExitCodes#OK}, or {@link ExitCodes#STOPPED} after Ctrl-C
     * @throws ConfigurationException if the job is invalid or a node cannot build its target
     * @throws IllegalStateException if the cluster cannot be reached or is lost
     * @throws IOException if the outputs cannot be written
     */
    static int submit(Path jobFile, Path out, Long seed, HostPort contact, String host, Duration connectTimeout,
            boolean quiet, PrintWriter stdout, PrintWriter err) throws IOException {
        EvaluateSpec spec = EvaluateSpec.load(jobFile, new JobSpec.Overrides(out, null, seed));
        RunOutputs.prepare(spec.outputDir());
        if (EvaluateJournal.find(spec.checkpointDir()) != null) { // before joining the cluster; start() checks again
            throw new ConfigurationException("output.checkpoint-dir", spec.checkpointDir() + " holds the progress of "
                    + "an earlier evaluate job. Continue it with `replex resume " + spec.outputDir() + " --contact "
                    + contact + "`, or delete those files to start afresh.");
        }
        AtomicReference<EvaluateJournal> journal = new AtomicReference<>();
        EvaluateSpec s = spec;
        return run(spec, names -> {
            Design design = s.design(names);
            journal.set(EvaluateJournal.start(s, design));
            return new Started(design, new PointResult[design.size()], journal.get());
        }, contact, host, connectTimeout, quiet, stdout, err);
    }

    /**
     * Continues an interrupted evaluate job on a cluster.
     *
     * @return {@link ExitCodes#OK}, or {@link ExitCodes#STOPPED} after Ctrl-C
     */
    static int resume(Path checkpointDir, HostPort contact, String host, Duration connectTimeout, boolean quiet,
            PrintWriter stdout, PrintWriter err) throws IOException {
        EvaluateRun.Resumed r = EvaluateRun.resumed(checkpointDir, null, quiet, err);
        RunOutputs.prepare(r.spec().outputDir());
        return run(r.spec(), names -> {
            r.checkNames(names);
            return new Started(r.design(), r.results(), EvaluateJournal.resume(r.loaded()));
        }, contact, host, connectTimeout, quiet, stdout, err);
    }

    /** What the job starts from once the target's names are known, and its open progress. */
    private record Started(Design design, PointResult[] results, EvaluateJournal journal) {
    }

    private static int run(EvaluateSpec spec, Function<List<String>, Started> starter, HostPort contact, String host,
            Duration connectTimeout, boolean quiet, PrintWriter stdout, PrintWriter err) throws IOException {
        String jobId = "evaluate-" + UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<EvaluateCoordinator.Outcome> done = new CompletableFuture<>();
        AtomicReference<Started> started = new AtomicReference<>();
        AtomicInteger resumed = new AtomicInteger();
        EvaluateCoordinator.Outcome outcome;
        long start = System.nanoTime();
        try (StopOnSignal signal = new StopOnSignal();
                ProgressReporter progress = ProgressReporter.create(ProgressReporter.wanted(quiet), 0, "points")) {
            AtomicInteger count = new AtomicInteger();
            Function<List<String>, EvaluateCoordinator.Start> coordinatorStart = names -> {
                Started s = starter.apply(names);
                started.set(s);
                int n = s.results().length;
                for (PointResult r : s.results()) {
                    if (r != null) {
                        count.incrementAndGet();
                    }
                }
                resumed.set(count.get());
                return new EvaluateCoordinator.Start(s.design(), s.results(), r -> {
                    s.journal().append(r);
                    progress.progressed(count.incrementAndGet(), n);
                });
            };
            // Ctrl-C is this command's stop request (StopOnSignal): the client's actor system must outlive it, to
            // collect the points under way and leave the cluster, so Akka's own JVM shutdown hooks stay off (that of
            // its coordinated shutdown, and Artery's, which would close the connections to the nodes at once).
            com.typesafe.config.Config overrides = ConfigFactory.parseString("akka.jvm-shutdown-hooks = off");
            Behavior<EvaluateCoordinator.Command> coordinator = spec.isObjective()
                    ? EvaluateCoordinator.createForObjective(jobId, spec.objective().root().render(
                            ConfigRenderOptions.concise()), spec.parameterNames(), coordinatorStart, signal.requested(),
                            done, NO_WORKER_TIMEOUT)
                    : EvaluateCoordinator.create(jobId, spec.target().root().render(ConfigRenderOptions.concise()),
                            coordinatorStart, signal.requested(), done, NO_WORKER_TIMEOUT);
            try (ClusterClient client = ClusterClient.start(ClusterClient.config(contact, host, connectTimeout,
                    overrides), coordinator)) {
                client.system().getWhenTerminated().thenRun(() -> done.completeExceptionally(new IllegalStateException(
                        "the client left the cluster before the job ended: could not reach " + contact
                        + " (is a node running there?), or the connection was lost")));
                outcome = done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                Started s = started.get();
                if (s != null && count.get() == 0) { // a fresh job that failed before any point: nothing to resume
                    s.journal().close();
                    EvaluateJournal.delete(spec.checkpointDir(), spec.outputDir());
                    started.set(null);
                }
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                Started s = started.get();
                if (s != null) {
                    s.journal().close();
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            Started s = started.get();
            if (s == null) { // stopped before a node joined
                err.println();
                err.println("replex: stopped before the job started; nothing was evaluated");
                err.flush();
                return ExitCodes.STOPPED;
            }
            if (!outcome.complete()) {
                return EvaluateRun.stopped(spec, count.get(), s.results().length, contact.toString(), err);
            }
            int slots = outcome.slots().values().stream().mapToInt(Integer::intValue).sum();
            String engine = "cluster: " + outcome.slots().size() + " node" + (outcome.slots().size() == 1 ? "" : "s")
                    + ", " + slots + " worker thread" + (slots == 1 ? "" : "s") + " " + nodes(outcome.slots());
            EvaluateSpec finished = spec.isObjective() ? spec.withReportedDirection(outcome.direction()) : spec;
            return EvaluateRun.finish(finished, s.design(), s.results(), resumed.get(), wall, engine, quiet, stdout,
                    err);
        }
    }

    private static String nodes(Map<String, Integer> slots) {
        StringBuilder b = new StringBuilder("(");
        slots.forEach((node, n) -> b.append(b.length() > 1 ? ", " : "").append(node).append(": ").append(n));
        return b.append(')').toString();
    }
}
