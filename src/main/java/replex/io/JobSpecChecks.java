package replex.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.typesafe.config.Config;

import replex.core.ConfigurationException;
import replex.core.SamplerSettings;

/**
 * The checks of a {@link JobSpec}'s components, made by its constructor (and the replica limit, by
 * the parser too).
 *
 * <p>Thread-safe: stateless.
 */
final class JobSpecChecks {

    private JobSpecChecks() {
    }

    /**
     * Checks the components of a job, in the order the constructor documents.
     *
     * @return {@code outputFormats}, copied
     * @throws ConfigurationException if workers &lt; 0, chains × levels exceeds {@link JobSpec#MAX_REPLICAS},
     *     the mode is unknown or the formats are not distinct and holding csv
     * @throws IllegalArgumentException if {@code levelCountChoice} is given without {@code autoLevels}
     *     or does not match the ladder
     */
    static List<OutputFormat> checked(SamplerSettings sampler, Config target, int workers, Path outputDir, String mode,
            int checkpointEvery, Path checkpointDir, boolean autoLevels, LevelCountChoice levelCountChoice,
            List<OutputFormat> outputFormats) {
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
        if (!JobSpec.MODES.contains(mode)) {
            throw new ConfigurationException("job.mode", "must be one of " + String.join(" | ", JobSpec.MODES)
                    + ", got '" + mode + "'");
        }
        List<OutputFormat> formats = List.copyOf(outputFormats);
        if (!formats.contains(OutputFormat.CSV) || formats.size() != Set.copyOf(formats).size()) {
            throw new ConfigurationException("output.formats", "must list csv and may add cmdstan, each once, got "
                    + formats.stream().map(OutputFormat::key).toList());
        }
        return formats;
    }

    /** @throws ConfigurationException if chains × levels exceeds {@link JobSpec#MAX_REPLICAS} */
    static void checkReplicas(int chains, int levels) {
        if ((long) chains * levels > JobSpec.MAX_REPLICAS) {
            throw new ConfigurationException("job.chains", "job.chains x levels = " + chains + " x " + levels
                    + " = " + (long) chains * levels + " replicas, more than the limit " + JobSpec.MAX_REPLICAS
                    + "; use fewer chains or levels");
        }
    }
}
