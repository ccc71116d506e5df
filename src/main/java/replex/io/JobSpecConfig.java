package replex.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;

import replex.core.InitialValues;

/**
 * Renders a {@link JobSpec} as its effective configuration, every default filled in, in the job-file
 * format ({@link JobSpec#toConfig()}, {@link JobSpec#render()}).
 *
 * <p>Thread-safe: stateless.
 */
final class JobSpecConfig {

    private JobSpecConfig() {
    }

    /** {@link JobSpec#toConfig()}. */
    static Config toConfig(JobSpec job) {
        Map<String, Object> temperatures = new LinkedHashMap<>();
        if (job.autoLevels() && job.levelCountChoice() == null) {
            temperatures.put("count", JobSpec.AUTO_LEVELS);
            temperatures.put("beta-min", job.sampler().ladder().beta(job.sampler().levels() - 1));
        } else {
            List<Double> betas = new ArrayList<>();
            for (double b : job.sampler().ladder().betas()) {
                betas.add(b);
            }
            temperatures.put("betas", betas);
        }
        temperatures.put("adapt", job.sampler().adaptLadder());
        Map<String, Object> proposal = new LinkedHashMap<>();
        proposal.put("scale", job.sampler().proposalScale());
        proposal.put("adapt", job.sampler().adapt().name().toLowerCase(Locale.ROOT));
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("mode", job.mode());
        block.put("seed", job.sampler().seed());
        block.put("target", job.userTarget().root());
        block.put("chains", job.sampler().chains());
        block.put("temperatures", temperatures);
        block.put("swap", job.sampler().swap().name().toLowerCase(Locale.ROOT));
        block.put("rounds", job.sampler().rounds());
        block.put("steps-per-round", job.sampler().stepsPerRound());
        block.put("burn-in-rounds", job.sampler().burnInRounds());
        block.put("thin", job.sampler().thin());
        block.put("proposal", proposal);
        block.put("workers", job.workers());
        block.put("checkpoint-every", job.checkpointEvery());
        InitialValues init = job.init();
        if (init != null) {
            block.put("init", InitValues.toMap(init));
        } else if (job.initDesign() != null) {
            block.put("init", job.initDesign().root().unwrapped());
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("job", block);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("dir", job.outputDir().toString());
        output.put("checkpoint-dir", job.checkpointDir().toString());
        output.put("formats", job.outputFormats().stream().map(OutputFormat::key).toList());
        output.put("all-levels", job.sampler().allLevels());
        if (!job.sampler().drawMetrics().isEmpty()) {
            output.put("draws-metrics", job.sampler().drawMetrics());
        }
        if (!job.sampler().drawMetadata().isEmpty()) {
            output.put("draws-metadata", job.sampler().drawMetadata());
        }
        root.put("output", output);
        return ConfigValueFactory.fromMap(root, "effective job").toConfig();
    }

    /** {@link JobSpec#render()}. */
    static String render(JobSpec job) {
        return toConfig(job).root().render(ConfigRenderOptions.defaults().setOriginComments(false)
                .setComments(false).setJson(false).setFormatted(true));
    }
}
