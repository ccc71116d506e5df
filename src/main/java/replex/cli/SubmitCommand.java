package replex.cli;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import replex.api.CompletedRun;
import replex.api.LevelCountPilot;
import replex.api.Replex;
import replex.cluster.HostPort;
import replex.io.JobSpec;

/** {@code replex submit FILE --contact HOST:PORT}: runs a job on a cluster and writes its outputs here. */
@Command(name = "submit",
        header = "Submit a job file to a Replex cluster, follow it, and write draws.csv and summary.json here.",
        description = {
            "Joins the cluster as a client node (it hosts no replicas) through --contact, finds the job manager, "
                + "and submits the job. The job is checked first (job file, then its target on every worker node); "
                + "a rejected job prints the reason and exits 2. While the job runs, a progress bar shows the "
                + "rounds and the draws stream back; at the end the client writes the same draws.csv and "
                + "summary.json as `replex run` (byte-identical draws for the same job and seed) and leaves the "
                + "cluster.",
            "Once the cluster admits the job, the client prints its id (replex: submitted job job-1a2b3c4d ...). "
                + "Stopping the client (Ctrl-C) does not stop the job: the client prints the `replex status`, "
                + "`replex fetch` and `replex cancel` commands for it and exits 130. A job that is rejected, "
                + "fails, is cancelled or is left this way writes nothing, and an --out directory that submit "
                + "created is removed again.",
            "An optimize job (job.mode = optimize) is submitted with its table inline and writes the best.csv and "
                + "history.csv of `replex run`; a user objective class that this client cannot load (no "
                + "--classpath) needs job.direction. Like a sampling job it checkpoints into the nodes' shared "
                + "checkpoint directory, survives the loss of the node running it, and can be fetched. See "
                + "docs/modes.md.",
            "An evaluate job (job.mode = evaluate) is coordinated by this client: the worker nodes pull its points "
                + "(each node holds at most as many as it has worker threads), the results come back here and "
                + "evaluations.csv is the same as `replex run` writes. The job lives as long as this client: Ctrl-C "
                + "lets the points under way finish, keeps the finished ones in <out>/checkpoints and exits 130; "
                + "`replex resume <out> --contact HOST:PORT` continues it. See docs/modes.md."
        },
        footer = {
            "  replex submit examples/mixture.conf --contact 127.0.0.1:2551 --out out/mixture",
            "  replex submit job.conf --contact 10.0.0.5:2551 --host 10.0.0.9 --seed 7",
            "",
            "Exit codes: 0 done, 1 job failed or cancelled, 2 job rejected or invalid input, 130 stopped "
                + "following the job (Ctrl-C)."
        })
public final class SubmitCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The job file (.conf HOCON or .json).")
    Path jobFile;

    @Mixin
    ContactOptions contact;

    @Mixin
    OutOption out;

    @Mixin
    SeedOption seed;

    @Mixin
    ClasspathOption classpath;

    @Override
    protected int execute() throws Exception {
        if (replex.io.OptimizeSpec.isOptimizeJob(jobFile)) { // job.mode = optimize: docs/modes.md
            return submitOptimize();
        }
        if (replex.io.EvaluateSpec.isEvaluateJob(jobFile)) { // job.mode = evaluate: coordinated from here
            return EvaluateSubmit.submit(jobFile, out.dir, seed.value, contact.contact(), contact.host(),
                    contact.connectTimeout(null), quiet(), out(), err());
        }
        JobSpec job = JobSpec.load(jobFile, new JobSpec.Overrides(out.dir, null, seed.value));
        java.time.Duration connectTimeout = contact.connectTimeout(null);
        try (URLClassLoader loader = classpath.loader()) {
            if (loader != null) {
                replex.core.Target target = Replex.preflight(job, loader);
                job = job.withHottestLevel(target.hasNormalisedPrior());
                replex.targets.TargetFactory.close(target);
                job = LevelCountPilot.apply(job, loader); // count = auto: the pilot runs here, with the user class
                job = replex.api.InitialDesign.apply(job, loader); // job.init.design: evaluated here too
            }
        }
        HostPort address = contact.contact();
        AtomicReference<String> jobId = new AtomicReference<>();
        Path outDir = job.outputDir();
        CompletedRun run;
        try (StopOnSignal signal = new StopOnSignal(true)) {
            try (ProgressReporter progress = ProgressReporter.create(ProgressReporter.wanted(quiet()),
                    job.sampler().rounds())) {
                run = Replex.submitAndWrite(job, address, contact.host(), connectTimeout, progress,
                        announce(jobId, address), new StderrNotices(err()));
            } catch (RuntimeException e) {
                if (!signal.stopping()) {
                    throw e;
                }
                return stoppedFollowing(jobId.get(), address, outDir);
            }
        }
        report(run);
        return ExitCodes.OK;
    }

    private int submitOptimize() throws Exception {
        replex.io.OptimizeSpec job = replex.io.OptimizeSpec.load(jobFile, new JobSpec.Overrides(out.dir, null, seed.value));
        HostPort address = contact.contact();
        AtomicReference<String> jobId = new AtomicReference<>();
        try (URLClassLoader loader = classpath.loader(); StopOnSignal signal = new StopOnSignal(true)) {
            try {
                return OptimizeRun.submit(job, address, contact.host(), contact.connectTimeout(null), loader, quiet(),
                        out(), err(), announce(jobId, address));
            } catch (RuntimeException e) {
                if (!signal.stopping()) {
                    throw e;
                }
                return stoppedFollowing(jobId.get(), address, job.outputDir());
            }
        }
    }

    /** @return what follows the cluster's admission of the job: its id kept in {@code jobId} and printed */
    private Consumer<String> announce(AtomicReference<String> jobId, HostPort address) {
        return id -> {
            jobId.set(id);
            err().println("replex: submitted job " + id + " to the cluster at " + address);
            err().flush();
        };
    }

    /**
     * Ctrl-C (or SIGTERM) while the job runs: the job goes on in the cluster; says so and how to
     * follow, collect or cancel it.
     *
     * @return {@link ExitCodes#STOPPED}
     */
    private int stoppedFollowing(String id, HostPort address, Path outDir) {
        err().println();
        if (id == null) {
            err().println("replex: stopped before the cluster admitted the job; if it did, the job goes on: "
                    + "see replex status --contact " + address);
        } else {
            String c = " --contact " + address;
            err().println("replex: stopped following job " + id + "; the job goes on in the cluster");
            err().println("replex: its progress:  replex status" + c);
            err().println("replex: its result:    replex fetch " + id + c + " --out " + quoted(outDir)
                    + "  (needs nodes with a shared replex.checkpoint-dir)");
            err().println("replex: to stop it:    replex cancel " + id + c + " --token-file "
                    + quoted(outDir.resolve(replex.actors.JobOwnership.TOKEN_FILE)));
        }
        err().flush();
        return ExitCodes.STOPPED;
    }

    /** @return the path, single-quoted for a POSIX shell if it holds anything but safe characters */
    static String quoted(Path path) {
        String s = path.toString();
        return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
