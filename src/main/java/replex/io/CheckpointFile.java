package replex.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.typesafe.config.ConfigException;

import replex.core.ConfigurationException;
import replex.core.chain.ChainSnapshot;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunState;

/**
 * Checkpoint files: the complete state of a job after some round, from which any engine continues
 * it exactly. Format version {@value #FORMAT_VERSION}, or {@value #ALL_LEVELS_FORMAT_VERSION} when it
 * holds the draws of every level ({@code output.all-levels}), documented in {@code docs/checkpoints.md}:
 *
 * <pre>
 * offset  size  content
 *      0     8  magic, ASCII "RPLXCKPT"
 *      8     4  format version, big-endian int32
 *     12     8  payload length n in bytes, big-endian int64
 *     20     8  CRC-32C of the payload, big-endian int64 (value in the low 32 bits)
 *     28     n  payload: a {@link Payload} record written by Kryo 5 (registration ids below)
 * </pre>
 *
 * Files are named {@code checkpoint-<round, 12 digits>.rpx} and written atomically (temporary
 * file, fsync, rename, see {@link StagedFile}); the {@value #KEEP} newest are kept. A reader checks
 * the magic, version, length and checksum and falls back to the previous file when one is corrupt
 * or truncated.
 *
 * <p>A checkpoint written by {@link #write} does not hold the kept draws: they are appended to one
 * draws file per chain in the same directory ({@link DrawsFiles}), and the checkpoint records how
 * many rows of each belong to it and their CRC-32C. Writing a checkpoint therefore costs the
 * job's state plus the draws kept since the previous checkpoint, not every draw so far, and the
 * total checkpoint I/O of a run grows linearly with its length, not quadratically. {@link #read}
 * attaches the draws again, so callers always see a complete {@link Payload}.
 */
public final class CheckpointFile {

