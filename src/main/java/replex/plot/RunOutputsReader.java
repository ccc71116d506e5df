package replex.plot;

import java.nio.file.Files;
import java.nio.file.Path;

import replex.core.ConfigurationException;
import replex.io.OutputFiles;

/**
 * Reads what the plots need from a run's output directory: {@code draws.csv} and
 * {@code summary.json}. Thread-safe (stateless).
 */
public final class RunOutputsReader {

    private RunOutputsReader() {
    }

    /**
     * @param directory the output directory of a completed run
     * @return its draws, ladder, acceptance rates, communication barrier and round trips
     * @throws ConfigurationException naming the directory or file if the directory is missing, or
     *     a file is missing, unreadable or malformed
     */
    public static PlotInputs read(Path directory) {
        OutputFiles files = OutputFiles.in(directory);
        Path dir = files.directory();
        if (!Files.exists(dir)) {
            throw new ConfigurationException(null, "output directory " + dir + " not found: give the directory a run "
                    + "wrote (output.dir or --out of 'replex run', e.g. out/mixture)");
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException(null, dir + " is not a directory: give the output directory of a run "
                    + "(it holds draws.csv and summary.json)");
        }
        // summary.json first: it is written last, so its absence explains a missing or partial draws.csv
        SummaryJsonReader.Contents summary = SummaryJsonReader.readAll(files.summary());
        DrawsTable draws = DrawsCsvReader.read(files.draws());
        return new PlotInputs(dir, draws, summary.ladder(), summary.barrier(), summary.roundTrips());
    }
}
