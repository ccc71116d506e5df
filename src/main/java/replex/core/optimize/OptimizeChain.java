package replex.core.optimize;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;

import replex.core.rng.RandomStreams;

/**
 * The per-chain work of an {@code optimize} round, given its replicas' reports: acceptance counts,
 * the adaptation of each level's jitter during the burn-in, the best state's whereabouts, the swaps
 * between neighbouring levels, and cooling. It never sees a state, only values, so it can run apart
 * from the replicas (as the sampler's {@code ChainState} does). Every random draw comes from the
 * chain's swap stream of the round ({@link RandomStreams#swapStream}). Not thread-safe.
 *
 * <p>Swaps: the replicas at levels k and k+1 (temperatures T_k &lt; T_{k+1}, scores s_k, s_{k+1})
 * exchange levels with probability min(1, exp((s_{k+1} − s_k)(1/T_k − 1/T_{k+1}))), the Metropolis
 * rule of replica exchange for the family exp(s/T) (Swendsen &amp; Wang 1986, doi:10.1103/PhysRevLett.57.2607;
 * Geyer 1991). The pairs of a round follow {@link replex.core.swap.SwapRule}: DEO alternates even and
 * odd pairs, SEO draws the parity.
 *
 * <p>Jitter adaptation (rounds 0 … burn-in − 1): log σ_k += (a_k − a*) / (r + 1)^0.6, with a_k the
 * acceptance rate of the moves made at level k in round r and a* the target acceptance, a
 * Robbins–Monro recursion with a decaying gain (Andrieu &amp; Thoms 2008, doi:10.1007/s11222-008-9110-y).
 */
public final class OptimizeChain {

    private final OptimizeSettings settings;
    private final int chain;
    private final int levels;
    private final int[] replicaAtLevel;
    private final double[] logJitter;
    private final double[] temperatures;
    private final long[] movesAccepted;
    private final long[] movesProposed;
    private final long[] swapsAccepted;
    private final long[] swapsTried;
    private double bestScore = Double.NEGATIVE_INFINITY;
    private double bestValue = Double.NaN;
    private long bestRound = -1;
    private int bestLevel = -1;
    private int bestReplica = -1;
    private replex.core.Objective.Evaluation bestEvaluation;

    /**
     * @param settings the run's settings
     * @param chain this chain's index
     */
    public OptimizeChain(OptimizeSettings settings, int chain) {
        this.settings = settings;
        this.chain = chain;
        this.levels = settings.levels();
        this.replicaAtLevel = new int[levels];
        this.logJitter = new double[levels];
        this.temperatures = settings.ladder().temperatures();
        for (int k = 0; k < levels; k++) {
            replicaAtLevel[k] = k;
            logJitter[k] = Math.log(settings.jitter());
        }
        movesAccepted = new long[levels];
        movesProposed = new long[levels];
        swapsAccepted = new long[Math.max(0, levels - 1)];
        swapsTried = new long[Math.max(0, levels - 1)];
    }

    /**
     * @param level 0 … K−1
     * @return the index of the replica at that level for the coming round
     */
    public int replicaAt(int level) {
        return replicaAtLevel[level];
    }

    /**
     * @param level 0 … K−1
     * @return the level's temperature for the coming round
     */
    public double temperature(int level) {
        return temperatures[level];
    }

    /**
     * @param level 0 … K−1
     * @return the level's jitter scale for the coming round
     */
    public double jitter(int level) {
        return Math.exp(logJitter[level]);
    }

