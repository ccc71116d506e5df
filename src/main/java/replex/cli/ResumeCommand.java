package replex.cli;

import java.net.URLClassLoader;
import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import replex.api.CompletedRun;
import replex.api.Replex;
import replex.core.engine.RunStoppedException;
import replex.io.CheckpointFile;
import replex.io.JobSpec;

/** {@code replex resume DIR}: continues a stopped or crashed run from its newest valid checkpoint. */
@Command(name = "resume",
        header = "Continue a stopped or crashed run from its newest checkpoint.",
        description = {
            "DIR is the run's output directory (its checkpoints are in DIR/checkpoints unless output.checkpoint-dir "
                + "says otherwise) or the checkpoint directory itself. The job is read from the checkpoint; the run "
                + "continues from the checkpoint's round and writes draws.csv and summary.json to the job's output "
                + "directory. draws.csv is byte-identical to the one an uninterrupted run writes.",
            "A corrupt or truncated newest checkpoint is reported and the previous one is used. summary.json lists "
                + "the resume under recovery.",
            "An optimize job's checkpoint (job.mode = optimize) continues the same way and writes the best.csv and "
                + "history.csv of the uninterrupted run, byte for byte; see docs/modes.md.",
            "For an evaluate job (job.mode = evaluate), DIR holds the points finished so far; only the others are "
                + "evaluated, and evaluations.csv is byte-identical to an uninterrupted run's: in this JVM, or with "
                + "--contact on a cluster whose worker nodes pull the points left."
        },
        footer = {
            "  replex run examples/lotka-volterra.conf    # Ctrl-C after a while",
            "  replex resume out/lotka-volterra",
            "  # or continue on the sequential engine:",
            "  replex resume out/lotka-volterra --workers 0",
            "",
            "Exit codes: 0 ok, 1 run failed, 2 no valid checkpoint or invalid option, 130 / 143 stopped again by "
                + "SIGINT / SIGTERM after a checkpoint."
        })
public final class ResumeCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "The run's output directory, or its checkpoint directory.")
    Path directory;

    @Mixin
    WorkersOption workerThreads;

    @Mixin
    ClasspathOption classpath;

    @picocli.CommandLine.ArgGroup(exclusive = false, multiplicity = "0..1",
            heading = "%nOn a cluster (evaluate jobs only):%n")
    ContactOptions contact;

    @Override
    protected int execute() throws Exception {
        Integer workers = workerThreads.count;
        if (replex.api.Optimizer.holdsCheckpoint(directory)) { // an optimize job's checkpoints: docs/modes.md
            try (URLClassLoader loader = classpath.loader(); StopOnSignal signal = new StopOnSignal()) {
                return OptimizeRun.resume(directory, workers, loader, quiet(), out(), err(), signal.requested());
            }
        }
        Path evaluate = replex.io.EvaluateJournal.find(directory);
        if (evaluate != null) { // an evaluate job's progress: docs/modes.md
            if (contact != null) {
                if (workers != null) {
                    throw new replex.core.ConfigurationException("--workers", "does not go with --contact: each node "
                            + "evaluates on its own worker threads");
                }
                return EvaluateSubmit.resume(evaluate, contact.contact(), contact.host(), contact.connectTimeout(null),
                        quiet(), out(), err());
            }
            try (URLClassLoader loader = classpath.loader(); StopOnSignal signal = new StopOnSignal()) {
                return EvaluateRun.resume(evaluate, workers, loader, quiet(), out(), err(), signal.requested());
            }
        }
        if (contact != null) {
            throw new replex.core.ConfigurationException("--contact", "only an evaluate job continues on a cluster; "
                    + directory + " holds no evaluate job's progress (a sampling job's checkpoints continue with "
                    + "replex resume DIR, in this JVM)");
        }
        CheckpointFile.Loaded loaded = Replex.loadCheckpoint(directory);
        JobSpec job = loaded.spec();
        if (!quiet()) {
            err().println("replex: resuming from " + loaded.file() + " (round " + loaded.payload().state().round()
                    + " of " + job.sampler().rounds() + ")");
            err().flush();
        }
        try (URLClassLoader loader = classpath.loader(); StopOnSignal signal = new StopOnSignal()) {
            CompletedRun run;
            try (ProgressReporter progress = ProgressReporter.create(ProgressReporter.wanted(quiet()),
                    job.sampler().rounds())) {
                run = Replex.resumeAndWrite(directory, workers, loader, progress, new StderrNotices(err()),
                        signal.requested());
            } catch (RunStoppedException stopped) {
                return RunCommand.stopped(err(), stopped, job);
            }
            report(run);
        }
        return ExitCodes.OK;
    }
}
