package replex.core;

import java.util.HashSet;
import java.util.List;

import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;

/**
 * The sampling settings of a job, validated; everything that determines its draws besides the
 * target. Every engine (sequential, actors, cluster) given equal settings and target produces
 * identical draws.
 *
 * @param seed the job's seed (every random stream derives from it)
 * @param chains C ≥ 1 independent parallel-tempering chains
 * @param ladder the inverse temperatures of each chain, K levels
 * @param swap DEO or SEO
 * @param rounds total rounds R ≥ 1, burn-in included
 * @param stepsPerRound local steps per replica per round (the exchange interval) ≥ 1
 * @param burnInRounds rounds 0 … B−1 are burn-in (adaptation on, no output); 0 ≤ B &lt; R
 * @param thin keep every thin-th step of level 0 after burn-in, ≥ 1
 * @param proposalScale initial random-walk step scale &gt; 0, in the units of the parameters
 * @param adapt what the proposal learns during burn-in
 * @param adaptLadder whether each chain tunes its ladder during burn-in ({@code temperatures.adapt}):
 *     the inner β values move to equal steps of the estimated communication barrier after tuning
 *     windows of doubling length; the end points stay
 * @param allLevels whether every level keeps its draws ({@code output.all-levels}), not only level 0
 *     (β = 1): the same steps are kept at every level (same burn-in and thinning), so each level
 *     keeps {@link #drawsPerChain()} draws per chain and the draws' memory grows K-fold. Level 0's
 *     draws, and everything else a run computes, do not depend on it
 * @param drawMetrics the names of the target's metrics ({@link Target.Evaluation#metrics()}) that each
 *     kept draw records after its log-prior ({@code output.draws-metrics}), in column order; empty (the
 *     default) for none. The draws' parameters, log-likelihoods and log-priors, and everything else a
 *     run computes, do not depend on it
 * @param drawMetadata the names of the target's metadata ({@link Target.Evaluation#metadata()}) that
 *     each kept draw records after its metrics ({@code output.draws-metadata}), in column order; empty
 *     (the default) for none. They travel beside the rows of doubles ({@link #drawWidth}), as one
 *     string per kept row and name; nothing else a run computes depends on them
 */
