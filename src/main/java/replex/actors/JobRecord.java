package replex.actors;

import java.time.Instant;
import java.util.Map;

import akka.actor.typed.ActorRef;

import replex.actors.JobManager.JobState;

/**
 * What the {@link JobManager} knows of one job: its state and progress as {@code replex status}
 * shows them, its coordinator and client while it runs, when it ended, and the hash of its owner's
 * cancel token. Mutable; used on the job manager's thread only.
 */
final class JobRecord {
    /** Rounds in the job. */
    final long rounds;
    /** Whether it is an optimize job. */
    final boolean optimize;
    JobState state = JobState.ADMITTING;
    long roundsDone;
    /** An optimize job's best value so far, or {@code null}. */
    Double best;
    /** Nodes hosting its replicas (address → replicas). */
    Map<String, Integer> nodes = Map.of();
    /** Its failure or rejection reason, or {@code null}. */
    String detail;
    ActorRef<ExchangeCoordinator.Command> coordinator;
    /** The submitting client, told if the coordinator stops without ending the job. */
    ActorRef<JobClient.Event> client;
    /** When the job ended (finished, failed, cancelled, rejected); {@code null} while it runs. */
    Instant endedAt;
    /** SHA-256 of the job's cancel token (hex); {@code null} for a job without an owner. */
    String ownerHash;
    /**
     * Whether it restarts because its coordinator's node was lost (found running in the shared
     * directory), until its checkpoint directory is prepared.
     */
    boolean restart;

    /**
     * @param rounds rounds in the job
     * @param optimize whether it is an optimize job
     */
    JobRecord(long rounds, boolean optimize) {
        this.rounds = rounds;
        this.optimize = optimize;
    }

    /**
     * The job ended: its state and detail are set, its coordinator forgotten, the time recorded.
     *
     * @param ended the state it ended in
     * @param reason its detail ({@code null} for none)
     */
    void end(JobState ended, String reason) {
        state = ended;
        detail = reason;
        coordinator = null;
        endedAt = Instant.now();
    }
}
