package replex.core.optimize;

import java.util.Objects;

import replex.core.swap.SwapRule;

/**
 * The validated settings of an {@code optimize} run (see {@code replex.io.OptimizeSpec} for the
 * job-file keys). Immutable.
 *
 * @param seed the job's seed; every random stream derives from it
 * @param chains independent chains C ≥ 1 (restarts from the same initial state with other streams)
 * @param ladder the temperatures of the K levels
 * @param swap which neighbouring pairs try a swap in a round
 * @param rounds the most rounds R ≥ 1
 * @param stepsPerRound moves of each replica per round, ≥ 1
 * @param burnInRounds rounds during which each level's jitter scale adapts, ≥ 0
 * @param cellsPerMove cells changed by one move, ≥ 1
 * @param jitter the initial jitter scale of every level, &gt; 0: a changed cell moves by
 *     jitter·scale_j·N(0, 1), with scale_j the sd of column j in the initial table (1 for a vector or
 *     a constant column)
 * @param targetAcceptance the acceptance rate of moves the jitter adapts towards, in (0, 1)
 * @param cooling factor in (0, 1] that multiplies every level's temperature after each round past
 *     the burn-in; 1 = no cooling
 * @param lower per-column lower bounds, length d (−∞ for none); a move leaving the bounds is rejected
 * @param upper per-column upper bounds, length d (+∞ for none)
 * @param direction which way the value is driven
 * @param patience stop when the best score has not improved for this many rounds; 0 = never
 * @param stopValue stop when the best value reaches this threshold ({@link Direction#reached}); NaN = never
 * @param historyEvery record every level's state in the history every this many rounds, ≥ 1
 */
public record OptimizeSettings(long seed, int chains, TemperatureLadder ladder, SwapRule swap, int rounds,
        int stepsPerRound, int burnInRounds, int cellsPerMove, double jitter, double targetAcceptance,
        double cooling, double[] lower, double[] upper, Direction direction, int patience, double stopValue,
        int historyEvery) {

    /** @throws IllegalArgumentException if a value is out of range */
    public OptimizeSettings {
        Objects.requireNonNull(ladder, "ladder");
        Objects.requireNonNull(swap, "swap");
        Objects.requireNonNull(direction, "direction");
        if (chains < 1 || rounds < 1 || stepsPerRound < 1 || burnInRounds < 0 || cellsPerMove < 1 || patience < 0
                || historyEvery < 1) {
            throw new IllegalArgumentException("counts out of range");
        }
        if (!(jitter > 0) || !Double.isFinite(jitter)) {
            throw new IllegalArgumentException("jitter must be finite and > 0, got " + jitter);
        }
        if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
            throw new IllegalArgumentException("target acceptance must be in (0, 1), got " + targetAcceptance);
        }
        if (!(cooling > 0 && cooling <= 1)) {
            throw new IllegalArgumentException("cooling must be in (0, 1], got " + cooling);
        }
        if (lower.length != upper.length) {
            throw new IllegalArgumentException("lower and upper bounds differ in length");
        }
        for (int j = 0; j < lower.length; j++) {
            if (!(lower[j] < upper[j])) {
                throw new IllegalArgumentException("lower bound " + lower[j] + " not below upper " + upper[j]);
            }
        }
        lower = lower.clone();
        upper = upper.clone();
    }

    /** @return the levels K */
    public int levels() {
        return ladder.size();
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }
}
