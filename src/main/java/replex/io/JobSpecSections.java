package replex.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;
import replex.core.InitialValues;
import replex.core.SamplerSettings;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;

/**
 * Parses and validates the {@code job} block of a sampling job file into a {@link JobSpec}: the mode,
 * seed, target, chains, temperatures, swaps, rounds, proposal, workers, checkpoints and initial values
 * (the {@code output} block is read by {@link JobSpecOutput}).
 *
 * <p>Thread-safe: stateless.
 */
final class JobSpecSections {

    static final List<String> JOB_KEYS = List.of("mode", "seed", "target", "chains", "temperatures", "swap",
            "rounds", "steps-per-round", "burn-in-rounds", "thin", "proposal", "workers", "checkpoint-every", "init");
    static final List<String> TEMPERATURE_KEYS = List.of("count", "beta-min", "betas", "adapt");
    static final List<String> PROPOSAL_KEYS = List.of("scale", "adapt");
    private static final List<String> SWAP_RULES = List.of("deo", "seo");
    private static final String ADAPT_VALUES = "false | true | none | scale | covariance";

    private JobSpecSections() {
    }

    static JobSpec build(Config root, JobSpec.Overrides overrides, Path baseDir, Path jobFile) {
        Objects.requireNonNull(root, "root");
        JobSpec.Overrides o = overrides == null ? JobSpec.Overrides.NONE : overrides;
        ConfigObject top = root.root();
        ConfigValues.allowOnly(top, "", JobSpec.ROOT_KEYS);
        ConfigValue jobValue = top.get("job");
        if (jobValue == null) {
            throw new ConfigurationException("job", "missing; a job file needs a block job { target { name = "
                    + "gaussian } } (see the documentation of the job file)");
        }
        ConfigObject job = ConfigValues.object(jobValue, "job", "an object job { ... }");
        JobParts.refuseOtherModes(job); // OptimizeSpec.load and EvaluateSpec.load read those
        ConfigValues.allowOnly(job, "job", JOB_KEYS);

        String mode = job.get("mode") == null ? JobSpec.MODE_SAMPLE
                : ConfigValues.choice(job.get("mode"), "job.mode", JobSpec.MODES);
        long seed = o.seed() != null ? o.seed()
                : job.get("seed") == null ? JobSpec.DEFAULT_SEED
                : ConfigValues.integer(job.get("seed"), "job.seed", "a 64-bit integer", Long.MIN_VALUE, Long.MAX_VALUE);
        Config target = targetBlock(job.get("target"));
        int chains = intOf(job, "chains", 1, JobSpec.MAX_CHAINS, JobSpec.DEFAULT_CHAINS);
        boolean autoLevels = autoLevels(job.get("temperatures"));
        Ladder ladder = ladder(job.get("temperatures"));
        JobSpecChecks.checkReplicas(chains, ladder.size());
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
        SwapRule swap = job.get("swap") == null ? JobSpec.DEFAULT_SWAP
                : SwapRule.valueOf(ConfigValues.choice(job.get("swap"), "job.swap", SWAP_RULES).toUpperCase(Locale.ROOT));
        int rounds = intOf(job, "rounds", 1, JobSpec.MAX_COUNT, JobSpec.DEFAULT_ROUNDS);
        int steps = intOf(job, "steps-per-round", 1, JobSpec.MAX_COUNT, JobSpec.DEFAULT_STEPS_PER_ROUND);
        int burnIn = intOf(job, "burn-in-rounds", 0, JobSpec.MAX_COUNT, rounds / 4);
        int thin = intOf(job, "thin", 1, JobSpec.MAX_COUNT, JobSpec.DEFAULT_THIN);

        double scale = JobSpec.DEFAULT_PROPOSAL_SCALE;
        AdaptationMode adapt = JobSpec.DEFAULT_ADAPT;
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
            if (o.workers() < 0 || o.workers() > JobSpec.MAX_WORKERS) {
                throw new ConfigurationException("--workers", "must be an integer in [0, " + JobSpec.MAX_WORKERS
                        + "] (0 = sequential engine), got " + o.workers());
            }
            workers = o.workers();
        } else {
            workers = intOf(job, "workers", 0, JobSpec.MAX_WORKERS,
                    Math.min(JobSpec.MAX_WORKERS, Runtime.getRuntime().availableProcessors()));
        }

        Path outputDir = JobSpecOutput.outputDir(top.get("output"), o.out(), baseDir, jobFile);
        if (jobFile != null) {
            target = JobSpecFiles.jobFilePaths(target, jobFile.toAbsolutePath().getParent(), outputDir);
        }
        int checkpointEvery = intOf(job, "checkpoint-every", 0, JobSpec.MAX_COUNT,
                JobSpec.defaultCheckpointEvery(rounds));
        Path checkpointDir = JobSpecOutput.checkpointDir(top.get("output"), outputDir, baseDir);
        SamplerSettings sampler = SamplerSettings.builder().seed(seed).chains(chains).ladder(ladder).swap(swap)
                .rounds(rounds).stepsPerRound(steps).burnInRounds(burnIn).thin(thin).proposalScale(scale)
                .adapt(adapt).adaptLadder(adaptLadder(job.get("temperatures")))
                .allLevels(JobSpecOutput.allLevels(top.get("output")))
                .drawMetrics(JobSpecOutput.drawMetrics(top.get("output")))
                .drawMetadata(JobSpecOutput.drawMetadata(top.get("output"))).build();
        return new JobSpec(sampler, target, workers, outputDir, mode, jobFile, checkpointEvery, checkpointDir,
                autoLevels, null, JobSpecOutput.outputFormats(top.get("output")), hottestDefault(job.get("temperatures")));
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
                && JobSpec.AUTO_LEVELS.equalsIgnoreCase(((String) count.unwrapped()).trim());
    }

    private static Ladder ladder(ConfigValue value) {
        if (value == null) {
            return Ladder.geometric(JobSpec.DEFAULT_LEVELS, JobSpec.DEFAULT_BETA_MIN);
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
            if (betas.valueType() == ConfigValueType.LIST && ((ConfigList) betas).size() > JobSpec.MAX_LEVELS) {
                throw new ConfigurationException("job.temperatures.betas", "holds " + ((ConfigList) betas).size()
                        + " levels, more than the limit " + JobSpec.MAX_LEVELS);
            }
            return Ladder.of(ConfigValues.numberList(betas, "job.temperatures.betas",
                    "a non-empty list of numbers like [1.0, 0.5, 0.25]"));
        }
        int count = JobSpec.DEFAULT_LEVELS;
        if (isAuto(t.get("count"))) {
            count = JobSpec.AUTO_PILOT_LEVELS;
        } else if (t.get("count") != null) {
            count = (int) ConfigValues.integer(t.get("count"), "job.temperatures.count",
                    "an integer >= 1 or " + JobSpec.AUTO_LEVELS, 1, JobSpec.MAX_LEVELS);
        }
        double betaMin = JobSpec.DEFAULT_BETA_MIN;
        if (t.get("beta-min") != null) {
            betaMin = ConfigValues.number(t.get("beta-min"), "job.temperatures.beta-min", "a number in (0, 1)");
        }
        return Ladder.geometric(count, betaMin);
    }
}
