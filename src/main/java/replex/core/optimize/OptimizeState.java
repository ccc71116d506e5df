package replex.core.optimize;

/**
 * The complete state of an {@code optimize} run after some rounds: what a checkpoint holds and what
 * a run continues from, on any engine, to the same bits as the run that was never interrupted.
 * Plain data (records, primitives and arrays), written by {@code replex.io.OptimizeCheckpointFile}.
 *
 * <p>The history is stored flat: each recorded round (its index in {@code historyRounds}) holds C·K
 * rows, chain by chain and level by level, of {@code 3 + m} numbers each (temperature, jitter,
 * value, then the m metrics in the objective's order).
 *
 * @param round rounds completed; the next round to run. A multiple of
 *     {@link OptimizeReplica#RESYNC_ROUNDS} (snapshots are taken only then), below the job's rounds
 * @param bestScore the best score over every chain, −∞ before the first round
 * @param bestChain the chain that holds it, −1 before
 * @param lastImprovement the round in which the best last improved (for {@code stop.patience})
 * @param chains the chains' states, index = chain
 * @param replicas the replicas' snapshots, index = chain·K + replica
 * @param historyRounds the rounds recorded in the history so far, increasing
 * @param history their rows, {@code historyRounds.length}·C·K·(3 + m) numbers
 */
public record OptimizeState(long round, double bestScore, int bestChain, long lastImprovement,
        OptimizeChain.State[] chains, OptimizeReplica.Snapshot[] replicas, long[] historyRounds, double[] history) {

    /**
     * Checks that this state belongs to a job of these settings.
     *
     * @param settings the job's settings
     * @param metrics the objective's number of metrics m
     * @throws IllegalArgumentException naming what does not fit
     */
    public void check(OptimizeSettings settings, int metrics) {
        int c = settings.chains();
        int k = settings.levels();
        if (chains == null || chains.length != c || replicas == null || replicas.length != c * k) {
            throw new IllegalArgumentException("the checkpoint holds " + (chains == null ? 0 : chains.length)
                    + " chains and " + (replicas == null ? 0 : replicas.length) + " replicas; the job has " + c
                    + " chains of " + k + " levels");
        }
        if (round < 0 || round >= settings.rounds() || round % OptimizeReplica.RESYNC_ROUNDS != 0) {
            throw new IllegalArgumentException("the checkpoint's round " + round + " is not a multiple of "
                    + OptimizeReplica.RESYNC_ROUNDS + " in [0, " + settings.rounds() + ")");
        }
        checkHistory(c * k, metrics);
        for (int i = 0; i < replicas.length; i++) {
            if (replicas[i] == null || replicas[i].chain() != i / k || replicas[i].replica() != i % k) {
                throw new IllegalArgumentException("replica snapshot " + i + " is not replica " + i % k + " of chain "
                        + i / k);
            }
        }
    }

    /**
     * Checks that this is the final state of a finished run of these settings
     * ({@link OptimizeSearch#finalState}): every chain, the one replica holding the best state, a round
     * in [1, rounds], the history with the last round's rows.
     *
     * @param settings the job's settings
     * @param metrics the objective's number of metrics m
     * @throws IllegalArgumentException naming what does not fit
     */
    public void checkFinished(OptimizeSettings settings, int metrics) {
        int c = settings.chains();
        if (chains == null || chains.length != c || replicas == null || replicas.length != 1 || replicas[0] == null
                || replicas[0].bestCells() == null) {
            throw new IllegalArgumentException("a finished run's state holds its " + c + " chains and the best "
                    + "replica's state; this one holds " + (chains == null ? 0 : chains.length) + " chains and "
                    + (replicas == null ? 0 : replicas.length) + " replicas");
        }
        if (round < 1 || round > settings.rounds() || bestChain < 0 || bestChain >= c) {
            throw new IllegalArgumentException("a finished run's round " + round + " is not in [1, "
                    + settings.rounds() + "], or its best chain " + bestChain + " is not a chain");
        }
        checkHistory(c * settings.levels(), metrics);
    }

    private void checkHistory(int replicasPerRound, int metrics) {
        long rowValues = (long) replicasPerRound * (3 + metrics);
        if (historyRounds == null || history == null || history.length != historyRounds.length * rowValues) {
            throw new IllegalArgumentException("the checkpoint's history does not hold " + rowValues
                    + " numbers per recorded round");
        }
    }
}
