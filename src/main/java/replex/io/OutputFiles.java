package replex.io;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a run's outputs were written.
 *
 * @param directory the output directory, absolute
 * @param draws {@code draws.csv} in it
 * @param summary {@code summary.json} in it; its presence marks a complete run
 * @param cmdstan the CmdStan-format files, one per chain in chain order ({@code output.formats}
 *     holds {@code cmdstan}), or empty
 */
public record OutputFiles(Path directory, Path draws, Path summary, List<Path> cmdstan) {

    /** @throws NullPointerException if {@code cmdstan} is null */
    public OutputFiles {
        cmdstan = List.copyOf(cmdstan);
    }

    /** @return the files of a run written to {@code directory}, without CmdStan-format files */
    public static OutputFiles in(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        return new OutputFiles(dir, dir.resolve(DrawsCsv.FILE_NAME), dir.resolve(RunSummary.FILE_NAME), List.of());
    }
}
