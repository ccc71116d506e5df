package replex.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;
import replex.core.evaluate.Design;
import replex.core.optimize.TableState;
import replex.core.rng.RandomStreams;

/**
 * A validated {@code evaluate} job ({@code job.mode = evaluate}): a target and a design of points,
 * each evaluated once.
 *
 * <pre>
 * job {
 *   mode = evaluate
 *   seed = 1                          # default 1; draws the Latin hypercube
 *   target { name = lotka-volterra }  # any target: name, class or command (as in sample mode)
 *   design {
 *     type = latin-hypercube          # latin-hypercube | grid | sobol
 *     points = 200                    # grid: per axis, one number or a list of one per parameter
 *     lower = [0, 0]                  # one number, or one per parameter (finite)
 *     upper = [1, 1]
 *     skip = 0                        # sobol only: points left out at the start of the sequence
 *   }
 *   # design { file = "points.csv" }  # or given points: a header of parameter names, rows of numbers
 *   workers = 2                       # threads; 0 = this thread; default: available processors
 * }
 * output { dir = "out/lhs", checkpoint-dir = "..." }
 * </pre>
 *
 * <p>Every key is checked and every error is a {@link ConfigurationException} naming the key (and,
 * for the CSV file, the file, line and column). What depends on the target (the number of bounds,
 * the file's column names) is checked by {@link #design}, once the target is built.
 *
 * @param seed the job's seed ({@code job.seed})
 * @param target the {@code job.target} block, with an external command's paths made absolute
 * @param design the design settings
 * @param workers threads that evaluate points, 0 = the calling thread
 * @param outputDir the output directory, absolute
 * @param checkpointDir where the progress of the job is kept until it completes, absolute
 * @param jobFile the job file, or {@code null}
 */
