package replex.core.engine;

import replex.core.SamplerSettings;
import replex.core.chain.ChainSnapshot;
import replex.core.replica.ReplicaSnapshot;

/**
 * The state of a whole job after {@code round} rounds: every chain's {@link ChainSnapshot} (with
 * its draws) and every replica's {@link ReplicaSnapshot}, all taken after the same round. Any
 * engine continues a job from it exactly, to the bit (see {@link SequentialEngine} and the actor
 * engine). C chains, K levels.
 *
 * @param round rounds completed by every chain; the next round to run
 * @param chains one snapshot per chain, index = chain, length C
 * @param replicas one snapshot per replica, index = chain·K + replica, length C·K
 */
public record RunState(long round, ChainSnapshot[] chains, ReplicaSnapshot[] replicas) {

    /**
     * Checks that this state belongs to a job with these settings and dimension.
     *
     * @param settings the job's settings
     * @param dimension the target's dimension d
     * @throws IllegalArgumentException naming what does not fit
     */
    public void check(SamplerSettings settings, int dimension) {
        int c = settings.chains();
        int k = settings.levels();
        if (chains.length != c || replicas.length != c * k) {
            throw new IllegalArgumentException("the saved state has " + chains.length + " chains and "
                    + replicas.length + " replicas; the job has " + c + " chains of " + k + " levels");
        }
        if (round < 0 || round > settings.rounds()) {
            throw new IllegalArgumentException("the saved state is at round " + round + "; the job has "
                    + settings.rounds() + " rounds");
        }
        for (int i = 0; i < c; i++) {
            ChainSnapshot s = chains[i];
            if (s.chain() != i || s.roundsDone() != round || s.levelOfReplica().length != k || s.draws() == null) {
                throw new IllegalArgumentException("the saved state of chain " + i + " does not fit (round "
                        + s.roundsDone() + ", " + s.levelOfReplica().length + " levels)");
            }
            int width = settings.drawWidth(dimension);
            long drawValues = (long) settings.levelsWithDraws() * s.drawRows() * width;
            if (s.draws().length != drawValues) {
                throw new IllegalArgumentException("the saved state of chain " + i + " holds " + s.draws().length
                        + " values of draws, the job expects " + drawValues + " (" + s.drawRows() + " rows of "
                        + width + " values for each of " + settings.levelsWithDraws() + " level"
                        + (settings.levelsWithDraws() == 1 ? "" : "s") + " that keep draws: output.all-levels = "
                        + settings.allLevels() + ", output.draws-metrics = " + settings.drawMetrics() + ")");
            }
            int n = settings.drawMetadata().size();
            long strings = (long) settings.levelsWithDraws() * s.drawRows() * n;
            if (n == 0 ? s.drawMetadata() != null && s.drawMetadata().length != 0
                    : s.drawMetadata() == null || s.drawMetadata().length != strings) {
                throw new IllegalArgumentException("the saved state of chain " + i + " holds "
                        + (s.drawMetadata() == null ? "no" : s.drawMetadata().length) + " metadata strings of draws, "
                        + "the job expects " + strings + " (output.draws-metadata = " + settings.drawMetadata() + ")");
            }
            for (int r = 0; r < k; r++) {
                ReplicaSnapshot rs = replicas[i * k + r];
                if (rs.chain() != i || rs.replica() != r || rs.state().length != dimension) {
                    throw new IllegalArgumentException("the saved state of chain " + i + ", replica " + r
                            + " does not fit (dimension " + dimension + ")");
                }
            }
        }
    }
}
