package replex.io;

import replex.core.ConfigurationException;

/**
 * How the number of levels of a job with {@code job.temperatures.count = auto} was chosen: a short
 * pilot run of one chain on a fine ladder estimated the communication barrier Λ, and the job got
 * ⌈2Λ + 1⌉ levels (at least 2), the number recommended for DEO swaps by Syed et al. (2022). Reported
 * in {@code summary.json} under {@code settings.level_count_pilot}. Immutable.
 *
 * @param pilotLevels levels of the pilot's ladder, ≥ 2
 * @param pilotRounds rounds of the pilot, burn-in included, ≥ 1
 * @param pilotBurnInRounds of which burn-in (ladder tuning and proposal adaptation), 0 ≤ B &lt; rounds
 * @param pilotSeed the pilot's seed, derived from the job's
 * @param barrier Λ, the pilot's estimate of the global communication barrier (sum of its pairs' mean
 *     swap rejection probabilities over the rounds after burn-in), ≥ 0
 * @param recommendedLevels ⌈2Λ + 1⌉
 * @param chosenLevels the job's level count: {@code max(2, recommendedLevels)}
 * @see <a href="https://doi.org/10.1111/rssb.12464">Syed et al. (2022), JRSSB 84(2)</a>
 */
public record LevelCountChoice(int pilotLevels, int pilotRounds, int pilotBurnInRounds, long pilotSeed,
        double barrier, int recommendedLevels, int chosenLevels) {

    /** @throws ConfigurationException naming {@code job.temperatures.count} if a value is out of range */
    public LevelCountChoice {
        if (pilotLevels < 2 || pilotRounds < 1 || pilotBurnInRounds < 0 || pilotBurnInRounds >= pilotRounds
                || !(barrier >= 0) || !Double.isFinite(barrier) || recommendedLevels < 1 || chosenLevels < 2) {
            throw new ConfigurationException("job.temperatures.count", "invalid level count pilot: " + pilotLevels
                    + " levels, " + pilotRounds + " rounds (" + pilotBurnInRounds + " burn-in), barrier " + barrier
                    + ", recommended " + recommendedLevels + ", chosen " + chosenLevels);
        }
    }

    /**
     * @return whether Λ is close to the most the pilot's ladder can measure (every pair rejecting
     *     more than 80% of its swaps on average): Λ and the chosen count are then lower bounds
     */
    public boolean saturated() {
        return barrier > 0.8 * (pilotLevels - 1);
    }
}
