package replex.objectives;

import java.util.List;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import replex.core.ConfigBlocks;
import replex.core.ConfigurationException;

/** Reads the settings of a built-in objective from the job's {@code objective} block; errors name the key. */
final class ObjectiveSettings {

    static final String PREFIX = "job.objective";

    private ObjectiveSettings() {
    }

    static String key(String field) {
        return PREFIX + "." + field;
    }

    static void allowOnly(Config block, String name, String... fields) {
        ConfigBlocks.allowOnly(block, PREFIX, "objective '" + name + "'", fields);
    }

    static List<String> stringList(Config block, String field) {
        if (!block.hasPath(field)) {
            return null;
        }
        try {
            return block.getStringList(field);
        } catch (ConfigException e) {
            throw new ConfigurationException(key(field), "must be a list of column names like [x, y]", e);
        }
    }

    static double[] numberList(Config block, String field) {
        if (!block.hasPath(field)) {
            return null;
        }
        try {
            List<Double> list = block.getDoubleList(field);
            double[] v = new double[list.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = list.get(i);
                if (!Double.isFinite(v[i])) {
                    throw new ConfigurationException(key(field), "must hold finite numbers");
                }
            }
            return v;
        } catch (ConfigException e) {
            throw new ConfigurationException(key(field), "must be a list of numbers like [0.0, 1.0]", e);
        }
    }

    static double[][] matrix(Config block, String field) {
        if (!block.hasPath(field)) {
            return null;
        }
        try {
            List<? extends List<? extends Number>> rows = block.getList(field).unwrapped().stream()
                    .map(r -> {
                        if (!(r instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof Number)) {
                            throw new ConfigurationException(key(field), "must be a matrix of numbers like "
                                    + "[[1, 0.5], [0.5, 1]]");
                        }
                        @SuppressWarnings("unchecked")
                        List<? extends Number> n = (List<? extends Number>) l;
                        return n;
                    }).toList();
            double[][] m = new double[rows.size()][];
            for (int i = 0; i < m.length; i++) {
                m[i] = rows.get(i).stream().mapToDouble(Number::doubleValue).toArray();
            }
            return m;
        } catch (ConfigException e) {
            throw new ConfigurationException(key(field), "must be a matrix of numbers like [[1, 0.5], [0.5, 1]]", e);
        }
    }

    /**
     * @return the column indices of {@code wanted} in {@code names}
     * @throws ConfigurationException naming {@code job.objective.<field>} if one is missing
     */
    static int[] indices(List<String> wanted, List<String> names, String field) {
        int[] idx = new int[wanted.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = names.indexOf(wanted.get(i));
            if (idx[i] < 0) {
                throw new ConfigurationException(key(field), "names column '" + wanted.get(i)
                        + "', which the state does not have; its columns are " + names);
            }
        }
        return idx;
    }

    static void requireVector(String name, int rows) {
        if (rows != 1) {
            throw new ConfigurationException(key("name"), "objective " + name + " needs a vector state "
                    + "(job.state { dimension = ... } or { values = [...] }), got a table of " + rows + " rows");
        }
    }
}
