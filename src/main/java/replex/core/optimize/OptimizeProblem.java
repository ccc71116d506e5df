package replex.core.optimize;

import java.util.List;

import replex.core.Objective;

/**
 * What an {@code optimize} job works on, apart from its settings: the objective, where replicas
 * start, the per-column jitter scale and the state's column names. One per node (or run); shared
 * by the replicas it creates, so thread-safe.
 *
 * @param objective the objective, already {@linkplain Objective#prepare prepared} for the state's shape
 * @param start where a new replica starts
 * @param columnScale per-column jitter scale, length d, each &gt; 0
 * @param columnNames the state's column names (a vector's parameter names), length d
 */
public record OptimizeProblem(Objective objective, InitialState start, double[] columnScale,
        List<String> columnNames) {

    /** Copies the arrays and lists. */
    public OptimizeProblem {
        columnScale = columnScale.clone();
        columnNames = List.copyOf(columnNames);
    }

    @Override
    public double[] columnScale() {
        return columnScale.clone();
    }

    /**
     * @param settings the run's settings
     * @param chain the chain
     * @param replica the replica within the chain
     * @return the replica at its initial state
     */
    public OptimizeReplica newReplica(OptimizeSettings settings, int chain, int replica) {
        return new OptimizeReplica(objective, settings, start, columnScale, chain, replica);
    }

    /**
     * @param settings the run's settings
     * @param snapshot a snapshot of a replica of this job, or {@code null}
     * @param chain the chain (used when {@code snapshot} is null)
     * @param replica the replica (used when {@code snapshot} is null)
     * @return the replica restored from the snapshot, or at its initial state if there is none
     */
    public OptimizeReplica replica(OptimizeSettings settings, OptimizeReplica.Snapshot snapshot, int chain,
            int replica) {
        return snapshot == null ? newReplica(settings, chain, replica)
                : OptimizeReplica.restore(objective, settings, columnScale, columnNames, snapshot);
    }
}
