package replex.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;
import replex.core.InitialValues;

/**
 * Reads {@code job.init}: where the replicas start, as {@code values} (one point, or rows),
 * {@code names} (the parameter of each column; default the target's order), a CSV {@code file}
 * (a header of parameter names, then rows), and {@code jitter}. The rows are checked against the
 * target (columns, support) when it is built ({@link InitialValues}).
 */
final class InitValues {

    private static final String KEY = "job.init";

    private InitValues() {
    }

    /**
     * @param value the {@code job.init} value, or {@code null}
     * @param chains the job's chains C
     * @param levels the job's levels K (the pilot's with {@code count = auto})
     * @param autoLevels whether K is chosen by a pilot: then only 1 or C rows are allowed
     * @param fileBase the folder a relative {@code file} is resolved against (the job file's)
     * @return the values, or {@code null} without {@code job.init}
     */
    static InitialValues read(ConfigValue value, int chains, int levels, boolean autoLevels, Path fileBase) {
        if (value == null) {
            return null;
        }
        ConfigObject init = ConfigValues.object(value, KEY,
                "an object like { values = [0.5, 1.0] } or { file = \"init.csv\" }, optionally with jitter = 0.1");
        ConfigValues.allowOnly(init, KEY, JobSpec.INIT_KEYS);
        if (init.get("design") != null) {
            return null; // an initial design: design(...)
        }
        for (String k : DESIGN_KEYS) {
            if (init.get(k) != null) {
                throw new ConfigurationException(KEY + "." + k, "only goes with design = latin-hypercube | sobol (an "
                        + "initial design)");
            }
        }
        boolean hasValues = init.get("values") != null;
        boolean hasFile = init.get("file") != null;
        if (hasValues == hasFile) {
            throw new ConfigurationException(KEY, (hasValues ? "gives both values and file" : "gives neither values "
                    + "nor file") + "; give exactly one: values = [...] (one point or rows) or file = \"init.csv\"");
        }
        double jitter = 0;
        if (init.get("jitter") != null) {
            jitter = ConfigValues.number(init.get("jitter"), KEY + ".jitter", "a finite number >= 0");
            if (jitter < 0) {
                throw new ConfigurationException(KEY + ".jitter", "must be a finite number >= 0, got " + jitter);
            }
        }
        InitialValues parsed;
        if (hasValues) {
            List<String> names = init.get("names") == null ? null : names(init.get("names"));
            double[][] rows = values(init.get("values"), chains, levels);
            checkAuto(rows.length, autoLevels, chains, KEY + ".values");
            parsed = new InitialValues(rows, names, jitter, KEY + ".values", null, chains, levels);
        } else {
            if (init.get("names") != null) {
                throw new ConfigurationException(KEY + ".names", "only goes with values; a file's header names its "
                        + "columns");
            }
            String text = ConfigValues.text(init.get("file"), KEY + ".file", "a file path");
            if (text.isEmpty()) {
                throw new ConfigurationException(KEY + ".file", "must not be empty");
            }
            Path file;
            try {
                file = fileBase.resolve(Path.of(text)).normalize();
            } catch (InvalidPathException e) {
                throw new ConfigurationException(KEY + ".file", "is not a valid path: " + e.getMessage(), e);
            }
            parsed = file(file, chains, levels, jitter, autoLevels);
        }
        return parsed;
    }

    /** Keys of an initial design besides {@code design} and {@code jitter}. */
    private static final List<String> DESIGN_KEYS = List.of("points", "lower", "upper");

