package replex.actors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import replex.core.optimize.OptimizeEngine;
import replex.core.optimize.OptimizeSearch;
import replex.core.optimize.OptimizeState;
import replex.core.optimize.TableState;
import replex.io.CheckpointFile;
import replex.io.JobDirectory;
import replex.io.JobSpec;
import replex.io.OptimizeCheckpointFile;
import replex.io.OptimizeSpec;

/**
 * The cluster's shared checkpoint directory as the {@link JobManager} reads it: the jobs found there
 * when a job manager starts (a takeover after its predecessor's node was lost, or a fresh cluster),
 * and a finished optimize job's result for {@code replex fetch}. File operations only, for the job
 * manager's blocking-I/O dispatcher; stateless.
 */
final class SharedJobs {

    private static final Logger LOG = LoggerFactory.getLogger(SharedJobs.class);

    private SharedJobs() {
    }

    /**
     * A job of the shared directory, parsed: a sampling job or (the other null) an optimize job.
     *
     * @param sample the sampling job, or {@code null}
     * @param optimize the optimize job, or {@code null}
     */
    record ParsedJob(JobSpec sample, OptimizeSpec optimize) {
        static ParsedJob of(String jobJson) {
            return OptimizeSpec.isOptimize(jobJson)
                    ? new ParsedJob(null, OptimizeSpec.fromJson(jobJson, JobSpec.Overrides.NONE))
                    : new ParsedJob(JobSpec.fromJson(jobJson), null);
        }

        long rounds() {
            return sample != null ? sample.sampler().rounds() : optimize.settings().rounds();
        }
    }

    /**
     * A job found in the shared directory: its state there, and for a running one the job to restart;
     * for a finished optimize job the rounds it ran and its best value ({@code null} if unknown).
     */
    record Found(JobDirectory.Entry entry, ParsedJob job, JobManager.JobState state, String detail, long roundsDone,
            Double best) {
    }

    /**
     * A finished optimize job's result as kept, and as its coordinator sent it.
     *
     * @param payload the file's content (the job, metric names, recovery events)
     * @param result the result, its best state included
     */
    record OptimizeResult(OptimizeCheckpointFile.Payload payload, OptimizeEngine.Result result) {
    }

    /** @return whether a job's folder holds a checkpoint file (of any version) */
    static boolean hasCheckpoint(Path dir) {
        try {
            return !CheckpointFile.list(dir).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The jobs of the shared checkpoint directory: finished ones (their results can be fetched), ended
     * ones, and running ones (to restart from their newest checkpoint). A folder that cannot be read is
     * left out, with a warning.
     *
     * @param root the shared checkpoint directory
     * @return the jobs, by folder name
     * @throws UncheckedIOException if the directory cannot be listed
     */
    static List<Found> scan(Path root) {
        List<Found> found = new ArrayList<>();
        try {
            for (Path dir : JobDirectory.jobs(root)) {
                JobDirectory.Entry entry;
                ParsedJob job;
                try {
                    entry = JobDirectory.read(dir);
                    job = ParsedJob.of(entry.jobJson());
                } catch (IOException | RuntimeException e) {
                    LOG.warn("ignoring {}: {}", dir, e.toString());
                    continue;
                }
                String ended = JobDirectory.ended(dir);
                if (JobDirectory.finished(dir)) {
                    found.add(finished(dir, entry, job));
                } else if (ended != null) {
                    found.add(new Found(entry, job, ended.startsWith(JobManager.JobState.CANCELLED.label())
                            ? JobManager.JobState.CANCELLED : JobManager.JobState.FAILED, ended, 0, null));
                } else {
                    found.add(new Found(entry, job, JobManager.JobState.RESTARTING, null, 0, null));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** A finished job; for an optimize job, its rounds and best value from its result. */
    private static Found finished(Path dir, JobDirectory.Entry entry, ParsedJob job) {
        long roundsDone = job.rounds();
        Double best = null;
        if (job.optimize() != null) {
            try {
                OptimizeState state = OptimizeCheckpointFile.read(dir.resolve(JobDirectory.RESULT_FILE)).state();
                roundsDone = state.round();
                best = state.chains()[state.bestChain()].bestValue();
            } catch (IOException | RuntimeException e) {
                LOG.warn("job {}: its result cannot be read: {}", entry.jobId(), e.toString());
            }
        }
        return new Found(entry, job, JobManager.JobState.FINISHED, null, roundsDone, best);
    }

    /**
     * Reads a finished optimize job's result ({@link JobDirectory#RESULT_FILE}).
     *
     * @param file the file
     * @return its content and the result it holds
     * @throws UncheckedIOException if it cannot be read
     * @throws IllegalArgumentException if it does not hold a finished run of its job
     */
    static OptimizeResult readOptimizeResult(Path file) {
        OptimizeCheckpointFile.Payload payload;
        try {
            payload = OptimizeCheckpointFile.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OptimizeSpec spec = OptimizeSpec.fromJson(payload.job(), JobSpec.Overrides.NONE);
        OptimizeState state = payload.state();
        state.checkFinished(spec.settings(), payload.metricNames().length);
        TableState best = new TableState(spec.rows(), spec.columnNames().size(), state.replicas()[0].bestCells(),
                spec.columnNames());
        return new OptimizeResult(payload, OptimizeSearch.finished(spec.settings(), List.of(payload.metricNames()),
                state, best));
    }
}
