package replex.core.optimize;

import org.apache.commons.rng.UniformRandomProvider;

/** Where a replica of an {@code optimize} job starts. Must be thread-safe. */
@FunctionalInterface
public interface InitialState {

    /**
     * @param rng the replica's own random stream (draws from it make the start reproducible)
     * @param chain the replica's chain
     * @param replica the replica's index within its chain
     * @return a new state owned by the replica, of the job's shape, inside the bounds
     */
    TableState initial(UniformRandomProvider rng, int chain, int replica);

    /**
     * @param table the data every replica starts from
     * @return a start that copies {@code table} and draws nothing
     */
    static InitialState fixed(TableState table) {
        TableState copy = table.copy();
        return (rng, chain, replica) -> copy.copy();
    }

    /**
     * @param names the d parameter names
     * @param lower finite lower bounds, length d
     * @param upper finite upper bounds, length d
     * @return a start drawn uniformly in the box, d uniforms per replica
     */
    static InitialState uniform(java.util.List<String> names, double[] lower, double[] upper) {
        double[] lo = lower.clone();
        double[] hi = upper.clone();
        return (rng, chain, replica) -> {
            double[] x = new double[lo.length];
            for (int j = 0; j < x.length; j++) {
                x[j] = lo[j] + (hi[j] - lo[j]) * rng.nextDouble();
            }
            return TableState.vector(x, names);
        };
    }
}