    /**
     * The format version of a file that holds (or whose draws files hold) the draws of level 0 only:
     * every job without {@code output.all-levels}, and one with it while no draw is kept yet.
     */
    public static final int FORMAT_VERSION = 2;
    /**
     * The format version of a file with the draws of every level ({@code output.all-levels}): the
     * layout of version {@value #FORMAT_VERSION}, but its chain snapshots hold (or its draws
     * checksums cover) K levels' draws; see {@link replex.core.chain.ChainSnapshot#draws()}. A
     * Replex that reads only version {@value #FORMAT_VERSION} refuses it instead of misreading it.
     */
    public static final int ALL_LEVELS_FORMAT_VERSION = 3;
    /**
     * The format version of a file whose job records metadata with its draws
     * ({@code output.draws-metadata}): the layout of version {@value #FORMAT_VERSION} (or
     * {@value #ALL_LEVELS_FORMAT_VERSION}), but each chain snapshot goes on with its draws' metadata
     * strings ({@link ChainSnapshot#drawMetadata()}), held in the checkpoint file itself (not in the
     * draws files): each checkpoint holds all the metadata kept so far. Version 4 is an optimize
     * job's ({@link OptimizeCheckpointFile}).
     */
    public static final int METADATA_FORMAT_VERSION = 5;
    /** How many checkpoint files are kept in a directory (the newest). */
    public static final int KEEP = 2;
    static final byte[] MAGIC = CheckpointFraming.MAGIC;
    static final int HEADER_BYTES = CheckpointFraming.HEADER_BYTES;
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{12})\\.rpx");

    /**
     * What a checkpoint file holds.
     *
     * @param replexVersion the version of Replex that wrote it
     * @param job the effective job ({@link JobSpec#toConfig()}) as JSON
     * @param writtenAt when it was written, ISO-8601 UTC
     * @param state the job's state
     * @param events recovery events of the run so far (may be empty)
     * @param parameterNames the target's parameter names, length d
     * @param drawsChecksums {@code null} when every chain snapshot holds its draws (in memory, and in
     *     result files); in a checkpoint file, per chain the CRC-32C of the first {@code drawRows}
     *     rows of its draws file, length C, while the snapshots hold no draws; with the draws of
     *     every level, per level and chain (index level·C + chain), length C × K
     */
    public record Payload(String replexVersion, String job, String writtenAt, RunState state,
            RecoveryEvent[] events, String[] parameterNames, long[] drawsChecksums) {

        /** A complete payload: every chain snapshot holds its draws. */
        public Payload(String replexVersion, String job, String writtenAt, RunState state, RecoveryEvent[] events,
                String[] parameterNames) {
            this(replexVersion, job, writtenAt, state, events, parameterNames, null);
        }
    }

    /**
     * A checkpoint read back.
     *
     * @param file the file it came from
     * @param spec the job
     * @param payload the content
     * @param skipped files that were newer but unreadable, each with the reason (may be empty)
     */
    public record Loaded(Path file, JobSpec spec, Payload payload, List<String> skipped) {
    }

    private CheckpointFile() {
    }

    /**
     * Largest checkpoint payload read, in bytes (1 GiB): a checkpoint holds the state of a run, not its
     * draws (O(replicas × d²)). Lengths inside the payload are bounded by its size ({@link BoundedKryo}).
     */
    public static final long MAX_PAYLOAD_BYTES = 1L << 30;

    /** @return the Kryo of checkpoint files: {@link KryoRegistry}'s classes and ids */
    static Kryo kryo() {
        return KryoRegistry.newKryo();
    }

    /**
     * @param round a checkpoint's round
     * @return its file name
     */
    public static String fileName(long round) {
        return String.format("checkpoint-%012d.rpx", round);
    }

    /**
     * Writes a checkpoint atomically into {@code directory} (created if missing) and deletes all
     * but the {@value #KEEP} newest checkpoint files there. The draws kept since the previous
     * checkpoint of the same job in that directory are first appended to the chains' draws files
     * (forced to disk); the checkpoint file itself holds no draws.
     *
     * @param directory the checkpoint directory
     * @param payload what to write: a complete payload (every chain snapshot with its draws)
     * @return the file written
     * @throws IOException if the directory cannot be created or the files cannot be written (disk
     *     full, no permission); the previous checkpoints stay readable (their draws files only
     *     grow past the rows they use)
     * @throws IllegalArgumentException if a chain snapshot holds no draws
     */
    public static Path write(Path directory, Payload payload) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(fileName(payload.state().round()));
        long[] checksums = DrawsFiles.append(directory, payload, previous(directory, payload));
        writeTo(file, withoutDraws(payload, checksums));
        prune(directory, KEEP);
        return file;
    }

    /**
     * The newest readable checkpoint of the same job at or before the payload's round, decoded
     * without its draws: the draws files hold at least its rows. {@code null} if there is none.
     */
    private static Payload previous(Path directory, Payload payload) throws IOException {
        for (Path f : list(directory)) {
            if (roundOf(f) > payload.state().round()) {
                continue;
            }
            try {
                Payload p = decode(f);
                if (p.drawsChecksums() != null && p.job().equals(payload.job())) {
                    return p;
                }
            } catch (IOException e) {
                // unreadable: try the one before
            }
        }
        return null;
    }

    private static Payload withoutDraws(Payload p, long[] checksums) {
        ChainSnapshot[] chains = p.state().chains().clone();
        for (int c = 0; c < chains.length; c++) {
            chains[c] = chains[c].withDraws(chains[c].drawRows(), null, chains[c].drawMetadata());
        }
        return new Payload(p.replexVersion(), p.job(), p.writtenAt(),
                new RunState(p.state().round(), chains, p.state().replicas()), p.events(), p.parameterNames(),
                checksums);
    }

    /**
     * Writes a finished job's result atomically as {@code file}: the checkpoint format, with every
     * chain's snapshot (and draws) at the last round and no replica state.
     *
     * @param file the result file (its directory must exist)
     * @param payload the result
     * @throws IOException if it cannot be written
     */
    public static void writeTo(Path file, Payload payload) throws IOException {
        int version = ChainSnapshotSerializer.holdsMetadata(payload.state().chains()) ? METADATA_FORMAT_VERSION
                : holdsLevelDraws(payload) ? ALL_LEVELS_FORMAT_VERSION : FORMAT_VERSION;
        writeFramed(file, version, encode(payload));
    }

    /** Writes a payload atomically under the checkpoint header ({@link CheckpointFraming#writeFramed}). */
    static void writeFramed(Path file, int version, byte[] body) throws IOException {
        CheckpointFraming.writeFramed(file, version, body);
    }

    /** Whether a payload holds (or its checksums cover) the draws of more than level 0. */
    private static boolean holdsLevelDraws(Payload p) {
        int chains = p.state().chains().length;
        if (p.drawsChecksums() != null) {
            return p.drawsChecksums().length > chains;
        }
        return chains > 0 && DrawsFiles.levelsHeld(p) > 1;
    }

    static byte[] encode(Payload payload) {
        try (Output output = new Output(1 << 16, -1)) {
            Kryo kryo = kryo();
            if (ChainSnapshotSerializer.holdsMetadata(payload.state().chains())) {
                ChainSnapshotSerializer.carryMetadata(kryo);
            }
            kryo.writeObject(output, payload);
            return output.toBytes();
        }
    }

    /**
     * Reads and verifies one checkpoint (or result) file and, for a checkpoint, its rows of the
     * draws files next to it.
     *
     * @param file the file
     * @return its payload, complete: every chain snapshot with its draws, {@code drawsChecksums}
     *     {@code null}
     * @throws IOException if it cannot be read, is not a checkpoint, has another format version, is
     *     truncated or fails its checksum, or a draws file it needs is missing, too short or fails
     *     its checksum (the message says which)
     */
    public static Payload read(Path file) throws IOException {
        Payload p = decode(file);
        if (p.drawsChecksums() == null) {
            return p;
        }
        ChainSnapshot[] chains = p.state().chains().clone();
        int width = DrawsFiles.width(p);
        int levels = chains.length == 0 ? 1 : p.drawsChecksums().length / chains.length;
        if (chains.length == 0 && p.drawsChecksums().length != 0 || chains.length * levels != p.drawsChecksums().length
                || chains.length > 0 && levels > chains[0].levelOfReplica().length) {
            throw new IOException(file + " is corrupt: " + chains.length + " chains, " + p.drawsChecksums().length
                    + " draws checksums");
        }
        for (int c = 0; c < chains.length; c++) {
            ChainSnapshot s = chains[c];
            int block = s.drawRows() * width;
            double[] draws = new double[levels * block];
            for (int level = 0; level < levels; level++) {
                double[] rows = DrawsFiles.read(file.getParent(), c, level, s.drawRows(), width,
                        p.drawsChecksums()[level * chains.length + c], file);
                System.arraycopy(rows, 0, draws, level * block, block);
            }
            chains[c] = s.withDraws(s.drawRows(), draws);
        }
        return new Payload(p.replexVersion(), p.job(), p.writtenAt(), new RunState(p.state().round(), chains,
                p.state().replicas()), p.events(), p.parameterNames());
    }

    /** Reads and verifies one file's header and payload, without attaching draws. */
    private static Payload decode(Path file) throws IOException {
        int version = formatVersion(file);
        if (version == OptimizeCheckpointFile.FORMAT_VERSION) {
            throw new IOException(file + " is a checkpoint of an optimize job (format version "
                    + OptimizeCheckpointFile.FORMAT_VERSION + "), not of a sampling job");
        }
        byte[] body = readFramed(file, java.util.Set.of(FORMAT_VERSION, ALL_LEVELS_FORMAT_VERSION,
                METADATA_FORMAT_VERSION), "versions " + FORMAT_VERSION + ", " + ALL_LEVELS_FORMAT_VERSION + " and "
                + METADATA_FORMAT_VERSION);
        try (Input input = BoundedKryo.input(body)) {
            Kryo kryo = kryo();
            if (version == METADATA_FORMAT_VERSION) {
                ChainSnapshotSerializer.carryMetadata(kryo);
            }
            return kryo.readObject(input, Payload.class);
        } catch (KryoException | IllegalArgumentException e) {
            throw new IOException(file + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    /**
     * @param file a file
     * @return the checkpoint format version in its header, or −1 if it is not a readable checkpoint
     *     (too short, bad magic bytes, unreadable)
     */
    public static int formatVersion(Path file) {
        return CheckpointFraming.formatVersion(file);
    }

    /** Reads and verifies one file's header and returns its payload ({@link CheckpointFraming#readFramed}). */
    static byte[] readFramed(Path file, java.util.Set<Integer> versions, String expected) throws IOException {
        return CheckpointFraming.readFramed(file, versions, expected);
    }

    /**
     * @param directory a checkpoint directory
     * @return its checkpoint files, newest (highest round) first; empty if the directory is missing
     * @throws IOException if the directory cannot be listed
     */
    public static List<Path> list(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "checkpoint-*.rpx")) {
            for (Path p : stream) {
                if (NAME.matcher(p.getFileName().toString()).matches()) {
                    files.add(p);
                }
            }
        }
        files.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        return files;
    }

    /**
     * Reads the newest valid checkpoint of a directory, skipping corrupt or truncated ones.
     *
     * @param directory the checkpoint directory
     * @return the checkpoint, with the files skipped and why
     * @throws ConfigurationException naming {@code checkpoint} if there is no valid checkpoint (the
     *     message lists every file tried and why it failed) or its job is invalid
     */
    public static Loaded readLatest(Path directory) {
        List<String> skipped = new ArrayList<>();
        List<Path> files;
        try {
            files = list(directory);
        } catch (IOException e) {
            throw new ConfigurationException("checkpoint", "cannot list " + directory + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            try {
                Payload payload = read(file);
                JobSpec spec = parseJob(payload.job());
                return new Loaded(file, spec, payload, List.copyOf(skipped));
            } catch (IOException e) {
                skipped.add(e.getMessage());
            }
        }
        throw new ConfigurationException("checkpoint", "no valid checkpoint in " + directory
                + (files.isEmpty() ? " (no checkpoint-*.rpx file)" : ": " + String.join("; ", skipped)));
    }

    private static JobSpec parseJob(String json) throws IOException {
        try {
            return JobSpec.fromJson(json);
        } catch (ConfigException | ConfigurationException e) {
            throw new IOException("the job stored in the checkpoint is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes every checkpoint file and draws file of a directory (e.g. once the run's outputs are
     * written).
     *
     * @param directory a checkpoint directory; nothing happens if it is missing
     * @throws IOException if a file cannot be deleted
     */
    public static void deleteAll(Path directory) throws IOException {
        for (Path file : list(directory)) {
            Files.deleteIfExists(file);
        }
        DrawsFiles.deleteAll(directory);
    }

    /** Deletes all but the {@code keep} newest checkpoint files (best effort). */
    static void prune(Path directory, int keep) {
        try {
            List<Path> files = list(directory);
            for (int i = keep; i < files.size(); i++) {
                Files.deleteIfExists(files.get(i));
            }
        } catch (IOException e) {
            // an old checkpoint left behind costs disk space only
        }
    }

    /**
     * @param file a checkpoint file name
     * @return its round, or −1 if the name is not a checkpoint's
     */
    public static long roundOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