    /**
     * Ends a round: counts, adapts, tracks the best, swaps, cools.
     *
     * @param round the round index r
     * @param byReplica the replicas' reports of this round, indexed by replica
     * @return whether the chain's best improved in this round
     */
    public boolean endRound(long round, OptimizeReplica.RoundReport[] byReplica) {
        boolean improved = false;
        for (int k = 0; k < levels; k++) {
            OptimizeReplica.RoundReport r = byReplica[replicaAtLevel[k]];
            movesAccepted[k] += r.accepted();
            movesProposed[k] += r.proposed();
            if (round < settings.burnInRounds()) {
                double rate = (double) r.accepted() / r.proposed();
                logJitter[k] += (rate - settings.targetAcceptance()) / Math.pow(round + 1.0, 0.6);
                logJitter[k] = Math.max(-50, Math.min(50, logJitter[k]));
            }
            if (r.score() > bestScore) {
                bestScore = r.score();
                bestValue = r.value();
                bestEvaluation = r.evaluation();
                bestRound = round;
                bestLevel = k;
                bestReplica = replicaAtLevel[k];
                improved = true;
            }
        }
        if (levels > 1) {
            UniformRandomProvider rng = RandomStreams.swapStream(settings.seed(), chain, round);
            int parity = settings.swap().parity(round, rng);
            for (int k = parity; k + 1 < levels; k += 2) {
                double s0 = byReplica[replicaAtLevel[k]].score();
                double s1 = byReplica[replicaAtLevel[k + 1]].score();
                double logAlpha = (s1 - s0) * (1.0 / temperatures[k] - 1.0 / temperatures[k + 1]);
                logAlpha = Double.isNaN(logAlpha) ? Double.NEGATIVE_INFINITY : Math.min(0.0, logAlpha);
                swapsTried[k]++;
                if (replex.core.swap.SwapRule.accept(logAlpha, rng)) {
                    swapsAccepted[k]++;
                    int t = replicaAtLevel[k];
                    replicaAtLevel[k] = replicaAtLevel[k + 1];
                    replicaAtLevel[k + 1] = t;
                }
            }
        }
        if (round >= settings.burnInRounds() && settings.cooling() < 1) {
            for (int k = 0; k < levels; k++) {
                temperatures[k] *= settings.cooling();
            }
        }
        return improved;
    }

    /**
     * @param metricNames the objective's metric names (the order of {@link State#bestMetrics()})
     * @return this chain's complete state after the rounds so far; the arrays are copies
     */
    public State snapshot(List<String> metricNames) {
        return new State(replicaAtLevel.clone(), logJitter.clone(), temperatures.clone(), movesAccepted.clone(),
                movesProposed.clone(), swapsAccepted.clone(), swapsTried.clone(), bestScore, bestValue, bestRound,
                bestLevel, bestReplica, bestEvaluation == null ? null : metricValues(bestEvaluation, metricNames));
    }

    /**
     * The chain of a {@link #snapshot}.
     *
     * @param settings the run's settings
     * @param chain the chain's index
     * @param state its snapshot
     * @param metricNames the objective's metric names
     * @return the chain, in exactly that state
     * @throws IllegalArgumentException if the state does not fit the settings
     */
    public static OptimizeChain restore(OptimizeSettings settings, int chain, State state, List<String> metricNames) {
        OptimizeChain c = new OptimizeChain(settings, chain);
        int k = c.levels;
        int pairs = Math.max(0, k - 1);
        if (state.replicaAtLevel().length != k || state.logJitter().length != k || state.temperatures().length != k
                || state.movesAccepted().length != k || state.movesProposed().length != k
                || state.swapsAccepted().length != pairs || state.swapsTried().length != pairs
                || state.bestMetrics() != null && state.bestMetrics().length != metricNames.size()) {
            throw new IllegalArgumentException("the state of chain " + chain + " does not fit a job of " + k
                    + " levels and " + metricNames.size() + " metrics");
        }
        System.arraycopy(state.replicaAtLevel(), 0, c.replicaAtLevel, 0, k);
        System.arraycopy(state.logJitter(), 0, c.logJitter, 0, k);
        System.arraycopy(state.temperatures(), 0, c.temperatures, 0, k);
        System.arraycopy(state.movesAccepted(), 0, c.movesAccepted, 0, k);
        System.arraycopy(state.movesProposed(), 0, c.movesProposed, 0, k);
        System.arraycopy(state.swapsAccepted(), 0, c.swapsAccepted, 0, pairs);
        System.arraycopy(state.swapsTried(), 0, c.swapsTried, 0, pairs);
        c.bestScore = state.bestScore();
        c.bestValue = state.bestValue();
        c.bestRound = state.bestRound();
        c.bestLevel = state.bestLevel();
        c.bestReplica = state.bestReplica();
        // The evaluation's own value may differ from bestValue in the last bit; only its metrics are outputs.
        c.bestEvaluation = state.bestMetrics() == null ? null
                : replex.core.Objective.Evaluation.of(state.bestValue(), metricNames, state.bestMetrics());
        return c;
    }

