package replex.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import replex.actors.JobManager;
import replex.cluster.ClusterClient;
import replex.core.ConfigurationException;

/** {@code replex cancel JOB_ID --contact HOST:PORT}. */
@Command(name = "cancel",
        header = "Cancel a running job of a Replex cluster.",
        description = {"The job's replicas stop; a client following it (replex submit) reports the job as "
                + "cancelled and exits 1. Job ids are shown by replex status. Only the job's owner (its cancel "
                + "token, which replex submit wrote to <out>/" + replex.actors.JobOwnership.TOKEN_FILE + ") or an "
                + "operator (the nodes' operator token) can cancel a job."},
        footerHeading = "%nExample:%n",
        footer = {"  replex cancel job-1a2b3c4d --contact 127.0.0.1:2551 \\",
            "      --token-file out/job/cancel-token", "",
            "Exit codes: 0 cancelled, 1 cluster unreachable, 2 no such running job, no or a wrong token, or invalid options."})
public final class CancelCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job to cancel (see replex status).")
    String jobId;

    @Mixin
    ManagerAccess access;

    @Override
    protected int execute() {
        access.contact.contact(); // a malformed --contact is reported first
        String token = access.tokens.token();
        if (token == null) {
            throw new ConfigurationException("--token-file", "replex cancel needs the job's cancel token "
                    + "(--token-file <out>/" + replex.actors.JobOwnership.TOKEN_FILE + ", written by replex submit) or "
                    + "the operator token (--operator-token-file); see docs/security.md");
        }
        try (ClusterClient client = access.contact.connect()) {
            JobManager.CancelReply reply = client.ask(ref -> new JobManager.CancelJob(jobId, token, ref),
                    StatusCommand.TIMEOUT);
            if (!reply.found()) {
                throw new ConfigurationException("JOB_ID", reply.message());
            }
            out().println(reply.message());
            out().flush();
        }
        return ExitCodes.OK;
    }
}
