package replex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import replex.core.ConfigurationException;
import replex.core.Objective;
import replex.core.Target;
import replex.core.evaluate.BestPoints;
import replex.core.evaluate.Design;
import replex.core.evaluate.EvaluateEngine;
import replex.core.evaluate.PointFunction;
import replex.core.evaluate.PointResult;
import replex.core.optimize.TableState;
import replex.io.EvaluateJournal;
import replex.io.EvaluateOutputs;
import replex.io.EvaluateSpec;
import replex.io.JobSpec;
import replex.io.RunOutputs;
import replex.objectives.ObjectiveFactory;
import replex.targets.TargetFactory;

/**
 * {@code replex run} and {@code replex resume} for an {@code evaluate} job ({@code job.mode =
 * evaluate}): builds the target (or the vector objective) and the design, evaluates every point once on {@code workers}
 * threads ({@link EvaluateEngine}), recording each finished point in the job's progress
 * ({@link EvaluateJournal}), shows a progress bar of points, and writes {@code evaluations.csv},
 * {@code timings.csv} and {@code summary.json}. Failed points are rows with status {@code failed}; they
 * do not fail the job. Ctrl-C lets the points under way finish and stops; {@code replex resume}
 * evaluates only the points left.
 */
final class EvaluateRun {

    /** The name of the node in {@code timings.csv} for a run in this JVM. */
    static final String LOCAL_NODE = "local";

    private EvaluateRun() {
    }

    /**
     * Runs an evaluate job file.
     *
     * @return {@link ExitCodes#OK}, or {@link ExitCodes#STOPPED} after a stop request
     * @throws IOException if the outputs cannot be written
     * @throws ConfigurationException if the job is invalid
     */
    static int run(Path jobFile, JobSpec.Overrides overrides, ClassLoader loader, boolean quiet, PrintWriter out,
            PrintWriter err, BooleanSupplier stop) throws IOException {
        EvaluateSpec loaded = EvaluateSpec.load(jobFile, overrides);
        if (loaded.isObjective()) {
            Objective objective = ObjectiveFactory.createForPoints(loaded.objective(), loader, loaded.parameterNames());
            EvaluateSpec spec = loaded.withDirectionOf(objective);
            Design design = spec.design(spec.parameterNames());
            RunOutputs.prepare(spec.outputDir());
            EvaluateJournal journal = EvaluateJournal.start(spec, design);
            return execute(spec, design, PointFunction.of(objective, design.names()), new PointResult[design.size()],
                    journal, quiet, out, err, stop);
        }
        EvaluateSpec spec = loaded;
        Target target = TargetFactory.create(spec.target(), loader);
        try {
            Design design = spec.design(target.parameterNames());
            RunOutputs.prepare(spec.outputDir());
            EvaluateJournal journal = EvaluateJournal.start(spec, design);
            return execute(spec, design, PointFunction.of(target), new PointResult[design.size()], journal, quiet, out,
                    err, stop);
        } finally {
            TargetFactory.close(target);
        }
    }

    /**
     * Continues an interrupted evaluate job from its progress.
     *
     * @param checkpointDir where the progress is ({@link EvaluateJournal#find})
     * @param workers threads to use instead of the job's, or {@code null}
     * @return {@link ExitCodes#OK}, or {@link ExitCodes#STOPPED} after another stop request
     * @throws IOException if the outputs cannot be written
     * @throws ConfigurationException if the progress is damaged or does not fit the target
     */
    static int resume(Path checkpointDir, Integer workers, ClassLoader loader, boolean quiet, PrintWriter out,
            PrintWriter err, BooleanSupplier stop) throws IOException {
        Resumed r = resumed(checkpointDir, workers, quiet, err);
        if (r.spec().isObjective()) {
            r.checkNames(r.spec().parameterNames());
            Objective objective = ObjectiveFactory.createForPoints(r.spec().objective(), loader, r.design().names());
            EvaluateSpec spec = r.spec().withDirectionOf(objective);
            RunOutputs.prepare(spec.outputDir());
            EvaluateJournal journal = EvaluateJournal.resume(r.loaded());
            return execute(spec, r.design(), PointFunction.of(objective, r.design().names()), r.results(), journal,
                    quiet, out, err, stop);
        }
        Target target = TargetFactory.create(r.spec().target(), loader);
        try {
            r.checkNames(target.parameterNames());
            RunOutputs.prepare(r.spec().outputDir());
            EvaluateJournal journal = EvaluateJournal.resume(r.loaded());
            return execute(r.spec(), r.design(), PointFunction.of(target), r.results(), journal, quiet, out, err, stop);
        } finally {
            TargetFactory.close(target);
        }
    }

