package replex.plot;

import java.util.List;
import java.util.Objects;

/**
 * The level-0 draws of a run as read back from {@code draws.csv}: per chain, per parameter, the
 * values in draw order.
 *
 * @param parameters the parameter names, in the file's column order
 * @param chainIds the chain numbers as written in the {@code chain} column, ascending
 * @param drawIndices per chain, the {@code draw} column (0-based draw after burn-in)
 * @param values {@code values[c][p][i]}: chain {@code chainIds[c]}, parameter {@code p}, its
 *     {@code i}-th row
 */
public record DrawsTable(List<String> parameters, int[] chainIds, long[][] drawIndices, double[][][] values) {

    /** @throws IllegalArgumentException if the arrays disagree in size */
    public DrawsTable {
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(chainIds, "chainIds");
        if (drawIndices.length != chainIds.length || values.length != chainIds.length) {
            throw new IllegalArgumentException("one entry per chain expected");
        }
        for (int c = 0; c < chainIds.length; c++) {
            if (values[c].length != parameters.size()) {
                throw new IllegalArgumentException("chain " + chainIds[c] + ": one column per parameter expected");
            }
            for (double[] column : values[c]) {
                if (column.length != drawIndices[c].length) {
                    throw new IllegalArgumentException("chain " + chainIds[c] + ": columns of unequal length");
                }
            }
        }
    }

    /** @return the number of chains */
    public int chains() {
        return chainIds.length;
    }

    /** @return the number of draws over all chains */
    public long totalDraws() {
        long n = 0;
        for (long[] d : drawIndices) {
            n += d.length;
        }
        return n;
    }

    /**
     * @param parameter a parameter's column index
     * @return its values of every chain, concatenated in chain order
     */
    public double[] pooled(int parameter) {
        double[] out = new double[Math.toIntExact(totalDraws())];
        int at = 0;
        for (double[][] chain : values) {
            System.arraycopy(chain[parameter], 0, out, at, chain[parameter].length);
            at += chain[parameter].length;
        }
        return out;
    }

    /**
     * The same draws restricted to some parameters, in the order given.
     *
     * @param names parameter names, each one of {@link #parameters()}, no repeats
     * @return the restricted table
     * @throws replex.core.ConfigurationException naming {@code --params} for an unknown or repeated name
     */
    public DrawsTable select(List<String> names) {
        int[] columns = new int[names.size()];
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < columns.length; i++) {
            String name = names.get(i);
            columns[i] = parameters.indexOf(name);
            if (columns[i] < 0) {
                throw new replex.core.ConfigurationException("--params", "unknown parameter '" + name
                        + "'; the run's parameters: " + String.join(", ", parameters));
            }
            if (!seen.add(name)) {
                throw new replex.core.ConfigurationException("--params", "parameter '" + name + "' given twice");
            }
        }
        double[][][] chosen = new double[values.length][columns.length][];
        for (int c = 0; c < values.length; c++) {
            for (int i = 0; i < columns.length; i++) {
                chosen[c][i] = values[c][columns[i]];
            }
        }
        return new DrawsTable(names, chainIds, drawIndices, chosen);
    }
}
