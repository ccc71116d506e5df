package replex.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;

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
        return JobParts.isMode(file, MODE);
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
        return JobParts.isMode(job, MODE);
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
        long seed = JobParts.seed(o, job);
        ConfigValue objectiveValue = job.get("objective");
        if (objectiveValue == null) {
            throw new ConfigurationException("job.objective", "missing; an optimize job needs objective { name = "
                    + "rastrigin } or objective { class = \"com.example.MyObjective\" } (see docs/objectives.md)");
        }
        Config objectiveBlock = ConfigValues.object(objectiveValue, "job.objective",
                "an object like { name = rastrigin }").toConfig();
        Direction direction = JobParts.direction(job.get("direction"));
        OptimizeState state = OptimizeState.read(job, fileDir, readFiles);
        TableState table = state.table();

        int chains = OptimizeKeys.intOf(job, "chains", 1, 10_000, 1);
        TemperatureLadder ladder = OptimizeKeys.ladder(job.get("temperatures"));
        if ((long) chains * ladder.size() > JobSpec.MAX_REPLICAS) {
            throw new ConfigurationException("job.chains", "chains x levels = " + (long) chains * ladder.size()
                    + " replicas, more than the limit " + JobSpec.MAX_REPLICAS);
        }
        double cooling = OptimizeKeys.cooling(job);
        SwapRule swap = job.get("swap") == null ? SwapRule.DEO
                : SwapRule.valueOf(ConfigValues.choice(job.get("swap"), "job.swap", List.of("deo", "seo"))
                        .toUpperCase(Locale.ROOT));
        int rounds = OptimizeKeys.intOf(job, "rounds", 1, Integer.MAX_VALUE, DEFAULT_ROUNDS);
        int steps = OptimizeKeys.intOf(job, "steps-per-round", 1, Integer.MAX_VALUE, DEFAULT_STEPS);
        int burnIn = OptimizeKeys.intOf(job, "burn-in-rounds", 0, Integer.MAX_VALUE, rounds / 4);
        long cellCount = table != null ? (long) table.rows() * table.columns() : state.lower().length;
        OptimizeKeys.Move move = OptimizeKeys.move(job.get("move"), cellCount);
        OptimizeKeys.Stop stop = OptimizeKeys.stop(job.get("stop"), direction);
        int workers = JobParts.workers(o, job);
        int checkpointEvery = OptimizeKeys.intOf(job, "checkpoint-every", 0, Integer.MAX_VALUE,
                defaultCheckpointEvery(rounds));
        if (checkpointEvery % OptimizeReplica.RESYNC_ROUNDS != 0) {
            throw new ConfigurationException("job.checkpoint-every", "must be a multiple of "
                    + OptimizeReplica.RESYNC_ROUNDS + " (the rounds at which replicas rebuild their objective's "
                    + "incremental evaluator, so that a resumed run agrees to the bit), or 0; got " + checkpointEvery);
        }
        OptimizeKeys.Output output = OptimizeKeys.output(top, o, workingDir, jobFile, rounds);
        Direction effective = direction != null ? direction : Direction.maximize();
        OptimizeSettings settings = new OptimizeSettings(seed, chains, ladder, swap, rounds, steps, burnIn,
                move.cells(), move.jitter(), move.targetAcceptance(), cooling, state.lower(), state.upper(), effective,
                stop.patience(), stop.value(), output.historyEvery());
        return new OptimizeSpec(settings, objectiveBlock, table, state.names(), state.values(), state.file(),
                direction != null, workers, output.dir(), jobFile, root, checkpointEvery, output.checkpointDir());
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
        return OptimizeKeys.toConfig(this);
    }

    /** @return {@link #toConfig()} as concise JSON: what a cluster and a checkpoint receive */
    public String toJson() {
        return toConfig().root().render(ConfigRenderOptions.concise());
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
}
