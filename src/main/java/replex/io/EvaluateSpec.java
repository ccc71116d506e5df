package replex.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

import replex.core.ConfigurationException;
import replex.core.Objective;
import replex.core.evaluate.Design;
import replex.core.optimize.Direction;
import replex.core.optimize.TableState;

/**
 * A validated {@code evaluate} job ({@code job.mode = evaluate}): a target, or a vector objective,
 * and a design of points, each evaluated once.
 *
 * <pre>
 * job {
 *   mode = evaluate
 *   seed = 1                          # default 1; draws the Latin hypercube
 *   target { name = lotka-volterra }  # any target: name, class or command (as in sample mode)
 *   # objective { name = rastrigin }  # or a vector objective (as in optimize mode), not both
 *   # direction = minimize            # with an objective: which value is best; default the objective's
 *   design {
 *     type = latin-hypercube          # latin-hypercube | grid | sobol
 *     points = 200                    # grid: per axis, one number or a list of one per parameter
 *     lower = [0, 0]                  # one number, or one per parameter (finite)
 *     upper = [1, 1]
 *     skip = 0                        # sobol only: points left out at the start of the sequence
 *     names = [x, y]                  # with an objective: the parameters' names, or dimension = d
 *                                     #   (default names x[1] ... x[d], d from the bound lists)
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
 * @param target the {@code job.target} block, with an external command's paths made absolute; {@code null}
 *     for an objective job
 * @param design the design settings
 * @param workers threads that evaluate points, 0 = the calling thread
 * @param outputDir the output directory, absolute
 * @param checkpointDir where the progress of the job is kept until it completes, absolute
 * @param jobFile the job file, or {@code null}
 * @param objective the {@code job.objective} block, or {@code null} for a target job
 * @param direction an objective's direction: {@code job.direction} or, once known
 *     ({@link #withDirectionOf}), the objective's default; else {@code null}
 */
