package replex.cli;

import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import replex.api.Replex;

/** {@code replex fetch JOB_ID --contact HOST:PORT --out DIR}: collects a cluster job's result. */
@Command(name = "fetch",
        header = "Collect the result of a job that was submitted to a cluster earlier.",
        description = {
            "Joins the cluster as a client through --contact and asks for job JOB_ID (see `replex status`). While "
                + "the job runs, shows its progress and waits; when it has finished, writes draws.csv and "
                + "summary.json to --out: the draws its submitting client wrote (or would have written, had it "
                + "stayed), byte for byte. For an optimize job (job.mode = optimize) it writes best.csv, history.csv "
                + "and summary.json, as `replex run` does.",
            "The cluster keeps results only when its nodes have a shared checkpoint directory (replex.checkpoint-dir "
                + "or REPLEX_CHECKPOINT_DIR). Use it after the submitting client was stopped, or after the node "
                + "running the job was lost and the job restarted."
        },
        footer = {
            "  replex status --contact 127.0.0.1:2551",
            "  replex fetch job-1a2b3c4d --contact 127.0.0.1:2551 --out out/mixture",
            "",
            "Exit codes: 0 written, 1 job failed or cancelled, cluster unreachable, 2 unknown job or invalid input."
        })
public final class FetchCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job's id, as `replex status` and `replex submit` show it.")
    String jobId;

    @Mixin
    ContactOptions contact;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Output directory on this machine for draws.csv and summary.json (an optimize job: "
                + "best.csv, history.csv and summary.json).")
    Path out;

    @Override
    protected int execute() {
        Replex.Fetched fetched;
        try (ProgressReporter progress = ProgressReporter.create(ProgressReporter.wanted(quiet()), 0)) {
            fetched = Replex.fetch(jobId, contact.contact(), contact.host(), contact.connectTimeout(null),
                    nonEmpty(out, "--out"), progress);
        }
        if (fetched.optimize() != null) {
            return OptimizeRun.report(fetched.optimize(), quiet(), out(), err());
        }
        report(fetched.sample());
        return ExitCodes.OK;
    }
}