public record EvaluateSpec(long seed, Config target, DesignSettings design, int workers, Path outputDir,
        Path checkpointDir, Path jobFile) {

    /** The value of {@code job.mode} that selects this kind of job. */
    public static final String MODE = "evaluate";
    /** Design types. */
    public static final String LATIN_HYPERCUBE = "latin-hypercube";
    /** A full grid. */
    public static final String GRID = "grid";
    /** The Sobol sequence. */
    public static final String SOBOL = "sobol";
    /** Points read from a CSV file ({@code design.file}). */
    public static final String FILE = "file";

    static final List<String> JOB_KEYS = List.of("mode", "seed", "target", "design", "workers");
    static final List<String> DESIGN_KEYS = List.of("type", "points", "lower", "upper", "skip", "file");
    static final List<String> OUTPUT_KEYS = List.of("dir", "checkpoint-dir");
    private static final List<String> TYPES = List.of(LATIN_HYPERCUBE, GRID, SOBOL);

    /**
     * The design as the job gives it; the bounds are checked against the target's dimension by
     * {@link EvaluateSpec#design}.
     *
     * @param type {@value #LATIN_HYPERCUBE}, {@value #GRID}, {@value #SOBOL} or {@value #FILE}
     * @param points the number of points (latin-hypercube, sobol), or 0
     * @param perAxis a grid's values per axis: one number for every axis, or one per parameter; else null
     * @param skip sobol: points skipped at the start of the sequence
     * @param lower the lower bounds: one for every axis, or one per parameter; null for a file
     * @param upper the upper bounds, likewise
     * @param file the CSV file of points, absolute, or null
     * @param table the file's table, or null
     */
    public record DesignSettings(String type, int points, int[] perAxis, int skip, double[] lower, double[] upper,
            Path file, TableState table) {
        /** @throws NullPointerException without a type */
        public DesignSettings {
            Objects.requireNonNull(type, "type");
        }
    }

    /** @throws NullPointerException if a required part is missing */
    public EvaluateSpec {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(checkpointDir, "checkpointDir");
    }

    /**
     * Whether a job file is an {@code evaluate} job. A file that cannot be parsed is not (its error
     * is then reported by {@link JobSpec#load}).
     *
     * @param file the job file
     * @return true if its {@code job.mode} is {@value #MODE}
     */
    public static boolean isEvaluateJob(Path file) {
        try {
            Config root = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve();
            return root.hasPath("job.mode") && isEvaluate(root.root().get("job"));
        } catch (ConfigException e) {
            return false;
        }
    }

    /** @return whether a {@code job} value is an object whose {@code mode} is {@value #MODE} */
    static boolean isEvaluate(ConfigValue job) {
        if (job == null || job.valueType() != ConfigValueType.OBJECT) {
            return false;
        }
        ConfigValue mode = ((ConfigObject) job).get("mode");
        return mode != null && mode.valueType() == ConfigValueType.STRING
                && MODE.equalsIgnoreCase(((String) mode.unwrapped()).trim());
    }

    /**
     * The error for an {@code evaluate} job given to a command that runs only sampling jobs.
     *
     * @return the exception to throw
     */
    static ConfigurationException notSupportedHere() {
        return new ConfigurationException("job.mode", "evaluate jobs run with `replex run` and `replex submit`, and "
                + "continue with `replex resume`; see docs/modes.md");
    }

    /**
     * Reads and validates an {@code evaluate} job file.
     *
     * @param file the job file
     * @param overrides command-line values that replace the file's ({@code --out}, {@code --workers},
     *     {@code --seed})
     * @return the job
     * @throws ConfigurationException if anything is invalid (the message names the key)
     */
    public static EvaluateSpec load(Path file, JobSpec.Overrides overrides) {
        Config root = JobSpec.read(file);
        return build(root, overrides, Path.of("").toAbsolutePath(), file.toAbsolutePath().getParent(), file);
    }

    /**
     * Validates an {@code evaluate} job given as a parsed configuration (a saved job, a submitted job).
     *
     * @param root the whole document, with {@code job} and optionally {@code output}
     * @param overrides command-line values, or {@code null}
     * @param workingDir the directory a relative output directory is resolved against
     * @param fileDir the directory a relative {@code design.file} is resolved against
     * @return the job
     * @throws ConfigurationException if anything is invalid
     */
    public static EvaluateSpec fromConfig(Config root, JobSpec.Overrides overrides, Path workingDir, Path fileDir) {
        return build(root, overrides, workingDir, fileDir, null);
    }

    private static EvaluateSpec build(Config root, JobSpec.Overrides overrides, Path workingDir, Path fileDir,
            Path jobFile) {
        JobSpec.Overrides o = overrides == null ? JobSpec.Overrides.NONE : overrides;
        ConfigObject top = root.root();
        ConfigValues.allowOnly(top, "", JobSpec.ROOT_KEYS);
        ConfigObject job = ConfigValues.object(top.get("job"), "job", "an object job { ... }");
        ConfigValues.allowOnly(job, "job", JOB_KEYS);
        long seed = o.seed() != null ? o.seed() : job.get("seed") == null ? JobSpec.DEFAULT_SEED
                : ConfigValues.integer(job.get("seed"), "job.seed", "a 64-bit integer", Long.MIN_VALUE, Long.MAX_VALUE);
        Config target = JobSpec.targetBlock(job.get("target"));
        DesignSettings design = design(job.get("design"), fileDir);
        int workers;
        if (o.workers() != null) {
            if (o.workers() < 0 || o.workers() > JobSpec.MAX_WORKERS) {
                throw new ConfigurationException("--workers", "must be an integer in [0, " + JobSpec.MAX_WORKERS
                        + "] (0 = this thread), got " + o.workers());
            }
            workers = o.workers();
        } else {
            workers = job.get("workers") == null ? Math.min(JobSpec.MAX_WORKERS, Runtime.getRuntime()
                    .availableProcessors()) : (int) ConfigValues.integer(job.get("workers"), "job.workers",
                    "an integer >= 0", 0, JobSpec.MAX_WORKERS);
        }
        ConfigValue output = top.get("output");
        if (output != null) {
            ConfigValues.allowOnly(ConfigValues.object(output, "output", "an object like { dir = \"out/lhs\" }"),
                    "output", OUTPUT_KEYS);
        }
        Path outputDir = JobSpec.outputDir(output, o.out(), workingDir, jobFile);
        Path checkpointDir = JobSpec.checkpointDir(output, outputDir, workingDir);
        if (jobFile != null) {
            target = JobSpec.externalCommandPaths(target, jobFile.toAbsolutePath().getParent(), outputDir);
        }
        return new EvaluateSpec(seed, target, design, workers, outputDir, checkpointDir, jobFile);
    }

    private static DesignSettings design(ConfigValue value, Path fileDir) {
        String shape = "an object like { type = latin-hypercube, points = 200, lower = [0, 0], upper = [1, 1] } or "
                + "{ file = \"points.csv\" }";
        if (value == null) {
            throw new ConfigurationException("job.design", "missing; an evaluate job needs " + shape);
        }
        ConfigObject d = ConfigValues.object(value, "job.design", shape);
        ConfigValues.allowOnly(d, "job.design", DESIGN_KEYS);
        if (d.get("file") != null) {
            if (d.get("type") != null && !ConfigValues.text(d.get("type"), "job.design.type", "file").equals(FILE)) {
                throw new ConfigurationException("job.design.type", "does not go with design.file (the file gives "
                        + "the points); leave type out");
            }
            for (String k : List.of("points", "lower", "upper", "skip")) {
                if (d.get(k) != null) {
                    throw new ConfigurationException("job.design." + k, "does not go with design.file (the file "
                            + "gives the points)");
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
            return new DesignSettings(FILE, table.rows(), null, 0, null, null, file, table);
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
                    perAxis[j] = (int) ConfigValues.integer(((com.typesafe.config.ConfigList) p).get(j),
                            "job.design.points[" + j + "]", "an integer >= 1", 1, Design.MAX_POINTS);
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
        return new DesignSettings(type, points, perAxis, skip, lower, upper, null, null);
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
     * The design's points for a target with the given parameters.
     *
     * @param names the target's parameter names, length d
     * @return the points, in order; a file's columns reordered to the target's
     * @throws ConfigurationException naming the key if the bounds or the file do not fit the target
     */
    public Design design(List<String> names) {
        if (design.type().equals(FILE)) {
            return fileDesign(names);
        }
        return design(design, seed, names, "job.design", "job.design.type");
    }

    /**
     * The points of a design given by type, points and bounds, for a target with the given parameters.
     *
     * @param s the design settings (not a file)
     * @param seed the job's seed (a Latin hypercube's stream)
     * @param names the target's parameter names, length d
     * @param prefix the keys' block in errors, e.g. {@code job.design}
     * @param typeKey the key of the design's type in errors
     * @return the points
     * @throws ConfigurationException naming the key if the bounds or points do not fit the target
     */
    static Design design(DesignSettings s, long seed, List<String> names, String prefix, String typeKey) {
        int d = names.size();
        double[] lower = perParameter(s.lower(), d, prefix + ".lower", names);
        double[] upper = perParameter(s.upper(), d, prefix + ".upper", names);
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
                            + Design.MAX_SOBOL_DIMENSION + " dimensions, the target " + d);
                }
                return Design.sobol(names, s.points(), s.skip(), lower, upper);
            default:
                int[] perAxis = s.perAxis();
                if (perAxis.length == 1 && d > 1) {
                    perAxis = new int[d];
                    Arrays.fill(perAxis, s.perAxis()[0]);
                } else if (perAxis.length != d) {
                    throw new ConfigurationException(prefix + ".points", "gives " + perAxis.length + " values per "
                            + "axis; the target has " + d + " parameters " + names);
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

    private Design fileDesign(List<String> names) {
        TableState t = design.table();
        Path file = design.file();
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

    private static double[] perParameter(double[] given, int d, String key, List<String> names) {
        if (given.length == 1) {
            double[] b = new double[d];
            Arrays.fill(b, given[0]);
            return b;
        }
        if (given.length != d) {
            throw new ConfigurationException(key, "gives " + given.length + " bounds; the target has " + d
                    + " parameters " + names + ": give one number, or one per parameter");
        }
        return given;
    }

    /**
     * The effective job in the job-file format: {@link #fromConfig} reads it back to an equal job
     * (a file design as its absolute path). Saved with the job's progress, for {@code replex resume}.
     *
     * @return a configuration with {@code job} and {@code output}
     */
    public Config toConfig() {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("mode", MODE);
        job.put("seed", seed);
        job.put("target", target.root());
        job.put("design", designMap());
        job.put("workers", workers);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("dir", outputDir.toString());
        output.put("checkpoint-dir", checkpointDir.toString());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("job", job);
        root.put("output", output);
        return ConfigValueFactory.fromMap(root, "effective evaluate job").toConfig();
    }

    /** @return {@code job.design} with its defaults, in the job-file format, keys in a fixed order */
    public Map<String, Object> designMap() {
        Map<String, Object> d = new LinkedHashMap<>();
        if (design.type().equals(FILE)) {
            d.put("file", design.file().toString());
        } else {
            d.put("type", design.type());
            if (design.perAxis() != null) {
                List<Integer> p = new ArrayList<>();
                for (int m : design.perAxis()) {
                    p.add(m);
                }
                d.put("points", p);
            } else {
                d.put("points", design.points());
            }
            if (design.type().equals(SOBOL)) {
                d.put("skip", design.skip());
            }
            d.put("lower", list(design.lower()));
            d.put("upper", list(design.upper()));
        }
        return d;
    }

    private static List<Double> list(double[] values) {
        List<Double> l = new ArrayList<>();
        for (double v : values) {
            l.add(v);
        }
        return l;
    }

    /**
     * @param workers the threads to use instead
     * @return this job with another number of worker threads
     */
    public EvaluateSpec withWorkers(int workers) {
        return new EvaluateSpec(seed, target, design, workers, outputDir, checkpointDir, jobFile);
    }

    /**
     * @param outputDir the output directory instead
     * @param checkpointDir the checkpoint directory instead
     * @return this job writing elsewhere (a moved output folder, on resume)
     */
    public EvaluateSpec withDirectories(Path outputDir, Path checkpointDir) {
        return new EvaluateSpec(seed, target, design, workers, outputDir, checkpointDir, jobFile);
    }
}
