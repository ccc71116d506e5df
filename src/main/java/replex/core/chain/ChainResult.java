package replex.core.chain;

import java.util.List;

/**
 * One chain's outcome: its statistics and its kept draws of level 0, in draw order, and with
 * {@code output.all-levels} the kept draws of every level.
 *
 * @param statistics the counters of the chain
 * @param draws the draws of level 0 (β = 1): rows of d parameters, log-likelihood, log-prior
 * @param levelDraws with {@code output.all-levels} the draws of every level, index = level, length K,
 *     element 0 equal to {@code draws}, each with as many rows as {@code draws} (the log-likelihood
 *     column is the untempered ℓ); empty otherwise
 */
public record ChainResult(ChainStatistics statistics, DrawBuffer draws, List<DrawBuffer> levelDraws) {

    /** @throws IllegalArgumentException if the levels' draws do not hold as many rows as level 0's */
    public ChainResult {
        levelDraws = List.copyOf(levelDraws);
        for (int k = 0; k < levelDraws.size(); k++) {
            if (levelDraws.get(k).rows() != draws.rows() || levelDraws.get(k).width() != draws.width()) {
                throw new IllegalArgumentException("chain " + statistics.chain() + ": level " + k + " holds "
                        + levelDraws.get(k).rows() + " draws, level 0 " + draws.rows());
            }
        }
    }

    /** A result with the draws of level 0 only. */
    public ChainResult(ChainStatistics statistics, DrawBuffer draws) {
        this(statistics, draws, List.of());
    }

    /** @return the chain index */
    public int chain() {
        return statistics.chain();
    }
}
