package replex.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;

import replex.cluster.JsonSerializable;
import replex.core.ConfigurationException;
import replex.io.JobSpec;

/**
 * Accepts, tracks and cancels the jobs of a cluster; runs as a cluster singleton on the worker
 * nodes and is found by clients through the Receptionist. A submitted job is checked (job file,
 * then its target on every worker node, through each node's {@link NodeAgent}); if admitted, an
 * {@link ExchangeCoordinator} is spawned for it. Several jobs run at once.
 */
public final class JobManager extends AbstractBehavior<JobManager.Command> {

    /** Receptionist key of the job manager. */
    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "replex-job-manager");

    /** How long every node has to answer a target check. */
    static final Duration ADMISSION_TIMEOUT = Duration.ofSeconds(20);

    /** Messages the job manager accepts. */
    public interface Command extends JsonSerializable {
    }

    /**
     * @param jobJson the effective job ({@code job} and optional {@code output} blocks) as JSON
     * @param replyTo the submitting client: receives every event of the job
     * @param checkpointDir where the job's checkpoints go (a directory every worker node can reach),
     *     or {@code null} for {@code <replex.checkpoint-dir>/<job id>} when that is configured
     * @param resume whether the job continues from the newest checkpoint in {@code checkpointDir}
     */
    public record SubmitJob(String jobJson, ActorRef<JobClient.Event> replyTo, String checkpointDir, boolean resume)
            implements Command {
    }

    /** @param jobId the job to checkpoint and stop (answered to its client by {@link JobClient.JobSuspended}) */
    public record SuspendJob(String jobId) implements Command {
    }

    /** @param replyTo receives a {@link StatusReport} */
    public record GetStatus(ActorRef<StatusReport> replyTo) implements Command {
    }

    /**
     * @param jobId the job to cancel
     * @param replyTo receives a {@link CancelReply}
     */
    public record CancelJob(String jobId, ActorRef<CancelReply> replyTo) implements Command {
    }

    /**
     * The state of one job.
     *
     * @param jobId its id
     * @param state {@code admitting}, {@code running}, {@code finished}, {@code failed}, {@code cancelled}
     * @param roundsDone rounds completed by every chain
     * @param rounds rounds in the job
     * @param nodes nodes hosting its replicas (address → replicas)
     * @param detail the failure reason, if any
     */
    public record JobStatus(String jobId, String state, long roundsDone, long rounds, Map<String, Integer> nodes,
            String detail) implements JsonSerializable {
    }

    /** @param jobs every job this manager knows, oldest first */
    public record StatusReport(List<JobStatus> jobs) implements JsonSerializable {
    }

    /**
     * @param jobId the job
     * @param found whether such a job was known and still running
     * @param message what happened
     */
    public record CancelReply(String jobId, boolean found, String message) implements JsonSerializable {
    }

    /** From the job's coordinator: its replicas are placed. */
    record JobStarted(String jobId, Map<String, Integer> nodes) implements Command {
    }

    /** From the job's coordinator. */
    record JobProgressed(String jobId, long roundsDone) implements Command {
    }

    /** From the job's coordinator: it stopped. */
    record JobEnded(String jobId, String state, String detail) implements Command {
    }

    private record Admitted(String jobId, SubmitJob request, JobSpec spec, NodeAgent.TargetChecked check)
            implements Command {
    }

    private record NotAdmitted(String jobId, SubmitJob request, String reason) implements Command {
    }

    private record AgentsListed(Receptionist.Listing listing) implements Command {
    }

    private static final class JobRecord {
        final long rounds;
        String state = "admitting";
        long roundsDone;
        Map<String, Integer> nodes = Map.of();
        String detail;
        ActorRef<ExchangeCoordinator.Command> coordinator;

        JobRecord(long rounds) {
            this.rounds = rounds;
        }
    }

    private final Map<String, JobRecord> jobs = new LinkedHashMap<>();
    private Set<ActorRef<NodeAgent.Command>> agents = Set.of();

    /** {@code replex.checkpoint-dir}: the cluster's shared checkpoint directory, or {@code null}. */
    private final java.nio.file.Path checkpointRoot;

    private JobManager(ActorContext<Command> context) {
        super(context);
        com.typesafe.config.Config config = context.getSystem().settings().config();
        String root = config.hasPath("replex.checkpoint-dir") ? config.getString("replex.checkpoint-dir") : "";
        this.checkpointRoot = root.isBlank() ? null : java.nio.file.Path.of(root).toAbsolutePath();
        context.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, context.getSelf()));
        ActorRef<Receptionist.Listing> adapter = context.messageAdapter(Receptionist.Listing.class, AgentsListed::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(NodeAgent.SERVICE_KEY, adapter));
    }

    /** @return the behaviour */
    public static Behavior<Command> create() {
        return Behaviors.setup(JobManager::new);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(AgentsListed.class, this::onAgentsListed)
                .onMessage(SubmitJob.class, this::onSubmit)
                .onMessage(Admitted.class, this::onAdmitted)
                .onMessage(NotAdmitted.class, this::onNotAdmitted)
                .onMessage(JobStarted.class, this::onStarted)
                .onMessage(JobProgressed.class, this::onProgressed)
                .onMessage(JobEnded.class, this::onEnded)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(CancelJob.class, this::onCancel)
                .onMessage(SuspendJob.class, this::onSuspend)
                .build();
    }

    private Behavior<Command> onAgentsListed(AgentsListed m) {
        agents = m.listing().getServiceInstances(NodeAgent.SERVICE_KEY);
        return this;
    }

    private Behavior<Command> onSubmit(SubmitJob m) {
        JobSpec spec;
        try {
            spec = JobSpec.fromConfig(ConfigFactory.parseString(m.jobJson()), JobSpec.Overrides.NONE, null);
        } catch (ConfigurationException e) {
            m.replyTo().tell(new JobClient.JobRejected(e.getMessage()));
            return this;
        } catch (RuntimeException e) {
            m.replyTo().tell(new JobClient.JobRejected("the job cannot be read: " + e.getMessage()));
            return this;
        }
        if (agents.isEmpty()) {
            m.replyTo().tell(new JobClient.JobRejected("no worker node is in the cluster yet"));
            return this;
        }
        String jobId = "job-" + UUID.randomUUID().toString().substring(0, 8);
        jobs.put(jobId, new JobRecord(spec.sampler().rounds()));
        String targetJson = spec.target().root().render(ConfigRenderOptions.concise());
        List<ActorRef<NodeAgent.Command>> asked = new ArrayList<>(agents);
        getContext().ask(Admission.Result.class, admission(asked, targetJson, spec), ADMISSION_TIMEOUT.plusSeconds(5),
                (ActorRef<Admission.Result> ref) -> new Admission.Start(ref),
                (result, failure) -> {
                    if (failure != null) {
                        return new NotAdmitted(jobId, m, "the worker nodes did not answer in time");
                    }
                    return result.ok() ? new Admitted(jobId, m, spec, result.check())
                            : new NotAdmitted(jobId, m, result.reason());
                });
        return this;
    }

    private ActorRef<Admission.Command> admission(List<ActorRef<NodeAgent.Command>> asked, String targetJson,
            JobSpec spec) {
        return getContext().spawnAnonymous(Admission.create(asked, new NodeAgent.CheckTarget(targetJson,
                spec.sampler().seed(), spec.sampler().chains(), spec.sampler().levels(), null), ADMISSION_TIMEOUT));
    }

    private Behavior<Command> onAdmitted(Admitted m) {
        JobRecord record = jobs.get(m.jobId());
        if (record == null || !"admitting".equals(record.state)) {
            return this;
        }
        String targetJson = m.spec().target().root().render(ConfigRenderOptions.concise());
        record.state = "running";
        String dir = m.request().checkpointDir();
        if (dir == null && checkpointRoot != null) {
            dir = checkpointRoot.resolve(m.jobId()).toString();
        }
        ExchangeCoordinator.Checkpoints checkpoints = new ExchangeCoordinator.Checkpoints(dir,
                dir == null ? 0 : m.spec().checkpointEvery(), m.request().jobJson(), m.request().resume());
        record.coordinator = getContext().spawn(ExchangeCoordinator.create(m.jobId(), m.spec().sampler(), targetJson,
                m.check().dimension(), m.check().parameterNames(), m.request().replyTo(), getContext().getSelf(),
                checkpoints), "coordinator-" + m.jobId());
        return this;
    }

    private Behavior<Command> onNotAdmitted(NotAdmitted m) {
        JobRecord record = jobs.get(m.jobId());
        if (record != null) {
            record.state = "rejected";
            record.detail = m.reason();
        }
        m.request().replyTo().tell(new JobClient.JobRejected(m.reason()));
        return this;
    }

    private Behavior<Command> onStarted(JobStarted m) {
        JobRecord record = jobs.get(m.jobId());
        if (record != null) {
            record.nodes = m.nodes();
        }
        return this;
    }

    private Behavior<Command> onProgressed(JobProgressed m) {
        JobRecord record = jobs.get(m.jobId());
        if (record != null) {
            record.roundsDone = m.roundsDone();
        }
        return this;
    }

    private Behavior<Command> onEnded(JobEnded m) {
        JobRecord record = jobs.get(m.jobId());
        if (record != null) {
            record.state = m.state();
            record.detail = m.detail();
            record.coordinator = null;
        }
        return this;
    }

    private Behavior<Command> onGetStatus(GetStatus m) {
        List<JobStatus> list = new ArrayList<>();
        jobs.forEach((id, r) -> list.add(new JobStatus(id, r.state, r.roundsDone, r.rounds, r.nodes, r.detail)));
        m.replyTo().tell(new StatusReport(list));
        return this;
    }

    private Behavior<Command> onSuspend(SuspendJob m) {
        JobRecord record = jobs.get(m.jobId());
        if (record != null && record.coordinator != null) {
            record.coordinator.tell(ExchangeCoordinator.Suspend.INSTANCE);
        }
        return this;
    }

    private Behavior<Command> onCancel(CancelJob m) {
        JobRecord record = jobs.get(m.jobId());
        if (record == null) {
            m.replyTo().tell(new CancelReply(m.jobId(), false, "no job " + m.jobId() + " (see replex status)"));
        } else if (record.coordinator == null) {
            m.replyTo().tell(new CancelReply(m.jobId(), false, "job " + m.jobId() + " is not running (" + record.state
                    + ")"));
        } else {
            record.coordinator.tell(ExchangeCoordinator.Cancel.INSTANCE);
            record.state = "cancelled";
            record.coordinator = null;
            m.replyTo().tell(new CancelReply(m.jobId(), true, "job " + m.jobId() + " cancelled"));
        }
        return this;
    }
}
