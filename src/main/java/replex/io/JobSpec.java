package replex.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;
import replex.core.InitialValues;
import replex.core.SamplerSettings;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;
import replex.targets.CompositeTarget;
import replex.targets.LotkaVolterraTarget;

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
    static final List<String> JOB_KEYS = List.of("mode", "seed", "target", "chains", "temperatures", "swap",
            "rounds", "steps-per-round", "burn-in-rounds", "thin", "proposal", "workers", "checkpoint-every", "init");
    static final List<String> INIT_KEYS = List.of("values", "names", "file", "jitter", "design", "points", "lower",
            "upper");
    static final List<String> TEMPERATURE_KEYS = List.of("count", "beta-min", "betas", "adapt");
    static final List<String> PROPOSAL_KEYS = List.of("scale", "adapt");
    static final List<String> OUTPUT_KEYS = List.of("dir", "checkpoint-dir", "formats", "all-levels", "draws-metrics");
    /** The path of {@code output.draws-metrics} in a job's configuration. */
    static final String DRAWS_METRICS_PATH = "output.draws-metrics";
    private static final List<String> SWAP_RULES = List.of("deo", "seo");
    private static final String ADAPT_VALUES = "false | true | none | scale | covariance";

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
        Objects.requireNonNull(sampler, "sampler");
        if (levelCountChoice != null && (!autoLevels || levelCountChoice.chosenLevels() != sampler.levels())) {
            throw new IllegalArgumentException("a level count choice (" + levelCountChoice.chosenLevels()
                    + " levels) needs autoLevels and a ladder of that many levels, got " + autoLevels + " and "
                    + sampler.levels());
        }
        checkReplicas(sampler.chains(), sampler.levels());
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        if (checkpointEvery < 0) {
            throw new ConfigurationException("job.checkpoint-every", "must be an integer >= 0 (0 = no checkpoints), got "
                    + checkpointEvery);
        }
        if (workers < 0) {
            throw new ConfigurationException("job.workers", "must be an integer >= 0 (0 = sequential engine), got "
                    + workers);
        }
        if (!MODES.contains(mode)) {
            throw new ConfigurationException("job.mode", "must be one of " + String.join(" | ", MODES)
                    + ", got '" + mode + "'");
        }
        outputFormats = List.copyOf(outputFormats);
        if (!outputFormats.contains(OutputFormat.CSV) || outputFormats.size() != Set.copyOf(outputFormats).size()) {
            throw new ConfigurationException("output.formats", "must list csv and may add cmdstan, each once, got "
                    + outputFormats.stream().map(OutputFormat::key).toList());
        }
    }

    /** @throws ConfigurationException if chains × levels exceeds {@link #MAX_REPLICAS} */
    private static void checkReplicas(int chains, int levels) {
        if ((long) chains * levels > MAX_REPLICAS) {
            throw new ConfigurationException("job.chains", "job.chains x levels = " + chains + " x " + levels
                    + " = " + (long) chains * levels + " replicas, more than the limit " + MAX_REPLICAS
                    + "; use fewer chains or levels");
        }
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
        if (!autoLevels) {
            throw new IllegalStateException("job.temperatures.count is not auto");
        }
        InitialValues init = init();
        Config block = init == null ? target : new InitialValues(rows(init), init.names(), init.jitter(), init.key(),
                init.source(), chosen.chains(), chosen.levels()).embed(userTarget());
        return new JobSpec(chosen, block, workers, outputDir, mode, jobFile, checkpointEvery, checkpointDir, true,
                Objects.requireNonNull(choice, "choice"), outputFormats, hottestDefault);
    }

    private static double[][] rows(InitialValues init) {
        double[][] rows = new double[init.rowCount()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = init.row(i);
        }
        return rows;
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
        Config d = initDesign();
        if (d == null) {
            throw new IllegalStateException("the job has no initial design");
        }
        return EvaluateSpec.design(InitValues.designSettings(d), sampler.seed(), names, "job.init", "job.init.design");
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
        Config d = initDesign();
        double jitter = d == null ? 0 : d.getDouble("jitter");
        InitialValues init = new InitialValues(rows, null, jitter, "job.init", source, sampler.chains(),
                sampler.levels());
        return new JobSpec(sampler, init.embed(userTarget()), workers, outputDir, mode, jobFile, checkpointEvery,
                checkpointDir, autoLevels, levelCountChoice, outputFormats, hottestDefault);
    }

    /** @return where the replicas start ({@code job.init}), or {@code null}: {@link replex.core.Target#initialState} */
    public InitialValues init() {
        return InitialValues.of(target);
    }

    /**
     * Decides the hottest level of a ladder left to its default ({@link #hottestDefault()}): with a
     * normalised prior the ladder keeps its K levels, the hottest at β = 0 and the others geometric
     * from 1 down to {@value #DEFAULT_BETA_MIN} ({@link Ladder#geometricToPrior}), so that the run
     * estimates the log evidence; otherwise it stays geometric down to {@value #DEFAULT_BETA_MIN}
     * (an improper or unnormalised prior cannot be the reference). Call it once the target is built,
     * before a {@code count = auto} pilot.
     *
     * @param normalisedPrior the target's {@link replex.core.Target#hasNormalisedPrior()}
     * @return this job if its hottest level is already decided, else the job with it decided
     */
    public JobSpec withHottestLevel(boolean normalisedPrior) {
        if (!hottestDefault) {
            return this;
        }
        SamplerSettings s = sampler;
        if (normalisedPrior && s.levels() > 1) {
            s = new SamplerSettings(s.seed(), s.chains(), Ladder.geometricToPrior(s.levels(), DEFAULT_BETA_MIN),
                    s.swap(), s.rounds(), s.stepsPerRound(), s.burnInRounds(), s.thin(), s.proposalScale(), s.adapt(),
                    s.adaptLadder(), s.allLevels(), s.drawMetrics());
        }
        return new JobSpec(s, target, workers, outputDir, mode, jobFile, checkpointEvery, checkpointDir, autoLevels,
                levelCountChoice, outputFormats, false);
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
        Config root = read(file);
        return build(root, overrides, Path.of("").toAbsolutePath(), file);
    }

    /**
     * Reads a job file, any mode, with its includes and substitutions resolved.
     *
     * @param file a HOCON ({@code .conf}) or JSON ({@code .json}) job file
     * @return the whole file
     * @throws ConfigurationException if the file is missing or unreadable, or has a syntax error (the
     *     message gives the line)
     */
    static Config read(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            throw new ConfigurationException(null, "job file " + file + " not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(null, "job file " + file + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigurationException(null, "job file " + file + " is not readable");
        }
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve();
        } catch (ConfigException e) {
            throw parseError(file, e);
        }
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
        return build(root, overrides, baseDir == null ? Path.of("").toAbsolutePath() : baseDir, null);
    }

    static ConfigurationException parseError(Path file, ConfigException e) {
        ConfigOrigin origin = e.origin();
        String detail = e.getMessage();
        if (origin != null && detail != null && detail.startsWith(origin.description() + ": ")) {
            detail = detail.substring(origin.description().length() + 2);
        }
        String where = "job file " + file + (origin != null && origin.lineNumber() > 0
                ? ", line " + origin.lineNumber() : "");
        String kind = e instanceof ConfigException.UnresolvedSubstitution ? "unresolved substitution"
                : e instanceof ConfigException.Parse ? "syntax error" : "cannot be read";
        return new ConfigurationException(null, where + ": " + kind + ": " + detail, e);
    }

    private static JobSpec build(Config root, Overrides overrides, Path baseDir, Path jobFile) {
        Objects.requireNonNull(root, "root");
        Overrides o = overrides == null ? Overrides.NONE : overrides;
        ConfigObject top = root.root();
        ConfigValues.allowOnly(top, "", ROOT_KEYS);
        ConfigValue jobValue = top.get("job");
        if (jobValue == null) {
            throw new ConfigurationException("job", "missing; a job file needs a block job { target { name = "
                    + "gaussian } } (see the documentation of the job file)");
        }
        ConfigObject job = ConfigValues.object(jobValue, "job", "an object job { ... }");
        if (OptimizeSpec.isOptimize(job)) {
            throw OptimizeSpec.notSupportedHere(); // replex run reads these with OptimizeSpec.load
        }
        if (EvaluateSpec.isEvaluate(job)) {
            throw EvaluateSpec.notSupportedHere(); // read with EvaluateSpec.load
        }
        ConfigValues.allowOnly(job, "job", JOB_KEYS);

        String mode = job.get("mode") == null ? MODE_SAMPLE : ConfigValues.choice(job.get("mode"), "job.mode", MODES);
        long seed = o.seed() != null ? o.seed()
                : job.get("seed") == null ? DEFAULT_SEED
                : ConfigValues.integer(job.get("seed"), "job.seed", "a 64-bit integer", Long.MIN_VALUE, Long.MAX_VALUE);
        Config target = targetBlock(job.get("target"));
        int chains = intOf(job, "chains", 1, MAX_CHAINS, DEFAULT_CHAINS);
        boolean autoLevels = autoLevels(job.get("temperatures"));
        Ladder ladder = ladder(job.get("temperatures"));
        checkReplicas(chains, ladder.size());
        InitialValues init = InitValues.read(job.get("init"), chains, ladder.size(), autoLevels,
                jobFile != null && jobFile.toAbsolutePath().getParent() != null ? jobFile.toAbsolutePath().getParent()
                        : baseDir);
        if (init != null) {
            target = init.embed(target);
        }
        Config design = InitValues.design(job.get("init"), autoLevels ? chains : (long) chains * ladder.size());
        if (design != null) { // chosen by replex.api.InitialDesign before the run
            target = target.withValue(InitialValues.DESIGN_KEY, design.root());
        }
        SwapRule swap = job.get("swap") == null ? DEFAULT_SWAP
                : SwapRule.valueOf(ConfigValues.choice(job.get("swap"), "job.swap", SWAP_RULES).toUpperCase(Locale.ROOT));
        int rounds = intOf(job, "rounds", 1, MAX_COUNT, DEFAULT_ROUNDS);
        int steps = intOf(job, "steps-per-round", 1, MAX_COUNT, DEFAULT_STEPS_PER_ROUND);
        int burnIn = intOf(job, "burn-in-rounds", 0, MAX_COUNT, rounds / 4);
        int thin = intOf(job, "thin", 1, MAX_COUNT, DEFAULT_THIN);

        double scale = DEFAULT_PROPOSAL_SCALE;
        AdaptationMode adapt = DEFAULT_ADAPT;
        if (job.get("proposal") != null) {
            ConfigObject proposal = ConfigValues.object(job.get("proposal"), "job.proposal",
                    "an object like { scale = 1.0, adapt = true }");
            ConfigValues.allowOnly(proposal, "job.proposal", PROPOSAL_KEYS);
            if (proposal.get("scale") != null) {
                scale = ConfigValues.number(proposal.get("scale"), "job.proposal.scale", "a finite number > 0");
            }
            if (proposal.get("adapt") != null) {
                adapt = AdaptationMode.parse(ConfigValues.text(proposal.get("adapt"), "job.proposal.adapt",
                        "one of " + ADAPT_VALUES));
            }
        }

        int workers;
        if (o.workers() != null) {
            if (o.workers() < 0 || o.workers() > MAX_WORKERS) {
                throw new ConfigurationException("--workers", "must be an integer in [0, " + MAX_WORKERS
                        + "] (0 = sequential engine), got " + o.workers());
            }
            workers = o.workers();
        } else {
            workers = intOf(job, "workers", 0, MAX_WORKERS,
                    Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors()));
        }

        Path outputDir = outputDir(top.get("output"), o.out(), baseDir, jobFile);
        if (jobFile != null) {
            target = jobFilePaths(target, jobFile.toAbsolutePath().getParent(), outputDir);
        }
        int checkpointEvery = intOf(job, "checkpoint-every", 0, MAX_COUNT, defaultCheckpointEvery(rounds));
        Path checkpointDir = checkpointDir(top.get("output"), outputDir, baseDir);
        SamplerSettings sampler = new SamplerSettings(seed, chains, ladder, swap, rounds, steps, burnIn, thin, scale,
                adapt, adaptLadder(job.get("temperatures")), allLevels(top.get("output")),
                drawMetrics(top.get("output")));
        return new JobSpec(sampler, target, workers, outputDir, mode, jobFile, checkpointEvery, checkpointDir,
                autoLevels, null, outputFormats(top.get("output")), hottestDefault(job.get("temperatures")));
    }

    /**
     * What a job file's target block means relative to the job file, made independent of it: the
     * paths of a {@code target.command} ({@link #externalCommandPaths}) and a data file
     * ({@code data = "file.json"} of the Lotka–Volterra target, read here and put inline), in the
     * block itself or, for a composite target, in each of its terms and its prior.
     */
    private static Config jobFilePaths(Config target, Path jobDir, Path outputDir) {
        if (CompositeTarget.isComposite(target)) {
            return CompositeTarget.mapBlocks(target, (block, key) -> blockPaths(block, key, jobDir, outputDir));
        }
        return blockPaths(target, "job.target", jobDir, outputDir);
    }

    private static Config blockPaths(Config block, String key, Path jobDir, Path outputDir) {
        return LotkaVolterraTarget.inlineDataFile(externalCommandPaths(block, jobDir, outputDir), jobDir, key);
    }

    /**
     * For a target in another language ({@code target.command}, read by
     * {@code replex.targets.ExternalTarget}), makes the job file's relative paths absolute, so that
     * the job means the same from any working directory and on every node: the program (first
     * element) if it holds a '/', every later argument that names an existing file or folder next to
     * the job file, and {@code directory} (the children's working directory, by default the job
     * file's folder). Adds {@code stderr-log}, {@code <output dir>/target-stderr.log}, unless given.
     * Other blocks, and a command that is not a list of strings (the target reports that), are
     * returned unchanged.
     */
    static Config externalCommandPaths(Config target, Path jobDir, Path outputDir) {
        ConfigValue command = target.root().get("command");
        if (command == null || command.valueType() != ConfigValueType.LIST || jobDir == null) {
            return target;
        }
        List<Object> resolved = new ArrayList<>();
        for (Object element : (List<?>) command.unwrapped()) {
            if (!(element instanceof String s) || s.isEmpty()) {
                return target;
            }
            Path p;
            try {
                p = Path.of(s);
            } catch (java.nio.file.InvalidPathException e) {
                resolved.add(s);
                continue;
            }
            boolean first = resolved.isEmpty();
            boolean relativeFile = !p.isAbsolute() && !s.startsWith("-")
                    && (first ? s.contains("/") : Files.exists(jobDir.resolve(p)));
            resolved.add(relativeFile ? jobDir.resolve(p).normalize().toString() : s);
        }
        Config result = target.withValue("command", ConfigValueFactory.fromIterable(resolved, "job.target.command"));
        ConfigValue directory = target.root().get("directory");
        if (directory == null) {
            result = result.withValue("directory", ConfigValueFactory.fromAnyRef(jobDir.toString()));
        } else if (directory.valueType() == ConfigValueType.STRING) {
            result = result.withValue("directory", ConfigValueFactory.fromAnyRef(
                    jobDir.resolve((String) directory.unwrapped()).normalize().toString()));
        }
        if (!target.hasPath("stderr-log")) {
            result = result.withValue("stderr-log", ConfigValueFactory.fromAnyRef(
                    outputDir.resolve("target-stderr.log").toString()));
        }
        return result;
    }

    /** Neither {@code temperatures.beta-min} nor {@code temperatures.betas} given (checked by {@link #ladder}). */
    private static boolean hottestDefault(ConfigValue value) {
        if (value == null) {
            return true;
        }
        ConfigObject t = (ConfigObject) value;
        return t.get("beta-min") == null && t.get("betas") == null;
    }

    private static int intOf(ConfigObject job, String key, int min, int max, int defaultValue) {
        ConfigValue v = job.get(key);
        if (v == null) {
            return defaultValue;
        }
        return (int) ConfigValues.integer(v, "job." + key, "an integer >= " + min, min, max);
    }

    static Config targetBlock(ConfigValue value) {
        String shape = "an object like { name = gaussian } or { class = \"com.example.MyTarget\" }";
        if (value == null) {
            throw new ConfigurationException("job.target", "missing; must be " + shape);
        }
        ConfigObject block = ConfigValues.object(value, "job.target", shape);
        if (block.get(InitialValues.DESIGN_KEY) != null) {
            throw new ConfigurationException("job.target." + InitialValues.DESIGN_KEY, "is reserved: give an initial "
                    + "design as job.init { design = latin-hypercube, points = 100, lower = ..., upper = ... }");
        }
        if (block.get(InitialValues.BLOCK_KEY) != null) {
            throw new ConfigurationException("job.target." + InitialValues.BLOCK_KEY, "is reserved: give where the "
                    + "replicas start as job.init { values = [...] } or job.init { file = \"init.csv\" }");
        }
        return block.toConfig();
    }

    /** {@code temperatures.adapt}: true or false, default false. */
    private static boolean adaptLadder(ConfigValue value) {
        if (value == null) {
            return false;
        }
        ConfigValue adapt = ((ConfigObject) value).get("adapt");
        if (adapt == null) {
            return false;
        }
        if (adapt.valueType() != com.typesafe.config.ConfigValueType.BOOLEAN) {
            throw ConfigValues.wrongType("job.temperatures.adapt", "must be true or false", adapt);
        }
        return (Boolean) adapt.unwrapped();
    }

    /** {@code temperatures.count = auto} (any case); other values are checked by {@link #ladder}. */
    private static boolean autoLevels(ConfigValue value) {
        return value != null && value.valueType() == ConfigValueType.OBJECT
                && isAuto(((ConfigObject) value).get("count"));
    }

    private static boolean isAuto(ConfigValue count) {
        return count != null && count.valueType() == ConfigValueType.STRING
                && AUTO_LEVELS.equalsIgnoreCase(((String) count.unwrapped()).trim());
    }

    private static Ladder ladder(ConfigValue value) {
        if (value == null) {
            return Ladder.geometric(DEFAULT_LEVELS, DEFAULT_BETA_MIN);
        }
        ConfigObject t = ConfigValues.object(value, "job.temperatures",
                "an object like { count = 8, beta-min = 0.01 } or { betas = [1.0, 0.5, 0.25] }");
        ConfigValues.allowOnly(t, "job.temperatures", TEMPERATURE_KEYS);
        if (t.get("betas") != null) {
            if (t.get("count") != null || t.get("beta-min") != null) {
                throw new ConfigurationException("job.temperatures", "give either count (and beta-min) for a "
                        + "geometric ladder, or betas for an explicit one, not both");
            }
            ConfigValue betas = t.get("betas");
            if (betas.valueType() == ConfigValueType.LIST && ((ConfigList) betas).size() > MAX_LEVELS) {
                throw new ConfigurationException("job.temperatures.betas", "holds " + ((ConfigList) betas).size()
                        + " levels, more than the limit " + MAX_LEVELS);
            }
            return Ladder.of(ConfigValues.numberList(betas, "job.temperatures.betas",
                    "a non-empty list of numbers like [1.0, 0.5, 0.25]"));
        }
        int count = DEFAULT_LEVELS;
        if (isAuto(t.get("count"))) {
            count = AUTO_PILOT_LEVELS;
        } else if (t.get("count") != null) {
            count = (int) ConfigValues.integer(t.get("count"), "job.temperatures.count",
                    "an integer >= 1 or " + AUTO_LEVELS, 1, MAX_LEVELS);
        }
        double betaMin = DEFAULT_BETA_MIN;
        if (t.get("beta-min") != null) {
            betaMin = ConfigValues.number(t.get("beta-min"), "job.temperatures.beta-min", "a number in (0, 1)");
        }
        return Ladder.geometric(count, betaMin);
    }

    static Path outputDir(ConfigValue output, Path override, Path baseDir, Path jobFile) {
        String dir = null;
        if (output != null) {
            ConfigObject o = ConfigValues.object(output, "output", "an object like { dir = \"out/run1\" }");
            ConfigValues.allowOnly(o, "output", OUTPUT_KEYS);
            if (o.get("dir") != null) {
                dir = ConfigValues.text(o.get("dir"), "output.dir", "a directory path");
                if (dir.isEmpty()) {
                    throw new ConfigurationException("output.dir", "must not be empty");
                }
            }
        }
        Path chosen;
        if (override != null) {
            if (override.toString().isEmpty()) {
                throw new ConfigurationException("--out", "must not be empty; give a directory, e.g. --out out/run1");
            }
            chosen = override;
        } else if (dir != null) {
            try {
                chosen = Path.of(dir);
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigurationException("output.dir", "is not a valid path: " + e.getMessage(), e);
            }
        } else {
            chosen = Path.of(DEFAULT_OUTPUT_PARENT, jobName(jobFile));
        }
        return baseDir.resolve(chosen).toAbsolutePath().normalize();
    }

    /** {@code output.checkpoint-dir}, relative to the working directory; default {@code <output dir>/checkpoints}. */
    static Path checkpointDir(ConfigValue output, Path outputDir, Path baseDir) {
        ConfigValue v = output == null ? null : ((ConfigObject) output).get("checkpoint-dir");
        if (v == null) {
            return outputDir.resolve(DEFAULT_CHECKPOINT_DIR);
        }
        String dir = ConfigValues.text(v, "output.checkpoint-dir", "a directory path");
        if (dir.isEmpty()) {
            throw new ConfigurationException("output.checkpoint-dir", "must not be empty");
        }
        try {
            return baseDir.resolve(Path.of(dir)).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigurationException("output.checkpoint-dir", "is not a valid path: " + e.getMessage(), e);
        }
    }

    /** {@code output.all-levels}: true or false, default false. */
    private static boolean allLevels(ConfigValue output) {
        ConfigValue v = output == null ? null : ((ConfigObject) output).get("all-levels");
        if (v == null) {
            return false;
        }
        if (v.valueType() != ConfigValueType.BOOLEAN) {
            throw ConfigValues.wrongType("output.all-levels", "must be true or false (true also writes the draws of "
                    + "every level, draws-level-<k>.csv)", v);
        }
        return (Boolean) v.unwrapped();
    }

    /** {@code output.draws-metrics}: a list of distinct metric names, default empty. */
    private static List<String> drawMetrics(ConfigValue output) {
        ConfigValue v = output == null ? null : ((ConfigObject) output).get("draws-metrics");
        if (v == null) {
            return List.of();
        }
        String allowed = "must be a list of distinct metric names of the target's evaluation, e.g. [steps]";
        if (v.valueType() != ConfigValueType.LIST) {
            throw ConfigValues.wrongType(DRAWS_METRICS_PATH, allowed, v);
        }
        List<String> names = new ArrayList<>();
        for (ConfigValue item : (ConfigList) v) {
            if (item.valueType() != ConfigValueType.STRING || ((String) item.unwrapped()).isBlank()) {
                throw ConfigValues.wrongType(DRAWS_METRICS_PATH, allowed, item);
            }
            String name = (String) item.unwrapped();
            if (names.contains(name)) {
                throw new ConfigurationException(DRAWS_METRICS_PATH, "names the metric '" + name + "' twice");
            }
            names.add(name);
        }
        if (names.size() > MAX_DRAWS_METRICS) {
            throw new ConfigurationException(DRAWS_METRICS_PATH, "must name at most " + MAX_DRAWS_METRICS
                    + " metrics (the limit), got " + names.size());
        }
        return List.copyOf(names);
    }

    /** The most metrics {@code output.draws-metrics} may name. */
    static final int MAX_DRAWS_METRICS = 1000;

    /** {@code output.formats}: a list of distinct formats holding csv; default [csv]. */
    private static List<OutputFormat> outputFormats(ConfigValue output) {
        ConfigValue v = output == null ? null : ((ConfigObject) output).get("formats");
        if (v == null) {
            return OutputFormat.DEFAULT;
        }
        List<String> keys = new ArrayList<>();
        for (OutputFormat f : OutputFormat.values()) {
            keys.add(f.key());
        }
        String shape = "a list like [csv, cmdstan]";
        if (v.valueType() != ConfigValueType.LIST) {
            throw ConfigValues.wrongType("output.formats", "must be " + shape, v);
        }
        List<OutputFormat> formats = new ArrayList<>();
        ConfigList list = (ConfigList) v;
        for (int i = 0; i < list.size(); i++) {
            OutputFormat f = OutputFormat.valueOf(ConfigValues.choice(list.get(i), "output.formats[" + i + "]", keys)
                    .toUpperCase(Locale.ROOT));
            if (formats.contains(f)) {
                throw new ConfigurationException("output.formats", "lists " + f.key() + " twice");
            }
            formats.add(f);
        }
        if (!formats.contains(OutputFormat.CSV)) {
            throw new ConfigurationException("output.formats", "must hold csv (draws.csv, which replex plot reads),"
                    + " e.g. [csv, cmdstan]; got " + list.render(ConfigRenderOptions.concise()));
        }
        return formats;
    }

    /** @return the job file's name without its extension, or {@code job} */
    static String jobName(Path jobFile) {
        if (jobFile == null || jobFile.getFileName() == null) {
            return "job";
        }
        String name = jobFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
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
        Map<String, Object> temperatures = new LinkedHashMap<>();
        if (autoLevels && levelCountChoice == null) {
            temperatures.put("count", AUTO_LEVELS);
            temperatures.put("beta-min", sampler.ladder().beta(sampler.levels() - 1));
        } else {
            List<Double> betas = new ArrayList<>();
            for (double b : sampler.ladder().betas()) {
                betas.add(b);
            }
            temperatures.put("betas", betas);
        }
        temperatures.put("adapt", sampler.adaptLadder());
        Map<String, Object> proposal = new LinkedHashMap<>();
        proposal.put("scale", sampler.proposalScale());
        proposal.put("adapt", sampler.adapt().name().toLowerCase(Locale.ROOT));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("mode", mode);
        job.put("seed", sampler.seed());
        job.put("target", userTarget().root());
        job.put("chains", sampler.chains());
        job.put("temperatures", temperatures);
        job.put("swap", sampler.swap().name().toLowerCase(Locale.ROOT));
        job.put("rounds", sampler.rounds());
        job.put("steps-per-round", sampler.stepsPerRound());
        job.put("burn-in-rounds", sampler.burnInRounds());
        job.put("thin", sampler.thin());
        job.put("proposal", proposal);
        job.put("workers", workers);
        job.put("checkpoint-every", checkpointEvery);
        InitialValues init = init();
        if (init != null) {
            job.put("init", InitValues.toMap(init));
        } else if (initDesign() != null) {
            job.put("init", initDesign().root().unwrapped());
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("job", job);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("dir", outputDir.toString());
        output.put("checkpoint-dir", checkpointDir.toString());
        output.put("formats", outputFormats.stream().map(OutputFormat::key).toList());
        output.put("all-levels", sampler.allLevels());
        if (!sampler.drawMetrics().isEmpty()) {
            output.put("draws-metrics", sampler.drawMetrics());
        }
        root.put("output", output);
        return ConfigValueFactory.fromMap(root, "effective job").toConfig();
    }

    /** @return {@link #toConfig()} as formatted HOCON, keys sorted */
    public String render() {
        return toConfig().root().render(ConfigRenderOptions.defaults().setOriginComments(false)
                .setComments(false).setJson(false).setFormatted(true));
    }
}
