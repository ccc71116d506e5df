package replex.io;

import java.nio.file.Path;
import java.util.List;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;

import replex.core.ConfigurationException;
import replex.core.InitialValues;
import replex.core.SamplerSettings;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;

/**
 * A validated job: what to sample, how, with how many worker threads, and where the outputs go.
 * Read from a HOCON (or JSON) job file:
 *
 * <pre>
 * job {
 *   mode = sample                 # the only mode for now
 *   seed = 42                     # default 1
 *   target { name = gaussian-mixture, weights = [0.3, 0.7], means = [[-5], [5]], sd = 1 }
 *                                 # or target { class = "com.example.MyTarget", ... }
 *   chains = 4                    # default 4
 *   temperatures { count = 8, beta-min = 0.01 }   # default; or temperatures { betas = [1.0, 0.5, 0.25] }
 *                                 # count = auto: chosen by a pilot run (see LevelCountChoice)
 *   swap = deo                    # deo | seo, default deo
 *   rounds = 2000                 # default 2000
 *   steps-per-round = 10          # default 10
 *   burn-in-rounds = 500          # default rounds / 4 (rounded down)
 *   thin = 1                      # default 1
 *   proposal { scale = 1.0, adapt = true }   # adapt: false | true | none | scale | covariance
 *   workers = 2                   # 0 = sequential engine (no actors); default: available processors
 *   checkpoint-every = 200        # rounds between checkpoints; 0 = none; default rounds / 10
 *   init { values = [0.5, 1.0] }  # where replicas start: one point, rows per chain or replica,
 *                                 # or file = "init.csv"; jitter = 0.1 (see InitialValues)
 * }
 * output {
 *   dir = "out/mixture"           # default out/&lt;job file name without extension&gt;
 *   checkpoint-dir = "ckpt"       # default &lt;dir&gt;/checkpoints
 *   formats = [csv, cmdstan]      # default [csv]; cmdstan adds one CmdStan-format CSV per chain
 *   all-levels = true             # default false; also write every level's draws,
 *                                 # draws-level-&lt;k&gt;.csv (memory for draws grows K-fold)
 *   draws-metrics = [steps]       # default []; metrics of the target's evaluation recorded with
 *                                 # each kept draw, as extra columns of draws.csv
 *   draws-metadata = [flag]       # default []; metadata strings of it, as columns after those
 * }
 * </pre>
 *
 * <p>A relative {@code output.dir} (and a relative {@code --out}) is resolved against the current
 * working directory of the process, not against the job file's directory, as for any other path
 * given on a command line. Every key is checked: an unknown key under {@code job},
 * {@code job.temperatures}, {@code job.proposal} or {@code output} is an error (typos are not
 * silently ignored); the keys inside {@code job.target} belong to the target and are checked when
 * it is created. Every failure is a {@link ConfigurationException} naming the full key.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sampler the validated sampling settings (seed, chains, ladder, swaps, rounds, proposal)
 * @param target the {@code job.target} block, with {@code job.init}'s values under the reserved key
 *     {@value replex.core.InitialValues#BLOCK_KEY} ({@link InitialValues#embed}) if the job has them;
 *     {@code replex.targets.TargetFactory} builds the target from it, on every node ({@link #userTarget()}
 *     is the block as written)
 * @param workers threads that run replica steps; 0 selects the sequential engine
 * @param outputDir where {@code draws.csv} and {@code summary.json} are written, absolute
 * @param mode the job mode; {@code sample}
 * @param jobFile the job file this was read from, or {@code null}
 * @param checkpointEvery rounds between checkpoints ({@code job.checkpoint-every}), ≥ 0; 0 = none
 * @param checkpointDir where checkpoints are written ({@code output.checkpoint-dir}), absolute
 * @param autoLevels whether {@code job.temperatures.count = auto}: the level count is chosen by a
 *     pilot run before the job starts, and {@code sampler}'s ladder is only the pilot's (geometric,
 *     {@value #AUTO_PILOT_LEVELS} levels down to {@code beta-min}) until {@code levelCountChoice} is set
 * @param levelCountChoice with {@code autoLevels}, how the pilot chose the level count, once it has
 *     run ({@code sampler}'s ladder is then the chosen one); {@code null} before, and without
 *     {@code autoLevels}
 * @param outputFormats the draws files to write ({@code output.formats}): distinct, holding
 *     {@link OutputFormat#CSV}, in the order given
 * @param hottestDefault whether the hottest level is still to be chosen from the target: the job file
 *     gives neither {@code temperatures.beta-min} nor {@code temperatures.betas}, so the hottest level
 *     is β = 0 (the prior) if the target's prior is normalised, else {@value #DEFAULT_BETA_MIN}; until
 *     {@link #withHottestLevel} decides, {@code sampler}'s ladder ends at {@value #DEFAULT_BETA_MIN}
 */
