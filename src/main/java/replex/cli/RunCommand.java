package replex.cli;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import replex.api.CompletedRun;
import replex.api.Replex;
import replex.core.engine.RunStoppedException;
import replex.io.JobSpec;

/** {@code replex run FILE}: runs a job in this JVM and writes its outputs. */
@Command(name = "run",
        header = "Run a job file in this JVM and write draws.csv and summary.json.",
        description = {
            "Reads FILE (HOCON or JSON: a job { ... } block and an optional output { dir = ... }), "
                + "checks every setting and builds the target and "
                + "the initial states of every chain before anything runs, then samples with parallel tempering.",
            "With workers = 0 the sequential engine runs in one thread; otherwise replicas run on Akka actors with "
                + "N worker threads. The draws are identical either way.",
            "Outputs go to output.dir (default out/<FILE name without extension>): draws.csv (level-0 draws of every "
                + "chain) and summary.json (posterior summary, diagnostics, swap rates, warnings), written atomically; "
                + "summary.json appears last and marks a complete run.",
            "Checkpoints are written every job.checkpoint-every rounds (default rounds / 10) to output.checkpoint-dir "
                + "(default <output dir>/checkpoints) and deleted when the run completes. Ctrl-C (or SIGTERM) writes a "
                + "final checkpoint and stops; `replex resume <output dir>` continues the run and gives the same "
                + "draws.csv as an uninterrupted run.",
            "A job with job.mode = optimize searches for the best value of an objective instead and writes best.csv, "
                + "history.csv and summary.json, identical for any --workers; Ctrl-C stops it at the next round that "
                + "is a multiple of 10, after a checkpoint, and `replex resume` continues it; see docs/modes.md.",
            "A job with job.mode = evaluate evaluates its target once at each point of a design (Latin hypercube, grid, "
                + "Sobol or a CSV file) on N worker threads and writes evaluations.csv (identical for any --workers), "
                + "timings.csv and summary.json; a point whose evaluation throws is a row with status failed. Ctrl-C "
                + "keeps the finished points and `replex resume <output dir>` evaluates the rest; see docs/modes.md."
        },
        footer = {
            "  replex run examples/mixture.conf",
            "  replex run job.conf --workers 0 --seed 7 --out out/seed7",
            "  replex run mytarget.conf --classpath build/classes:lib/model.jar",
            "",
            "A small job file (every other key has a default):",
            "  job {",
            "    target {",
            "      name = gaussian-mixture, weights = [0.3, 0.7], means = [[-5], [5]], sd = 1",
            "    }",
            "    rounds = 1000",
            "  }",
            "  output { dir = \"out/mixture\" }",
            "",
            "Exit codes: 0 ok, 1 run failed, 2 invalid input (options or job file), 130 / 143 stopped by SIGINT / "
                + "SIGTERM after a checkpoint."
        })
public final class RunCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The job file (.conf HOCON or .json).")
    Path jobFile;

    @Mixin
    OutOption out;

    @Mixin
    WorkersOption workers;

    @Mixin
    SeedOption seed;

    @Mixin
    ClasspathOption classpath;

    @Override
    protected int execute() throws IOException {
        JobSpec.Overrides overrides = new JobSpec.Overrides(out.dir, workers.count, seed.value);
        if (replex.io.OptimizeSpec.isOptimizeJob(jobFile)) { // job.mode = optimize: docs/modes.md
            try (URLClassLoader loader = userClassLoader(); StopOnSignal signal = new StopOnSignal()) {
                return OptimizeRun.run(jobFile, overrides, loader, quiet(), out(), err(), signal.requested());
            }
        }
        if (replex.io.EvaluateSpec.isEvaluateJob(jobFile)) { // job.mode = evaluate: docs/modes.md
            try (URLClassLoader loader = userClassLoader(); StopOnSignal signal = new StopOnSignal()) {
                return EvaluateRun.run(jobFile, overrides, loader, quiet(), out(), err(), signal.requested());
            }
        }
        JobSpec job = JobSpec.load(jobFile, overrides);
        try (URLClassLoader loader = userClassLoader(); StopOnSignal signal = new StopOnSignal()) {
            CompletedRun run;
            try (ProgressReporter progress = ProgressReporter.create(ProgressReporter.wanted(quiet()),
                    job.sampler().rounds())) {
                run = Replex.runAndWrite(job, loader, progress, new StderrNotices(err()), signal.requested());
            } catch (RunStoppedException stopped) {
                return stopped(err(), stopped, job);
            }
            report(run);
        }
        return ExitCodes.OK;
    }

    /**
     * Tells the user that the run stopped at a checkpoint and how to continue it.
     *
     * @return {@link ExitCodes#STOPPED}
     */
    static int stopped(java.io.PrintWriter err, RunStoppedException stopped, JobSpec job) {
        err.println();
        err.println("replex: stopped after round " + stopped.round() + " of " + job.sampler().rounds()
                + "; checkpoint written to " + job.checkpointDir());
        err.println("replex: continue with: replex resume " + job.outputDir());
        err.flush();
        return ExitCodes.STOPPED;
    }

    private URLClassLoader userClassLoader() {
        return classpath.loader();
    }
}
