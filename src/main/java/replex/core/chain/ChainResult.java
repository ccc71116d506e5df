package replex.core.chain;

/**
 * One chain's outcome: its statistics and its kept draws of level 0, in draw order.
 *
 * @param statistics the counters of the chain
 * @param draws the draws (rows of d parameters, log-likelihood, log-prior)
 */
public record ChainResult(ChainStatistics statistics, DrawBuffer draws) {

    /** @return the chain index */
    public int chain() {
        return statistics.chain();
    }
}
