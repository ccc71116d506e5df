package replex.cli;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import replex.actors.JobManager;
import replex.cluster.ClusterClient;

/** {@code replex status --contact HOST:PORT}: the cluster's worker nodes and jobs. */
@Command(name = "status",
        header = "Show the worker nodes of a Replex cluster and its jobs (id, state, rounds done, nodes used; an "
                + "optimize job's best value so far).",
        description = {"Joins the cluster briefly as a client node through --contact, asks the job manager, "
                + "prints, and leaves. Every job is listed; a job's failure or rejection reason is shown only to "
                + "its owner (--token-file) or an operator (--operator-token-file)."},
        footerHeading = "%nExample:%n",
        footer = {"  replex status --contact 127.0.0.1:2551", "", "Exit codes: 0 ok, 1 cluster unreachable, "
                + "2 invalid options."})
public final class StatusCommand extends BaseCommand {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Mixin
    ManagerAccess access;

    @Override
    protected int execute() {
        String token = access.tokens.token();
        try (ClusterClient client = access.contact.connect()) {
            JobManager.StatusReport report = client.ask(ref -> new JobManager.GetStatus(ref, token), TIMEOUT);
            long workers = 0;
            for (Member m : Cluster.get(client.system()).state().getMembers()) {
                if (m.hasRole("worker") && m.status() == MemberStatus.up()) {
                    workers++;
                }
            }
            out().println("worker nodes: " + workers);
            if (report.jobs().isEmpty()) {
                out().println("no jobs");
            } else {
                out().printf("%-14s %-10s %-17s %s%n", "job", "state", "rounds done", "nodes (replicas)");
                for (JobManager.JobStatus j : report.jobs()) {
                    out().printf("%-14s %-10s %-17s %s%n", j.jobId(), j.state(), j.roundsDone() + "/" + j.rounds(),
                            nodes(j.nodes()) + (j.best() == null ? "" : "  best " + String.format(java.util.Locale.ROOT,
                                    "%.6g", j.best())) + (j.detail() == null ? "" : "  " + j.detail()));
                }
            }
            out().flush();
        }
        return ExitCodes.OK;
    }

    private static String nodes(Map<String, Integer> nodes) {
        if (nodes.isEmpty()) {
            return "-";
        }
        return new java.util.TreeMap<>(nodes).entrySet().stream()
                .map(e -> e.getKey().replaceFirst("^akka://[^@]+@", "") + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }
}