public record SamplerSettings(long seed, int chains, Ladder ladder, SwapRule swap, int rounds, int stepsPerRound,
        int burnInRounds, int thin, double proposalScale, AdaptationMode adapt, boolean adaptLadder,
        boolean allLevels, List<String> drawMetrics, List<String> drawMetadata) {

    /** @throws ConfigurationException naming the job-file key of the first invalid value */
    public SamplerSettings {
        require(chains >= 1, "job.chains", "must be an integer >= 1, got " + chains);
        require(rounds >= 1, "job.rounds", "must be an integer >= 1, got " + rounds);
        require(stepsPerRound >= 1, "job.steps-per-round", "must be an integer >= 1, got " + stepsPerRound);
        require(burnInRounds >= 0 && burnInRounds < rounds, "job.burn-in-rounds",
                "must be >= 0 and smaller than job.rounds (" + rounds + "), got " + burnInRounds);
        require(thin >= 1, "job.thin", "must be an integer >= 1, got " + thin);
        require(proposalScale > 0 && Double.isFinite(proposalScale), "job.proposal.scale",
                "must be a finite number > 0, got " + proposalScale);
        long perChain = drawsPerChainOf(rounds, burnInRounds, stepsPerRound, thin);
        require(perChain >= 1, "job.thin", "keeps no draw: (rounds - burn-in-rounds) * steps-per-round = "
                + ((long) (rounds - burnInRounds) * stepsPerRound) + " is smaller than thin = " + thin);
        require(perChain <= Integer.MAX_VALUE, "job.thin", "keeps " + perChain
                + " draws per chain, more than the limit " + Integer.MAX_VALUE + "; raise thin");
        drawMetrics = List.copyOf(drawMetrics);
        HashSet<String> seen = new HashSet<>();
        for (String name : drawMetrics) {
            require(!name.isBlank() && seen.add(name), "output.draws-metrics",
                    "must be a list of distinct, non-empty metric names, got " + drawMetrics);
        }
        drawMetadata = List.copyOf(drawMetadata);
        seen.clear();
        for (String name : drawMetadata) {
            require(!name.isBlank() && seen.add(name), "output.draws-metadata",
                    "must be a list of distinct, non-empty metadata names, got " + drawMetadata);
        }
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new ConfigurationException(key, message);
        }
    }

    private static long drawsPerChainOf(int rounds, int burnIn, int steps, int thin) {
        return (long) (rounds - burnIn) * steps / thin;
    }

    /**
     * @param keep whether every level keeps its draws
     * @return these settings with {@link #allLevels()} = {@code keep}
     */
    public SamplerSettings withAllLevels(boolean keep) {
        return toBuilder().allLevels(keep).build();
    }

    /**
     * @param names the metrics each kept draw records, in column order (empty for none)
     * @return these settings with {@link #drawMetrics()} = {@code names}
     */
    public SamplerSettings withDrawMetrics(List<String> names) {
        return toBuilder().drawMetrics(names).build();
    }

    /**
     * @param names the metadata each kept draw records, in column order (empty for none)
     * @return these settings with {@link #drawMetadata()} = {@code names}
     */
    public SamplerSettings withDrawMetadata(List<String> names) {
        return toBuilder().drawMetadata(names).build();
    }

    /**
     * @param dimension the target's dimension d
     * @return the width of a kept draw's row: d parameters, the log-likelihood, the log-prior and
     *     the {@link #drawMetrics()}, d + 2 + m
     */
    public int drawWidth(int dimension) {
        return dimension + 2 + drawMetrics.size();
    }

    /** @return how many levels keep draws: K with {@link #allLevels()}, else 1 */
    public int levelsWithDraws() {
        return allLevels ? ladder.size() : 1;
    }

    /** @return K, the number of levels */
    public int levels() {
        return ladder.size();
    }

    /** @return the draws kept per chain: (R − B)·steps / thin, rounded down */
    public int drawsPerChain() {
        return (int) drawsPerChainOf(rounds, burnInRounds, stepsPerRound, thin);
    }

    /**
     * @return a builder with the defaults: seed 0, 1 chain, no ladder (required), DEO, 1 round of 1
     *     step, no burn-in, thin 1, proposal scale 1, no adaptation, a fixed ladder, level 0's draws
     *     only, no metric, no metadata
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these settings, to change some of them */
    public Builder toBuilder() {
        return new Builder().seed(seed).chains(chains).ladder(ladder).swap(swap).rounds(rounds)
                .stepsPerRound(stepsPerRound).burnInRounds(burnInRounds).thin(thin).proposalScale(proposalScale)
                .adapt(adapt).adaptLadder(adaptLadder).allLevels(allLevels).drawMetrics(drawMetrics)
                .drawMetadata(drawMetadata);
    }

    /**
     * Builds {@link SamplerSettings} by named values (see the record's components for their meaning);
     * {@link #build()} validates them. Not thread-safe.
     */
    public static final class Builder {
        private long seed;
        private int chains = 1;
        private Ladder ladder;
        private SwapRule swap = SwapRule.DEO;
        private int rounds = 1;
        private int stepsPerRound = 1;
        private int burnInRounds;
        private int thin = 1;
        private double proposalScale = 1.0;
        private AdaptationMode adapt = AdaptationMode.NONE;
        private boolean adaptLadder;
        private boolean allLevels;
        private List<String> drawMetrics = List.of();
        private List<String> drawMetadata = List.of();

        private Builder() {
        }

        /** @param value the job's seed @return this builder */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** @param value C, the number of chains @return this builder */
        public Builder chains(int value) {
            chains = value;
            return this;
        }

        /** @param value the ladder (required) @return this builder */
        public Builder ladder(Ladder value) {
            ladder = value;
            return this;
        }

        /** @param value the swap rule @return this builder */
        public Builder swap(SwapRule value) {
            swap = value;
            return this;
        }

        /** @param value R, the total rounds @return this builder */
        public Builder rounds(int value) {
            rounds = value;
            return this;
        }

        /** @param value local steps per replica per round @return this builder */
        public Builder stepsPerRound(int value) {
            stepsPerRound = value;
            return this;
        }

        /** @param value B, the burn-in rounds @return this builder */
        public Builder burnInRounds(int value) {
            burnInRounds = value;
            return this;
        }

        /** @param value the thinning @return this builder */
        public Builder thin(int value) {
            thin = value;
            return this;
        }

        /** @param value the initial proposal scale, in the units of the parameters @return this builder */
        public Builder proposalScale(double value) {
            proposalScale = value;
            return this;
        }

        /** @param value what the proposal learns during burn-in @return this builder */
        public Builder adapt(AdaptationMode value) {
            adapt = value;
            return this;
        }

        /** @param value whether each chain tunes its ladder during burn-in @return this builder */
        public Builder adaptLadder(boolean value) {
            adaptLadder = value;
            return this;
        }

        /** @param value whether every level keeps its draws @return this builder */
        public Builder allLevels(boolean value) {
            allLevels = value;
            return this;
        }

        /** @param value the metrics each kept draw records, in column order @return this builder */
        public Builder drawMetrics(List<String> value) {
            drawMetrics = value;
            return this;
        }

        /** @param value the metadata each kept draw records, in column order @return this builder */
        public Builder drawMetadata(List<String> value) {
            drawMetadata = value;
            return this;
        }

        /**
         * @return the settings
         * @throws ConfigurationException naming the job-file key of the first invalid value
         */
        public SamplerSettings build() {
            return new SamplerSettings(seed, chains, ladder, swap, rounds,
                    stepsPerRound, burnInRounds, thin, proposalScale, adapt, adaptLadder, allLevels, drawMetrics,
                    drawMetadata);
        }
    }
}
