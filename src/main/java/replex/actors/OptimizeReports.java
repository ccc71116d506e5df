package replex.actors;

import java.util.List;
import java.util.Map;

import akka.actor.typed.ActorRef;

import replex.core.engine.RecoveryEvent;
import replex.core.optimize.OptimizeEngine;
import replex.core.optimize.OptimizeSearch;

/**
 * What an {@code optimize} job's client ({@link OptimizeClient}) and its {@link JobManager} are told,
 * for its {@link OptimizeCoordinator}: the job started, its progress (in at most
 * {@link ExchangeCoordinator#PROGRESS_STEPS} steps), its result, its failure or its cancellation. Not
 * thread-safe: its coordinator's only.
 */
final class OptimizeReports {

    private final String jobId;
    private final ActorRef<JobClient.Event> client;
    private final ActorRef<JobManager.Command> manager;
    private long reportedStep = -1;

    /**
     * @param jobId the job
     * @param client the job's client
     * @param manager the job manager
     */
    OptimizeReports(String jobId, ActorRef<JobClient.Event> client, ActorRef<JobManager.Command> manager) {
        this.jobId = jobId;
        this.client = client;
        this.manager = manager;
    }

    /** @param perNode every replica is ready: how many on each node */
    void started(Map<String, Integer> perNode) {
        manager.tell(new JobManager.JobStarted(jobId, perNode));
    }

    /**
     * A round is complete: the progress is told when it reaches a new step.
     *
     * @param search the search after the round
     * @param rounds the job's rounds
     */
    void progressed(OptimizeSearch search, long rounds) {
        long done = search.roundsDone();
        long step = done * ExchangeCoordinator.PROGRESS_STEPS / rounds;
        if (step != reportedStep) {
            reportedStep = step;
            client.tell(new OptimizeClient.Progressed(jobId, done, rounds, search.bestValue()));
            manager.tell(new JobManager.JobProgressed(jobId, done, search.bestValue()));
        }
    }

    /**
     * The job is done: its result goes to the client ({@link OptimizeClient#sendResult}), and the
     * manager learns that it finished.
     *
     * @param search the search at the end
     * @param reason why the search stopped
     * @param bestCells the best state, row-major
     * @param metricNames the objective's metrics
     * @param perNode replicas on each node
     * @param events the job's recovery events
     */
    void finished(OptimizeSearch search, OptimizeEngine.StopReason reason, double[] bestCells,
            List<String> metricNames, Map<String, Integer> perNode, List<RecoveryEvent> events) {
        OptimizeClient.sendResult(client, jobId, search.result(reason, null), bestCells, metricNames, perNode, events);
        manager.tell(new JobManager.JobProgressed(jobId, search.roundsDone(), search.bestValue()));
        manager.tell(new JobManager.JobEnded(jobId, JobManager.JobState.FINISHED, null));
    }

    /**
     * @param reason why the job failed
     * @param inputError whether the job's input is at fault (not a node or the cluster)
     */
    void failed(String reason, boolean inputError) {
        client.tell(new JobClient.JobFailed(jobId, reason, inputError));
        manager.tell(new JobManager.JobEnded(jobId, JobManager.JobState.FAILED, reason));
    }

    /** The job was cancelled: the client is told (the manager cancelled it). */
    void cancelled() {
        client.tell(new JobClient.JobFailed(jobId, "cancelled", false));
    }
}
