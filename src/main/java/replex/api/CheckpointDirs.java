package replex.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import replex.core.ConfigurationException;
import replex.io.CheckpointFile;
import replex.io.JobSpec;

/**
 * Checkpoint housekeeping shared by sampling and optimize runs: where a resume finds the checkpoints
 * and writes its outputs, preparing the directory, refusing an earlier run's checkpoints, deleting a
 * finished run's.
 */
final class CheckpointDirs {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointDirs.class);

    private CheckpointDirs() {
    }

    /**
     * Where a resumed run writes its outputs: checkpoints found elsewhere than recorded (the run's
     * folder was moved or copied) continue there, with the outputs beside them when they sit in the
     * default {@code <output dir>/checkpoints}.
     *
     * @param foundIn where the checkpoint was found
     * @param recordedCheckpointDir the checkpoint directory its job records
     * @param recordedOutputDir the output directory its job records
     * @return the output directory
     */
    static Path outputDirFor(Path foundIn, Path recordedCheckpointDir, Path recordedOutputDir) {
        if (!foundIn.equals(recordedCheckpointDir) && foundIn.getFileName() != null
                && foundIn.getFileName().toString().equals(JobSpec.DEFAULT_CHECKPOINT_DIR)) {
            return foundIn.getParent();
        }
        return recordedOutputDir;
    }

    /**
     * @param directory an output directory or a checkpoint directory
     * @return the directory that holds the checkpoints: {@code directory}, or its {@code checkpoints}
     *     subdirectory if {@code directory} holds none itself
     * @throws ConfigurationException if it is not a directory, or holds a finished run and no checkpoint
     */
    static Path checkpointDirectory(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException("DIR", dir + " is not a directory");
        }
        try {
            if (CheckpointFile.list(dir).isEmpty() && Files.isDirectory(dir.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR))) {
                dir = dir.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR);
            }
            if (CheckpointFile.list(dir).isEmpty() && Files.exists(directory.resolve("summary.json"))) {
                throw new ConfigurationException("DIR", directory + " holds a finished run (summary.json) and no "
                        + "checkpoint: there is nothing to resume");
            }
        } catch (IOException e) {
            throw new ConfigurationException("DIR", "cannot list " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** Prepares a sampling job's checkpoint directory, if it writes checkpoints. */
    static void prepare(JobSpec spec) {
        if (spec.checkpointEvery() != 0) {
            prepare(spec.checkpointDir());
        }
    }

    /**
     * Creates a checkpoint directory if needed and checks that it is writable.
     *
     * @throws ConfigurationException naming {@code output.checkpoint-dir} if it cannot be created or written
     */
    static void prepare(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigurationException("output.checkpoint-dir", "cannot create " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new ConfigurationException("output.checkpoint-dir", dir + " is not writable");
        }
    }

    /**
     * A fresh run must not mix its checkpoints with an earlier run's (pruning would delete the new
     * ones, and a resume would continue the old job): the user chooses.
     *
     * @param checkpointDir the run's checkpoint directory
     * @param outputDir the run's output directory (for the message)
     * @throws ConfigurationException naming {@code output.checkpoint-dir} if it holds checkpoints
     */
    static void refuseEarlier(Path checkpointDir, Path outputDir) {
        List<Path> earlier;
        try {
            earlier = CheckpointFile.list(checkpointDir);
        } catch (IOException e) {
            throw new ConfigurationException("output.checkpoint-dir", "cannot list " + checkpointDir + ": " + e, e);
        }
        if (!earlier.isEmpty()) {
            throw new ConfigurationException("output.checkpoint-dir", checkpointDir + " holds checkpoints of "
                    + "an earlier run (newest: " + earlier.get(0).getFileName() + "). Continue it with `replex resume "
                    + outputDir + "`, or delete those files to start afresh.");
        }
    }

    /** Deletes a finished run's checkpoints, and the default checkpoint folder if it is then empty. */
    static void delete(Path checkpointDir, Path outputDir) {
        try {
            CheckpointFile.deleteAll(checkpointDir);
            if (checkpointDir.equals(outputDir.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR))
                    && Files.isDirectory(checkpointDir)) { // none with checkpoint-every = 0
                try (var left = Files.list(checkpointDir)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(checkpointDir);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("could not delete the checkpoints in {}: {}", checkpointDir, e.toString());
        }
    }
}
