package replex.actors;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;

import replex.actors.JobManager.JobState;
import replex.actors.JobManager.SubmitJob;
import replex.actors.JobSubmissions.Admitted;
import replex.actors.JobSubmissions.OptimizeAdmitted;
import replex.io.CheckpointFile;
import replex.io.JobDirectory;
import replex.io.NodePaths;
import replex.io.OptimizeCheckpointFile;
import replex.io.ReplexVersion;

/**
 * Starts the {@link JobManager}'s admitted jobs: prepares each one's checkpoint directory (its own
 * subfolder, or its folder in the shared directory, where a new job is registered), reads the
 * checkpoint it continues from, then spawns and watches its {@link ExchangeCoordinator} (a sampling
 * job) or {@link OptimizeCoordinator} (an optimize job). Also takes over the jobs of the shared
 * directory when a job manager starts ({@link SharedJobs#scan}): keeps the ended ones and restarts
 * the running ones from their newest checkpoint, once worker nodes are known (their coordinator's
 * node was lost). Used on the job manager's thread only.
 */
final class JobLauncher {

    /** The shared directory's jobs, read at start-up off the actor's thread. */
    record Scanned(List<SharedJobs.Found> found, Throwable error) implements JobManager.Command {
    }

    /**
     * Where an admitted job's checkpoints go.
     *
     * @param dir the directory, or {@code null} for none
     * @param shared whether it is the job's folder in the shared checkpoint directory
     * @param restart whether the job restarts because its coordinator's node was lost
     */
    record Where(String dir, boolean shared, boolean restart) {
    }

    /** An admitted job's directory is registered and its checkpoint, if it continues from one, read. */
    record Prepared(Admitted admitted, Where where, CheckpointFile.Loaded start, Throwable error)
            implements JobManager.Command {
    }

    /** As {@link Prepared}, for an optimize job. */
    record OptimizePrepared(OptimizeAdmitted admitted, Where where, OptimizeCheckpointFile.Loaded start,
            Throwable error) implements JobManager.Command {
    }

    /** Makes the message that reports a prepared job (its checkpoint read, or the error). */
    private interface PreparedMessage<T> {
        JobManager.Command of(Where where, T start, Throwable error);
    }

    /** A job found running in the shared directory, with its parsed job. */
    private record Restart(JobDirectory.Entry entry, SharedJobs.ParsedJob job) {
    }

    private final ActorContext<JobManager.Command> context;
    private final JobTable jobs;
    private final JobFiles files;
    private final JobSubmissions submissions;
    /** Jobs found running in the shared directory at start-up, restarted once worker nodes are known. */
    private final List<Restart> toRestart = new ArrayList<>();

    /**
     * @param context the job manager's context
     * @param jobs its jobs
     * @param files its file operations
     * @param submissions its admission, which restarted jobs go through again
     */
    JobLauncher(ActorContext<JobManager.Command> context, JobTable jobs, JobFiles files, JobSubmissions submissions) {
        this.context = context;
        this.jobs = jobs;
        this.files = files;
        this.submissions = submissions;
    }

    /** Reads the shared directory (queued file I/O); the job manager is then sent {@link Scanned}. */
    void scan() {
        Path root = files.root();
        context.pipeToSelf(files.io(() -> SharedJobs.scan(root)), (found, error) -> new Scanned(found, error));
    }

    /** Records the jobs found in the shared directory, and restarts the running ones once nodes are known. */
    void onScanned(Scanned m) {
        if (m.error() != null) {
            context.getLog().error("cannot read the shared checkpoint directory {}: {}", files.root(),
                    JobFiles.cause(m.error()).toString());
            return;
        }
        for (SharedJobs.Found f : m.found()) {
            JobRecord record = new JobRecord(f.job().rounds(), f.job().optimize() != null);
            record.ownerHash = f.entry().ownerHash();
            jobs.put(f.entry().jobId(), record);
            record.state = f.state();
            record.detail = f.detail();
            if (f.state() == JobState.FINISHED) {
                record.roundsDone = f.roundsDone();
                record.best = f.best();
            } else if (f.state() == JobState.RESTARTING) {
                record.restart = true;
                toRestart.add(new Restart(f.entry(), f.job()));
            }
        }
        restartJobs();
    }

    /** Admits again, for their submitting clients, the jobs to restart; nothing until worker nodes are known. */
    void restartJobs() {
        if (!submissions.hasAgents() || toRestart.isEmpty()) {
            return;
        }
        ActorRefResolver resolver = ActorRefResolver.get(context.getSystem());
        for (Restart restart : toRestart) {
            JobDirectory.Entry entry = restart.entry();
            ActorRef<JobClient.Event> client;
            try {
                client = resolver.resolveActorRef(entry.client());
            } catch (RuntimeException e) {
                client = context.getSystem().ignoreRef();
            }
            context.getLog().warn("job {}: restarting from its checkpoints in {} (its coordinator's node was lost)",
                    entry.jobId(), files.root().resolve(entry.jobId()));
            jobs.get(entry.jobId()).state = JobState.ADMITTING;
            submissions.admit(entry.jobId(), new SubmitJob(entry.jobJson(), client, null, false), restart.job());
        }
        toRestart.clear();
    }

