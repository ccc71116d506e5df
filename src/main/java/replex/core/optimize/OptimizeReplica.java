package replex.core.optimize;

import java.util.List;

import org.apache.commons.rng.RestorableUniformRandomProvider;
import org.apache.commons.rng.core.RandomProviderDefaultState;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

import replex.core.Objective;
import replex.core.rng.RandomStreams;

/**
 * One replica of an {@code optimize} chain: its own copy of the state, its objective evaluator,
 * its own random stream ({@link RandomStreams#replicaStream}), and the best state it has held at the
 * end of a round. This is the per-replica work of a round (the moves); the per-chain work (which
 * replica is at which level, swaps, the best over the chain) is {@link OptimizeChain}'s. A replica's
 * state never leaves it during a run: only its {@link RoundReport} does.
 *
 * <p>A move picks {@code cellsPerMove} cells uniformly at random (with replacement), adds
 * jitter·scale_j·N(0, 1) to each, and is accepted with probability min(1, exp(Δs / T)) where s is
 * the {@linkplain Direction#score score}. A move that leaves the bounds or gives a non-finite value
 * is rejected. A move draws, for each of its m cells, a row, a column and a Gaussian, then one
 * uniform for the decision, whatever the outcome.
 *
 * <p>With an {@link Objective.Incremental} evaluator a move costs what the evaluator's updates cost;
 * rejected moves are undone through the same evaluator (cells changed back in reverse order), and
 * the evaluator is rebuilt from the state every {@value #RESYNC_ROUNDS} rounds to bound rounding
 * drift. Not thread-safe: one thread at a time.
 *
 * <p>A {@link Snapshot} holds everything else (state, best state, random stream); a replica
 * {@linkplain #restore restored} from it rebuilds its evaluator from the state, exactly as the
 * replica that took it does at the start of a round that is a multiple of {@value #RESYNC_ROUNDS}.
 * So a snapshot taken after a multiple of {@value #RESYNC_ROUNDS} rounds continues to the same bits
 * as the replica it came from; the engines take snapshots only then.
 */
public final class OptimizeReplica {

    /** Rounds between full re-evaluations of an incremental evaluator. */
    public static final int RESYNC_ROUNDS = 10;

    private final Objective objective;
    private final Direction direction;
    private final TableState state;
    private final double[] columnScale;
    private final double[] lower;
    private final double[] upper;
    private final int cellsPerMove;
    private final RestorableUniformRandomProvider rng;
    private final ZigguratSampler.NormalizedGaussian gaussian;
    private Objective.Incremental incremental;
    private final int chain;
    private final int replica;
    private double value;
    private TableState best;
    private double bestScore = Double.NEGATIVE_INFINITY;
    private final int[] rowsChanged;
    private final int[] columnsChanged;
    private final double[] oldValues;
    private final double[] newValues;

    /**
     * @param objective the objective, already {@linkplain Objective#prepare prepared}
     * @param settings the run's settings
     * @param start gives the replica's initial state, drawn from the replica's own stream
     * @param columnScale per-column jitter scale, length d, each &gt; 0
     * @param chain the chain index
     * @param replica the replica index within its chain (it starts at that level)
     * @throws IllegalStateException if the objective's value at the initial state is not finite
     */
    public OptimizeReplica(Objective objective, OptimizeSettings settings, InitialState start, double[] columnScale,
            int chain, int replica) {
        this(objective, settings, columnScale, chain, replica, RandomStreams.replicaStream(settings.seed(), chain,
                replica), start, null);
    }

    /**
     * @param rng the replica's stream, fresh or restored
     * @param start where a new replica starts (drawn from {@code rng}), or {@code null} with {@code restored}
     * @param restored the state of a restored replica, or {@code null}
     */
    private OptimizeReplica(Objective objective, OptimizeSettings settings, double[] columnScale, int chain,
            int replica, RestorableUniformRandomProvider rng, InitialState start, TableState restored) {
        this.objective = objective;
        this.direction = settings.direction();
        this.columnScale = columnScale.clone();
        this.lower = settings.lower();
        this.upper = settings.upper();
        this.cellsPerMove = settings.cellsPerMove();
        this.rng = rng;
        this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
        this.state = restored != null ? restored : start.initial(rng, chain, replica);
        this.chain = chain;
        this.replica = replica;
        this.rowsChanged = new int[cellsPerMove];
        this.columnsChanged = new int[cellsPerMove];
        this.oldValues = new double[cellsPerMove];
        this.newValues = new double[cellsPerMove];
        resync();
    }

    private void resync() {
        incremental = objective.incremental(state);
        value = incremental != null ? incremental.value() : objective.evaluate(state).value();
        if (!Double.isFinite(direction.score(value))) {
            throw new IllegalStateException("the objective's value is " + value + " at the state of replica " + replica
                    + " of chain " + chain + " (a starting state, or one it was re-evaluated at); it must be finite "
                    + "wherever a replica can be");
        }
    }

