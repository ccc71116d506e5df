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
 */
public record SamplerSettings(long seed, int chains, Ladder ladder, SwapRule swap, int rounds, int stepsPerRound,
        int burnInRounds, int thin, double proposalScale, AdaptationMode adapt, boolean adaptLadder,
        boolean allLevels, List<String> drawMetrics) {

    /** Settings whose draws record no metric. */
    public SamplerSettings(long seed, int chains, Ladder ladder, SwapRule swap, int rounds, int stepsPerRound,
            int burnInRounds, int thin, double proposalScale, AdaptationMode adapt, boolean adaptLadder,
            boolean allLevels) {
        this(seed, chains, ladder, swap, rounds, stepsPerRound, burnInRounds, thin, proposalScale, adapt, adaptLadder,
                allLevels, List.of());
    }

    /** Settings that keep the draws of level 0 only ({@code allLevels = false}). */
    public SamplerSettings(long seed, int chains, Ladder ladder, SwapRule swap, int rounds, int stepsPerRound,
            int burnInRounds, int thin, double proposalScale, AdaptationMode adapt, boolean adaptLadder) {
        this(seed, chains, ladder, swap, rounds, stepsPerRound, burnInRounds, thin, proposalScale, adapt, adaptLadder,
                false);
    }

    /** Settings with a fixed ladder ({@code adaptLadder = false}). */
    public SamplerSettings(long seed, int chains, Ladder ladder, SwapRule swap, int rounds, int stepsPerRound,
            int burnInRounds, int thin, double proposalScale, AdaptationMode adapt) {
        this(seed, chains, ladder, swap, rounds, stepsPerRound, burnInRounds, thin, proposalScale, adapt, false);
    }

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
        return new SamplerSettings(seed, chains, ladder, swap, rounds, stepsPerRound, burnInRounds, thin, proposalScale,
                adapt, adaptLadder, keep, drawMetrics);
    }

    /**
     * @param names the metrics each kept draw records, in column order (empty for none)
     * @return these settings with {@link #drawMetrics()} = {@code names}
     */
    public SamplerSettings withDrawMetrics(List<String> names) {
        return new SamplerSettings(seed, chains, ladder, swap, rounds, stepsPerRound, burnInRounds, thin, proposalScale,
                adapt, adaptLadder, allLevels, names);
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
}
