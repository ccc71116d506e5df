package replex.actors;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import akka.actor.typed.javadsl.ActorContext;

import replex.core.engine.RecoveryEvent;

/**
 * How a cluster job continues when its coordinator starts from a checkpoint or restarts after the
 * loss of its node: the same for sampling ({@link ReplicaRecovery}) and optimize
 * ({@link OptimizeCheckpoints}) coordinators.
 */
final class Continuation {

    private Continuation() {
    }

    /**
     * How a job continues, logged and recorded: the bad checkpoints skipped for the one it continues
     * from are logged, and a job that continues from a checkpoint or restarts gets its
     * {@link #event}.
     *
     * @param context the coordinator's context (its log)
     * @param jobId the job
     * @param restart whether the job restarts because its coordinator's node was lost
     * @param file the checkpoint it continues from, or {@code null} (a fresh start, or a restart before the
     *     first checkpoint)
     * @param skipped the newer checkpoints skipped as unreadable, each with why
     * @param round that checkpoint's round (0 without one)
     * @param selfNode this node's address
     * @param events the job's recovery events, appended to here
     */
    static void record(ActorContext<?> context, String jobId, boolean restart, Path file,
            List<String> skipped, long round, String selfNode, List<RecoveryEvent> events) {
        for (String bad : skipped) {
            context.getLog().warn("job {}: skipped a bad checkpoint: {}", jobId, bad);
        }
        if (file != null || restart) {
            events.add(event(restart, file, round, selfNode));
        }
    }

    /**
     * What a job records when it continues from a checkpoint or restarts: a resume, or a restart after
     * the loss of its coordinator's node, from a checkpoint or (none written yet) from round 0. After a
     * lost coordinator nobody knows how far the job had got: its detected round and replay are unknown.
     *
     * @param restart whether the job restarts because its coordinator's node was lost
     * @param file the checkpoint it continues from, or {@code null} (a restart before the first one)
     * @param round that checkpoint's round (0 without one)
     * @param selfNode this node's address
     * @return the event
     */
    private static RecoveryEvent event(boolean restart, Path file, long round, String selfNode) {
        String now = Instant.now().toString();
        if (!restart) {
            return new RecoveryEvent(RecoveryEvent.Kind.RESUMED, now, round, round, 0, "from " + file);
        }
        return new RecoveryEvent(RecoveryEvent.Kind.JOB_RESTARTED, now, -1, round, -1, file == null
                ? "the node running the job's coordinator was lost before the first checkpoint; restarted from round "
                        + "0 on " + selfNode
                : "the node running the job's coordinator was lost; restarted on " + selfNode + " from " + file);
    }
}