    /**
     * @param evaluation an evaluation
     * @param metricNames the objective's metric names
     * @return its metrics in that order, NaN for one it lacks
     */
    public static double[] metricValues(replex.core.Objective.Evaluation evaluation, List<String> metricNames) {
        double[] v = new double[metricNames.size()];
        for (int i = 0; i < v.length; i++) {
            Double m = evaluation.metrics().get(metricNames.get(i));
            v[i] = m == null ? Double.NaN : m;
        }
        return v;
    }

    /**
     * A chain's complete state between rounds.
     *
     * @param replicaAtLevel the replica at each level, length K
     * @param logJitter the log jitter scale of each level, length K
     * @param temperatures the temperature of each level (after cooling), length K
     * @param movesAccepted moves accepted per level, length K
     * @param movesProposed moves made per level, length K
     * @param swapsAccepted swaps accepted per pair, length K−1
     * @param swapsTried swaps tried per pair, length K−1
     * @param bestScore the chain's best score, −∞ before the first round
     * @param bestValue its objective value, NaN before
     * @param bestRound the round it was found in, −1 before
     * @param bestLevel the level it was found at, −1 before
     * @param bestReplica the replica that holds it as its own best, −1 before
     * @param bestMetrics its metrics in the objective's order, {@code null} before
     */
    public record State(int[] replicaAtLevel, double[] logJitter, double[] temperatures, long[] movesAccepted,
            long[] movesProposed, long[] swapsAccepted, long[] swapsTried, double bestScore, double bestValue,
            long bestRound, int bestLevel, int bestReplica, double[] bestMetrics) {
    }

    /** @return this chain's index */
    public int index() {
        return chain;
    }

    /** @return the best score at the end of any round so far, −∞ before the first */
    public double bestScore() {
        return bestScore;
    }

    /** @return the objective value behind {@link #bestScore()} */
    public double bestValue() {
        return bestValue;
    }

    /** @return the value and metrics of the best state, or {@code null} */
    public replex.core.Objective.Evaluation bestEvaluation() {
        return bestEvaluation;
    }

    /** @return the round in which the best state was found, −1 before */
    public long bestRound() {
        return bestRound;
    }

    /** @return the level at which the best state was found, −1 before */
    public int bestLevel() {
        return bestLevel;
    }

    /** @return the replica that holds the best state as its own best, −1 before */
    public int bestReplica() {
        return bestReplica;
    }

    /** @return moves accepted per level, length K */
    public long[] movesAccepted() {
        return movesAccepted.clone();
    }

    /** @return moves made per level, length K */
    public long[] movesProposed() {
        return movesProposed.clone();
    }

    /** @return swaps accepted per pair (k, k+1), length K−1 */
    public long[] swapsAccepted() {
        return swapsAccepted.clone();
    }

    /** @return swaps tried per pair (k, k+1), length K−1 */
    public long[] swapsTried() {
        return swapsTried.clone();
    }

    /** @return the current jitter scale per level, length K */
    public double[] jitters() {
        double[] j = new double[levels];
        for (int k = 0; k < levels; k++) {
            j[k] = jitter(k);
        }
        return j;
    }

    /** @return the current temperature per level, length K */
    public double[] temperatures() {
        return temperatures.clone();
    }
}
