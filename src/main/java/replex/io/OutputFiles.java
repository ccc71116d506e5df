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
 * @param levels the draws of every level, {@code draws-level-<k>.csv} in level order (with
 *     {@code output.all-levels}), or empty
 */
public record OutputFiles(Path directory, Path draws, Path summary, List<Path> cmdstan, List<Path> levels) {

    /** @throws NullPointerException if {@code cmdstan} or {@code levels} is null */
    public OutputFiles {
        cmdstan = List.copyOf(cmdstan);
        levels = List.copyOf(levels);
    }

    /** Files without per-level draws. */
    public OutputFiles(Path directory, Path draws, Path summary, List<Path> cmdstan) {
        this(directory, draws, summary, cmdstan, List.of());
    }

    /** @return the files of a run written to {@code directory}, without CmdStan-format files */
    public static OutputFiles in(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        return new OutputFiles(dir, dir.resolve(DrawsCsv.FILE_NAME), dir.resolve(RunSummary.FILE_NAME), List.of());
    }
}