    /**
     * Runs one round of moves at the given temperature and jitter, then records the state as this
     * replica's best if its score beats every earlier end-of-round score.
     *
     * @param round the round index (for {@link #RESYNC_ROUNDS})
     * @param steps moves to make
     * @param temperature T &gt; 0
     * @param jitter the level's jitter scale &gt; 0
     * @return the round's report
     */
    public RoundReport runRound(long round, int steps, double temperature, double jitter) {
        if (round > 0 && round % RESYNC_ROUNDS == 0 && incremental != null) {
            resync();
        }
        double score = direction.score(value);
        int accepted = 0;
        int d = state.columns();
        int n = state.rows();
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < cellsPerMove; i++) {
                rowsChanged[i] = n == 1 ? 0 : rng.nextInt(n);
                columnsChanged[i] = d == 1 ? 0 : rng.nextInt(d);
                newValues[i] = jitter * columnScale[columnsChanged[i]] * gaussian.sample();
            }
            double u = rng.nextDouble();
            int applied = 0;
            boolean inside = true;
            for (; applied < cellsPerMove; applied++) {
                int row = rowsChanged[applied];
                int column = columnsChanged[applied];
                double old = state.get(row, column);
                double proposed = old + newValues[applied];
                if (!(proposed >= lower[column] && proposed <= upper[column])) {
                    inside = false;
                    break;
                }
                oldValues[applied] = old;
                newValues[applied] = proposed;
                state.set(row, column, proposed);
                if (incremental != null) {
                    incremental.changed(row, column, old, proposed);
                }
            }
            if (!inside) {
                undo(applied);
                continue;
            }
            double proposedValue = incremental != null ? incremental.value() : objective.evaluate(state).value();
            double proposedScore = direction.score(proposedValue);
            boolean accept = Double.isFinite(proposedScore)
                    && (proposedScore >= score || Math.log(u) < (proposedScore - score) / temperature);
            if (accept) {
                accepted++;
                value = proposedValue;
                score = proposedScore;
            } else {
                undo(cellsPerMove);
            }
        }
        Objective.Evaluation evaluation = incremental != null ? incremental.evaluation() : objective.evaluate(state);
        if (score > bestScore) {
            bestScore = score;
            if (best == null) {
                best = state.copy();
            } else {
                best.copyFrom(state);
            }
        }
        return new RoundReport(accepted, steps, value, score, evaluation);
    }

    /** Changes the first {@code count} cells of the move back, last first. */
    private void undo(int count) {
        for (int i = count - 1; i >= 0; i--) {
            state.set(rowsChanged[i], columnsChanged[i], oldValues[i]);
            if (incremental != null) {
                incremental.changed(rowsChanged[i], columnsChanged[i], newValues[i], oldValues[i]);
            }
        }
    }

    /** @return the objective value of the current state */
    public double value() {
        return value;
    }

    /** @return the current state (owned by the replica: read only, do not keep) */
    public StateView state() {
        return state;
    }

    /** @return a copy of the best end-of-round state so far, or {@code null} before the first round */
    public TableState best() {
        return best == null ? null : best.copy();
    }

    /**
     * @return everything a replica needs to continue exactly from here, after a number of rounds
     *     that is a multiple of {@value #RESYNC_ROUNDS} (see the class comment); the arrays are copies
     */
    public Snapshot snapshot() {
        byte[] random = ((RandomProviderDefaultState) rng.saveState()).getState();
        return new Snapshot(chain, replica, random, state.cells(), best == null ? null : best.cells(), bestScore);
    }

    /**
     * Restores a replica from a {@link #snapshot()} of a replica of the same job.
     *
     * @param objective the objective, prepared
     * @param settings the run's settings
     * @param columnScale per-column jitter scale, length d
     * @param columnNames the state's column names, length d
     * @param snapshot the snapshot
     * @return the replica, in the snapshot's state, its evaluator rebuilt from it
     * @throws IllegalArgumentException if the snapshot does not fit the shape
     */
    public static OptimizeReplica restore(Objective objective, OptimizeSettings settings, double[] columnScale,
            List<String> columnNames, Snapshot snapshot) {
        int d = columnNames.size();
        if (snapshot.cells() == null || snapshot.cells().length == 0 || snapshot.cells().length % d != 0
                || snapshot.bestCells() != null && snapshot.bestCells().length != snapshot.cells().length) {
            throw new IllegalArgumentException("the snapshot of replica " + snapshot.replica() + " of chain "
                    + snapshot.chain() + " does not hold a table of " + d + " columns");
        }
        int rows = snapshot.cells().length / d;
        RestorableUniformRandomProvider rng = RandomStreams.replicaStream(settings.seed(), snapshot.chain(),
                snapshot.replica());
        rng.restoreState(new RandomProviderDefaultState(snapshot.randomState()));
        OptimizeReplica r = new OptimizeReplica(objective, settings, columnScale, snapshot.chain(), snapshot.replica(),
                rng, null, new TableState(rows, d, snapshot.cells(), columnNames));
        if (snapshot.bestCells() != null) {
            r.best = new TableState(rows, d, snapshot.bestCells(), columnNames);
            r.bestScore = snapshot.bestScore();
        }
        return r;
    }

    /** @return the chain index */
    public int chain() {
        return chain;
    }

    /** @return the replica index within its chain */
    public int index() {
        return replica;
    }

    /**
     * A replica's complete state.
     *
     * @param chain the chain index
     * @param replica the replica index within its chain
     * @param randomState the saved state of its random stream (commons-rng {@code L64_X128_MIX})
     * @param cells its state, row-major, n·d values
     * @param bestCells its best end-of-round state so far, row-major, or {@code null} before its first round
     * @param bestScore the score of {@code bestCells}, −∞ before its first round
     */
    public record Snapshot(int chain, int replica, byte[] randomState, double[] cells, double[] bestCells,
            double bestScore) {
    }

    /**
     * What a replica reports to its chain after a round.
     *
     * @param accepted moves accepted
     * @param proposed moves made
     * @param value the objective value of its state at the end of the round
     * @param score that value's score
     * @param evaluation value and metrics at the end of the round
     */
    public record RoundReport(int accepted, int proposed, double value, double score, Objective.Evaluation evaluation) {
    }
}
