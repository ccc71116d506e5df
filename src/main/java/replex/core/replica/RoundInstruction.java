package replex.core.replica;

import replex.core.proposal.Proposal;

/**
 * What one replica does in one round: {@code steps} Metropolis–Hastings steps at inverse
 * temperature {@code beta} with {@code proposal}.
 *
 * @param round the round index (0-based)
 * @param level the replica's level in this round, 0 … K−1
 * @param beta the inverse temperature of that level
 * @param steps steps to run (the exchange interval)
 * @param proposal the level's current proposal
 * @param collectMoments whether to report the moments of the visited states (for adaptation)
 * @param firstDrawStep for a level that keeps draws (level 0, or every level with {@code output.all-levels})
 *     after burn-in, the chain's sampling-step index of this round's
 *     first step (so that thinning runs across rounds); −1 when no draws are kept
 * @param thin keep every {@code thin}-th sampling step (steps s with (s + 1) mod thin = 0)
 * @param snapshot whether the report carries the replica's {@link ReplicaSnapshot} at the end of the
 *     round (for checkpoints and recovery)
 */
public record RoundInstruction(long round, int level, double beta, int steps, Proposal proposal,
        boolean collectMoments, long firstDrawStep, int thin, boolean snapshot) {

    /** An instruction without a snapshot. */
    public RoundInstruction(long round, int level, double beta, int steps, Proposal proposal,
            boolean collectMoments, long firstDrawStep, int thin) {
        this(round, level, beta, steps, proposal, collectMoments, firstDrawStep, thin, false);
    }

    /** @return true if this round's draws are output */
    public boolean keepsDraws() {
        return firstDrawStep >= 0;
    }
}
