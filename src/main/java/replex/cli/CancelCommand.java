package replex.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import replex.actors.JobManager;
import replex.cluster.ClusterClient;
import replex.core.ConfigurationException;

/** {@code replex cancel JOB_ID --contact HOST:PORT}. */
@Command(name = "cancel",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        headerHeading = "%n",
        header = "Cancel a running job of a Replex cluster.",
        descriptionHeading = "%n",
        description = {"The job's replicas stop; a client following it (replex submit) reports the job as "
                + "cancelled and exits 1. Job ids are shown by replex status."},
        parameterListHeading = "%nParameters:%n",
        optionListHeading = "%nOptions:%n",
        footerHeading = "%nExample:%n",
        footer = {"  replex cancel job-1a2b3c4d --contact 127.0.0.1:2551", "",
            "Exit codes: 0 cancelled, 1 cluster unreachable, 2 no such running job or invalid options."})
public final class CancelCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job to cancel (see replex status).")
    String jobId;

    @Mixin
    ContactOptions contact;

    @Override
    protected int execute() {
        try (ClusterClient client = contact.connect()) {
            JobManager.CancelReply reply = client.ask(ref -> new JobManager.CancelJob(jobId, ref),
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
