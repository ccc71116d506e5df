package replex.plot;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import replex.core.ConfigurationException;
import replex.io.OptimizeOutputs;
import replex.io.OutputFiles;

/**
 * Which kind of run wrote an output directory, told from the files in it: a {@code sample} run
 * writes {@code draws.csv} and {@code summary.json}, an {@code optimize} run {@code best.csv},
 * {@code history.csv} and a {@code summary.json} whose {@code mode} is {@code optimize}.
 */
public enum RunKind {
    /** {@code mode = sample}: {@link RunOutputsReader}, {@link RunPlots}. */
    SAMPLE,
    /** {@code mode = optimize}: {@link OptimizeOutputsReader}, {@link OptimizePlots}. */
    OPTIMIZE;

    /**
     * @param directory a run's output directory
     * @return the kind of run that wrote it; a directory without {@code summary.json} counts as the
     *     kind its other files belong to, so that the reader then names the missing file
     * @throws ConfigurationException if the directory is missing, not a directory, or holds the
     *     outputs of neither kind of run
     */
    public static RunKind of(Path directory) {
        Path dir = existingDirectory(directory);
        Path summary = dir.resolve(OptimizeOutputs.SUMMARY);
        if (Files.isRegularFile(summary)) {
            JsonNode mode = SummaryJsonReader.parse(summary).get("mode");
            return mode != null && "optimize".equals(mode.asText()) ? OPTIMIZE : SAMPLE;
        }
        if (Files.exists(dir.resolve(OptimizeOutputs.BEST)) || Files.exists(dir.resolve(OptimizeOutputs.HISTORY))) {
            return OPTIMIZE;
        }
        if (Files.exists(OutputFiles.in(dir).draws())) {
            return SAMPLE;
        }
        throw new ConfigurationException(null, dir + " holds no outputs of a run: expected draws.csv and summary.json "
                + "(mode = sample) or best.csv, history.csv and summary.json (mode = optimize); give the directory "
                + "'replex run' wrote (output.dir or --out)");
    }

    /**
     * @param directory the directory given
     * @return it, absolute and normalised
     * @throws ConfigurationException if it does not exist or is not a directory
     */
    static Path existingDirectory(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.exists(dir)) {
            throw new ConfigurationException(null, "output directory " + dir + " not found: give the directory a run "
                    + "wrote (output.dir or --out of 'replex run', e.g. out/mixture)");
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException(null, dir + " is not a directory: give the output directory of a run "
                    + "(it holds draws.csv and summary.json, or best.csv, history.csv and summary.json)");
        }
        return dir;
    }
}
