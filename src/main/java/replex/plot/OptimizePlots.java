package replex.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import replex.core.ConfigurationException;

/**
 * Draws the plots of an optimize run and writes them as PNG files:
 * <ul>
 *   <li>{@code value.png}: the value of each level's state against the round ({@link HistoryPlot#value});</li>
 *   <li>{@code metric-<name>.png} per metric: the level-0 state's metric against the round, one line
 *       per chain ({@link HistoryPlot#metric});</li>
 *   <li>{@code original-vs-best.png}: for a 2-column table, the original data and the best data side
 *       by side ({@link DataComparisonPlot}); left out, with a note, otherwise.</li>
 * </ul>
 * Each file is written atomically; metric names become file names with {@link FileNames}
 * ({@code cor[x,y]} → {@code metric-cor_x_y.png}). Thread-safe (stateless).
 */
public final class OptimizePlots {

    /** The file of the side-by-side data plot. */
    static final String DATA_FILE = "original-vs-best.png";

    private OptimizePlots() {
    }

    /**
     * Draws and writes every plot.
     *
     * @param inputs an optimize run's outputs
     * @param directory where to write (created if needed); existing plots of the same names are
     *     replaced
     * @return the files written and notes on plots left out
     * @throws ConfigurationException naming {@code --dir} if the directory cannot be created
     * @throws IOException if a file cannot be written
     */
    public static RunPlots.Written write(OptimizeInputs inputs, Path directory) throws IOException {
        RunPlots.headless();
        Path dir = RunPlots.prepare(directory);
        List<Path> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Path value = dir.resolve("value.png");
        PngFiles.write(HistoryPlot.value(inputs), value);
        files.add(value);
        FileNames names = new FileNames();
        List<String> metrics = inputs.history().metrics();
        for (int m = 0; m < metrics.size(); m++) {
            Path file = dir.resolve("metric-" + names.unique(metrics.get(m)) + ".png");
            PngFiles.write(HistoryPlot.metric(inputs, m), file);
            files.add(file);
        }
        if (inputs.original() != null) {
            Path data = dir.resolve(DATA_FILE);
            PngFiles.write(DataComparisonPlot.image(inputs), data);
            files.add(data);
        } else {
            notes.add(DATA_FILE + " left out: " + inputs.originalNote());
        }
        return new RunPlots.Written(files, notes);
    }
}
