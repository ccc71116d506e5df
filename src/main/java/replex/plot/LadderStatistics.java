package replex.plot;

/**
 * The ladder and the acceptance rates of a run, as read back from {@code summary.json}. A rate
 * that the run could not compute (no attempt, written as {@code null}) is {@code NaN}.
 *
 * @param betas the inverse temperatures β by level, level 0 first (β = 1)
 * @param chainIds the chain numbers, in the file's order
 * @param mhAcceptance {@code [chain][level]}: Metropolis–Hastings acceptance rate
 * @param swapAcceptance {@code [chain][k]}: swap acceptance rate between levels k and k+1
 * @param pooledSwapAcceptance per pair (k, k+1): accepted / attempted swaps over all chains
 * @param chainBetas {@code [chain][level]}: each chain's ladder at the end of the run (differs from
 *     {@code betas}, the initial ladder, when {@code temperatures.adapt} tuned it); rows may be null
 *     for outputs written before ladders were reported per chain
 */
public record LadderStatistics(double[] betas, int[] chainIds, double[][] mhAcceptance, double[][] swapAcceptance,
        double[] pooledSwapAcceptance, double[][] chainBetas) {

    /** @return true if some chain ended with a ladder other than the initial one */
    public boolean tuned() {
        for (double[] b : chainBetas) {
            if (b != null && !java.util.Arrays.equals(b, betas)) {
                return true;
            }
        }
        return false;
    }

    /** @return the number of levels K */
    public int levels() {
        return betas.length;
    }

    /** @return the number of chains */
    public int chains() {
        return chainIds.length;
    }
}
