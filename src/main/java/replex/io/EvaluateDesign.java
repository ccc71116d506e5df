package replex.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;
import replex.core.evaluate.Design;
import replex.core.optimize.TableState;
import replex.core.rng.RandomStreams;

import static replex.io.EvaluateSpec.FILE;
import static replex.io.EvaluateSpec.GRID;
import static replex.io.EvaluateSpec.LATIN_HYPERCUBE;
import static replex.io.EvaluateSpec.SOBOL;

/**
 * The {@code job.design} block of an {@code evaluate} job: reading it ({@link #read}), its points for
 * given parameters ({@link #points}), and writing it back ({@link #map}).
 */
final class EvaluateDesign {

    static final List<String> KEYS = List.of("type", "points", "lower", "upper", "skip", "file", "names", "dimension");
    private static final List<String> TYPES = List.of(LATIN_HYPERCUBE, GRID, SOBOL);

    private EvaluateDesign() {
    }

    /**
     * @param value the {@code job.design} value
     * @param fileDir where a relative {@code design.file} is
     * @param objective whether the job evaluates an objective, which has no parameter names of its
     *     own: the design names them ({@code names}, {@code dimension}, bound lists or the file's header)
     * @return the settings
     * @throws ConfigurationException naming the key if the block is invalid
     */
    static EvaluateSpec.DesignSettings read(ConfigValue value, Path fileDir, boolean objective) {
        String shape = "an object like { type = latin-hypercube, points = 200, lower = [0, 0], upper = [1, 1] } or "
                + "{ file = \"points.csv\" }";
        if (value == null) {
            throw new ConfigurationException("job.design", "missing; an evaluate job needs " + shape);
        }
        ConfigObject d = ConfigValues.object(value, "job.design", shape);
        ConfigValues.allowOnly(d, "job.design", KEYS);
        if (!objective) {
            for (String k : List.of("names", "dimension")) {
                if (d.get(k) != null) {
                    throw new ConfigurationException("job.design." + k, "only goes with job.objective (a target names "
                            + "its own parameters)");
                }
            }
        }
        if (d.get("file") != null) {
            return file(d, fileDir);
        }
        if (d.get("type") == null) {
            throw new ConfigurationException("job.design.type", "missing; give type = " + String.join(" | ", TYPES)
                    + " (or file = \"points.csv\" for given points)");
        }
        String type = ConfigValues.choice(d.get("type"), "job.design.type", TYPES);
        if (d.get("points") == null) {
            throw new ConfigurationException("job.design.points", "missing; give the number of points"
                    + (type.equals(GRID) ? " per axis (one number, or a list of one per parameter)" : ""));
        }
        int points = 0;
        int[] perAxis = null;
        if (type.equals(GRID)) {
            ConfigValue p = d.get("points");
            if (p.valueType() == ConfigValueType.LIST) {
                double[] given = ConfigValues.numberList(p, "job.design.points", "a number of values per axis, or "
                        + "a list of one per parameter");
                perAxis = new int[given.length];
                for (int j = 0; j < given.length; j++) {
                    perAxis[j] = (int) ConfigValues.integer(((ConfigList) p).get(j), "job.design.points[" + j + "]",
                            "an integer >= 1", 1, Design.MAX_POINTS);
                }
            } else {
                perAxis = new int[] {(int) ConfigValues.integer(p, "job.design.points", "an integer >= 1 (values "
                        + "per axis), or a list of one per parameter", 1, Design.MAX_POINTS)};
            }
        } else {
            points = (int) ConfigValues.integer(d.get("points"), "job.design.points", "an integer >= 1", 1,
                    Design.MAX_POINTS);
        }
        int skip = 0;
        if (d.get("skip") != null) {
            if (!type.equals(SOBOL)) {
                throw new ConfigurationException("job.design.skip", "only goes with type = sobol");
            }
            skip = (int) ConfigValues.integer(d.get("skip"), "job.design.skip", "an integer >= 0", 0,
                    Integer.MAX_VALUE - points);
        }
        double[] lower = bound(d.get("lower"), "job.design.lower");
        double[] upper = bound(d.get("upper"), "job.design.upper");
        List<String> names = objective ? names(d, lower, upper) : null;
        return new EvaluateSpec.DesignSettings(type, points, perAxis, skip, lower, upper, null, null, names);
    }

