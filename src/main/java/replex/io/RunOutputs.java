package replex.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import replex.core.ConfigurationException;
import replex.core.engine.RunResult;

/**
 * Writes a run's output directory: {@code draws.csv} ({@link DrawsCsv}), with
 * {@code output.formats = [csv, cmdstan]} one {@code draws-cmdstan-<chain>.csv} per chain
 * ({@link CmdStanCsv}), with {@code output.all-levels} one {@code draws-level-<k>.csv} per level
 * ({@link DrawsCsv#levelFileName}), and {@code summary.json} ({@link RunSummary}).
 *
 * <p>Both files are written atomically ({@link StagedFile}): each is first written in full to a
 * temporary file in the directory and forced to disk; only then does any become visible.
 * The draws files are renamed into place first and {@code summary.json} last, so the presence of
 * {@code summary.json} marks a complete run (an older {@code summary.json} in the directory is
 * removed before the new draws arrive). If anything fails, neither new file appears and no
 * temporary file is left behind. Thread-safe (stateless), but two runs must not share a directory.
 */
public final class RunOutputs {

    private RunOutputs() {
    }

    /**
     * Creates the output directory if needed and checks that a file can be created in it, so that
     * a run does not fail only at its end.
     *
     * @param directory the output directory
     * @return the files the run will write
     * @throws ConfigurationException naming {@code output.dir} if the directory cannot be created or
     *     written to
     */
    public static OutputFiles prepare(Path directory) {
        OutputFiles files = OutputFiles.in(directory);
        Path dir = files.directory();
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigurationException("output.dir", dir + " exists and is not a directory", e);
        } catch (IOException | SecurityException e) {
            throw new ConfigurationException("output.dir", "cannot create directory " + dir + ": " + reason(e), e);
        }
        try {
            StagedFile probe = StagedFile.stage(dir.resolve(".replex-write-test"), out -> { });
            probe.close();
        } catch (IOException | SecurityException e) {
            throw new ConfigurationException("output.dir", "cannot write to directory " + dir + ": " + reason(e), e);
        }
        return files;
    }

    /**
     * Writes {@code draws.csv} and {@code summary.json}.
     *
     * @param directory the output directory (created if needed)
     * @param result the completed run
     * @param summary its summary
     * @return the files written
     * @throws ConfigurationException naming {@code output.dir} if the directory is not usable
     * @throws IOException if writing fails; then no file was replaced
     */
    public static OutputFiles write(Path directory, RunResult result, RunSummary summary) throws IOException {
        return write(directory, result, summary, OutputFormat.DEFAULT, "");
    }

    /**
     * Writes the draws files of {@code formats}, the draws of every level if the result holds them
     * ({@code output.all-levels}), and {@code summary.json}. Draws files of the CmdStan format and
     * per-level draws files left in the directory by an earlier run are removed, so that the
     * directory holds one run's files.
     *
     * @param directory the output directory (created if needed)
     * @param result the completed run
     * @param summary its summary
     * @param formats the draws files to write ({@code output.formats}); must hold {@link OutputFormat#CSV}
     * @param model the target's name or class, for the CmdStan files' {@code model} line
     * @return the files written
     * @throws ConfigurationException naming {@code output.dir} if the directory is not usable
     * @throws IOException if writing fails; then no file was replaced
     */
    public static OutputFiles write(Path directory, RunResult result, RunSummary summary, List<OutputFormat> formats,
            String model) throws IOException {
        OutputFiles files = prepare(directory);
        boolean cmdstan = formats.contains(OutputFormat.CMDSTAN);
        List<Path> cmdstanFiles = new ArrayList<>();
        List<Path> levelFiles = new ArrayList<>();
        int levels = result.chains().isEmpty() ? 0 : result.chains().get(0).levelDraws().size();
        List<StagedFile> staged = new ArrayList<>();
        try {
            staged.add(StagedFile.stage(files.draws(), out -> DrawsCsv.write(result, out)));
            if (cmdstan) {
                for (int c = 0; c < result.chains().size(); c++) {
                    int chain = c;
                    Path file = files.directory().resolve(CmdStanCsv.fileName(c + 1));
                    staged.add(StagedFile.stage(file,
                            out -> CmdStanCsv.write(result, chain, model, summary.replexVersion(), out)));
                    cmdstanFiles.add(file);
                }
            }
            for (int k = 0; k < levels; k++) {
                int level = k;
                Path file = files.directory().resolve(DrawsCsv.levelFileName(k));
                staged.add(StagedFile.stage(file, out -> DrawsCsv.writeLevel(result, level, out)));
                levelFiles.add(file);
            }
            StagedFile json = StagedFile.stage(files.summary(), summary::writeTo);
            staged.add(json);
            Files.deleteIfExists(files.summary());
            try (DirectoryStream<Path> old = Files.newDirectoryStream(files.directory(), CmdStanCsv.FILE_NAME_PATTERN)) {
                for (Path p : old) {
                    Files.deleteIfExists(p);
                }
            }
            try (DirectoryStream<Path> old = Files.newDirectoryStream(files.directory(),
                    DrawsCsv.LEVEL_FILE_NAME_PATTERN)) {
                for (Path p : old) {
                    Files.deleteIfExists(p);
                }
            }
            for (StagedFile f : staged) {
                f.commit();
            }
        } finally {
            for (StagedFile f : staged) {
                f.close();
            }
        }
        return new OutputFiles(files.directory(), files.draws(), files.summary(), cmdstanFiles, levelFiles);
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException f) {
            return "no such file or directory: " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
    }
}