public record JobSpec(SamplerSettings sampler, Config target, int workers, Path outputDir, String mode,
        Path jobFile, int checkpointEvery, Path checkpointDir, boolean autoLevels, LevelCountChoice levelCountChoice,
        List<OutputFormat> outputFormats, boolean hottestDefault) {

    /**
     * A job that writes only {@code draws.csv} and {@code summary.json}, its hottest level decided.
     *
     * @param sampler the sampling settings
     * @param target the {@code job.target} block
     * @param workers worker threads, 0 = sequential engine
     * @param outputDir the output directory, absolute
     * @param mode the job mode
     * @param jobFile the job file, or {@code null}
     * @param checkpointEvery rounds between checkpoints, ≥ 0
     * @param checkpointDir the checkpoint directory, absolute
     * @param autoLevels whether {@code job.temperatures.count = auto}
     * @param levelCountChoice how the pilot chose the level count, or {@code null}
     */
    public JobSpec(SamplerSettings sampler, Config target, int workers, Path outputDir, String mode, Path jobFile,
            int checkpointEvery, Path checkpointDir, boolean autoLevels, LevelCountChoice levelCountChoice) {
        this(sampler, target, workers, outputDir, mode, jobFile, checkpointEvery, checkpointDir, autoLevels,
                levelCountChoice, OutputFormat.DEFAULT, false);
    }

    /**
     * A job whose level count has not been chosen by a pilot (yet).
     *
     * @param sampler the sampling settings
     * @param target the {@code job.target} block
     * @param workers worker threads, 0 = sequential engine
     * @param outputDir the output directory, absolute
     * @param mode the job mode
     * @param jobFile the job file, or {@code null}
     * @param checkpointEvery rounds between checkpoints, ≥ 0
     * @param checkpointDir the checkpoint directory, absolute
     * @param autoLevels whether {@code job.temperatures.count = auto}
     */
    public JobSpec(SamplerSettings sampler, Config target, int workers, Path outputDir, String mode, Path jobFile,
            int checkpointEvery, Path checkpointDir, boolean autoLevels) {
        this(sampler, target, workers, outputDir, mode, jobFile, checkpointEvery, checkpointDir, autoLevels, null);
    }

    /**
     * A job with the default checkpoint interval and directory and a fixed level count.
     *
     * @param sampler the sampling settings
     * @param target the {@code job.target} block
     * @param workers worker threads, 0 = sequential engine
     * @param outputDir the output directory, absolute
     * @param mode the job mode
     * @param jobFile the job file, or {@code null}
     */
    public JobSpec(SamplerSettings sampler, Config target, int workers, Path outputDir, String mode, Path jobFile) {
        this(sampler, target, workers, outputDir, mode, jobFile, defaultCheckpointEvery(sampler.rounds()),
                outputDir.resolve(DEFAULT_CHECKPOINT_DIR), false);
    }

    /** Name of the default checkpoint directory inside the output directory. */
    public static final String DEFAULT_CHECKPOINT_DIR = "checkpoints";

    /**
     * @param rounds the job's rounds R
     * @return the default of {@code job.checkpoint-every}: R / 10, at least 1
     */
    public static int defaultCheckpointEvery(int rounds) {
        return Math.max(1, rounds / 10);
    }

    /** The sampling mode: MCMC draws of the target at β = 1. */
    public static final String MODE_SAMPLE = "sample";
    /** The values {@code job.mode} accepts. */
    public static final List<String> MODES = List.of(MODE_SAMPLE);

    /** Default of {@code job.seed}. */
    public static final long DEFAULT_SEED = 1L;
    /** Default of {@code job.chains}. */
    public static final int DEFAULT_CHAINS = 4;
    /** Default of {@code job.temperatures.count}. */
    public static final int DEFAULT_LEVELS = 8;
    /** The value of {@code job.temperatures.count} that lets a pilot run choose the level count. */
    public static final String AUTO_LEVELS = "auto";
    /** Levels of the pilot's geometric ladder with {@code job.temperatures.count = auto}. */
    public static final int AUTO_PILOT_LEVELS = 32;
    /** Default of {@code job.temperatures.beta-min}. */
    public static final double DEFAULT_BETA_MIN = 0.01;
    /** Default of {@code job.swap}. */
    public static final SwapRule DEFAULT_SWAP = SwapRule.DEO;
    /** Default of {@code job.rounds}. */
    public static final int DEFAULT_ROUNDS = 2000;
    /** Default of {@code job.steps-per-round}. */
    public static final int DEFAULT_STEPS_PER_ROUND = 10;
    /** Default of {@code job.thin}. */
    public static final int DEFAULT_THIN = 1;
    /** Default of {@code job.proposal.scale}. */
    public static final double DEFAULT_PROPOSAL_SCALE = 1.0;
    /** Default of {@code job.proposal.adapt}. */
    public static final AdaptationMode DEFAULT_ADAPT = AdaptationMode.SCALE;
    /** Upper bound of {@code job.chains}. */
    public static final int MAX_CHAINS = 10_000;
    /** Upper bound of {@code job.temperatures.count} and of the length of {@code job.temperatures.betas}. */
    public static final int MAX_LEVELS = 1_000;
    /** Upper bound of the replicas of a job, chains × levels. */
    public static final int MAX_REPLICAS = 100_000;
    /** Upper bound of {@code job.workers} and {@code --workers}. */
    public static final int MAX_WORKERS = 1_024;
    /**
     * Upper bound of {@code job.rounds}, {@code job.steps-per-round}, {@code job.burn-in-rounds},
     * {@code job.thin} and {@code job.checkpoint-every}: 2<sup>31</sup> − 1.
     */
    public static final int MAX_COUNT = Integer.MAX_VALUE;
    /** Parent of the default output directory, {@code out/<job file name without extension>}. */
    public static final String DEFAULT_OUTPUT_PARENT = "out";

    static final List<String> ROOT_KEYS = List.of("job", "output");
    static final List<String> INIT_KEYS = List.of("values", "names", "file", "jitter", "design", "points", "lower",
            "upper");
    /** The path of {@code output.draws-metrics} in a job's configuration. */
    static final String DRAWS_METRICS_PATH = "output.draws-metrics";

    /**
     * Values given on the command line that win over the job file; each {@code null} when not given.
     *
     * @param out replaces {@code output.dir}
     * @param workers replaces {@code job.workers}, ≥ 0
     * @param seed replaces {@code job.seed}
     */
    public record Overrides(Path out, Integer workers, Long seed) {
        /** No overrides. */
        public static final Overrides NONE = new Overrides(null, null, null);
    }

    /**
     * @throws ConfigurationException if workers &lt; 0, chains × levels exceeds {@link #MAX_REPLICAS}
     *     or the mode is unknown
     * @throws IllegalArgumentException if {@code levelCountChoice} is given without {@code autoLevels}
     *     or does not match the ladder
     */
    public JobSpec {
        outputFormats = JobSpecChecks.checked(sampler, target, workers, outputDir, mode, checkpointEvery, checkpointDir,
                autoLevels, levelCountChoice, outputFormats);
    }

    /**
     * The job with the level count chosen by a pilot ({@code job.temperatures.count = auto}).
     *
     * @param chosen the sampling settings with the chosen ladder
     * @param choice how it was chosen; {@code choice.chosenLevels()} must equal the ladder's size
     * @return a job equal to this one except for its sampler and {@link #levelCountChoice()}
     * @throws IllegalStateException if this job's count is not {@code auto}
     * @throws IllegalArgumentException if the choice does not match the ladder
     */
    public JobSpec withLevelCountChoice(SamplerSettings chosen, LevelCountChoice choice) {
        return JobSpecDerived.withLevelCountChoice(this, chosen, choice);
    }

    /** @return the {@code job.target} block as the job file gave it, without the initial values or design */
    public Config userTarget() {
        return InitialValues.strip(target).withoutPath(InitialValues.DESIGN_KEY);
    }

    /**
     * @return the initial design still to be evaluated ({@code job.init { design = ... }}): {@code design},
     *     {@code points}, {@code lower}, {@code upper}, {@code jitter}; or {@code null}
     */
    public Config initDesign() {
        return target.hasPath(InitialValues.DESIGN_KEY) ? target.getConfig(InitialValues.DESIGN_KEY) : null;
    }

    /**
     * The points of the initial design, for a target with the given parameters.
     *
     * @param names the target's parameter names
     * @return the design's points
     * @throws IllegalStateException if the job has no initial design
     * @throws ConfigurationException naming {@code job.init.lower} or {@code job.init.upper} if the bounds
     *     do not fit the target
     */
    public replex.core.evaluate.Design initDesignPoints(List<String> names) {
        return JobSpecDerived.initDesignPoints(this, names);
    }

    /**
     * The job with its replicas' starts chosen (from its initial design): one row per replica, in the
     * order of chain, then replica, with the design's jitter.
     *
     * @param rows C × K rows of the target's parameters, in its order
     * @param source how the summary and errors name the rows' origin
     * @return the job without its initial design, with these initial values
     */
    public JobSpec withInitialRows(double[][] rows, String source) {
        return JobSpecDerived.withInitialRows(this, rows, source);
    }

    /** @return where the replicas start ({@code job.init}), or {@code null}: {@link replex.core.Target#initialState} */
    public InitialValues init() {
        return InitialValues.of(target);
    }

    /**
     * Decides the hottest level of a ladder left to its default ({@link #hottestDefault()}): with a
     * normalised prior the ladder keeps its K levels, the hottest at β = 0 and the others geometric
     * from 1 down to {@value #DEFAULT_BETA_MIN} ({@link replex.core.ladder.Ladder#geometricToPrior}), so that the run
     * estimates the log evidence; otherwise it stays geometric down to {@value #DEFAULT_BETA_MIN}
     * (an improper or unnormalised prior cannot be the reference). Call it once the target is built,
     * before a {@code count = auto} pilot.
     *
     * @param normalisedPrior the target's {@link replex.core.Target#hasNormalisedPrior()}
     * @return this job if its hottest level is already decided, else the job with it decided
     */
    public JobSpec withHottestLevel(boolean normalisedPrior) {
        return JobSpecDerived.withHottestLevel(this, normalisedPrior);
    }

    /**
     * Reads and validates a job file.
     *
     * @param file a HOCON ({@code .conf}) or JSON ({@code .json}) job file
     * @param overrides command-line values that replace the file's, or {@link Overrides#NONE}
     * @return the job; a relative output directory is resolved against the working directory
     * @throws ConfigurationException if the file is missing or unreadable, has a syntax error (the
     *     message gives the line), or any value is invalid (the message names the key)
     */
    public static JobSpec load(Path file, Overrides overrides) {
        return JobSpecSections.build(read(file), overrides, Path.of("").toAbsolutePath(), file);
    }

    /** Reads a job file, any mode, with its includes and substitutions resolved ({@link JobSpecFiles#read}). */
    static Config read(Path file) {
        return JobSpecFiles.read(file);
    }

    /**
     * The job of a JSON text as {@link #toJson} writes it and nodes, clients and checkpoints pass it
     * on: strict JSON ({@link JobJson#parse}: no includes, no substitutions), no command-line
     * overrides, relative paths against the working directory.
     *
     * @param json the job document, with {@code job} and optionally {@code output}
     * @return the job
     * @throws ConfigurationException if the text is not plain JSON or a value is invalid (the message
     *     names the key)
     * @throws com.typesafe.config.ConfigException if the JSON is malformed
     */
    public static JobSpec fromJson(String json) {
        return fromConfig(JobJson.parse(json), Overrides.NONE, null);
    }

    /**
     * @return the effective job as concise JSON ({@link #toConfig}), which {@link #fromJson} reads
     *     back to the same job
     */
    public String toJson() {
        return toConfig().root().render(com.typesafe.config.ConfigRenderOptions.concise());
    }

    /**
     * @return the job's {@code target} block as concise JSON, as nodes receive it to build the target
     */
    public String targetJson() {
        return target().root().render(com.typesafe.config.ConfigRenderOptions.concise());
    }

    /**
     * Validates a job given as a parsed configuration (e.g. from a submitted job).
     *
     * @param root the whole job document, holding {@code job} and optionally {@code output};
     *     substitutions already resolved
     * @param overrides command-line values that replace the document's, or {@link Overrides#NONE}
     * @param baseDir the directory a relative output directory is resolved against (normally the
     *     working directory); {@code null} means the working directory
     * @return the job, without a job file; the default output directory is {@code out/job}
     * @throws ConfigurationException if a value is invalid (the message names the key)
     */
    public static JobSpec fromConfig(Config root, Overrides overrides, Path baseDir) {
        return JobSpecSections.build(root, overrides, baseDir == null ? Path.of("").toAbsolutePath() : baseDir, null);
    }

    static Config externalCommandPaths(Config target, Path jobDir, Path outputDir) {
        return JobSpecFiles.externalCommandPaths(target, jobDir, outputDir);
    }

    static Config targetBlock(ConfigValue value) {
        return JobSpecSections.targetBlock(value);
    }

    static Path outputDir(ConfigValue output, Path override, Path baseDir, Path jobFile) {
        return JobSpecOutput.outputDir(output, override, baseDir, jobFile);
    }

    static Path checkpointDir(ConfigValue output, Path outputDir, Path baseDir) {
        return JobSpecOutput.checkpointDir(output, outputDir, baseDir);
    }

    static String jobName(Path jobFile) {
        return JobSpecOutput.jobName(jobFile);
    }

    /**
     * The effective job with every default filled in, in the job-file format: loading it again (with
     * {@link #fromConfig}) gives an equal job. The ladder is written as explicit {@code betas}, except
     * for {@code count = auto} before the pilot has run ({@code count = auto} and {@code beta-min});
     * a ladder whose hottest level is still undecided ({@link #hottestDefault()}) is written as it
     * stands, ending at {@value #DEFAULT_BETA_MIN}, so call {@link #withHottestLevel} first;
     * {@code job.init} is written with its rows as {@code values} (a file's too) and {@code names};
     * after the pilot, the chosen ladder is written as {@code betas}, so that loading it again runs
     * the same ladder without a new pilot (and without {@link #levelCountChoice()}).
     *
     * @return a configuration with {@code job} and {@code output}
     */
    public Config toConfig() {
        return JobSpecConfig.toConfig(this);
    }

    /** @return {@link #toConfig()} as formatted HOCON, keys sorted */
    public String render() {
        return JobSpecConfig.render(this);
    }
}
