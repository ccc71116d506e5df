package replex.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;
import replex.core.Objective;
import replex.core.optimize.Direction;
import replex.core.optimize.InitialState;
import replex.core.optimize.OptimizeProblem;
import replex.core.optimize.OptimizeReplica;
import replex.core.optimize.OptimizeSettings;
import replex.core.optimize.TableState;
import replex.core.optimize.TemperatureLadder;
import replex.core.swap.SwapRule;

/**
 * A validated {@code optimize} job ({@code job.mode = optimize}), read from the same kind of job
 * file as a sampling job ({@link JobSpec}) but with its own keys:
 *
 * <pre>
 * job {
 *   mode = optimize
 *   seed = 1                          # default 1
 *   objective { name = pearson-spearman-gap, columns = [x, y] }
 *                                     # or { class = "com.example.MyObjective", ... }
 *   direction = maximize              # maximize | minimize | { target = 0.5 }; default: the objective's
 *   state { file = "data.csv" }       # a table (header of names, rows of numbers), relative to the job file
 *                                     # or { dimension = 10 } / { values = [...] }, names = [...], a vector
 *   state.lower = -5.12               # bounds: one number, or one per column; default none
 *   state.upper = 5.12                #   (a vector without values starts uniform in its bounds)
 *   chains = 1                        # independent chains; default 1
 *   temperatures { count = 16, t-min = 0.01, t-max = 10, spacing = geometric }   # or linear,
 *                                     # or { values = [0.01, 0.1, 1] }; cooling = 1.0 (per round after burn-in)
 *   swap = deo                        # deo | seo, default deo
 *   rounds = 1000                     # the most rounds; default 1000
 *   steps-per-round = 100             # moves of each replica per round; default 100
 *   burn-in-rounds = 250              # rounds in which the jitter adapts; default rounds / 4
 *   move { cells = 1, jitter = 0.1, target-acceptance = 0.1 }   # or fraction = 0.01 of the cells
 *   stop { patience = 0, value = 0.7 }  # stop early: no improvement for N rounds (0 = never),
 *                                     # or the best value reaches v; default: neither
 *   workers = 2                       # threads for the replicas' moves; 0 = this thread; same results
 *   checkpoint-every = 100            # rounds between checkpoints, a multiple of 10; 0 = none;
 *                                     # default rounds / 10 rounded down to a multiple of 10
 * }
 * output { dir = "out/opt", history-every = 10, checkpoint-dir = "ckpt" }
 *                                     # history-every default: max(1, rounds / 500);
 *                                     # checkpoint-dir default: &lt;dir&gt;/checkpoints
 * </pre>
 *
 * <p>The effective job ({@link #toConfig()}) carries a table inline, {@code state.table { columns =
 * [...], cells = [...] }} (row-major), beside its {@code state.file} as a label: what travels to a
 * cluster and into checkpoints, so that no node or resume reads the file again ({@link #fromJson}).
 *
 * <p>Every key is checked; every error is a {@link ConfigurationException} naming the full key (and,
 * for the CSV file, the file, line and column).
 *
 * @param settings the engine's settings
 * @param objectiveBlock the {@code job.objective} block
 * @param table the table read from {@code state.file}, or {@code null} for a vector state
 * @param vectorNames a vector's parameter names, or {@code null} for a table
 * @param vectorValues a vector's fixed start, or {@code null} (start uniform in the bounds, or a table)
 * @param stateFile the table's file, absolute, or {@code null}
 * @param directionGiven whether {@code job.direction} was given (else the objective's default applies)
 * @param workers threads for the replicas' moves, 0 = the calling thread
 * @param outputDir the output directory, absolute
 * @param jobFile the job file, or {@code null}
 * @param config the job file as read (for {@code summary.json})
 * @param checkpointEvery rounds between checkpoints, a multiple of {@link OptimizeReplica#RESYNC_ROUNDS}; 0 = none
 * @param checkpointDir where checkpoints go, absolute
 */
