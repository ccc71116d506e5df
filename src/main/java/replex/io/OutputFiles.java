package replex.io;

import java.nio.file.Path;

/**
 * Where a run's outputs were written.
 *
 * @param directory the output directory, absolute
 * @param draws {@code draws.csv} in it
 * @param summary {@code summary.json} in it; its presence marks a complete run
 */
public record OutputFiles(Path directory, Path draws, Path summary) {

    /** @return the files of a run written to {@code directory} */
    public static OutputFiles in(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        return new OutputFiles(dir, dir.resolve(DrawsCsv.FILE_NAME), dir.resolve(RunSummary.FILE_NAME));
    }
}
