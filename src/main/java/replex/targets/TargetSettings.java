package replex.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigBlocks;
import replex.core.ConfigurationException;

/**
 * Reads and validates the fields of a job's {@code target} block. Every failure is a
 * {@link ConfigurationException} naming the full key ({@code job.target.<field>}) and saying what
 * is allowed.
 */
final class TargetSettings {

    /** Prefix of every key in the target block, as written in a job file. */
    static final String PREFIX = "job.target";

    private TargetSettings() {
    }

    /** @return the full key of a field of the target block, e.g. {@code job.target.means} */
    static String key(String field) {
        return PREFIX + "." + field;
    }

    /**
     * Rejects fields that the target does not read, so that a misspelt key is not silently
     * ignored. {@code name} is always allowed.
     */
    static void allowOnly(Config block, String targetName, String... fields) {
        ConfigBlocks.allowOnly(block, PREFIX, "target '" + targetName + "'", fields);
    }

    /** Throws if both fields are present. */
    static void atMostOneOf(Config block, String first, String second) {
        if (block.hasPath(first) && block.hasPath(second)) {
            throw new ConfigurationException(key(second),
                    "give either '" + first + "' or '" + second + "', not both");
        }
    }

    /** A required, non-empty list of finite numbers. */
    static double[] finiteList(Config block, String field) {
        List<Double> values = requiredList(block, field, Config::getDoubleList, "a non-empty list of numbers");
        double[] result = new double[values.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = values.get(i);
            requireFinite(field + "[" + i + "]", result[i]);
        }
        return result;
    }

    /** A required, non-empty list of numbers, each strictly positive and finite. */
    static double[] positiveList(Config block, String field) {
        double[] values = finiteList(block, field);
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] > 0)) {
                throw new ConfigurationException(key(field),
                        "every element must be > 0, got " + values[i] + " at position " + i);
            }
        }
        return values;
    }

    /** A required, non-empty list of non-empty lists of finite numbers, all of the same length. */
    static double[][] finiteMatrix(Config block, String field) {
        String what = "a non-empty list of non-empty lists of numbers, all of the same length";
        ConfigList rows = requiredList(block, field, Config::getList, what);
        List<double[]> result = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ConfigValue row = rows.get(i);
            if (row.valueType() != ConfigValueType.LIST || ((ConfigList) row).isEmpty()) {
                throw new ConfigurationException(key(field),
                        "must be " + what + "; element " + i + " is " + row.render());
            }
            ConfigList cells = (ConfigList) row;
            double[] values = new double[cells.size()];
            for (int j = 0; j < values.length; j++) {
                Object cell = cells.get(j).unwrapped();
                if (!(cell instanceof Number)) {
                    throw new ConfigurationException(key(field), "must be " + what + "; element [" + i
                            + "][" + j + "] is " + cells.get(j).render());
                }
                values[j] = ((Number) cell).doubleValue();
                requireFinite(field + "[" + i + "][" + j + "]", values[j]);
            }
            if (i > 0 && values.length != result.get(0).length) {
                throw new ConfigurationException(key(field), "must be " + what + "; element 0 has "
                        + result.get(0).length + " numbers but element " + i + " has " + values.length);
            }
            result.add(values);
        }
        return result.toArray(new double[0][]);
    }

    /** An optional finite number. */
    static double finiteNumber(Config block, String field, double defaultValue) {
        if (!block.hasPath(field)) {
            return defaultValue;
        }
        double value = read(block, field, Config::getDouble, "a number");
        requireFinite(field, value);
        return value;
    }

    /** An optional finite number, strictly positive. */
    static double positiveNumber(Config block, String field, double defaultValue) {
        double value = finiteNumber(block, field, defaultValue);
        if (!(value > 0)) {
            throw new ConfigurationException(key(field), "must be a number > 0, got " + value);
        }
        return value;
    }

    /**
     * An optional finite number in [0, {@code max}]: a cost such as a duration, where 0 means none.
     *
     * @param unit the unit named in the error message, e.g. {@code microseconds}
     */
    static double numberBetweenZeroAnd(Config block, String field, double defaultValue, double max, String unit) {
        String allowed = "a number of " + unit + " >= 0 and <= " + plain(max);
        if (!block.hasPath(field)) {
            return defaultValue;
        }
        double value = read(block, field, Config::getDouble, allowed);
        if (!(value >= 0 && value <= max)) {
            throw new ConfigurationException(key(field), "must be " + allowed + ", got " + value);
        }
        return value;
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** An optional integer, at least {@code min}. */
    static int integerAtLeast(Config block, String field, int defaultValue, int min) {
        if (!block.hasPath(field)) {
            return defaultValue;
        }
        Number number = read(block, field, Config::getNumber, "an integer >= " + min);
        // getInt would truncate 2.5 to 2 without a word
        double value = number.doubleValue();
        if (value != Math.rint(value) || value < min || value > Integer.MAX_VALUE) {
            throw new ConfigurationException(key(field), "must be an integer >= " + min + ", got " + number);
        }
        return (int) value;
    }

    /**
     * A required, non-empty list, read with {@code getter}.
     *
     * @param what what the field must be, for the messages
     */
    private static <T extends List<?>> T requiredList(Config block, String field, BiFunction<Config, String, T> getter,
            String what) {
        if (!block.hasPath(field)) {
            throw new ConfigurationException(key(field), "required: " + what);
        }
        T list = read(block, field, getter, what);
        if (list.isEmpty()) {
            throw new ConfigurationException(key(field), "must be " + what + ", got []");
        }
        return list;
    }

    /**
     * Reads a field that is present with {@code getter}.
     *
     * @param allowed what the field must be, for the message when its value has another type
     */
    static <T> T read(Config block, String field, BiFunction<Config, String, T> getter, String allowed) {
        try {
            return getter.apply(block, field);
        } catch (ConfigException e) {
            throw new ConfigurationException(key(field), "must be " + allowed, e);
        }
    }

    private static void requireFinite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new ConfigurationException(key(field), "must be a finite number, got " + value);
        }
    }
}