    void onAdmitted(Admitted m) {
        prepare(m.jobId(), m.request(), CheckpointFile::readLatest,
                (where, start, error) -> new Prepared(m, where, start, error));
    }

    void onOptimizeAdmitted(OptimizeAdmitted m) {
        prepare(m.jobId(), m.request(), OptimizeCheckpointFile::readLatest,
                (where, start, error) -> new OptimizePrepared(m, where, start, error));
    }

    void onPrepared(Prepared p) {
        Admitted m = p.admitted();
        start(m.jobId(), p.where(), p.error(), () -> ExchangeCoordinator.create(m.jobId(), m.spec().sampler(),
                m.spec().targetJson(), m.check().dimension(), m.check().parameterNames(), m.request().replyTo(),
                context.getSelf(), new ExchangeCoordinator.Checkpoints(p.where().dir(), m.spec().checkpointEvery(),
                        m.request().jobJson(), p.start(), p.where().shared(), p.where().restart()),
                Placement.sharded(context.getSystem(), m.jobId()),
                EngineTimings.from(context.getSystem().settings().config()), ReplexVersion.get()));
    }

    void onOptimizePrepared(OptimizePrepared p) {
        OptimizeAdmitted m = p.admitted();
        start(m.jobId(), p.where(), p.error(), () -> {
            var placement = OptimizeReplicas.sharded(context.getSystem(), m.jobId());
            var timings = EngineTimings.from(context.getSystem().settings().config());
            var checkpoints = new OptimizeCoordinator.CheckpointFiles(p.where().dir(), p.where().shared(),
                    p.where().restart(), p.start());
            return OptimizeCoordinator.create(m.jobId(), m.spec(), m.metricNames(), m.request().replyTo(),
                    context.getSelf(), placement, timings, checkpoints, ReplexVersion.get());
        });
    }

    /**
     * An admitted job starts running: its client is recorded and owns it (is sent its cancel token);
     * then its checkpoint directory is prepared, and the job manager told {@code done}: the job's
     * own subfolder, or its folder in the shared directory (where a new job is registered,
     * {@code job.json}), or none; the checkpoint it continues from is read when it resumes or
     * restarts. The file operations are queued. Nothing if the job is gone or no longer admitting.
     *
     * @param readLatest reads the newest valid checkpoint of a directory (of the job's kind)
     */
    private <T> void prepare(String jobId, SubmitJob request, Function<Path, T> readLatest,
            PreparedMessage<T> done) {
        JobRecord record = jobs.get(jobId);
        if (record == null || record.state != JobState.ADMITTING) {
            return;
        }
        record.state = JobState.RUNNING;
        record.client = request.replyTo();
        if (record.ownerHash == null) {
            String token = JobOwnership.newToken();
            record.ownerHash = JobOwnership.hash(token);
            request.replyTo().tell(new JobClient.JobOwned(jobId, token));
        }
        Path root = files.root();
        String sub = request.checkpointSubdir();
        String dir = sub == null ? null : NodePaths.subfolder(root, sub, "checkpoint-subdir").toString();
        boolean shared = dir == null && root != null;
        boolean restart = record.restart;
        record.restart = false;
        if (shared) {
            dir = root.resolve(jobId).toString();
        }
        Where where = new Where(dir, shared, restart);
        if (dir == null) {
            context.getSelf().tell(done.of(where, null, null));
            return;
        }
        Path jobDir = Path.of(dir);
        JobDirectory.Entry entry = shared && !restart ? new JobDirectory.Entry(jobId, request.jobJson(),
                ActorRefResolver.get(context.getSystem()).toSerializationFormat(request.replyTo()),
                Instant.now().toString(), record.ownerHash) : null;
        boolean resume = request.resume();
        CompletableFuture<T> prepared = files.io(() -> {
            if (entry != null) {
                try {
                    JobDirectory.register(jobDir, entry);
                } catch (java.io.IOException e) {
                    JobFiles.LOG.error("job {}: cannot register it in {}: {}; it runs, but cannot be restarted if "
                            + "this node is lost", jobId, jobDir, e.toString());
                }
            }
            return resume || restart && SharedJobs.hasCheckpoint(jobDir) ? readLatest.apply(jobDir) : null;
        });
        context.pipeToSelf(prepared, (start, error) -> done.of(where, start, error));
    }

    /**
     * Spawns and watches a prepared job's coordinator, unless the job was cancelled meanwhile or its
     * checkpoints could not be read (it then fails).
     *
     * @param coordinator the coordinator's behaviour
     */
    private void start(String jobId, Where where, Throwable error,
            Supplier<Behavior<ExchangeCoordinator.Command>> coordinator) {
        JobRecord record = jobs.get(jobId);
        if (record == null || record.state != JobState.RUNNING || record.coordinator != null) {
            return; // cancelled meanwhile
        }
        if (error != null) {
            String reason = "cannot read its checkpoints in " + where.dir() + ": " + JobFiles.cause(error).getMessage();
            context.getLog().error("job {}: {}", jobId, reason);
            jobs.endAsFailed(jobId, record, reason);
            return;
        }
        record.coordinator = context.spawn(coordinator.get(), "coordinator-" + jobId);
        context.watchWith(record.coordinator, new JobTable.CoordinatorStopped(jobId));
    }
}
