package replex.core.replica;

import java.util.Objects;

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

    /** @return true if this round's draws are output */
    public boolean keepsDraws() {
        return firstDrawStep >= 0;
    }

    /**
     * @return a builder with the defaults: round 0, level 0, β = 1, 1 step, no proposal (required), no
     *     moments, no draws kept (first draw step −1), thin 1, no snapshot
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link RoundInstruction} by named values (see the record's components for their
     * meaning). Not thread-safe. Cheap: one short-lived object per instruction.
     */
    public static final class Builder {
        private long round;
        private int level;
        private double beta = 1.0;
        private int steps = 1;
        private Proposal proposal;
        private boolean collectMoments;
        private long firstDrawStep = -1;
        private int thin = 1;
        private boolean snapshot;

        private Builder() {
        }

        /** @param value the round index (0-based) @return this builder */
        public Builder round(long value) {
            round = value;
            return this;
        }

        /** @param value the replica's level in this round, 0 … K−1 @return this builder */
        public Builder level(int value) {
            level = value;
            return this;
        }

        /** @param value the inverse temperature of that level @return this builder */
        public Builder beta(double value) {
            beta = value;
            return this;
        }

        /** @param value steps to run (the exchange interval) @return this builder */
        public Builder steps(int value) {
            steps = value;
            return this;
        }

        /** @param value the level's current proposal (required) @return this builder */
        public Builder proposal(Proposal value) {
            proposal = value;
            return this;
        }

        /** @param value whether to report the moments of the visited states @return this builder */
        public Builder collectMoments(boolean value) {
            collectMoments = value;
            return this;
        }

        /**
         * @param value the chain's sampling-step index of this round's first step, −1 when no draws are
         *     kept
         * @return this builder
         */
        public Builder firstDrawStep(long value) {
            firstDrawStep = value;
            return this;
        }

        /** @param value keep every {@code thin}-th sampling step @return this builder */
        public Builder thin(int value) {
            thin = value;
            return this;
        }

        /** @param value whether the report carries the replica's snapshot @return this builder */
        public Builder snapshot(boolean value) {
            snapshot = value;
            return this;
        }

        /**
         * @return the instruction
         * @throws NullPointerException if the proposal was not set ({@code "proposal is not set"})
         */
        public RoundInstruction build() {
            Objects.requireNonNull(proposal, "proposal is not set");
            return new RoundInstruction(round, level, beta, steps, proposal, collectMoments, firstDrawStep, thin,
                    snapshot);
        }
    }
}
