package replex.plot;

import java.nio.file.Path;

/**
 * Everything the plots need from a run's output directory.
 *
 * @param directory the output directory, absolute
 * @param draws the level-0 draws, from {@code draws.csv}
 * @param ladder the ladder and acceptance rates, from {@code summary.json}
 * @param barrier the communication barrier, from {@code summary.json}; {@code null} if the file
 *     does not have it (the barrier plot is then left out)
 * @param roundTrips the round trips per batch of rounds, from {@code summary.json}; {@code null}
 *     if the file does not have them (outputs of older versions: the round-trip plot is left out)
 */
public record PlotInputs(Path directory, DrawsTable draws, LadderStatistics ladder, BarrierStatistics barrier,
        RoundTripHistory roundTrips) {

    /**
     * Inputs without barrier and round trips.
     *
     * @param directory the output directory, absolute
     * @param draws the level-0 draws
     * @param ladder the ladder and acceptance rates
     */
    public PlotInputs(Path directory, DrawsTable draws, LadderStatistics ladder) {
        this(directory, draws, ladder, null, null);
    }
}
