package replex.core;

import static replex.core.SupportCheck.culprits;
import static replex.core.SupportCheck.list;
import static replex.core.SupportCheck.outsideSupport;
import static replex.core.SupportCheck.values;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.rng.UniformRandomProvider;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueFactory;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Where the replicas of a job start ({@code job.init}): given rows of parameter values instead of
 * {@link Target#initialState}, optionally jittered.
 *
 * <p>The rows are one point for every replica (1 row), one row per chain (C rows: every replica of
 * chain c starts at row c) or one row per replica (C × K rows: replica r of chain c starts at row
 * c·K + r; replica r starts at level r). With {@code jitter} = s &gt; 0, each replica adds
 * s·N(0, 1) to each coordinate, drawn from the replica's own random stream before its first step
 * (d normal draws, again if the jittered point is outside the support, at most
 * {@value #JITTER_TRIES} times). Without jitter the replica's stream is not used for its start: a
 * run started at given values differs from the default run only through the starting states.
 *
 * <p>Every start is checked: the log-prior and log-likelihood must be finite there, else a
 * {@link ConfigurationException} names the key ({@code job.init.values} or {@code job.init.file}),
 * the row and the parameters' values. Immutable and thread-safe.
 */
public final class InitialValues {

    /** Most draws of a jittered start before giving up. */
    public static final int JITTER_TRIES = 100;

    private final double[][] rows;
    private final List<String> names;
    private final double jitter;
    private final String key;
    private final String source;
    private final int chains;
    private final int levels;

    /**
     * @param rows the starting points, 1, {@code chains} or {@code chains × levels} rows of equal length,
     *     finite values; copied
     * @param names the parameter of each column, or {@code null} for the target's order
     *     ({@link Target#parameterNames()})
     * @param jitter the standard deviation s ≥ 0 of the normal noise added to each coordinate, in the
     *     units of the parameters; 0 = none
     * @param key the job-file key the rows came from ({@code job.init.values} or {@code job.init.file}),
     *     named in errors
     * @param source how errors name a row's origin, e.g. {@code "init.csv"}; {@code null} for none
     * @param chains the job's chains C ≥ 1
     * @param levels the job's levels K ≥ 1
     * @throws ConfigurationException naming {@code key} if the rows do not have that shape
     */
    public InitialValues(double[][] rows, List<String> names, double jitter, String key, String source,
            int chains, int levels) {
        this.key = Objects.requireNonNull(key, "key");
        this.source = source;
        if (rows.length == 0) {
            throw new ConfigurationException(key, "holds no row; give one point, one row per chain or one per replica");
        }
        if (rows.length != 1 && rows.length != chains && rows.length != (long) chains * levels) {
            throw new ConfigurationException(key, "holds " + rows.length + " rows" + from() + ", but the job has "
                    + chains + " chains x " + levels + " levels: give 1 row (every replica), " + chains
                    + " (one per chain) or " + (long) chains * levels + " (one per replica)");
        }
        int width = rows[0].length;
        if (width == 0) {
            throw new ConfigurationException(key, "row 1" + from() + " holds no value");
        }
        if (names != null && names.size() != width) {
            throw new ConfigurationException(key, "names " + names.size() + " parameters, but row 1" + from()
                    + " holds " + width + " values");
        }
        this.rows = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new ConfigurationException(key, "row " + (i + 1) + from() + " holds " + rows[i].length
                        + " values, row 1 holds " + width + "; every row gives every parameter");
            }
            for (int j = 0; j < width; j++) {
                if (!Double.isFinite(rows[i][j])) {
                    throw new ConfigurationException(key, "row " + (i + 1) + from() + ", "
                            + (names == null ? "value " + (j + 1) : "parameter " + names.get(j)) + ": "
                            + rows[i][j] + " is not a finite number");
                }
            }
            this.rows[i] = rows[i].clone();
        }
        this.names = names == null ? null : List.copyOf(names);
        if (!(jitter >= 0 && Double.isFinite(jitter))) {
            throw new ConfigurationException("job.init.jitter", "must be a finite number >= 0, got " + jitter);
        }
        this.jitter = jitter;
        this.chains = chains;
        this.levels = levels;
    }

    /**
     * Key, inside a job's {@code target} block as it travels to the nodes, of the initial values
     * ({@link #embed}); reserved: a job file's {@code job.target} may not use it.
     */
    public static final String BLOCK_KEY = "init";

    /**
     * Key, inside a job's {@code target} block, of an initial design not evaluated yet
     * ({@code job.init { design = ... }}); reserved like {@link #BLOCK_KEY}. It never reaches a target:
     * the job's starts are chosen from the design before the run, and {@code TargetFactory} leaves the
     * key out.
     */
    public static final String DESIGN_KEY = "init-design";

    /**
     * The target block that carries these values to every node that builds the target.
     *
     * @param targetBlock a {@code job.target} block without {@value #BLOCK_KEY}
     * @return the block with these values under {@value #BLOCK_KEY}
     */
    public Config embed(Config targetBlock) {
        List<List<Double>> list = new ArrayList<>();
        for (double[] row : rows) {
            List<Double> r = new ArrayList<>(row.length);
            for (double v : row) {
                r.add(v);
            }
            list.add(r);
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("rows", list);
        if (names != null) {
            m.put("names", names);
        }
        m.put("jitter", jitter);
        m.put("key", key);
        if (source != null) {
            m.put("source", source);
        }
        m.put("chains", chains);
        m.put("levels", levels);
        return targetBlock.withValue(BLOCK_KEY, ConfigValueFactory.fromMap(m, "job.init"));
    }

    /**
     * @param targetBlock a target block, with or without {@value #BLOCK_KEY}
     * @return the values it carries ({@link #embed}), or {@code null} if none
     * @throws ConfigurationException naming {@code job.init} if they are malformed
     */
    public static InitialValues of(Config targetBlock) {
        if (!targetBlock.hasPath(BLOCK_KEY)) {
            return null;
        }
        try {
            Config c = targetBlock.getConfig(BLOCK_KEY);
            List<? extends List<?>> list = c.getAnyRefList("rows").stream().map(r -> (List<?>) r).toList();
            double[][] rows = new double[list.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = list.get(i).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            }
            return new InitialValues(rows, c.hasPath("names") ? c.getStringList("names") : null, c.getDouble("jitter"),
                    c.getString("key"), c.hasPath("source") ? c.getString("source") : null, c.getInt("chains"),
                    c.getInt("levels"));
        } catch (ConfigException | ClassCastException e) {
            throw new ConfigurationException("job.init", "malformed initial values in the job's target block: " + e,
                    e);
        }
    }

    /**
     * @param targetBlock a target block
     * @return the block without {@value #BLOCK_KEY}
     */
    public static Config strip(Config targetBlock) {
        return targetBlock.withoutPath(BLOCK_KEY);
    }

    private String from() {
        return source == null ? "" : " of " + source;
    }

    /** @return the number of rows: 1, C or C × K */
    public int rowCount() {
        return rows.length;
    }

    /**
     * @param i 0 … {@link #rowCount()} − 1
     * @return a copy of row i, in the order of {@link #names()}
     */
    public double[] row(int i) {
        return rows[i].clone();
    }

    /** @return the parameter of each column, or {@code null} for the target's order */
    public List<String> names() {
        return names;
    }

    /** @return the jitter s ≥ 0 */
    public double jitter() {
        return jitter;
    }

    /** @return the job-file key the rows came from */
    public String key() {
        return key;
    }

    /** @return how errors name the rows' origin (a file), or {@code null} */
    public String source() {
        return source;
    }

    /** @return the job's chains C */
    public int chains() {
        return chains;
    }

    /** @return the job's levels K */
    public int levels() {
        return levels;
    }

    /**
     * The row of a replica: 0 for one row, {@code chain} for one per chain, else chain·K + replica.
     *
     * @param chain 0 … C−1
     * @param replica 0 … K−1
     * @return the row index
     */
    public int rowOf(int chain, int replica) {
        if (rows.length == 1) {
            return 0;
        }
        return rows.length == chains ? chain : chain * levels + replica;
    }

    /**
     * Maps the columns to the target's parameters.
     *
     * @param targetNames the target's {@link Target#parameterNames()}
     * @return for each target parameter i, the column holding it
     * @throws ConfigurationException naming {@link #key()} if the columns are not the target's parameters
     */
    public int[] columnsFor(List<String> targetNames) {
        int d = targetNames.size();
        int[] columns = new int[d];
        if (names == null) {
            if (rows[0].length != d) {
                throw new ConfigurationException(key, "rows hold " + rows[0].length + " values, but the target has "
                        + d + " parameters (" + list(targetNames) + ")");
            }
            for (int i = 0; i < d; i++) {
                columns[i] = i;
            }
            return columns;
        }
        Map<String, Integer> at = new HashMap<>();
        for (int j = 0; j < names.size(); j++) {
            if (at.put(names.get(j), j) != null) {
                throw new ConfigurationException(key, "names parameter '" + names.get(j) + "' twice" + from());
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            Integer j = at.remove(targetNames.get(i));
            if (j == null) {
                missing.add(targetNames.get(i));
            } else {
                columns[i] = j;
            }
        }
        if (!missing.isEmpty() || !at.isEmpty()) {
            throw new ConfigurationException(key, "the columns" + from() + " must be the target's parameters ("
                    + list(targetNames) + ")" + (missing.isEmpty() ? "" : "; missing: " + list(missing))
                    + (at.isEmpty() ? "" : "; unknown: " + list(new ArrayList<>(at.keySet()))));
        }
        return columns;
    }

    /**
     * The starting point of one replica: its row, in the target's order, plus the jitter, checked
     * against the target's support.
     *
     * @param target the target (not wrapped)
     * @param targetNames the target's parameter names
     * @param columns {@link #columnsFor} of those names
     * @param rng the replica's random stream; used only with jitter
     * @param chain the replica's chain
     * @param replica the replica's index within its chain
     * @return a new array of length d
     * @throws ConfigurationException naming {@link #key()}, the row and the parameters if the log-prior
     *     or log-likelihood is not finite there (with jitter: at each of {@value #JITTER_TRIES} draws)
     */
    public double[] start(Target target, List<String> targetNames, int[] columns, UniformRandomProvider rng,
            int chain, int replica) {
        int row = rowOf(chain, replica);
        int d = columns.length;
        double[] center = new double[d];
        for (int i = 0; i < d; i++) {
            center[i] = rows[row][columns[i]];
        }
        NormalizedGaussianSampler gaussian = jitter > 0 ? ZigguratSampler.NormalizedGaussian.of(rng) : null;
        String outside = null;
        double[] x = center;
        for (int attempt = 0; attempt < (jitter > 0 ? JITTER_TRIES : 1); attempt++) {
            if (gaussian != null) {
                x = new double[d];
                for (int i = 0; i < d; i++) {
                    x[i] = center[i] + jitter * gaussian.sample();
                }
            }
            outside = outsideSupport(target, x);
            if (outside == null) {
                return x;
            }
        }
        String where = "row " + (row + 1) + from() + " (chain " + chain + ", replica " + replica + ")";
        String cause = culprits(target, targetNames, center);
        String detail = (cause.isEmpty() ? "" : cause + "; ") + "the row: " + values(targetNames, center);
        if (jitter > 0) {
            throw new ConfigurationException(key, where + " plus a jitter of " + jitter + " is outside the target's "
                    + "support in all " + JITTER_TRIES + " draws (" + outside + "); move the row into the support or "
                    + "lower job.init.jitter; " + detail);
        }
        throw new ConfigurationException(key, where + " is outside the target's support (" + outside
                + "; both must be finite): " + detail);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InitialValues v && Arrays.deepEquals(rows, v.rows) && Objects.equals(names, v.names)
                && jitter == v.jitter && key.equals(v.key) && Objects.equals(source, v.source) && chains == v.chains
                && levels == v.levels;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.deepHashCode(rows), names, jitter, key, source, chains, levels);
    }
}
