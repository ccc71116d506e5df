package replex.core.evidence;

import java.util.Arrays;
import java.util.List;

/**
 * The log evidence from the ladder: log Z(1) − log Z(β_{K−1}), where Z(β) = ∫ p(x)·L(x)^β dx, by
 * two estimators, each with a Monte Carlo standard error. Natural logs throughout.
 *
 * <ul>
 *   <li><b>Stepping stone</b> (Xie et al. 2011): log Z(β_k)/Z(β_{k+1}) = log E_{β_{k+1}}[L^{β_k −
 *       β_{k+1}}], estimated by log of the mean over the draws x at level k+1 of exp((β_k −
 *       β_{k+1})·ℓ(x)); summed over the K−1 neighbouring pairs. Each ratio is consistent for any
 *       spacing of the ladder (its only error is Monte Carlo error, plus a bias of order 1/n from
 *       the log).</li>
 *   <li><b>Thermodynamic integration</b> (path sampling; Gelman &amp; Meng 1998, Lartillot &amp;
 *       Philippe 2006): log Z(1) − log Z(β_{K−1}) = ∫ E_β[ℓ] dβ, estimated by the trapezoidal rule
 *       over the ladder with E_{β_k}[ℓ] the mean of ℓ at level k. Besides Monte Carlo error it has
 *       a discretisation bias of order Σ h_k³·|E''| (h_k = β_k − β_{k+1}); E_β[ℓ] is increasing
 *       and usually concave in β, so the trapezoid tends to be low. A difference between the two
 *       estimators larger than their errors says that the ladder is too coarse for TI.</li>
 * </ul>
 *
 * <p>When the hottest β is 0 and the prior p is normalised, Z(0) = 1 and the estimate is the
 * model's log evidence log ∫ p·L dx. When the hottest β is above 0, it is only the log ratio to
 * that level ({@link #referenceBeta()}).
 *
 * <p><b>Pooling and standard error.</b> The point estimates pool every round of every chain;
 * when the chains' ladders differ (each tuned its own during burn-in; they share K and the end
 * points), each chain is estimated on its own ladder and the estimates are averaged, weighted by
 * rounds. The standard error is by batch means: each non-empty batch of each chain (C·{@value
 * EvidenceAccumulator#BATCHES} batches of consecutive rounds) gives an estimate of its own from its
 * rounds alone, and se = sd(batch estimates) / √(number of batches). This assumes the batches are
 * long enough to be nearly independent (each much longer than the autocorrelation time of ℓ at
 * every level) and that the pooled estimate is close to the mean of the batch estimates (true for
 * TI, which is linear in the sums; for stepping stone up to the O(1/n) bias of the log of a
 * mean). With too short batches the se is too small. See Flegal &amp; Jones (2010), Ann. Statist.
 * 38(2):1034, doi:10.1214/09-AOS735, for batch means. With fewer than two non-empty batches the
 * standard error is not estimable and is NaN.
 *
 * <p>Chains are combined in list order and batches in index order, so equal inputs give equal
 * bits. Immutable, thread-safe.
 *
 * @see <a href="https://doi.org/10.1093/sysbio/syq085">Xie, W., Lewis, P. O., Fan, Y., Kuo, L. and
 *     Chen, M.-H. (2011). Improving marginal likelihood estimation for Bayesian phylogenetic model
 *     selection. Systematic Biology 60(2), 150-160</a>
 * @see <a href="https://doi.org/10.1214/ss/1028905934">Gelman, A. and Meng, X.-L. (1998).
 *     Simulating normalizing constants: from importance sampling to bridge sampling to path
 *     sampling. Statistical Science 13(2), 163-185</a>
 * @see <a href="https://doi.org/10.1080/10635150500433722">Lartillot, N. and Philippe, H. (2006).
 *     Computing Bayes factors using thermodynamic integration. Systematic Biology 55(2), 195-207</a>
 */
public final class LogEvidence {

