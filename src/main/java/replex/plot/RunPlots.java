package replex.plot;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import replex.core.ConfigurationException;

/**
 * Draws every diagnostic plot of a run and writes them as PNG files:
 * <ul>
 *   <li>{@code trace-<parameter>.png} per parameter ({@link TracePlot});</li>
 *   <li>{@code marginals.png}, the corner plot ({@link CornerPlot});</li>
 *   <li>{@code swap-acceptance.png} ({@link SwapAcceptancePlot}), unless the ladder has one level;</li>
 *   <li>{@code ladder.png} ({@link LadderPlot});</li>
 *   <li>{@code mh-acceptance.png} ({@link MhAcceptancePlot});</li>
 *   <li>{@code communication-barrier.png}, Λ(β) ({@link BarrierPlot}), unless the ladder has one
 *       level or {@code summary.json} lacks the barrier;</li>
 *   <li>{@code round-trips.png}, cumulative round trips against the round ({@link RoundTripsPlot}),
 *       unless the ladder has one level or {@code summary.json} lacks the round trips per batch.</li>
 * </ul>
 * Each file is written atomically. Parameter names become file names with
 * {@link FileNames} ({@code beta[1]} → {@code trace-beta_1.png}). Thread-safe (stateless).
 */
public final class RunPlots {

    /** The name of the default plot directory inside a run's output directory. */
    public static final String DEFAULT_DIRECTORY = "plots";

    /**
     * What was written, and what was not and why.
     *
     * @param files the PNG files written, in the order above
     * @param notes plots left out, one sentence each
     */
    public record Written(List<Path> files, List<String> notes) {
        /** Copies the lists. */
        public Written {
            files = List.copyOf(files);
            notes = List.copyOf(notes);
        }
    }

    private RunPlots() {
    }

    /**
     * Draws and writes every plot.
     *
     * @param inputs a run's outputs
     * @param directory where to write (created if needed); existing plots of the same names are
     *     replaced
     * @return the files written and notes on plots left out
     * @throws ConfigurationException naming {@code --dir} if the directory cannot be created
     * @throws IOException if a file cannot be written
     */
    public static Written write(PlotInputs inputs, Path directory) throws IOException {
        headless();
        Path dir = prepare(directory);
        List<Path> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        DrawsTable draws = inputs.draws();
        FileNames names = new FileNames();
        for (int p = 0; p < draws.parameters().size(); p++) {
            Path file = dir.resolve("trace-" + names.unique(draws.parameters().get(p)) + ".png");
            PngFiles.write(TracePlot.chart(draws, p), file);
            files.add(file);
        }
        Path marginals = dir.resolve("marginals.png");
        PngFiles.write(CornerPlot.image(draws), marginals);
        files.add(marginals);
        LadderStatistics ladder = inputs.ladder();
        if (ladder.levels() > 1) {
            Path swaps = dir.resolve("swap-acceptance.png");
            PngFiles.write(SwapAcceptancePlot.chart(ladder), swaps);
            files.add(swaps);
            Path ladderFile = dir.resolve("ladder.png");
            PngFiles.write(LadderPlot.chart(ladder), ladderFile);
            files.add(ladderFile);
        } else {
            notes.add("swap-acceptance.png left out: the ladder has one level, so no swaps were attempted");
            notes.add("ladder.png left out: the ladder has one level (beta = 1), no tempering");
        }
        Path mh = dir.resolve("mh-acceptance.png");
        PngFiles.write(MhAcceptancePlot.chart(ladder), mh);
        files.add(mh);
        String barrierProblem = BarrierPlot.problem(ladder, inputs.barrier());
        if (barrierProblem == null) {
            Path barrier = dir.resolve("communication-barrier.png");
            PngFiles.write(BarrierPlot.chart(ladder, inputs.barrier()), barrier);
            files.add(barrier);
        } else {
            notes.add("communication-barrier.png left out: " + barrierProblem);
        }
        if (ladder.levels() < 2) {
            notes.add("round-trips.png left out: the ladder has one level, so there are no round trips");
        } else if (inputs.roundTrips() == null) {
            notes.add("round-trips.png left out: summary.json has no chains[].round_trips_by_batch (written by an "
                    + "older version)");
        } else {
            Path trips = dir.resolve("round-trips.png");
            PngFiles.write(RoundTripsPlot.chart(inputs.roundTrips()), trips);
            files.add(trips);
        }
        return new Written(Collections.unmodifiableList(files), notes);
    }

    /** Draws without a display; must happen before AWT first initialises. */
    static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static Path prepare(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigurationException("--dir", dir + " exists and is not a directory", e);
        } catch (IOException | SecurityException e) {
            throw new ConfigurationException("--dir", "cannot create directory " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }
}
