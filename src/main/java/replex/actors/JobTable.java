package replex.actors;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import akka.actor.typed.javadsl.ActorContext;

import replex.actors.JobManager.CancelJob;
import replex.actors.JobManager.CancelReply;
import replex.actors.JobManager.GetStatus;
import replex.actors.JobManager.JobEnded;
import replex.actors.JobManager.JobProgressed;
import replex.actors.JobManager.JobStarted;
import replex.actors.JobManager.JobState;
import replex.actors.JobManager.JobStatus;
import replex.actors.JobManager.StatusReport;
import replex.actors.JobManager.SuspendJob;

/**
 * The {@link JobManager}'s jobs, oldest first ({@link JobRecord}s by job id): what their
 * coordinators report (placed, progressed, ended, or stopped without ending), {@code replex status},
 * {@code replex cancel} and suspend, the rights of owners and operators to them ({@link JobOwnership}),
 * and forgetting ended jobs after {@code replex.job-retention}. Used on the job manager's thread only.
 */
final class JobTable {

    /** A job's coordinator stopped (watched by the job manager). */
    record CoordinatorStopped(String jobId) implements JobManager.Command {
    }

    private final Map<String, JobRecord> jobs = new LinkedHashMap<>();
    private final ActorContext<JobManager.Command> context;
    private final JobFiles files;
    /** SHA-256 of the operator token (hex), or {@code null} when none is configured. */
    private final String operatorHash;
    /** How long an ended job stays in {@code replex status} ({@code replex.job-retention}). */
    private final Duration retention;

    /**
     * @param context the job manager's context
     * @param files its file operations
     * @param operatorHash SHA-256 of the operator token (hex), or {@code null} when none is configured
     * @param retention how long an ended job stays known
     */
    JobTable(ActorContext<JobManager.Command> context, JobFiles files, String operatorHash, Duration retention) {
        this.context = context;
        this.files = files;
        this.operatorHash = operatorHash;
        this.retention = retention;
    }

    /** @return the record of a job, or {@code null} if it is unknown (or forgotten) */
    JobRecord get(String jobId) {
        return jobs.get(jobId);
    }

    /** Adds a job, newest last. */
    void put(String jobId, JobRecord record) {
        jobs.put(jobId, record);
    }

    /**
     * Ends a job as failed: recorded, marked in the shared directory, its client told.
     *
     * @param jobId the job
     * @param record its record
     * @param reason why
     */
    void endAsFailed(String jobId, JobRecord record, String reason) {
        files.markEnded(jobId, JobState.FAILED, reason);
        record.end(JobState.FAILED, reason);
        if (record.client != null) {
            record.client.tell(new JobClient.JobFailed(jobId, reason, false));
        }
    }

    void onStarted(JobStarted m) {
        JobRecord record = jobs.get(m.jobId());
        if (record != null) {
            record.nodes = m.nodes();
        }
    }

    void onProgressed(JobProgressed m) {
        JobRecord record = jobs.get(m.jobId());
        if (record != null) {
            record.roundsDone = m.roundsDone();
            record.best = m.best();
        }
    }

    void onEnded(JobEnded m) {
        JobRecord record = jobs.get(m.jobId());
        if (m.state() == JobState.FAILED || m.state() == JobState.CANCELLED) {
            files.markEnded(m.jobId(), m.state(), m.detail());
        }
        if (record != null) {
            record.end(m.state(), m.detail());
        }
    }

    /** A coordinator that stops without having ended its job (it threw): the job fails, its client is told. */
    void onCoordinatorStopped(CoordinatorStopped m) {
        JobRecord record = jobs.get(m.jobId());
        if (record == null || record.coordinator == null) {
            return; // it ended the job first, or was cancelled
        }
        String reason = "the job's coordinator stopped unexpectedly (see the log of the node running it)";
        context.getLog().error("job {}: {}", m.jobId(), reason);
        endAsFailed(m.jobId(), record, reason);
    }

    /** Forgets the jobs that ended longer than the retention ago. */
    void prune() {
        Instant cutoff = Instant.now().minus(retention);
        jobs.values().removeIf(r -> r.endedAt != null && r.endedAt.isBefore(cutoff));
    }

    void onGetStatus(GetStatus m) {
        List<JobStatus> list = new ArrayList<>();
        String asked = m.token() == null ? null : JobOwnership.hash(m.token());
        boolean operator = JobOwnership.matches(asked, operatorHash);
        jobs.forEach((id, r) -> list.add(new JobStatus(id, r.state.label(), r.roundsDone, r.rounds, r.nodes,
                operator || JobOwnership.matches(asked, r.ownerHash) ? r.detail
                        : r.detail == null ? null : JobOwnership.REDACTED, r.best)));
        m.replyTo().tell(new StatusReport(list));
    }

    void onSuspend(SuspendJob m) {
        JobRecord record = jobs.get(m.jobId());
        if (record != null && record.coordinator != null) {
            record.coordinator.tell(ExchangeCoordinator.Suspend.INSTANCE);
        }
    }

    void onCancel(CancelJob m) {
        JobRecord record = jobs.get(m.jobId());
        String asked = m.token() == null ? null : JobOwnership.hash(m.token());
        if (record == null) {
            m.replyTo().tell(new CancelReply(m.jobId(), false, "no job " + m.jobId() + " (see replex status)"));
        } else if (!JobOwnership.matches(asked, record.ownerHash) && !JobOwnership.matches(asked, operatorHash)) {
            context.getLog().warn("job {}: a cancel without its owner's token or the operator token was refused",
                    m.jobId());
            m.replyTo().tell(new CancelReply(m.jobId(), false, "job " + m.jobId() + " was not cancelled: "
                    + (m.token() == null ? "no token was given" : "the token is neither its cancel token nor the "
                    + "operator token") + "; give the cancel token its submit saved (--token-file <out>/"
                    + JobOwnership.TOKEN_FILE + ") or the operator token (--operator-token-file), see "
                    + "docs/security.md"));
        } else if (record.coordinator == null && record.state != JobState.RUNNING) {
            m.replyTo().tell(new CancelReply(m.jobId(), false, "job " + m.jobId() + " is not running ("
                    + record.state.label() + ")"));
        } else {
            if (record.coordinator != null) {
                record.coordinator.tell(ExchangeCoordinator.Cancel.INSTANCE);
            } else if (record.client != null) { // its checkpoints were still being read: no coordinator yet
                record.client.tell(new JobClient.JobFailed(m.jobId(), "cancelled", false));
            }
            files.markEnded(m.jobId(), JobState.CANCELLED, null);
            record.end(JobState.CANCELLED, record.detail);
            m.replyTo().tell(new CancelReply(m.jobId(), true, "job " + m.jobId() + " cancelled"));
        }
    }
}