    /**
     * One estimator's result.
     *
     * @param estimate the estimate of log Z(1) − log Z(β_{K−1}); NaN if there is nothing to
     *     estimate (one level, or no recorded round)
     * @param standardError its Monte Carlo standard error by batch means; NaN if not estimable
     */
    public record Estimate(double estimate, double standardError) {
    }

    private final double referenceBeta;
    private final int batches;
    private final Estimate steppingStone;
    private final Estimate thermodynamicIntegration;
    private final double[] meanLogLikelihood;

    private LogEvidence(double referenceBeta, int batches, Estimate steppingStone, Estimate thermodynamicIntegration,
            double[] meanLogLikelihood) {
        this.referenceBeta = referenceBeta;
        this.batches = batches;
        this.steppingStone = steppingStone;
        this.thermodynamicIntegration = thermodynamicIntegration;
        this.meanLogLikelihood = meanLogLikelihood;
    }

    /**
     * Estimates the log evidence from the accumulators of every chain.
     *
     * @param chains one accumulator per chain, in chain order, all with the same number of levels
     *     and the same hottest β; not empty
     * @return the estimates
     * @throws IllegalArgumentException if the list is empty or the ladders differ in size or end points
     */
    public static LogEvidence of(List<EvidenceAccumulator> chains) {
        if (chains.isEmpty()) {
            throw new IllegalArgumentException("no chain");
        }
        double[] betas = chains.get(0).betas();
        int levels = betas.length;
        boolean sameLadder = true;
        for (EvidenceAccumulator c : chains) {
            double[] other = c.betas();
            if (other.length != levels || other[levels - 1] != betas[levels - 1]) {
                throw new IllegalArgumentException("chains on ladders of different size or end points: "
                        + Arrays.toString(betas) + " and " + Arrays.toString(other));
            }
            sameLadder &= Arrays.equals(betas, other);
        }

        // Point estimates: every round of every chain pooled; chains with ladders of their own
        // (tuned during burn-in) are estimated one by one and averaged, weighted by their rounds.
        long rounds = 0;
        double[] sums = new double[levels];
        for (EvidenceAccumulator a : chains) {
            for (int b = 0; b < EvidenceAccumulator.BATCHES; b++) {
                rounds += a.rounds(b);
                for (int k = 0; k < levels; k++) {
                    sums[k] += a.logLikelihoodSum(k, b);
                }
            }
        }
        double[] means = new double[levels];
        for (int k = 0; k < levels; k++) {
            means[k] = rounds == 0 ? Double.NaN : sums[k] / rounds;
        }
        double pooledSs;
        double pooledTi;
        if (sameLadder) {
            double[] pooled = pooled(chains);
            pooledSs = pooled[0];
            pooledTi = pooled[1];
        } else {
            pooledSs = 0;
            pooledTi = 0;
            for (EvidenceAccumulator a : chains) {
                long n = 0;
                for (int b = 0; b < EvidenceAccumulator.BATCHES; b++) {
                    n += a.rounds(b);
                }
                if (n > 0) {
                    double[] one = pooled(List.of(a));
                    pooledSs += one[0] * n / rounds;
                    pooledTi += one[1] * n / rounds;
                }
            }
        }

        // Batch means: one estimate per non-empty batch of each chain, on the chain's own ladder.
        int batchCount = EvidenceAccumulator.BATCHES;
        double[] tiBatches = new double[chains.size() * batchCount];
        double[] ssBatches = new double[chains.size() * batchCount];
        int n = 0;
        double[] batchMeans = new double[levels];
        for (EvidenceAccumulator a : chains) {
            double[] ladder = a.betas();
            for (int b = 0; b < batchCount; b++) {
                long m = a.rounds(b);
                if (m == 0) {
                    continue;
                }
                for (int k = 0; k < levels; k++) {
                    batchMeans[k] = a.logLikelihoodSum(k, b) / m;
                }
                tiBatches[n] = trapezoid(ladder, batchMeans);
                double ss = 0;
                for (int k = 0; k + 1 < levels; k++) {
                    ss += a.logSumWeights(k, b) - Math.log(m);
                }
                ssBatches[n] = ss;
                n++;
            }
        }
        boolean defined = levels > 1 && rounds > 0;
        Estimate ss = defined ? new Estimate(pooledSs, standardError(ssBatches, n)) : new Estimate(Double.NaN,
                Double.NaN);
        Estimate ti = defined ? new Estimate(pooledTi, standardError(tiBatches, n)) : new Estimate(Double.NaN,
                Double.NaN);
        return new LogEvidence(betas[levels - 1], n, ss, ti, means);
    }