    /**
     * Reads an initial design, {@code job.init { design = latin-hypercube, points = N, lower = ...,
     * upper = ..., jitter = s }}: the replicas start at the best of N points evaluated before the run
     * ({@code replex.api.InitialDesign}).
     *
     * @param value the {@code job.init} value, or {@code null}
     * @param replicas the fewest points: C × K, or C when K is chosen by a pilot
     * @return the design as it is carried in the target block ({@code design}, {@code points},
     *     {@code lower}, {@code upper}, {@code jitter}), or {@code null} if {@code job.init} is not one
     * @throws ConfigurationException naming the key if a value is invalid
     */
    static Config design(ConfigValue value, long replicas) {
        if (value == null || value.valueType() != ConfigValueType.OBJECT
                || ((ConfigObject) value).get("design") == null) {
            return null;
        }
        ConfigObject init = (ConfigObject) value;
        for (String k : List.of("values", "names", "file")) {
            if (init.get(k) != null) {
                throw new ConfigurationException(KEY + "." + k, "does not go with " + KEY + ".design: give either "
                        + "the starts (values or file) or a design to choose them from");
            }
        }
        String type = ConfigValues.choice(init.get("design"), KEY + ".design", List.of(EvaluateSpec.LATIN_HYPERCUBE,
                EvaluateSpec.SOBOL));
        if (init.get("points") == null) {
            throw new ConfigurationException(KEY + ".points", "missing; give the number of points of the design, at "
                    + "least one per replica (" + replicas + ")");
        }
        long points = ConfigValues.integer(init.get("points"), KEY + ".points", "an integer >= " + replicas
                + " (one point per replica at least)", 1, replex.core.evaluate.Design.MAX_POINTS);
        if (points < replicas) {
            throw new ConfigurationException(KEY + ".points", "must be at least the number of replicas, " + replicas
                    + " (each starts at its own point), got " + points);
        }
        double[] lower = EvaluateSpec.bound(init.get("lower"), KEY + ".lower");
        double[] upper = EvaluateSpec.bound(init.get("upper"), KEY + ".upper");
        double jitter = 0;
        if (init.get("jitter") != null) {
            jitter = ConfigValues.number(init.get("jitter"), KEY + ".jitter", "a finite number >= 0");
            if (jitter < 0) {
                throw new ConfigurationException(KEY + ".jitter", "must be a finite number >= 0, got " + jitter);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("design", type);
        m.put("points", points);
        m.put("lower", java.util.Arrays.stream(lower).boxed().toList());
        m.put("upper", java.util.Arrays.stream(upper).boxed().toList());
        m.put("jitter", jitter);
        return com.typesafe.config.ConfigValueFactory.fromMap(m, KEY).toConfig();
    }

    /**
     * @param design an initial design as {@link #design} returns it
     * @return its settings, for {@link EvaluateSpec#design(EvaluateSpec.DesignSettings, long, List, String,
     *     String)}
     */
    static EvaluateSpec.DesignSettings designSettings(Config design) {
        double[] lower = design.getDoubleList("lower").stream().mapToDouble(Double::doubleValue).toArray();
        double[] upper = design.getDoubleList("upper").stream().mapToDouble(Double::doubleValue).toArray();
        return new EvaluateSpec.DesignSettings(design.getString("design"), design.getInt("points"), null, 0, lower,
                upper, null, null);
    }

    private static void checkAuto(int rows, boolean autoLevels, int chains, String key) {
        if (autoLevels && rows != 1 && rows != chains) {
            throw new ConfigurationException(key, "holds " + rows + " rows; with job.temperatures.count = auto the "
                    + "number of levels is not known before the pilot, so give 1 row (every replica) or " + chains
                    + " (one per chain)");
        }
    }

    private static List<String> names(ConfigValue value) {
        String key = KEY + ".names";
        if (value.valueType() != ConfigValueType.LIST || ((ConfigList) value).isEmpty()) {
            throw ConfigValues.wrongType(key, "must be a non-empty list of parameter names", value);
        }
        List<String> out = new ArrayList<>();
        ConfigList list = (ConfigList) value;
        for (int i = 0; i < list.size(); i++) {
            out.add(ConfigValues.text(list.get(i), key + "[" + i + "]", "a parameter name"));
        }
        return out;
    }

    /** One point ({@code [1, 2]}) or rows ({@code [[1, 2], [3, 4]]}). */
    private static double[][] values(ConfigValue value, int chains, int levels) {
        String key = KEY + ".values";
        String shape = "a list of numbers (one point) or a list of rows like [[0.5, 1.0], [0.4, 1.2]]";
        if (value.valueType() != ConfigValueType.LIST || ((ConfigList) value).isEmpty()) {
            throw ConfigValues.wrongType(key, "must be " + shape, value);
        }
        ConfigList list = (ConfigList) value;
        if (list.get(0).valueType() != ConfigValueType.LIST) {
            return new double[][] {ConfigValues.numberList(value, key, shape)};
        }
        long most = (long) chains * levels;
        if (list.size() > most) {
            throw new ConfigurationException(key, "holds " + list.size() + " rows, more than one per replica ("
                    + chains + " chains x " + levels + " levels = " + most + ")");
        }
        double[][] rows = new double[list.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = ConfigValues.numberList(list.get(i), key + "[" + i + "]", "a row: a non-empty list of numbers");
        }
        return rows;
    }

    private static InitialValues file(Path file, int chains, int levels, double jitter, boolean autoLevels) {
        String key = KEY + ".file";
        long most = (long) chains * levels;
        List<String> header = null;
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = trimmed.split(",", -1);
                if (header == null) {
                    header = new ArrayList<>();
                    for (String f : fields) {
                        String name = unquote(f.strip());
                        if (name.isEmpty()) {
                            throw new ConfigurationException(key, file + ", line " + number + ": the header has an "
                                    + "empty column name; the first line names the parameters, e.g. mu,sigma");
                        }
                        header.add(name);
                    }
                    continue;
                }
                if (rows.size() >= most) {
                    throw new ConfigurationException(key, file + " holds more than " + most + " rows, more than one "
                            + "per replica (" + chains + " chains x " + levels + " levels)");
                }
                if (fields.length != header.size()) {
                    throw new ConfigurationException(key, file + ", line " + number + ": " + fields.length
                            + " fields, but the header names " + header.size() + " parameters");
                }
                double[] row = new double[fields.length];
                for (int j = 0; j < fields.length; j++) {
                    String f = fields[j].strip();
                    double v;
                    try {
                        v = Double.parseDouble(f);
                    } catch (NumberFormatException e) {
                        v = Double.NaN;
                    }
                    if (!Double.isFinite(v)) {
                        throw new ConfigurationException(key, file + ", line " + number + ", parameter "
                                + header.get(j) + ": '" + f + "' is not a finite number");
                    }
                    row[j] = v;
                }
                rows.add(row);
            }
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(key, "file " + file + " not found (a relative path is relative to the "
                    + "job file's folder)", e);
        } catch (IOException e) {
            throw new ConfigurationException(key, "cannot read " + file + ": " + e.getMessage(), e);
        }
        if (header == null || rows.isEmpty()) {
            throw new ConfigurationException(key, file + " holds " + (header == null ? "no header and " : "")
                    + "no row; the first line names the parameters (e.g. mu,sigma), each further line is a row");
        }
        checkAuto(rows.size(), autoLevels, chains, key);
        return new InitialValues(rows.toArray(new double[0][]), header, jitter, key, file.toString(), chains, levels);
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /**
     * @param init the job's initial values
     * @return {@code job.init} as the effective job writes it: {@code values} (a file's rows too),
     *     {@code names} if the columns are named, {@code jitter}
     */
    static Map<String, Object> toMap(InitialValues init) {
        List<List<Double>> rows = new ArrayList<>();
        for (int i = 0; i < init.rowCount(); i++) {
            List<Double> row = new ArrayList<>();
            for (double v : init.row(i)) {
                row.add(v);
            }
            rows.add(row);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("values", rows.size() == 1 ? rows.get(0) : rows);
        if (init.names() != null) {
            m.put("names", init.names());
        }
        m.put("jitter", init.jitter());
        return m;
    }
}