public record EvaluateSpec(long seed, Config target, DesignSettings design, int workers, Path outputDir,
        Path checkpointDir, Path jobFile, Config objective, Direction direction) {

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

    static final List<String> JOB_KEYS = List.of("mode", "seed", "target", "objective", "direction", "design",
            "workers");
    static final List<String> OUTPUT_KEYS = List.of("dir", "checkpoint-dir");

    /**
     * The design as the job gives it; the bounds are checked against the parameters by
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
     * @param names an objective job's parameter names (not a file's: its header gives them), else null
     */
    public record DesignSettings(String type, int points, int[] perAxis, int skip, double[] lower, double[] upper,
            Path file, TableState table, List<String> names) {
        /** @throws NullPointerException without a type */
        public DesignSettings {
            Objects.requireNonNull(type, "type");
        }

        /** Settings without names of their own (a target's design, or a file). */
        public DesignSettings(String type, int points, int[] perAxis, int skip, double[] lower, double[] upper,
                Path file, TableState table) {
            this(type, points, perAxis, skip, lower, upper, file, table, null);
        }
    }

    /** @throws NullPointerException if a required part is missing, or neither a target nor an objective is given */
    public EvaluateSpec {
        if (target == null) {
            Objects.requireNonNull(objective, "target or objective");
        }
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(checkpointDir, "checkpointDir");
    }

    /** A job that evaluates a target. */
    public EvaluateSpec(long seed, Config target, DesignSettings design, int workers, Path outputDir,
            Path checkpointDir, Path jobFile) {
        this(seed, Objects.requireNonNull(target, "target"), design, workers, outputDir, checkpointDir, jobFile, null,
                null);
    }

    /**
     * Whether a job file is an {@code evaluate} job. A file that cannot be parsed is not (its error
     * is then reported by {@link JobSpec#load}).
     *
     * @param file the job file
     * @return true if its {@code job.mode} is {@value #MODE}
     */
    public static boolean isEvaluateJob(Path file) {
        return JobParts.isMode(file, MODE);
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
        long seed = JobParts.seed(o, job);
        Config target = null;
        Config objective = null;
        Direction direction = null;
        if (job.get("objective") != null) {
            if (job.get("target") != null) {
                throw new ConfigurationException("job.objective", "give job.target or job.objective, not both");
            }
            objective = ConfigValues.object(job.get("objective"), "job.objective", "an object like { name = "
                    + "rastrigin } or { class = \"com.example.MyObjective\" }").toConfig();
            direction = JobParts.direction(job.get("direction"));
        } else {
            if (job.get("direction") != null) {
                throw new ConfigurationException("job.direction", "only goes with job.objective (a target's points "
                        + "are ranked by log posterior)");
            }
            target = JobSpec.targetBlock(job.get("target"));
        }
        DesignSettings design = EvaluateDesign.read(job.get("design"), fileDir, objective != null);
        int workers = JobParts.workers(o, job);
        ConfigValue output = top.get("output");
        if (output != null) {
            ConfigValues.allowOnly(ConfigValues.object(output, "output", "an object like { dir = \"out/lhs\" }"),
                    "output", OUTPUT_KEYS);
        }
        Path outputDir = JobSpec.outputDir(output, o.out(), workingDir, jobFile);
        Path checkpointDir = JobSpec.checkpointDir(output, outputDir, workingDir);
        if (jobFile != null && target != null) {
            target = JobSpec.externalCommandPaths(target, jobFile.toAbsolutePath().getParent(), outputDir);
        }
        return new EvaluateSpec(seed, target, design, workers, outputDir, checkpointDir, jobFile, objective, direction);
    }

    static double[] bound(ConfigValue v, String key) {
        return EvaluateDesign.bound(v, key);
    }

    /** @return whether the job evaluates an objective (else a target) */
    public boolean isObjective() {
        return objective != null;
    }

    /**
     * @return an objective job's parameter names (the design's names, or its file's header), or
     *     {@code null} for a target job (the target names them)
     */
    public List<String> parameterNames() {
        if (objective == null) {
            return null;
        }
        return design.names() != null ? design.names() : design.table().columnNames();
    }

    /**
     * The design's points for the given parameters.
     *
     * @param names the target's parameter names (or an objective job's {@link #parameterNames()}), length d
     * @return the points, in order; a file's columns reordered to the parameters'
     * @throws ConfigurationException naming the key if the bounds or the file do not fit the parameters
     */
    public Design design(List<String> names) {
        return EvaluateDesign.points(design, seed, names, "job.design", "job.design.type", objective == null
                ? "the target" : "the design");
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
        return EvaluateDesign.points(s, seed, names, prefix, typeKey);
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
        if (objective != null) {
            job.put("objective", objective.root());
            if (direction != null) {
                job.put("direction", JobParts.directionValue(direction));
            }
        } else {
            job.put("target", target.root());
        }
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
        return EvaluateDesign.map(design);
    }

    /**
     * @param workers the threads to use instead
     * @return this job with another number of worker threads
     */
    public EvaluateSpec withWorkers(int workers) {
        return new EvaluateSpec(seed, target, design, workers, outputDir, checkpointDir, jobFile, objective, direction);
    }

    /**
     * @param outputDir the output directory instead
     * @param checkpointDir the checkpoint directory instead
     * @return this job writing elsewhere (a moved output folder, on resume)
     */
    public EvaluateSpec withDirectories(Path outputDir, Path checkpointDir) {
        return new EvaluateSpec(seed, target, design, workers, outputDir, checkpointDir, jobFile, objective, direction);
    }

    /**
     * @param design the design settings instead
     * @return this job with another design (a resumed job's points, read from its progress)
     */
    public EvaluateSpec withDesign(DesignSettings design) {
        return new EvaluateSpec(seed, target, design, workers, outputDir, checkpointDir, jobFile, objective, direction);
    }

    /**
     * @param objective the job's objective
     * @return this job with a direction: the given one, else the objective's default
     */
    public EvaluateSpec withDirectionOf(Objective objective) {
        return withDirection(objective.defaultDirection());
    }

    /**
     * @param reported an objective's default direction as a node reported it ({@link Direction#toString()}:
     *     {@code maximize}, {@code minimize} or {@code target = v}), or {@code null}
     * @return this job with a direction: the given one, else the reported one
     * @throws IllegalArgumentException if the job gives none and {@code reported} is not one of those
     */
    public EvaluateSpec withReportedDirection(String reported) {
        if (direction != null) {
            return this;
        }
        String t = reported == null ? "" : reported.trim();
        if (t.equals("maximize") || t.equals("minimize")) {
            return withDirection(t.equals("maximize") ? Direction.maximize() : Direction.minimize());
        }
        if (t.startsWith("target =")) {
            return withDirection(Direction.target(Double.parseDouble(t.substring("target =".length()).trim())));
        }
        throw new IllegalArgumentException("not a direction: " + reported);
    }

    /**
     * @param fallback the direction to take if the job gives none
     * @return this job with a direction: the given one, else {@code fallback}
     */
    public EvaluateSpec withDirection(Direction fallback) {
        return direction != null ? this : new EvaluateSpec(seed, target, design, workers, outputDir, checkpointDir,
                jobFile, this.objective, fallback);
    }
}
