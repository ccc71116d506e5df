package replex.core.engine;

import java.util.ArrayList;
import java.util.List;

import replex.core.chain.ChainResult;
import replex.core.chain.DrawBuffer;

/**
 * One level's draws summarised over all chains (with {@code output.all-levels}): its β in each chain
 * and, per parameter, the mean and the sample standard deviation of every chain's draws of the level
 * pooled together.
 *
 * @param level the level index, 0 = β = 1
 * @param betas the level's β in each chain (length: chains); equal across chains unless each chain's
 *     ladder was tuned on its own
 * @param means per parameter (length: parameters), the mean over the pooled draws
 * @param sds per parameter (length: parameters), the standard deviation (n − 1 denominator) over the
 *     pooled draws; NaN with fewer than two draws
 */
public record LevelMoments(int level, double[] betas, double[] means, double[] sds) {

    /**
     * Summarises every level a run kept draws of.
     *
     * @param result the run
     * @return one entry per level, in level order; empty if the run kept only the β = 1 draws
     */
    public static List<LevelMoments> of(RunResult result) {
        List<ChainResult> chains = result.chains();
        if (chains.isEmpty() || chains.get(0).levelDraws().isEmpty()) {
            return List.of();
        }
        int levels = chains.get(0).levelDraws().size();
        int parameters = result.parameterNames().size();
        List<LevelMoments> all = new ArrayList<>(levels);
        for (int level = 0; level < levels; level++) {
            double[] betas = new double[chains.size()];
            for (int c = 0; c < chains.size(); c++) {
                betas[c] = chains.get(c).statistics().betas()[level];
            }
            double[] means = new double[parameters];
            double[] sds = new double[parameters];
            for (int p = 0; p < parameters; p++) {
                double sum = 0;
                long n = 0;
                for (ChainResult chain : chains) {
                    DrawBuffer draws = chain.levelDraws().get(level);
                    for (int row = 0; row < draws.rows(); row++) {
                        sum += draws.get(row, p);
                    }
                    n += draws.rows();
                }
                double mean = sum / n;
                double squares = 0;
                for (ChainResult chain : chains) {
                    DrawBuffer draws = chain.levelDraws().get(level);
                    for (int row = 0; row < draws.rows(); row++) {
                        double dev = draws.get(row, p) - mean;
                        squares += dev * dev;
                    }
                }
                means[p] = mean;
                sds[p] = n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN;
            }
            all.add(new LevelMoments(level, betas, means, sds));
        }
        return all;
    }
}
