package replex.actors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import akka.actor.typed.javadsl.ActorContext;

import replex.actors.JobManager.FetchJob;
import replex.core.chain.ChainSnapshot;
import replex.core.chain.ChainState;
import replex.core.chain.ChainStatistics;
import replex.core.optimize.OptimizeEngine;
import replex.io.CheckpointFile;
import replex.io.JobDirectory;
import replex.io.JobSpec;
import replex.io.OptimizeCheckpointFile;

/**
 * {@code replex fetch} on the {@link JobManager}: answers a {@link FetchJob} from the job's record,
 * and for a finished job reads its result from the shared checkpoint directory (queued file I/O)
 * and streams it to the fetching client as the job's coordinator did to its own client. Used on the
 * job manager's thread only.
 */
final class JobResults {

    /** A finished job's result, read from the shared directory for a fetch. */
    record ResultRead(FetchJob request, Path file, CheckpointFile.Payload result, JobSpec spec, Throwable error)
            implements JobManager.Command {
    }

    /** A finished optimize job's result, read from the shared directory for a fetch. */
    record OptimizeResultRead(FetchJob request, Path file, SharedJobs.OptimizeResult read, Throwable error)
            implements JobManager.Command {
    }

    private final ActorContext<JobManager.Command> context;
    private final JobTable jobs;
    private final JobFiles files;

    /**
     * @param context the job manager's context
     * @param jobs its jobs
     * @param files its file operations
     */
    JobResults(ActorContext<JobManager.Command> context, JobTable jobs, JobFiles files) {
        this.context = context;
        this.jobs = jobs;
        this.files = files;
    }

    void onFetch(FetchJob m) {
        JobRecord record = jobs.get(m.jobId());
        if (record == null) {
            m.replyTo().tell(new JobClient.JobRejected("no job " + m.jobId() + " in this cluster (see replex status)"));
            return;
        }
        switch (record.state) {
            case FINISHED -> sendResult(m, record.optimize);
            // the reason is its owner's (replex status --token-file): a fetch by job id does not show it
            case FAILED, CANCELLED, REJECTED, SUSPENDED -> m.replyTo().tell(new JobClient.JobFailed(m.jobId(),
                    record.state.label() + (record.detail == null ? "" : " " + JobOwnership.REDACTED), false));
            case ADMITTING, RUNNING, RESTARTING -> m.replyTo().tell(new JobClient.FetchPending(m.jobId(),
                    record.state.label(), record.roundsDone, record.rounds));
        }
    }

    /** Reads a finished job's result from the shared directory (queued file I/O), then streams it. */
    private void sendResult(FetchJob m, boolean optimize) {
        if (files.root() == null) {
            m.replyTo().tell(new JobClient.JobFailed(m.jobId(), "finished, but this cluster keeps no results: "
                    + "start the nodes with replex.checkpoint-dir (REPLEX_CHECKPOINT_DIR) set to a shared folder",
                    false));
            return;
        }
        Path file = files.root().resolve(m.jobId()).resolve(JobDirectory.RESULT_FILE);
        if (optimize) {
            context.pipeToSelf(files.io(() -> SharedJobs.readOptimizeResult(file)),
                    (read, error) -> new OptimizeResultRead(m, file, read, error));
            return;
        }
        CompletableFuture<CheckpointFile.Payload> read = files.io(() -> {
            try {
                return CheckpointFile.read(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        context.pipeToSelf(read.thenApply(result -> new ResultRead(m, file, result, JobSpec.fromJson(result.job()),
                null)), (r, error) -> r != null ? r : new ResultRead(m, file, null, null, error));
    }

    /** Streams a finished job's result, as its coordinator did to its client. */
    void onResultRead(ResultRead r) {
        FetchJob m = r.request();
        if (unreadable(m, r.file(), r.error())) {
            return;
        }
        CheckpointFile.Payload result = r.result();
        m.replyTo().tell(new JobClient.JobAccepted(m.jobId(), List.of(result.parameterNames()), result.job(), null));
        List<ChainStatistics> statistics = new ArrayList<>();
        for (ChainSnapshot snapshot : result.state().chains()) {
            ChainState chain = ChainState.restore(r.spec().sampler(), result.parameterNames().length, snapshot);
            JobClient.sendDraws(m.replyTo(), m.jobId(), chain, 0);
            statistics.add(chain.statistics());
        }
        JobRecord record = jobs.get(m.jobId());
        m.replyTo().tell(new JobClient.JobFinished(m.jobId(), statistics, record == null ? null : record.nodes,
                "actors (fetched)", List.of(result.events()), null));
    }

    /** Streams a finished optimize job's result, as its coordinator did to its client. */
    void onOptimizeResultRead(OptimizeResultRead r) {
        FetchJob m = r.request();
        if (unreadable(m, r.file(), r.error())) {
            return;
        }
        OptimizeCheckpointFile.Payload payload = r.read().payload();
        OptimizeEngine.Result result = r.read().result();
        List<String> metricNames = List.of(payload.metricNames());
        m.replyTo().tell(new JobClient.JobAccepted(m.jobId(), metricNames, payload.job(), null));
        JobRecord record = jobs.get(m.jobId());
        OptimizeClient.sendResult(m.replyTo(), m.jobId(), result, result.bestState().cells(), metricNames,
                record == null ? Map.of() : record.nodes, List.of(payload.events()));
    }

    /** @return whether the result could not be read (the fetching client is then told why) */
    private static boolean unreadable(FetchJob m, Path file, Throwable error) {
        if (error == null) {
            return false;
        }
        Throwable e = JobFiles.cause(error);
        String why = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
        m.replyTo().tell(new JobClient.JobFailed(m.jobId(), "its result " + file + " cannot be read: " + why, false));
        return true;
    }
}
