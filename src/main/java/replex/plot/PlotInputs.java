package replex.plot;

import java.nio.file.Path;

/**
 * Everything the plots need from a run's output directory.
 *
 * @param directory the output directory, absolute
 * @param draws the level-0 draws, from {@code draws.csv}
 * @param ladder the ladder and acceptance rates, from {@code summary.json}
 */
public record PlotInputs(Path directory, DrawsTable draws, LadderStatistics ladder) {
}