    private static EvaluateSpec.DesignSettings file(ConfigObject d, Path fileDir) {
        if (d.get("type") != null && !ConfigValues.text(d.get("type"), "job.design.type", "file").equals(FILE)) {
            throw new ConfigurationException("job.design.type", "does not go with design.file (the file gives "
                    + "the points); leave type out");
        }
        for (String k : List.of("points", "lower", "upper", "skip", "names", "dimension")) {
            if (d.get(k) != null) {
                throw new ConfigurationException("job.design." + k, "does not go with design.file (the file "
                        + "gives the points" + (k.equals("names") || k.equals("dimension") ? ", its header the names"
                        : "") + ")");
            }
        }
        String f = ConfigValues.text(d.get("file"), "job.design.file", "a file path");
        if (f.isEmpty()) {
            throw new ConfigurationException("job.design.file", "must not be empty");
        }
        Path file;
        try {
            file = fileDir.resolve(f).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigurationException("job.design.file", "is not a valid path: " + e.getMessage(), e);
        }
        TableState table = TableCsv.read(file, "job.design.file");
        if (table.rows() > Design.MAX_POINTS) {
            throw new ConfigurationException("job.design.file", "file " + file + " holds " + table.rows()
                    + " points, more than the limit " + Design.MAX_POINTS);
        }
        return new EvaluateSpec.DesignSettings(FILE, table.rows(), null, 0, null, null, file, table);
    }

    /** An objective's parameter names: {@code names}, else {@code dimension}, else a bound list's length. */
    private static List<String> names(ConfigObject d, double[] lower, double[] upper) {
        int given = d.get("dimension") == null ? -1 : (int) ConfigValues.integer(d.get("dimension"),
                "job.design.dimension", "an integer >= 1", 1, OptimizeSpec.MAX_DIMENSION);
        if (d.get("names") != null) {
            List<String> names = JobParts.stringList(d.get("names"), "job.design.names");
            if (names.isEmpty() || names.stream().distinct().count() != names.size()) {
                throw new ConfigurationException("job.design.names", "must hold distinct names, got " + names);
            }
            if (given >= 0 && given != names.size()) {
                throw new ConfigurationException("job.design.dimension", "disagrees with the " + names.size()
                        + " design.names");
            }
            return names;
        }
        boolean lowerList = d.get("lower").valueType() == ConfigValueType.LIST;
        boolean upperList = d.get("upper").valueType() == ConfigValueType.LIST;
        int dimension = given >= 0 ? given : lowerList ? lower.length : upperList ? upper.length : -1;
        if (dimension < 1) {
            throw new ConfigurationException("job.design.names", "missing; an objective has no parameters of its own: "
                    + "give design.names = [x, y], design.dimension = d, or lower and upper as lists of one number "
                    + "per parameter");
        }
        return TableState.defaultNames(dimension);
    }

    static double[] bound(ConfigValue v, String key) {
        String shape = "a finite number, or a list of one finite number per parameter";
        if (v == null) {
            throw new ConfigurationException(key, "missing; give " + shape);
        }
        if (v.valueType() == ConfigValueType.LIST) {
            return ConfigValues.numberList(v, key, shape);
        }
        return new double[] {ConfigValues.number(v, key, shape)};
    }

    /**
     * The points of a design for the given parameters.
     *
     * @param s the design settings
     * @param seed the job's seed (a Latin hypercube's stream)
     * @param names the parameter names, length d
     * @param prefix the keys' block in errors, e.g. {@code job.design}
     * @param typeKey the key of the design's type in errors
     * @return the points; a file's columns reordered to the parameters'
     * @throws ConfigurationException naming the key if the bounds, points or file do not fit the parameters
     */
    static Design points(EvaluateSpec.DesignSettings s, long seed, List<String> names, String prefix, String typeKey) {
        return points(s, seed, names, prefix, typeKey, "the target");
    }