    /**
     * Stepping stone and TI from all rounds of chains that share one ladder.
     *
     * @return {stepping stone, thermodynamic integration}; NaN if there is no round
     */
    private static double[] pooled(List<EvidenceAccumulator> chains) {
        double[] betas = chains.get(0).betas();
        int levels = betas.length;
        int batchCount = EvidenceAccumulator.BATCHES;
        long rounds = 0;
        double[] sums = new double[levels];
        double[][] logWeights = new double[levels - 1][chains.size() * batchCount];
        for (int c = 0; c < chains.size(); c++) {
            EvidenceAccumulator a = chains.get(c);
            for (int b = 0; b < batchCount; b++) {
                rounds += a.rounds(b);
                for (int k = 0; k < levels; k++) {
                    sums[k] += a.logLikelihoodSum(k, b);
                }
                for (int k = 0; k + 1 < levels; k++) {
                    logWeights[k][c * batchCount + b] = a.logSumWeights(k, b);
                }
            }
        }
        if (rounds == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] means = new double[levels];
        for (int k = 0; k < levels; k++) {
            means[k] = sums[k] / rounds;
        }
        double ss = 0;
        for (int k = 0; k + 1 < levels; k++) {
            ss += logSumExp(logWeights[k]) - Math.log(rounds);
        }
        return new double[] {ss, trapezoid(betas, means)};
    }

    /**
     * The trapezoidal rule on a decreasing ladder: Σ_k (β_k − β_{k+1})·(f_k + f_{k+1})/2.
     *
     * @param betas β_0 &gt; … &gt; β_{K−1}
     * @param values f at each β
     * @return ∫ f dβ from β_{K−1} to β_0 by the trapezoidal rule (0 for one level)
     */
    static double trapezoid(double[] betas, double[] values) {
        double sum = 0;
        for (int k = 0; k + 1 < betas.length; k++) {
            sum += (betas[k] - betas[k + 1]) * 0.5 * (values[k] + values[k + 1]);
        }
        return sum;
    }

    /**
     * @param values logs of positive terms; −∞ entries (empty terms) are skipped
     * @return log Σ exp(values), −∞ if every entry is −∞
     */
    static double logSumExp(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double v : values) {
            if (v != Double.NEGATIVE_INFINITY) {
                sum += Math.exp(v - max);
            }
        }
        return max + Math.log(sum);
    }

    /** sd (n − 1 in the denominator) of the first n values over √n; NaN if n &lt; 2. */
    static double standardError(double[] values, int n) {
        if (n < 2) {
            return Double.NaN;
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += values[i];
        }
        mean /= n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double d = values[i] - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / (n - 1) / n);
    }

    /** @return β_{K−1}, the hottest level's β: the estimates are log Z(1) − log Z(β_{K−1}) */
    public double referenceBeta() {
        return referenceBeta;
    }

    /** @return the number of non-empty batches over all chains behind the standard errors */
    public int batches() {
        return batches;
    }

    /** @return the stepping-stone estimate */
    public Estimate steppingStone() {
        return steppingStone;
    }

    /** @return the thermodynamic-integration estimate (trapezoidal rule) */
    public Estimate thermodynamicIntegration() {
        return thermodynamicIntegration;
    }

    /**
     * @return E_{β_k}[ℓ] estimated at each level, pooled over chains (copy, length K; NaN if no
     *     round); with ladders tuned per chain, a mix of slightly different β at each level
     */
    public double[] meanLogLikelihood() {
        return meanLogLikelihood.clone();
    }
}
