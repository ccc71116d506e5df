package replex.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import replex.core.ConfigurationException;
import replex.core.engine.RecoveryEvent;
import replex.core.optimize.OptimizeState;

/**
 * Checkpoint files of {@code optimize} jobs: format version {@value #FORMAT_VERSION}, in the header,
 * file names, atomic writing and pruning of {@link CheckpointFile} (documented in
 * {@code docs/checkpoints.md}), with a payload of its own: an {@link Payload} record written by
 * Kryo 5 with the registrations of {@link #kryo()}. The whole state is in the file (replica states,
 * random streams, chains, the best so far and the history recorded so far); there is no draws file.
 */
public final class OptimizeCheckpointFile {

    /**
     * The format version of an optimize checkpoint. Versions are numbered across modes: 2 and 3 are
     * sampling checkpoints ({@link CheckpointFile}); a change to this payload takes the next free number.
     */
    public static final int FORMAT_VERSION = 4;

    /**
     * What an optimize checkpoint holds.
     *
     * @param replexVersion the version of Replex that wrote it
     * @param job the effective job ({@link OptimizeSpec#toJson()}), its table inline
     * @param writtenAt when it was written, ISO-8601 UTC
     * @param state the run's state
     * @param metricNames the objective's metric names, in the order of the state's metrics
     * @param events recovery events of the run so far (may be empty)
     */
    public record Payload(String replexVersion, String job, String writtenAt, OptimizeState state,
            String[] metricNames, RecoveryEvent[] events) {
    }

    /**
     * A checkpoint read back.
     *
     * @param file the file it came from
     * @param spec the job
     * @param payload the content
     * @param skipped files that were newer but unreadable, each with the reason (may be empty)
     */
    public record Loaded(Path file, OptimizeSpec spec, Payload payload, List<String> skipped) {
    }

    private OptimizeCheckpointFile() {
    }

    /** @return the Kryo of checkpoint files: {@link KryoRegistry}'s classes and ids */
    static Kryo kryo() {
        return KryoRegistry.newKryo();
    }

    /**
     * Writes a checkpoint atomically into {@code directory} (created if missing), named by its
     * round, and deletes all but the {@value CheckpointFile#KEEP} newest checkpoint files there.
     *
     * @param directory the checkpoint directory
     * @param payload the checkpoint
     * @return the file written
     * @throws IOException if it cannot be written; the previous checkpoints stay readable
     */
    public static Path write(Path directory, Payload payload) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(CheckpointFile.fileName(payload.state().round()));
        CheckpointFile.writeFramed(file, FORMAT_VERSION, encode(payload));
        CheckpointFile.prune(directory, CheckpointFile.KEEP);
        return file;
    }

    /**
     * Writes a finished cluster job's result ({@link JobDirectory#RESULT_FILE}) atomically: a payload
     * whose state is the run's final state ({@code OptimizeSearch.finalState}), read back by {@link #read}.
     *
     * @param file the file
     * @param payload the result
     * @throws IOException if it cannot be written
     */
    public static void writeResult(Path file, Payload payload) throws IOException {
        CheckpointFile.writeFramed(file, FORMAT_VERSION, encode(payload));
    }

    static byte[] encode(Payload payload) {
        try (Output output = new Output(1 << 16, -1)) {
            kryo().writeObject(output, payload);
            return output.toBytes();
        }
    }

    /**
     * Reads and verifies one checkpoint file.
     *
     * @param file the file
     * @return its payload
     * @throws IOException if it cannot be read, is not an optimize checkpoint, has another format
     *     version, is truncated or fails its checksum
     */
    public static Payload read(Path file) throws IOException {
        byte[] body = CheckpointFile.readFramed(file, java.util.Set.of(FORMAT_VERSION), "version " + FORMAT_VERSION
                + " for optimize jobs");
        try (Input input = BoundedKryo.input(body)) {
            return kryo().readObject(input, Payload.class);
        } catch (KryoException | IllegalArgumentException e) {
            throw new IOException(file + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    /**
     * @param directory a checkpoint directory
     * @return whether its newest file with a checkpoint header is an optimize checkpoint
     * @throws IOException if the directory cannot be listed
     */
    public static boolean holdsOptimizeCheckpoints(Path directory) throws IOException {
        for (Path f : CheckpointFile.list(directory)) {
            int version = CheckpointFile.formatVersion(f);
            if (version >= 0) {
                return version == FORMAT_VERSION;
            }
        }
        return false;
    }

    /**
     * Reads the newest valid checkpoint of a directory, skipping damaged ones.
     *
     * @param directory the checkpoint directory
     * @return the checkpoint, with the files skipped and why
     * @throws ConfigurationException naming {@code checkpoint} if there is no valid one (the message
     *     lists every file tried and why)
     */
    public static Loaded readLatest(Path directory) {
        List<String> skipped = new ArrayList<>();
        List<Path> files;
        try {
            files = CheckpointFile.list(directory);
        } catch (IOException e) {
            throw new ConfigurationException("checkpoint", "cannot list " + directory + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            try {
                Payload payload = read(file);
                OptimizeSpec spec;
                try {
                    spec = OptimizeSpec.fromJson(payload.job(), JobSpec.Overrides.NONE);
                } catch (ConfigurationException e) {
                    throw new IOException(file + ": the job stored in it is invalid: " + e.getMessage(), e);
                }
                return new Loaded(file, spec, payload, List.copyOf(skipped));
            } catch (IOException e) {
                skipped.add(e.getMessage());
            }
        }
        throw new ConfigurationException("checkpoint", "no valid checkpoint in " + directory
                + (files.isEmpty() ? " (no checkpoint-*.rpx file)" : ": " + String.join("; ", skipped)));
    }
}