    /**
     * As {@link #points(EvaluateSpec.DesignSettings, long, List, String, String)}, naming in errors
     * what has the parameters.
     *
     * @param who {@code the target}, or {@code the design} (an objective job's, which names them)
     */
    static Design points(EvaluateSpec.DesignSettings s, long seed, List<String> names, String prefix, String typeKey,
            String who) {
        if (s.type().equals(FILE)) {
            return fileDesign(s, names);
        }
        int d = names.size();
        double[] lower = perParameter(s.lower(), d, prefix + ".lower", names, who);
        double[] upper = perParameter(s.upper(), d, prefix + ".upper", names, who);
        for (int j = 0; j < d; j++) {
            if (!(lower[j] < upper[j])) {
                throw new ConfigurationException(prefix + ".lower", "must be below " + prefix + ".upper for every "
                        + "parameter; " + names.get(j) + ": " + lower[j] + " >= " + upper[j]);
            }
        }
        switch (s.type()) {
            case LATIN_HYPERCUBE:
                return Design.latinHypercube(names, s.points(), lower, upper, RandomStreams.designStream(seed));
            case SOBOL:
                if (d > Design.MAX_SOBOL_DIMENSION) {
                    throw new ConfigurationException(typeKey, "sobol has at most "
                            + Design.MAX_SOBOL_DIMENSION + " dimensions, " + who + " " + d);
                }
                return Design.sobol(names, s.points(), s.skip(), lower, upper);
            default:
                int[] perAxis = s.perAxis();
                if (perAxis.length == 1 && d > 1) {
                    perAxis = new int[d];
                    Arrays.fill(perAxis, s.perAxis()[0]);
                } else if (perAxis.length != d) {
                    throw new ConfigurationException(prefix + ".points", "gives " + perAxis.length + " values per "
                            + "axis; " + who + " has " + d + " parameters " + names);
                }
                long total = 1;
                for (int m : perAxis) {
                    total *= m;
                    if (total > Design.MAX_POINTS) {
                        throw new ConfigurationException(prefix + ".points", "the grid has more than "
                                + Design.MAX_POINTS + " points, the limit");
                    }
                }
                return Design.grid(names, perAxis, lower, upper);
        }
    }

    private static Design fileDesign(EvaluateSpec.DesignSettings s, List<String> names) {
        TableState t = s.table();
        Path file = s.file();
        List<String> columns = t.columnNames();
        for (int c = 0; c < columns.size(); c++) {
            if (!names.contains(columns.get(c))) {
                throw new ConfigurationException("job.design.file", "file " + file + ", line 1, column " + (c + 1)
                        + ": '" + columns.get(c) + "' is not a parameter of the target; its parameters are " + names);
            }
        }
        for (String n : names) {
            if (!columns.contains(n)) {
                throw new ConfigurationException("job.design.file", "file " + file + ", line 1: no column for the "
                        + "target's parameter '" + n + "'; the header needs every parameter of " + names);
            }
        }
        double[][] rows = new double[t.rows()][names.size()];
        for (int j = 0; j < names.size(); j++) {
            int c = columns.indexOf(names.get(j));
            for (int i = 0; i < t.rows(); i++) {
                rows[i][j] = t.get(i, c);
            }
        }
        return Design.of(names, rows);
    }

    private static double[] perParameter(double[] given, int d, String key, List<String> names, String who) {
        if (given.length == 1) {
            double[] b = new double[d];
            Arrays.fill(b, given[0]);
            return b;
        }
        if (given.length != d) {
            throw new ConfigurationException(key, "gives " + given.length + " bounds; " + who + " has " + d
                    + " parameters " + names + ": give one number, or one per parameter");
        }
        return given;
    }

    /** @return {@code job.design} with its defaults, in the job-file format, keys in a fixed order */
    static Map<String, Object> map(EvaluateSpec.DesignSettings s) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (s.type().equals(FILE)) {
            d.put("file", s.file().toString());
            return d;
        }
        d.put("type", s.type());
        if (s.perAxis() != null) {
            List<Integer> p = new ArrayList<>();
            for (int m : s.perAxis()) {
                p.add(m);
            }
            d.put("points", p);
        } else {
            d.put("points", s.points());
        }
        if (s.type().equals(SOBOL)) {
            d.put("skip", s.skip());
        }
        d.put("lower", JobParts.doubles(s.lower()));
        d.put("upper", JobParts.doubles(s.upper()));
        if (s.names() != null) {
            d.put("names", s.names());
        }
        return d;
    }
}
