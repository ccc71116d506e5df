package replex.targets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;

/**
 * A data set of {@link LotkaVolterraTarget}: observation times, the observation at t = 0 (or null)
 * and the N × 2 observations; read from the built-in resource, a job's {@code data} object, or a
 * data file named in a job file. Immutable.
 */
final class LotkaVolterraData {

    static final String DATA = "data";
    private static final String NAME = LotkaVolterraTarget.NAME;
    private static final long MAX_DATA_BYTES = LotkaVolterraTarget.MAX_DATA_BYTES;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    /** Observation times, strictly increasing, &gt; 0. */
    final double[] ts;
    /** The observation at t = 0, or {@code null} if the data set has none. */
    final double[] yInit;
    /** The observations, indexed [n][k]. */
    final double[][] y;

    private LotkaVolterraData(double[] ts, double[] yInit, double[][] y) {
        this.ts = ts;
        this.yInit = yInit;
        this.y = y;
    }

    /** See {@link LotkaVolterraTarget#inlineDataFile}. */
    static Config inlineDataFile(Config block, Path dir, String key) {
        ConfigValue name = block.root().get("name");
        ConfigValue data = block.root().get(DATA);
        if (name == null || !NAME.equals(name.unwrapped()) || data == null
                || data.valueType() != ConfigValueType.STRING) {
            return block;
        }
        String dataKey = key + "." + DATA;
        Path file = dir.resolve((String) data.unwrapped()).normalize();
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(dataKey, "file " + file + " not found (a relative path is relative to "
                    + "the job file's folder)");
        }
        try {
            long size = Files.size(file);
            if (size > MAX_DATA_BYTES) {
                throw new ConfigurationException(dataKey, "file " + file + " has " + size + " bytes; at most "
                        + MAX_DATA_BYTES + " are read");
            }
            JsonNode root = MAPPER.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new ConfigurationException(dataKey, "file " + file + " must hold a JSON object "
                        + "{\"N\": ..., \"ts\": [...], \"y\": [[...], ...], \"y_init\": [...]}");
            }
            return block.withValue(DATA, ConfigValueFactory.fromMap(MAPPER.convertValue(root, MAP_TYPE),
                    "data file " + file));
        } catch (IOException e) {
            throw new ConfigurationException(dataKey, "cannot read file " + file + " as JSON: " + e.getMessage(), e);
        }
    }

    /** @return the built-in data set (the class path resource), with y_init */
    static LotkaVolterraData builtIn() {
        String resource = "replex/targets/" + NAME + "/data.json";
        JsonNode root;
        try (InputStream in = LotkaVolterraData.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the class path");
            }
            root = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
        return parse(root, true, message -> new IllegalStateException("data of posterior " + NAME + ": "
                + message));
    }

    /** @return the data set given inline as the block's {@code data} object */
    static LotkaVolterraData fromSetting(Config target) {
        ConfigValue value = target.root().get(DATA);
        String key = TargetSettings.key(DATA);
        if (value.valueType() == ConfigValueType.STRING) {
            throw new ConfigurationException(key, "a data file (\"" + value.unwrapped() + "\") is read where "
                    + "the job file is read (bin/replex run, replex submit); a job given as parsed data must "
                    + "carry the data inline: data = { N = ..., ts = [...], y = [[...], ...], y_init = [...] }");
        }
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new ConfigurationException(key, "must be a file name (a JSON file, relative to the job file) "
                    + "or an object { N, ts, y, y_init }, got " + value.render(ConfigRenderOptions.concise()));
        }
        JsonNode root = MAPPER.valueToTree(value.unwrapped());
        return parse(root, false, message -> new ConfigurationException(key, message));
    }

    /**
     * @param yInitRequired whether {@code y_init} must be given (the built-in data set)
     * @param error makes the exception for a message
     */
    static LotkaVolterraData parse(JsonNode root, boolean yInitRequired, Function<String, RuntimeException> error) {
        Set<String> allowed = Set.of("N", "ts", "y", "y_init");
        for (var it = root.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw error.apply("unknown field '" + field + "'; allowed: N, ts, y, y_init (y_init optional)");
            }
        }
        JsonNode nNode = root.get("N");
        if (nNode == null || !nNode.isIntegralNumber() || !nNode.canConvertToInt() || nNode.intValue() < 1) {
            throw error.apply("field 'N' must be an integer >= 1 (the number of observation times)");
        }
        int n = nNode.intValue();
        double[] ts = vector(root.get("ts"), n, "ts", error);
        for (int i = 0; i < n; i++) {
            if (!(ts[i] > (i == 0 ? 0 : ts[i - 1]))) {
                throw error.apply("field 'ts' must be > 0 and strictly increasing (times after t = 0, where "
                        + "the ODE starts from z_init), got " + ts[i] + " at position " + i);
            }
        }
        double[] yInit = null;
        JsonNode yInitNode = root.get("y_init");
        if (yInitNode != null && !yInitNode.isNull()) {
            yInit = vector(yInitNode, 2, "y_init", error);
        } else if (yInitRequired) {
            throw error.apply("field 'y_init' must be an array of 2 finite numbers > 0");
        }
        JsonNode rows = root.get("y");
        String shape = "field 'y' must be an array of N = " + n + " pairs [hares, lynxes] of finite numbers > 0";
        if (rows == null || !rows.isArray() || rows.size() != n) {
            throw error.apply(shape);
        }
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            JsonNode row = rows.get(i);
            if (!row.isArray() || row.size() != 2) {
                throw error.apply(shape + "; element " + i + " is " + row);
            }
            y[i] = vector(row, 2, "y[" + i + "]", error);
        }
        return new LotkaVolterraData(ts, yInit, y);
    }

    /** A numeric array of {@code length} finite elements; {@code y…} fields must also be > 0. */
    private static double[] vector(JsonNode node, int length, String field,
            Function<String, RuntimeException> error) {
        boolean positive = field.startsWith("y");
        String what = "an array of " + length + " finite numbers" + (positive ? " > 0" : "");
        if (node == null || !node.isArray() || node.size() != length) {
            throw error.apply("field '" + field + "' must be " + what);
        }
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            JsonNode element = node.get(i);
            if (!element.isNumber() || !Double.isFinite(element.doubleValue())
                    || (positive && !(element.doubleValue() > 0))) {
                throw error.apply("field '" + field + "' must be " + what + "; element " + i + " is " + element);
            }
            values[i] = element.doubleValue();
        }
        return values;
    }
}