    /**
     * An interrupted job read back from its progress.
     *
     * @param loaded what its checkpoint directory holds
     * @param spec the job, writing where the progress was found
     * @param design its points
     * @param results the results of the points done, {@code null} for the others
     */
    record Resumed(EvaluateJournal.Loaded loaded, EvaluateSpec spec, Design design, PointResult[] results) {

        /** @throws ConfigurationException if the parameters are not the saved points' columns */
        void checkNames(java.util.List<String> names) {
            if (!design.names().equals(names)) {
                throw new ConfigurationException("checkpoint", loaded.dir().resolve(EvaluateJournal.POINTS)
                        + " has the columns " + design.names() + ", the " + (spec.isObjective() ? "job" : "target")
                        + " the parameters " + names);
            }
        }
    }

    /** Reads an interrupted job's progress; {@code workers} replaces the job's if given. */
    static Resumed resumed(Path checkpointDir, Integer workers, boolean quiet, PrintWriter err) {
        EvaluateJournal.Loaded loaded = EvaluateJournal.load(checkpointDir);
        EvaluateSpec spec = EvaluateJournal.spec(loaded, Path.of("").toAbsolutePath());
        if (workers != null) {
            if (workers < 0 || workers > JobSpec.MAX_WORKERS) {
                throw new ConfigurationException("--workers", "must be an integer in [0, " + JobSpec.MAX_WORKERS
                        + "] (0 = this thread), got " + workers);
            }
            spec = spec.withWorkers(workers);
        }
        // a moved or copied output folder: continue there when the progress sits in its default place
        Path foundIn = loaded.dir();
        if (!foundIn.equals(spec.checkpointDir())) {
            boolean inner = foundIn.getFileName() != null
                    && foundIn.getFileName().toString().equals(JobSpec.DEFAULT_CHECKPOINT_DIR);
            spec = spec.withDirectories(inner ? foundIn.getParent() : spec.outputDir(), foundIn);
        }
        TableState points = loaded.points();
        double[][] rows = new double[points.rows()][points.columns()];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                rows[i][j] = points.get(i, j);
            }
        }
        Design design = Design.of(points.columnNames(), rows);
        PointResult[] results = new PointResult[design.size()];
        for (PointResult r : loaded.results()) {
            results[r.point()] = r;
        }
        if (!quiet) {
            err.println("replex: resuming from " + checkpointDir + " (" + loaded.results().size() + " of "
                    + design.size() + " points done)");
            err.flush();
        }
        return new Resumed(loaded, spec, design, results);
    }

    private static int execute(EvaluateSpec spec, Design design, PointFunction function, PointResult[] results,
            EvaluateJournal journal, boolean quiet, PrintWriter out, PrintWriter err, BooleanSupplier stop)
            throws IOException {
        int n = design.size();
        int[] todo = new int[n];
        int left = 0;
        for (int i = 0; i < n; i++) {
            if (results[i] == null) {
                todo[left++] = i;
            }
        }
        int resumed = n - left;
        todo = java.util.Arrays.copyOf(todo, left);
        AtomicInteger done = new AtomicInteger(resumed);
        long start = System.nanoTime();
        boolean complete;
        try (journal; ProgressReporter progress = ProgressReporter.create(ProgressReporter.wanted(quiet), n,
                "points")) {
            complete = EvaluateEngine.run(function, design, todo, spec.workers(), LOCAL_NODE, r -> {
                journal.append(r);
                results[r.point()] = r; // read after the engine's threads have ended
                progress.progressed(done.incrementAndGet(), n);
            }, stop);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        if (!complete) {
            return stopped(spec, done.get(), n, null, err);
        }
        String engine = spec.workers() == 0 ? "this thread" : spec.workers() + " worker thread"
                + (spec.workers() == 1 ? "" : "s");
        return finish(spec, design, results, resumed, wall, engine, quiet, out, err);
    }

    /**
     * Says that the job stopped with its finished points kept, and how to continue it.
     *
     * @param contact the cluster's contact for a job that ran there, or {@code null}
     * @return {@link ExitCodes#STOPPED}
     */
    static int stopped(EvaluateSpec spec, int done, int points, String contact, PrintWriter err) {
        err.println();
        err.println("replex: stopped after " + done + " of " + points + " points; the results so far are kept in "
                + spec.checkpointDir());
        err.println("replex: continue with: replex resume " + SubmitCommand.quoted(spec.outputDir())
                + (contact == null ? "" : "   (on the cluster: add --contact " + contact + ")"));
        err.flush();
        return ExitCodes.STOPPED;
    }

    /**
     * Writes the outputs of a complete job, deletes its progress and reports.
     *
     * @return {@link ExitCodes#OK}
     * @throws IOException if the outputs cannot be written
     */
    static int finish(EvaluateSpec spec, Design design, PointResult[] results, int resumed, double wall,
            String engine, boolean quiet, PrintWriter out, PrintWriter err) throws IOException {
        EvaluateOutputs.write(spec, design, results, resumed, wall, engine);
        try {
            EvaluateJournal.delete(spec.checkpointDir(), spec.outputDir());
        } catch (IOException e) {
            err.println("replex: warning: could not delete " + spec.checkpointDir() + ": " + e.getMessage());
        }
        report(spec, results, resumed, wall, engine, quiet, out, err);
        return ExitCodes.OK;
    }

    /** Prints what a complete run did; the failures also with {@code --quiet} (a warning). */
    static void report(EvaluateSpec spec, PointResult[] results, int resumed, double wall, String engine,
            boolean quiet, PrintWriter out, PrintWriter err) {
        int failed = 0;
        PointResult firstFailure = null;
        for (PointResult r : results) {
            if (!r.ok()) {
                failed++;
                firstFailure = firstFailure == null ? r : firstFailure;
            }
        }
        int b = spec.isObjective() ? BestPoints.best(results, spec.direction()) : BestPoints.best(results);
        PointResult best = b < 0 ? null : results[b];
        if (!quiet) {
            out.println("evaluated " + results.length + " points (" + (results.length - failed) + " ok, " + failed
                    + " failed)" + (resumed > 0 ? ", " + resumed + " of them before the resume," : "") + " in "
                    + String.format(Locale.ROOT, "%.2f", wall) + " s on " + engine);
            if (best != null && spec.isObjective()) {
                out.println("best value " + String.format(Locale.ROOT, "%.6g", PointFunction.objectiveValue(
                        best.evaluation())) + " (" + spec.direction() + ") at point " + best.point());
            } else if (best != null) {
                out.println("highest log posterior " + String.format(Locale.ROOT, "%.6g", best.logPosterior())
                        + " at point " + best.point());
            }
            out.println("wrote " + spec.outputDir().resolve(EvaluateOutputs.EVALUATIONS) + ", "
                    + EvaluateOutputs.TIMINGS + ", " + EvaluateOutputs.SUMMARY);
            out.flush();
        }
        if (failed > 0) {
            err.println("replex: warning: " + failed + " of " + results.length + " points failed (status = failed in "
                    + EvaluateOutputs.EVALUATIONS + "); the first, point " + firstFailure.point() + ": "
                    + BaseCommand.oneLine(firstFailure.failure()));
            err.flush();
        }
    }
}
