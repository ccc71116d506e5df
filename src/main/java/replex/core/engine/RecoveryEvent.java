package replex.core.engine;

/**
 * Something a run recovered from: a resume from a checkpoint, or replicas restored after their
 * node was lost. Recorded in {@code summary.json}; never changes the draws.
 *
 * @param kind {@code resumed} (the run continued from a checkpoint file), {@code replicas-restored}
 *     (replicas lost with a node were restored from their last snapshot) or {@code job-restarted}
 *     (the job's coordinator was lost and the job restarted from its checkpoint on another node)
 * @param at when it happened, ISO-8601 UTC
 * @param detectedAtRound for a loss, the round the job had reached when it was noticed (the slowest
 *     chain's count); for a resume, the checkpoint's round
 * @param restoredRound the round the affected chains continued from
 * @param roundsReplayed rounds run a second time because of it, summed over the affected chains; −1
 *     when unknown
 * @param detail which chains, replicas or nodes, in words
 */
public record RecoveryEvent(String kind, String at, long detectedAtRound, long restoredRound, long roundsReplayed,
        String detail) {
}
