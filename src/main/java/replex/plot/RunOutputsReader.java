package replex.plot;

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
        OutputFiles files = OutputFiles.in(RunKind.existingDirectory(directory));
        Path dir = files.directory();
        // summary.json first: it is written last, so its absence explains a missing or partial draws.csv
        SummaryJsonReader.Contents summary = SummaryJsonReader.readAll(files.summary());
        DrawsTable draws = DrawsCsvReader.read(files.draws());
        return new PlotInputs(dir, draws, summary.ladder(), summary.barrier(), summary.roundTrips());
    }
}
