package replex.io;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigBlocks;
import replex.core.ConfigurationException;

/**
 * Typed reads from a parsed HOCON object with messages that name the full job-file key, say what
 * is allowed and show what was found ({@code job.chains: must be an integer >= 1, got STRING 'four'}).
 * A key set to {@code null} counts as given (and is then of the wrong type), never as absent.
 */
final class ConfigValues {

    private ConfigValues() {
    }

    /**
     * Rejects keys that are not in {@code allowed}, so that a misspelt key is an error instead of
     * a silently ignored setting.
     *
     * @param object the object whose keys are checked
     * @param prefix the object's full key, e.g. {@code job}; empty for the root
     * @param allowed the allowed keys, in the order they are listed to the user
     */
    static void allowOnly(ConfigObject object, String prefix, List<String> allowed) {
        String key = ConfigBlocks.firstUnknown(new TreeSet<>(object.keySet()), allowed);
        if (key == null) {
            return;
        }
        String suggestion = ConfigBlocks.closest(key, allowed);
        throw new ConfigurationException(join(prefix, key), "unknown key"
                + (suggestion == null ? "" : " (did you mean " + join(prefix, suggestion) + "?)")
                + "; allowed keys" + (prefix.isEmpty() ? "" : " under " + prefix) + ": "
                + String.join(", ", allowed));
    }

    static String join(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    /** @return the value of {@code key} in {@code object}, or {@code null} if the key is absent */
    static ConfigValue get(ConfigObject object, String key) {
        return object.get(key);
    }

    /**
     * @param value a present value
     * @param fullKey the key to name in an error
     * @param what the expected shape, e.g. {@code an object like { count = 8 }}
     * @return the value as an object
     */
    static ConfigObject object(ConfigValue value, String fullKey, String what) {
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw wrongType(fullKey, "must be " + what, value);
        }
        return (ConfigObject) value;
    }

    /**
     * An integer in [min, max]. A string holding an integer is accepted, as HOCON itself does.
     *
     * @param requirement what is allowed, e.g. {@code an integer >= 1}
     */
    static long integer(ConfigValue value, String fullKey, String requirement, long min, long max) {
        Long parsed = null;
        if (value.valueType() == ConfigValueType.NUMBER) {
            Number n = (Number) value.unwrapped();
            if (n instanceof Integer || n instanceof Long) {
                parsed = n.longValue();
            } else {
                double d = n.doubleValue();
                if (d == Math.rint(d) && Math.abs(d) < 0x1p62) {
                    parsed = (long) d;
                }
            }
        } else if (value.valueType() == ConfigValueType.STRING) {
            try {
                parsed = Long.parseLong(((String) value.unwrapped()).trim());
            } catch (NumberFormatException e) {
                parsed = null;
            }
        }
        if (parsed == null) {
            throw wrongType(fullKey, "must be " + requirement, value);
        }
        if (parsed < min) {
            throw new ConfigurationException(fullKey, "must be " + requirement + ", got " + parsed);
        }
        if (parsed > max) {
            throw new ConfigurationException(fullKey, "must be at most " + max + " (the limit), got " + parsed);
        }
        return parsed;
    }

    /** A finite number. A string holding a number is accepted, as HOCON itself does. */
    static double number(ConfigValue value, String fullKey, String requirement) {
        Double parsed = null;
        if (value.valueType() == ConfigValueType.NUMBER) {
            parsed = ((Number) value.unwrapped()).doubleValue();
        } else if (value.valueType() == ConfigValueType.STRING) {
            try {
                parsed = Double.parseDouble(((String) value.unwrapped()).trim());
            } catch (NumberFormatException e) {
                parsed = null;
            }
        }
        if (parsed == null || !Double.isFinite(parsed)) {
            throw wrongType(fullKey, "must be " + requirement, value);
        }
        return parsed;
    }

    /** A non-empty list of finite numbers. */
    static double[] numberList(ConfigValue value, String fullKey, String requirement) {
        if (value.valueType() != ConfigValueType.LIST || ((ConfigList) value).isEmpty()) {
            throw wrongType(fullKey, "must be " + requirement, value);
        }
        ConfigList list = (ConfigList) value;
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(list.get(i), fullKey + "[" + i + "]", "a finite number");
        }
        return out;
    }

    /** A string, or a boolean or number written without quotes, as its text. */
    static String text(ConfigValue value, String fullKey, String requirement) {
        switch (value.valueType()) {
            case STRING:
            case BOOLEAN:
            case NUMBER:
                return String.valueOf(value.unwrapped()).trim();
            default:
                throw wrongType(fullKey, "must be " + requirement, value);
        }
    }

    /** One of {@code allowed}, compared without case; returns the allowed spelling. */
    static String choice(ConfigValue value, String fullKey, Collection<String> allowed) {
        String requirement = "one of " + String.join(" | ", allowed);
        String given = text(value, fullKey, requirement);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(given)) {
                return a;
            }
        }
        throw new ConfigurationException(fullKey, "must be " + requirement + ", got '" + given + "'");
    }

    static ConfigurationException wrongType(String fullKey, String message, ConfigValue value) {
        return new ConfigurationException(fullKey, message + ", got " + describe(value));
    }

    /** @return e.g. {@code STRING 'four'}, {@code LIST [1,2]}, {@code NULL} */
    static String describe(ConfigValue value) {
        ConfigValueType type = value.valueType();
        switch (type) {
            case NULL:
                return "NULL";
            case STRING:
                return "STRING '" + value.unwrapped() + "'";
            case OBJECT:
            case LIST:
                String rendered = value.render(com.typesafe.config.ConfigRenderOptions.concise());
                if (rendered.length() > 60) {
                    rendered = rendered.substring(0, 57) + "...";
                }
                return type + " " + rendered;
            default:
                return type + " " + value.unwrapped();
        }
    }
}