public record OptimizeSpec(OptimizeSettings settings, Config objectiveBlock, TableState table, List<String> vectorNames,
        double[] vectorValues, Path stateFile, boolean directionGiven, int workers, Path outputDir, Path jobFile,
        Config config, int checkpointEvery, Path checkpointDir) {

    /** The value of {@code job.mode} that selects this kind of job. */
    public static final String MODE = "optimize";

    static final List<String> JOB_KEYS = List.of("mode", "seed", "objective", "direction", "state", "chains",
            "temperatures", "swap", "rounds", "steps-per-round", "burn-in-rounds", "move", "stop", "workers",
            "checkpoint-every");
    static final List<String> STATE_KEYS = List.of("file", "table", "dimension", "values", "names", "lower",
            "upper");
    static final List<String> TABLE_KEYS = List.of("columns", "cells");
    static final List<String> TEMPERATURE_KEYS = List.of("count", "t-min", "t-max", "spacing", "values", "cooling");
    static final List<String> MOVE_KEYS = List.of("cells", "fraction", "jitter", "target-acceptance");
    static final List<String> STOP_KEYS = List.of("patience", "value");
    static final List<String> OUTPUT_KEYS = List.of("dir", "history-every", "checkpoint-dir");

    /** Default of {@code job.rounds}. */
    public static final int DEFAULT_ROUNDS = 1000;
    /** Default of {@code job.steps-per-round}. */
    public static final int DEFAULT_STEPS = 100;
    /** Default of {@code job.temperatures.count}. */
    public static final int DEFAULT_LEVELS = 16;
    /** Default of {@code job.temperatures.t-min}. */
    public static final double DEFAULT_T_MIN = 0.01;
    /** Default of {@code job.temperatures.t-max}. */
    public static final double DEFAULT_T_MAX = 10;
    /** Default of {@code job.move.jitter}. */
    public static final double DEFAULT_JITTER = 0.1;
    /**
     * Default of {@code job.move.target-acceptance}: lower than the 0.234 of sampling, because bolder
     * moves cross barriers (it finds Rastrigin's minimum at d = 10 where 0.3 does not; see
     * OptimizeEngineTest).
     */
    public static final double DEFAULT_TARGET_ACCEPTANCE = 0.1;
    /** Upper bound of the dimension of a vector state. */
    public static final int MAX_DIMENSION = 1_000_000;

    /** @throws NullPointerException if a required part is missing */
    public OptimizeSpec {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(objectiveBlock, "objectiveBlock");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(checkpointDir, "checkpointDir");
    }

    /**
     * @param rounds the job's rounds R
     * @return the default of {@code job.checkpoint-every}: R / 10 rounded down to a multiple of
     *     {@link OptimizeReplica#RESYNC_ROUNDS} (0, no periodic checkpoint, below 100 rounds)
     */
    public static int defaultCheckpointEvery(int rounds) {
        int step = OptimizeReplica.RESYNC_ROUNDS;
        return rounds / 10 / step * step;
    }

    /**
     * Whether a job file is an {@code optimize} job. A file that cannot be parsed is not (its error is
     * then reported by {@link JobSpec#load}).
     *
     * @param file the job file
     * @return true if its {@code job.mode} is {@value #MODE}
     */
    public static boolean isOptimizeJob(Path file) {
        try {
            Config root = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve();
            return root.hasPath("job.mode") && isOptimize(root.root().get("job"));
        } catch (ConfigException e) {
            return false;
        }
    }

    /**
     * @param json a job sent as JSON
     * @return whether it is an {@code optimize} job (a text that does not parse is not)
     */
    public static boolean isOptimize(String json) {
        try {
            return json != null && isOptimize(JobJson.parse(json).root().get("job"));
        } catch (ConfigurationException e) {
            return false;
        }
    }

    /** @return whether a {@code job} value is an object whose {@code mode} is {@value #MODE} */
    static boolean isOptimize(ConfigValue job) {
        if (job == null || job.valueType() != ConfigValueType.OBJECT) {
            return false;
        }
        ConfigValue mode = ((ConfigObject) job).get("mode");
        return mode != null && mode.valueType() == ConfigValueType.STRING
                && MODE.equalsIgnoreCase(((String) mode.unwrapped()).trim());
    }

    /**
     * The error for an {@code optimize} job given to a command that runs only sampling jobs.
     *
     * @return the exception to throw
     */
    static ConfigurationException notSupportedHere() {
        return new ConfigurationException("job.mode", "optimize jobs run with `replex run`, `resume` and `submit`; "
                + "this command takes sampling jobs only (see docs/modes.md)");
    }

    /**
     * Reads and validates an {@code optimize} job file.
     *
     * @param file the job file
     * @param overrides command-line values that replace the file's ({@code --out}, {@code --workers},
     *     {@code --seed})
     * @return the job
     * @throws ConfigurationException if anything is invalid (the message names the key)
     */
    public static OptimizeSpec load(Path file, JobSpec.Overrides overrides) {
        Config root = JobSpec.read(file);
        Path base = file.toAbsolutePath().getParent();
        return build(root, overrides, Path.of("").toAbsolutePath(), base, file, true);
    }

    /**
     * Reads an effective job that travelled as JSON ({@link #toJson()}: submitted to a cluster, or
     * stored in a checkpoint) as data: a table must be inline ({@code state.table}); no file is read.
     *
     * @param json the job as JSON
     * @param overrides command-line values, or {@code null}
     * @return the job
     * @throws ConfigurationException if it is invalid, or names a state file without its inline table
     */
    public static OptimizeSpec fromJson(String json, JobSpec.Overrides overrides) {
        Path here = Path.of("").toAbsolutePath();
        return build(JobJson.parse(json), overrides, here, here, null, false);
    }

    /**
     * Validates an {@code optimize} job given as a parsed configuration.
     *
     * @param root the whole document, with {@code job} and optionally {@code output}
     * @param overrides command-line values, or {@code null}
     * @param workingDir the directory a relative output directory is resolved against
     * @param fileDir the directory a relative {@code state.file} is resolved against
     * @return the job
     * @throws ConfigurationException if anything is invalid
     */
    public static OptimizeSpec fromConfig(Config root, JobSpec.Overrides overrides, Path workingDir, Path fileDir) {
        return build(root, overrides, workingDir, fileDir, null, true);
    }

    /** @param readFiles whether {@code state.file} may be read (else a table must be inline) */
    private static OptimizeSpec build(Config root, JobSpec.Overrides overrides, Path workingDir, Path fileDir,
            Path jobFile, boolean readFiles) {
        JobSpec.Overrides o = overrides == null ? JobSpec.Overrides.NONE : overrides;
        ConfigObject top = root.root();
        ConfigValues.allowOnly(top, "", List.of("job", "output"));
        ConfigObject job = ConfigValues.object(top.get("job"), "job", "an object job { ... }");
        ConfigValues.allowOnly(job, "job", JOB_KEYS);
        long seed = o.seed() != null ? o.seed() : job.get("seed") == null ? 1L
                : ConfigValues.integer(job.get("seed"), "job.seed", "a 64-bit integer", Long.MIN_VALUE, Long.MAX_VALUE);
        ConfigValue objectiveValue = job.get("objective");
        if (objectiveValue == null) {
            throw new ConfigurationException("job.objective", "missing; an optimize job needs objective { name = "
                    + "rastrigin } or objective { class = \"com.example.MyObjective\" } (see docs/objectives.md)");
        }
        Config objectiveBlock = ConfigValues.object(objectiveValue, "job.objective",
                "an object like { name = rastrigin }").toConfig();
        Direction direction = direction(job.get("direction"));

        // the state
        if (job.get("state") == null) {
            throw new ConfigurationException("job.state", "missing; give state { file = \"data.csv\" } for a table "
                    + "or state { dimension = 10, lower = -5, upper = 5 } for a vector");
        }
        ConfigObject state = ConfigValues.object(job.get("state"), "job.state",
                "an object like { file = \"data.csv\" } or { dimension = 10 }");
        ConfigValues.allowOnly(state, "job.state", STATE_KEYS);
        TableState table = null;
        Path stateFile = null;
        List<String> names = null;
        double[] values = null;
        int d;
        if (state.get("file") != null || state.get("table") != null) {
            for (String k : List.of("dimension", "values", "names")) {
                if (state.get(k) != null) {
                    throw new ConfigurationException("job.state." + k, "does not go with state.file or state.table "
                            + "(a table takes its shape and column names from the file)");
                }
            }
            if (state.get("file") != null) {
                String f = ConfigValues.text(state.get("file"), "job.state.file", "a file path");
                if (f.isEmpty()) {
                    throw new ConfigurationException("job.state.file", "must not be empty");
                }
                stateFile = fileDir.resolve(f).toAbsolutePath().normalize();
            }
            if (state.get("table") != null) {
                table = inlineTable(state.get("table"));
            } else if (readFiles) {
                table = TableCsv.read(stateFile, "job.state.file");
            } else {
                throw new ConfigurationException("job.state.file", "a job sent as data (to a cluster, or stored in a "
                        + "checkpoint) carries its table inline in state.table; no file is read for it");
            }
            d = table.columns();
        } else {
            if (state.get("values") != null) {
                values = ConfigValues.numberList(state.get("values"), "job.state.values",
                        "a non-empty list of numbers like [0.5, 1.0]");
                if (state.get("dimension") != null && ConfigValues.integer(state.get("dimension"),
                        "job.state.dimension", "an integer >= 1", 1, MAX_DIMENSION) != values.length) {
                    throw new ConfigurationException("job.state.dimension", "disagrees with the " + values.length
                            + " state.values");
                }
                d = values.length;
            } else if (state.get("dimension") != null) {
                d = (int) ConfigValues.integer(state.get("dimension"), "job.state.dimension", "an integer >= 1", 1,
                        MAX_DIMENSION);
            } else {
                throw new ConfigurationException("job.state", "needs file = \"data.csv\" (a table), or dimension = d "
                        + "or values = [...] (a vector)");
            }
            if (state.get("names") != null) {
                names = stringList(state.get("names"), "job.state.names");
                if (names.size() != d || names.stream().distinct().count() != d) {
                    throw new ConfigurationException("job.state.names", "must hold " + d + " distinct names, got "
                            + names);
                }
            } else {
                names = TableState.defaultNames(d);
            }
        }
        double[] lower = bound(state.get("lower"), "job.state.lower", d, Double.NEGATIVE_INFINITY);
        double[] upper = bound(state.get("upper"), "job.state.upper", d, Double.POSITIVE_INFINITY);
        for (int j = 0; j < d; j++) {
            if (!(lower[j] < upper[j])) {
                throw new ConfigurationException("job.state.lower", "must be below job.state.upper, column " + (j + 1)
                        + ": " + lower[j] + " >= " + upper[j]);
            }
        }
        if (table != null) {
            checkInside(table, lower, upper, stateFile, true);
        } else if (values != null) {
            checkInside(TableState.vector(values, names), lower, upper, null, false);
        } else {
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(lower[j]) || !Double.isFinite(upper[j])) {
                    throw new ConfigurationException("job.state", "a vector without values starts uniform in its "
                            + "bounds, so it needs finite lower and upper bounds; give state.lower and state.upper, "
                            + "or state.values");
                }
            }
        }

        int chains = intOf(job, "chains", 1, 10_000, 1);
        TemperatureLadder ladder = ladder(job.get("temperatures"));
        if ((long) chains * ladder.size() > JobSpec.MAX_REPLICAS) {
            throw new ConfigurationException("job.chains", "chains x levels = " + (long) chains * ladder.size()
                    + " replicas, more than the limit " + JobSpec.MAX_REPLICAS);
        }
        double cooling = 1.0;
        if (job.get("temperatures") != null && ((ConfigObject) job.get("temperatures")).get("cooling") != null) {
            cooling = ConfigValues.number(((ConfigObject) job.get("temperatures")).get("cooling"),
                    "job.temperatures.cooling", "a number in (0, 1]");
            if (!(cooling > 0 && cooling <= 1)) {
                throw new ConfigurationException("job.temperatures.cooling", "must be in (0, 1] (1 = no cooling), got "
                        + cooling);
            }
        }
        SwapRule swap = job.get("swap") == null ? SwapRule.DEO
                : SwapRule.valueOf(ConfigValues.choice(job.get("swap"), "job.swap", List.of("deo", "seo"))
                        .toUpperCase(Locale.ROOT));
        int rounds = intOf(job, "rounds", 1, Integer.MAX_VALUE, DEFAULT_ROUNDS);
        int steps = intOf(job, "steps-per-round", 1, Integer.MAX_VALUE, DEFAULT_STEPS);
        int burnIn = intOf(job, "burn-in-rounds", 0, Integer.MAX_VALUE, rounds / 4);

        long cellCount = table != null ? (long) table.rows() * table.columns() : d;
        int cells = 1;
        double jitter = DEFAULT_JITTER;
        double targetAcceptance = DEFAULT_TARGET_ACCEPTANCE;
        if (job.get("move") != null) {
            ConfigObject move = ConfigValues.object(job.get("move"), "job.move",
                    "an object like { cells = 1, jitter = 0.1 }");
            ConfigValues.allowOnly(move, "job.move", MOVE_KEYS);
            if (move.get("cells") != null && move.get("fraction") != null) {
                throw new ConfigurationException("job.move", "give cells or fraction, not both");
            }
            if (move.get("cells") != null) {
                cells = (int) ConfigValues.integer(move.get("cells"), "job.move.cells", "an integer in [1, "
                        + Math.min(cellCount, 1_000_000) + "]", 1, Math.min(cellCount, 1_000_000));
            }
            if (move.get("fraction") != null) {
                double f = ConfigValues.number(move.get("fraction"), "job.move.fraction", "a number in (0, 1]");
                if (!(f > 0 && f <= 1)) {
                    throw new ConfigurationException("job.move.fraction", "must be in (0, 1], got " + f);
                }
                cells = (int) Math.max(1, Math.min(1_000_000, Math.round(f * cellCount)));
            }
            if (move.get("jitter") != null) {
                jitter = ConfigValues.number(move.get("jitter"), "job.move.jitter", "a number > 0");
                if (!(jitter > 0)) {
                    throw new ConfigurationException("job.move.jitter", "must be > 0, got " + jitter);
                }
            }
            if (move.get("target-acceptance") != null) {
                targetAcceptance = ConfigValues.number(move.get("target-acceptance"), "job.move.target-acceptance",
                        "a number in (0, 1)");
                if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
                    throw new ConfigurationException("job.move.target-acceptance", "must be in (0, 1), got "
                            + targetAcceptance);
                }
            }
        }
        int patience = 0;
        double stopValue = Double.NaN;
        if (job.get("stop") != null) {
            ConfigObject stop = ConfigValues.object(job.get("stop"), "job.stop",
                    "an object like { patience = 200, value = 0.7 }");
            ConfigValues.allowOnly(stop, "job.stop", STOP_KEYS);
            if (stop.get("patience") != null) {
                patience = (int) ConfigValues.integer(stop.get("patience"), "job.stop.patience",
                        "an integer >= 0 (0 = never)", 0, Integer.MAX_VALUE);
            }
            if (stop.get("value") != null) {
                stopValue = ConfigValues.number(stop.get("value"), "job.stop.value", "a finite number");
                if (direction != null && direction.kind() == Direction.Kind.TARGET && stopValue < 0) {
                    throw new ConfigurationException("job.stop.value", "is a tolerance |f - target| <= value with "
                            + "direction { target = ... }, so it must be >= 0, got " + stopValue);
                }
            }
        }
        int workers;
        if (o.workers() != null) {
            if (o.workers() < 0 || o.workers() > JobSpec.MAX_WORKERS) {
                throw new ConfigurationException("--workers", "must be an integer in [0, " + JobSpec.MAX_WORKERS
                        + "], got " + o.workers());
            }
            workers = o.workers();
        } else {
            workers = intOf(job, "workers", 0, JobSpec.MAX_WORKERS,
                    Math.min(JobSpec.MAX_WORKERS, Runtime.getRuntime().availableProcessors()));
        }

        int checkpointEvery = intOf(job, "checkpoint-every", 0, Integer.MAX_VALUE, defaultCheckpointEvery(rounds));
        if (checkpointEvery % OptimizeReplica.RESYNC_ROUNDS != 0) {
            throw new ConfigurationException("job.checkpoint-every", "must be a multiple of "
                    + OptimizeReplica.RESYNC_ROUNDS + " (the rounds at which replicas rebuild their objective's "
                    + "incremental evaluator, so that a resumed run agrees to the bit), or 0; got " + checkpointEvery);
        }
        Path outputDir;
        int historyEvery = Math.max(1, rounds / 500);
        String dir = null;
        String checkpointDirText = null;
        if (top.get("output") != null) {
            ConfigObject output = ConfigValues.object(top.get("output"), "output", "an object like { dir = \"out\" }");
            ConfigValues.allowOnly(output, "output", OUTPUT_KEYS);
            if (output.get("dir") != null) {
                dir = ConfigValues.text(output.get("dir"), "output.dir", "a directory path");
                if (dir.isEmpty()) {
                    throw new ConfigurationException("output.dir", "must not be empty");
                }
            }
            if (output.get("checkpoint-dir") != null) {
                checkpointDirText = ConfigValues.text(output.get("checkpoint-dir"), "output.checkpoint-dir",
                        "a directory path");
                if (checkpointDirText.isEmpty()) {
                    throw new ConfigurationException("output.checkpoint-dir", "must not be empty");
                }
            }
            if (output.get("history-every") != null) {
                historyEvery = (int) ConfigValues.integer(output.get("history-every"), "output.history-every",
                        "an integer >= 1", 1, Integer.MAX_VALUE);
            }
        }
        if (o.out() != null) {
            if (o.out().toString().isEmpty()) {
                throw new ConfigurationException("--out", "must not be empty; give a directory, e.g. --out out/run1");
            }
            outputDir = workingDir.resolve(o.out());
        } else if (dir != null) {
            outputDir = workingDir.resolve(dir);
        } else {
            outputDir = workingDir.resolve(Path.of(JobSpec.DEFAULT_OUTPUT_PARENT, jobName(jobFile)));
        }
        outputDir = outputDir.toAbsolutePath().normalize();
        Path checkpointDir = (checkpointDirText == null ? outputDir.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR)
                : workingDir.resolve(checkpointDirText)).toAbsolutePath().normalize();
        Direction effective = direction != null ? direction : Direction.maximize();
        OptimizeSettings settings = new OptimizeSettings(seed, chains, ladder, swap, rounds, steps, burnIn, cells,
                jitter, targetAcceptance, cooling, lower, upper, effective, patience, stopValue, historyEvery);
        return new OptimizeSpec(settings, objectiveBlock, table, names, values, stateFile, direction != null, workers,
                outputDir, jobFile, root, checkpointEvery, checkpointDir);
    }

    /**
     * The job with the objective's default direction if the job file gave none.
     *
     * @param objective the job's objective
     * @return this job, or one whose settings hold {@link Objective#defaultDirection()}
     */
    public OptimizeSpec withDirectionOf(Objective objective) {
        if (directionGiven) {
            return this;
        }
        OptimizeSettings s = settings;
        OptimizeSettings d = new OptimizeSettings(s.seed(), s.chains(), s.ladder(), s.swap(), s.rounds(),
                s.stepsPerRound(), s.burnInRounds(), s.cellsPerMove(), s.jitter(), s.targetAcceptance(), s.cooling(),
                s.lower(), s.upper(), objective.defaultDirection(), s.patience(), s.stopValue(), s.historyEvery());
        return new OptimizeSpec(d, objectiveBlock, table, vectorNames, vectorValues, stateFile, true, workers,
                outputDir, jobFile, config, checkpointEvery, checkpointDir);
    }

    /**
     * The job with other worker threads and output and checkpoint directories (a resumed run).
     *
     * @param workers threads for the replicas' moves, ≥ 0
     * @param outputDir the output directory, absolute
     * @param checkpointDir the checkpoint directory, absolute
     * @return the job
     */
    public OptimizeSpec relocated(int workers, Path outputDir, Path checkpointDir) {
        return new OptimizeSpec(settings, objectiveBlock, table, vectorNames, vectorValues, stateFile, directionGiven,
                workers, outputDir, jobFile, config, checkpointEvery, checkpointDir);
    }

    /**
     * @param objective the job's objective, {@linkplain Objective#prepare prepared}
     * @return what the engines work on: the objective, the start, the column scale and names
     */
    public OptimizeProblem problem(Objective objective) {
        return new OptimizeProblem(objective, initialState(), columnScale(), columnNames());
    }

    /**
     * The effective job with every default filled in, in the job-file format: {@link #fromJson} of
     * its JSON gives an equal job without reading any file. A table goes inline in
     * {@code state.table} (its file, if any, stays as {@code state.file}, a label); the ladder as
     * explicit {@code values}; the direction once decided ({@link #withDirectionOf}), else none.
     *
     * @return a configuration with {@code job} and {@code output}
     */
    public Config toConfig() {
        Map<String, Object> state = new LinkedHashMap<>();
        if (stateFile != null) {
            state.put("file", stateFile.toString());
        }
        if (table != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("columns", table.columnNames());
            t.put("cells", doubles(table.cells()));
            state.put("table", t);
        } else if (vectorValues != null) {
            state.put("values", doubles(vectorValues));
            state.put("names", vectorNames);
        } else {
            state.put("dimension", vectorNames.size());
            state.put("names", vectorNames);
        }
        double[] lower = settings.lower();
        double[] upper = settings.upper();
        if (Double.isFinite(lower[0])) {
            state.put("lower", doubles(lower));
        }
        if (Double.isFinite(upper[0])) {
            state.put("upper", doubles(upper));
        }
        Map<String, Object> temperatures = new LinkedHashMap<>();
        temperatures.put("values", doubles(settings.ladder().temperatures()));
        temperatures.put("cooling", settings.cooling());
        Map<String, Object> move = new LinkedHashMap<>();
        move.put("cells", settings.cellsPerMove());
        move.put("jitter", settings.jitter());
        move.put("target-acceptance", settings.targetAcceptance());
        Map<String, Object> stop = new LinkedHashMap<>();
        stop.put("patience", settings.patience());
        if (!Double.isNaN(settings.stopValue())) {
            stop.put("value", settings.stopValue());
        }
        Direction dir = settings.direction();
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("mode", MODE);
        job.put("seed", settings.seed());
        job.put("objective", objectiveBlock.root());
        if (directionGiven) { // else the reader applies the objective's default, as this job would
            job.put("direction", dir.kind() == Direction.Kind.TARGET ? Map.of("target", dir.targetValue())
                    : dir.kind().name().toLowerCase(Locale.ROOT));
        }
        job.put("state", state);
        job.put("chains", settings.chains());
        job.put("temperatures", temperatures);
        job.put("swap", settings.swap().name().toLowerCase(Locale.ROOT));
        job.put("rounds", settings.rounds());
        job.put("steps-per-round", settings.stepsPerRound());
        job.put("burn-in-rounds", settings.burnInRounds());
        job.put("move", move);
        job.put("stop", stop);
        job.put("workers", workers);
        job.put("checkpoint-every", checkpointEvery);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("dir", outputDir.toString());
        output.put("history-every", settings.historyEvery());
        output.put("checkpoint-dir", checkpointDir.toString());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("job", job);
        root.put("output", output);
        return ConfigValueFactory.fromMap(root, "effective job").toConfig();
    }

    /** @return {@link #toConfig()} as concise JSON: what a cluster and a checkpoint receive */
    public String toJson() {
        return toConfig().root().render(ConfigRenderOptions.concise());
    }

    private static List<Double> doubles(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }

    /** {@code state.table { columns = [...], cells = [...] }}: a table given inline, cells row-major. */
    private static TableState inlineTable(ConfigValue v) {
        ConfigObject t = ConfigValues.object(v, "job.state.table", "an object { columns = [x, y], cells = [...] }");
        ConfigValues.allowOnly(t, "job.state.table", TABLE_KEYS);
        if (t.get("columns") == null || t.get("cells") == null) {
            throw new ConfigurationException("job.state.table", "needs columns = [names] and cells = [numbers, row "
                    + "by row]");
        }
        List<String> columns = stringList(t.get("columns"), "job.state.table.columns");
        double[] cells = ConfigValues.numberList(t.get("cells"), "job.state.table.cells",
                "a non-empty list of numbers, row by row");
        if (columns.isEmpty() || columns.stream().distinct().count() != columns.size()
                || cells.length % columns.size() != 0) {
            throw new ConfigurationException("job.state.table", "needs distinct column names and a whole number of "
                    + "rows: " + columns.size() + " columns, " + cells.length + " cells");
        }
        return new TableState(cells.length / columns.size(), columns.size(), cells, columns);
    }

    /** @return the column names of the state (a vector's parameter names) */
    public List<String> columnNames() {
        return table != null ? table.columnNames() : vectorNames;
    }

    /** @return the rows of the state (1 for a vector) */
    public int rows() {
        return table != null ? table.rows() : 1;
    }

    /** @return where every replica starts */
    public InitialState initialState() {
        if (table != null) {
            return InitialState.fixed(table);
        }
        if (vectorValues != null) {
            return InitialState.fixed(TableState.vector(vectorValues, vectorNames));
        }
        return InitialState.uniform(vectorNames, settings.lower(), settings.upper());
    }

    /**
     * The per-column jitter scale: a table column's standard deviation (1 if it is constant), and 1
     * for a vector.
     *
     * @return length d, each &gt; 0
     */
    public double[] columnScale() {
        double[] s = new double[columnNames().size()];
        for (int j = 0; j < s.length; j++) {
            double sd = table != null ? table.columnSd(j) : 0;
            s[j] = sd > 0 && Double.isFinite(sd) ? sd : 1.0;
        }
        return s;
    }

    private static Direction direction(ConfigValue v) {
        if (v == null) {
            return null;
        }
        String shape = "maximize | minimize | { target = <number> }";
        if (v.valueType() == ConfigValueType.OBJECT) {
            ConfigObject t = (ConfigObject) v;
            ConfigValues.allowOnly(t, "job.direction", List.of("target"));
            if (t.get("target") == null) {
                throw new ConfigurationException("job.direction", "must be " + shape);
            }
            return Direction.target(ConfigValues.number(t.get("target"), "job.direction.target", "a finite number"));
        }
        String c = ConfigValues.choice(v, "job.direction", List.of("maximize", "minimize"));
        return c.equals("maximize") ? Direction.maximize() : Direction.minimize();
    }

    private static double[] bound(ConfigValue v, String key, int d, double none) {
        double[] b = new double[d];
        if (v == null) {
            Arrays.fill(b, none);
            return b;
        }
        if (v.valueType() == ConfigValueType.LIST) {
            double[] given = ConfigValues.numberList(v, key, "a number, or a list of " + d + " numbers");
            if (given.length != d) {
                throw new ConfigurationException(key, "must hold " + d + " numbers (one per column), got "
                        + given.length);
            }
            return given;
        }
        Arrays.fill(b, ConfigValues.number(v, key, "a number, or a list of " + d + " numbers"));
        return b;
    }

    private static void checkInside(TableState t, double[] lower, double[] upper, Path file, boolean table) {
        for (int i = 0; i < t.rows(); i++) {
            for (int j = 0; j < t.columns(); j++) {
                double x = t.get(i, j);
                if (x < lower[j] || x > upper[j]) {
                    String where = file != null ? "file " + file + ", line " + (i + 2) + ", column " + (j + 1) + " ("
                            + t.columnNames().get(j) + ")" : t.rows() > 1 || table ? "job.state.table row " + (i + 1)
                            + ", column " + (j + 1) + " (" + t.columnNames().get(j) + ")"
                            : "job.state.values[" + j + "]";
                    throw new ConfigurationException(x < lower[j] ? "job.state.lower" : "job.state.upper",
                            where + " holds " + x + ", outside the bounds [" + lower[j] + ", " + upper[j] + "]");
                }
            }
        }
    }

    private static TemperatureLadder ladder(ConfigValue v) {
        if (v == null) {
            return TemperatureLadder.geometric(DEFAULT_LEVELS, DEFAULT_T_MIN, DEFAULT_T_MAX);
        }
        ConfigObject t = ConfigValues.object(v, "job.temperatures", "an object like { count = 16, t-min = 0.01, "
                + "t-max = 10 } or { values = [0.01, 0.1, 1] }");
        ConfigValues.allowOnly(t, "job.temperatures", TEMPERATURE_KEYS);
        if (t.get("values") != null) {
            for (String k : List.of("count", "t-min", "t-max", "spacing")) {
                if (t.get(k) != null) {
                    throw new ConfigurationException("job.temperatures", "give either values, or count, t-min, "
                            + "t-max and spacing, not both");
                }
            }
            ConfigValue values = t.get("values");
            if (values.valueType() == ConfigValueType.LIST && ((ConfigList) values).size() > JobSpec.MAX_LEVELS) {
                throw new ConfigurationException("job.temperatures.values", "holds more than " + JobSpec.MAX_LEVELS
                        + " levels, the limit");
            }
            double[] temps = ConfigValues.numberList(values, "job.temperatures.values",
                    "a non-empty list of increasing numbers > 0");
            try {
                return TemperatureLadder.of(temps);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("job.temperatures.values", e.getMessage());
            }
        }
        int count = t.get("count") == null ? DEFAULT_LEVELS : (int) ConfigValues.integer(t.get("count"),
                "job.temperatures.count", "an integer >= 1", 1, JobSpec.MAX_LEVELS);
        double tMin = t.get("t-min") == null ? DEFAULT_T_MIN
                : ConfigValues.number(t.get("t-min"), "job.temperatures.t-min", "a number > 0");
        double tMax = t.get("t-max") == null ? Math.max(DEFAULT_T_MAX, tMin * 10)
                : ConfigValues.number(t.get("t-max"), "job.temperatures.t-max", "a number > t-min");
        if (!(tMin > 0)) {
            throw new ConfigurationException("job.temperatures.t-min", "must be > 0, got " + tMin);
        }
        if (count > 1 && !(tMax > tMin)) {
            throw new ConfigurationException("job.temperatures.t-max", "must be > t-min = " + tMin + ", got " + tMax);
        }
        String spacing = t.get("spacing") == null ? "geometric"
                : ConfigValues.choice(t.get("spacing"), "job.temperatures.spacing", List.of("geometric", "linear"));
        return spacing.equals("geometric") ? TemperatureLadder.geometric(count, tMin, tMax)
                : TemperatureLadder.linear(count, tMin, tMax);
    }

    private static List<String> stringList(ConfigValue v, String key) {
        if (v.valueType() != ConfigValueType.LIST) {
            throw ConfigValues.wrongType(key, "must be a list of names like [a, b]", v);
        }
        ConfigList list = (ConfigList) v;
        String[] out = new String[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ConfigValues.text(list.get(i), key + "[" + i + "]", "a name");
            if (out[i].isEmpty()) {
                throw new ConfigurationException(key + "[" + i + "]", "must not be empty");
            }
        }
        return List.of(out);
    }

    private static int intOf(ConfigObject job, String key, int min, int max, int def) {
        ConfigValue v = job.get(key);
        return v == null ? def : (int) ConfigValues.integer(v, "job." + key, "an integer >= " + min, min, max);
    }

    private static String jobName(Path jobFile) {
        if (jobFile == null || jobFile.getFileName() == null) {
            return "job";
        }
        String name = jobFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
