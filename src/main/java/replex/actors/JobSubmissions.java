package replex.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;

import replex.actors.JobManager.JobState;
import replex.actors.JobManager.SubmitJob;
import replex.core.ConfigurationException;
import replex.io.JobSpec;
import replex.io.NodePaths;
import replex.io.OptimizeSpec;

/**
 * Admission of the {@link JobManager}'s jobs, sampling and {@code optimize} (docs/modes.md): a
 * submitted job is read and its checkpoint subfolder checked, then its target (a sampling job) or
 * the job as a whole (an optimize job: its objective, with each node's class loader, and its initial
 * replicas) is checked on every worker node known, by an {@link Admission} child; the answer comes
 * back to the job manager as {@link Admitted}, {@link OptimizeAdmitted} or {@link NotAdmitted}. Also
 * admits again the jobs a job manager restarts after a node loss. Used on the job manager's thread only.
 */
final class JobSubmissions {

    /** How long every node has to answer a target check. */
    static final Duration ADMISSION_TIMEOUT = Duration.ofSeconds(20);

    /** Every worker node can run the sampling job. */
    record Admitted(String jobId, SubmitJob request, JobSpec spec, NodeAgent.TargetChecked check)
            implements JobManager.Command {
    }

    /** The job cannot run, or the nodes did not answer in time. */
    record NotAdmitted(String jobId, SubmitJob request, String reason) implements JobManager.Command {
    }

    /** Every worker node can run the optimize job; {@code metricNames} are its objective's. */
    record OptimizeAdmitted(String jobId, SubmitJob request, OptimizeSpec spec, List<String> metricNames)
            implements JobManager.Command {
    }

    private final ActorContext<JobManager.Command> context;
    private final JobTable jobs;
    /** {@code replex.checkpoint-dir}: the cluster's shared checkpoint directory, or {@code null}. */
    private final java.nio.file.Path checkpointRoot;
    private Set<ActorRef<NodeAgent.Command>> agents = Set.of();

    /**
     * @param context the job manager's context
     * @param jobs its jobs
     * @param checkpointRoot the shared checkpoint directory, or {@code null}
     */
    JobSubmissions(ActorContext<JobManager.Command> context, JobTable jobs, java.nio.file.Path checkpointRoot) {
        this.context = context;
        this.jobs = jobs;
        this.checkpointRoot = checkpointRoot;
    }

    /** @param known the worker nodes' agents now in the cluster (the Receptionist's listing) */
    void agents(Set<ActorRef<NodeAgent.Command>> known) {
        agents = known;
    }

    /** @return whether any worker node is known */
    boolean hasAgents() {
        return !agents.isEmpty();
    }

    /** Reads and checks a submitted job; if it can be asked about, records it (admitting) and asks the nodes. */
    void onSubmit(SubmitJob m) {
        SharedJobs.ParsedJob job = read(m);
        if (job == null) {
            return;
        }
        String refused = job.optimize() == null || job.optimize().directionGiven() ? refusedDirectory(m)
                : "job.direction: missing; the submitting client decides it";
        if (refused == null && agents.isEmpty()) {
            refused = "no worker node is in the cluster yet";
        }
        if (refused != null) {
            m.replyTo().tell(new JobClient.JobRejected(refused));
            return;
        }
        String jobId = "job-" + UUID.randomUUID().toString().substring(0, 8);
        jobs.put(jobId, new JobRecord(job.rounds(), job.optimize() != null));
        admit(jobId, m, job);
    }

    /** @return the job submitted, or {@code null} if it cannot be read (its client is told why) */
    private static SharedJobs.ParsedJob read(SubmitJob m) {
        boolean optimize = OptimizeSpec.isOptimize(m.jobJson());
        String refused;
        try {
            return optimize ? new SharedJobs.ParsedJob(null, OptimizeSpec.fromJson(m.jobJson(), JobSpec.Overrides.NONE))
                    : new SharedJobs.ParsedJob(JobSpec.fromJson(m.jobJson()), null);
        } catch (ConfigurationException e) {
            refused = e.getMessage();
        } catch (RuntimeException e) {
            refused = optimize ? e.getMessage() : "the job cannot be read: " + e.getMessage();
        }
        m.replyTo().tell(new JobClient.JobRejected(refused));
        return null;
    }

    /**
     * @return why a job's own checkpoint subfolder is refused (the nodes have no checkpoint directory,
     *     or it is not a subfolder of it), or {@code null} if it names none or a valid one
     */
    private String refusedDirectory(SubmitJob m) {
        if (m.checkpointSubdir() == null) {
            return null;
        }
        String key = "checkpoint-subdir";
        if (checkpointRoot == null) {
            return key + ": this cluster's nodes have no checkpoint directory (replex.checkpoint-dir); a job cannot "
                    + "choose where nodes write (see docs/security.md)";
        }
        try {
            NodePaths.subfolder(checkpointRoot, m.checkpointSubdir(), key);
            return null;
        } catch (ConfigurationException e) {
            return e.getMessage();
        }
    }

    /**
     * Asks every worker node known whether it can run a job (an {@link Admission} child); the answer
     * comes to the job manager.
     *
     * @param jobId the job, recorded as admitting
     * @param m its submission
     * @param job the job
     */
    void admit(String jobId, SubmitJob m, SharedJobs.ParsedJob job) {
        JobSpec spec = job.sample();
        Function<ActorRef<NodeAgent.TargetChecked>, NodeAgent.Command> question = spec != null
                ? replyTo -> new NodeAgent.CheckTarget(spec.targetJson(), spec.sampler().seed(),
                        spec.sampler().chains(), spec.sampler().levels(), replyTo)
                : replyTo -> new NodeAgent.CheckObjective(m.jobJson(), replyTo);
        ActorRef<Admission.Command> admission = context.spawnAnonymous(Admission.create(new ArrayList<>(agents),
                question, ADMISSION_TIMEOUT));
        context.ask(Admission.Result.class, admission, ADMISSION_TIMEOUT.plusSeconds(5), Admission.Start::new,
                (result, failure) -> failure != null
                        ? new NotAdmitted(jobId, m, "the worker nodes did not answer in time")
                        : !result.ok() ? new NotAdmitted(jobId, m, result.reason())
                        : spec != null ? new Admitted(jobId, m, spec, result.check())
                        : new OptimizeAdmitted(jobId, m, job.optimize(), result.check().parameterNames()));
    }

    /** A job is not admitted: recorded as rejected, its client told. */
    void onNotAdmitted(NotAdmitted m) {
        JobRecord record = jobs.get(m.jobId());
        if (record != null) {
            record.end(JobState.REJECTED, m.reason());
        }
        m.request().replyTo().tell(new JobClient.JobRejected(m.reason()));
    }
}
