package replex.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import replex.core.chain.ChainSnapshot;

/**
 * The kept draws of a checkpointed job, outside the checkpoint files: one append-only file per
 * chain in the checkpoint directory, {@code draws-<chain, 4 digits>.bin}, holding the chain's kept
 * draws in draw order as rows of d + 2 + m doubles (the d parameters, the log-likelihood, the
 * log-prior, the m metrics of {@code output.draws-metrics}, usually none), each an IEEE 754 double
 * in 8 little-endian bytes, with no header. A checkpoint
 * records per chain how many rows belong to it ({@code ChainSnapshot.drawRows}) and the CRC-32C of
 * those rows' bytes; rows past that belong to a later checkpoint (or to a write that did not
 * finish) and are ignored by its reader.
 *
 * <p>Each checkpoint write keeps the rows its predecessor (the newest readable checkpoint of the
 * same job at or before its round) recorded, provided they equal the rows in memory (same count
 * prefix, same CRC-32C), cuts anything after them and appends the rows kept since; otherwise it
 * rewrites the file. So a run writes each kept draw about once, and a file left by another job
 * or a crashed writer is never trusted blindly.
 *
 * <p>With {@code output.all-levels} every other level k ≥ 1 of a chain has its own file,
 * {@code draws-<chain, 4 digits>-level-<k, 4 digits>.bin}, in the same layout and with the same
 * row count as level 0's; the checkpoint then records C × K checksums, level-major (index
 * k·C + chain), the first C being level 0's as without the option.
 */
final class DrawsFiles {

    private static final Pattern NAME = Pattern.compile("draws-\\d{4,}(-level-\\d{4,})?\\.bin");
    private static final int CHUNK = 1 << 16;

    private DrawsFiles() {
    }

    /**
     * @param chain a chain index
     * @return its draws file's name
     */
    static String fileName(int chain) {
        return String.format("draws-%04d.bin", chain);
    }

    /**
     * @param chain a chain index
     * @param level a level index
     * @return the draws file of that chain's level: {@link #fileName(int)} for level 0
     */
    static String fileName(int chain, int level) {
        return level == 0 ? fileName(chain) : String.format("draws-%04d-level-%04d.bin", chain, level);
    }

    /**
     * @param payload a checkpoint's payload
     * @return the width of its draws' rows: d + 2 + m, m the number of {@code output.draws-metrics}
     *     of its job (0 if the job names none, or cannot be read here: its reader reports that)
     */
    static int width(CheckpointFile.Payload payload) {
        int metrics = 0;
        try {
            com.typesafe.config.Config job = com.typesafe.config.ConfigFactory.parseString(
                    payload.job() == null ? "" : payload.job());
            if (job.hasPath(JobSpec.DRAWS_METRICS_PATH)) {
                metrics = job.getStringList(JobSpec.DRAWS_METRICS_PATH).size();
            }
        } catch (com.typesafe.config.ConfigException e) {
            metrics = 0;
        }
        return payload.parameterNames().length + 2 + metrics;
    }

    /**
     * How many levels' draws a complete payload's chain snapshots hold: 1, or K with
     * {@code output.all-levels} once draws are kept (during burn-in every snapshot holds none: 1).
     *
     * @param payload a complete payload
     * @return L ≥ 1
     * @throws IllegalArgumentException if a snapshot holds no draws, or draws that are not a whole
     *     number of levels of its rows, or the chains disagree
     */
    static int levelsHeld(CheckpointFile.Payload payload) {
        int width = width(payload);
        int held = 1;
        ChainSnapshot[] chains = payload.state().chains();
        for (int c = 0; c < chains.length; c++) {
            ChainSnapshot s = chains[c];
            long block = (long) s.drawRows() * width;
            if (s.draws() == null || block == 0 && s.draws().length != 0 || block > 0 && (s.draws().length % block != 0
                    || s.draws().length / block > s.levelOfReplica().length || s.draws().length == 0)) {
                throw new IllegalArgumentException("chain " + c + ": the snapshot to checkpoint must hold its "
                        + s.drawRows() + " draws of width " + width + " for level 0 or for each of its "
                        + s.levelOfReplica().length + " levels");
            }
            int levels = block == 0 ? 1 : (int) (s.draws().length / block);
            if (block > 0 && held > 1 && levels != held) {
                throw new IllegalArgumentException("chain " + c + " holds draws of " + levels + " levels, an earlier "
                        + "chain of " + held);
            }
            held = Math.max(held, levels);
        }
        return held;
    }

    /**
     * Brings every chain's draws file to the payload's draws and forces it to disk.
     *
     * @param directory the checkpoint directory
     * @param payload a complete payload (every chain snapshot with its draws)
     * @param previous the previous checkpoint of the same job in this directory, decoded without
     *     draws, or {@code null}
     * @return per chain and level that holds draws the CRC-32C of its draws' bytes, level-major
     *     (index level·C + chain), length C × {@link #levelsHeld}
     * @throws IOException if a file cannot be written
     * @throws IllegalArgumentException if a snapshot holds no draws or draws of the wrong length
     */
    static long[] append(Path directory, CheckpointFile.Payload payload, CheckpointFile.Payload previous)
            throws IOException {
        ChainSnapshot[] chains = payload.state().chains();
        int width = width(payload);
        int levels = levelsHeld(payload);
        long[] checksums = new long[chains.length * levels];
        for (int level = 0; level < levels; level++) {
            for (int c = 0; c < chains.length; c++) {
                ChainSnapshot s = chains[c];
                int offset = level * s.drawRows() * width;
                Path file = directory.resolve(fileName(c, level));
                int kept = 0;
                CRC32C crc = new CRC32C();
                int index = level * chains.length + c;
                if (previous != null && previous.state().chains().length == chains.length
                        && index < previous.drawsChecksums().length) {
                    int rows = previous.state().chains()[c].drawRows();
                    if (rows <= s.drawRows() && Files.exists(file) && Files.size(file) >= bytes(rows, width)) {
                        CRC32C prefix = new CRC32C();
                        encode(s.draws(), offset, offset + rows * width, prefix, null);
                        if (prefix.getValue() == previous.drawsChecksums()[index]) {
                            kept = rows;
                            crc = prefix;
                        }
                    }
                }
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    ch.truncate(bytes(kept, width));
                    ch.position(bytes(kept, width));
                    encode(s.draws(), offset + kept * width, offset + s.drawRows() * width, crc, ch);
                    ch.force(false);
                }
                checksums[index] = crc.getValue();
            }
        }
        return checksums;
    }

    /**
     * Reads and verifies the first rows of a chain's draws file.
     *
     * @param directory the checkpoint directory
     * @param chain the chain
     * @param level the level ({@link #fileName(int, int)})
     * @param rows rows to read
     * @param width the row width d + 2 + m
     * @param checksum their expected CRC-32C
     * @param checkpoint the checkpoint that needs them (for messages)
     * @return the rows, row-major, length rows × width
     * @throws IOException if the file is missing, too short or fails the checksum (the message
     *     names the file and the checkpoint)
     */
    static double[] read(Path directory, int chain, int level, int rows, int width, long checksum, Path checkpoint)
            throws IOException {
        Path file = directory.resolve(fileName(chain, level));
        if (rows < 0 || width < 1 || (long) rows * width > Integer.MAX_VALUE - 8) {
            throw new IOException(checkpoint + " is corrupt: it declares " + rows + " draws of width " + width
                    + " for chain " + chain + (level == 0 ? "" : ", level " + level));
        }
        CRC32C crc = new CRC32C();
        double[] out;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < bytes(rows, width)) {
                throw new IOException(checkpoint + " needs " + rows + " draws of chain " + chain
                        + (level == 0 ? "" : ", level " + level) + ", but " + file
                        + " is truncated: it holds " + size / (8L * width) + " rows");
            }
            // allocated only once the file is known to hold them (a forged row count cannot exhaust the heap)
            out = new double[rows * width];
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            int i = 0;
            while (i < out.length) {
                buf.clear();
                buf.limit((int) Math.min(CHUNK, 8L * (out.length - i)));
                while (buf.hasRemaining()) {
                    if (ch.read(buf) < 0) {
                        throw new IOException(file + " is truncated");
                    }
                }
                crc.update(buf.array(), 0, buf.limit());
                buf.flip();
                while (buf.hasRemaining()) {
                    out[i++] = buf.getDouble();
                }
            }
        } catch (NoSuchFileException e) {
            throw new IOException(checkpoint + " needs " + file + ", which is missing", e);
        }
        if (crc.getValue() != checksum) {
            throw new IOException(checkpoint + " does not match " + file + ": checksum mismatch of its first " + rows
                    + " rows");
        }
        return out;
    }

    /**
     * Deletes every draws file of a directory.
     *
     * @param directory a checkpoint directory; nothing happens if it is missing
     * @throws IOException if a file cannot be deleted
     */
    static void deleteAll(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "draws-*.bin")) {
            for (Path p : stream) {
                if (NAME.matcher(p.getFileName().toString()).matches()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static long bytes(int rows, int width) {
        return 8L * rows * width;
    }

    /** Feeds values [from, to) as little-endian bytes to the checksum and, if given, the channel. */
    private static void encode(double[] values, int from, int to, CRC32C crc, FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        int i = from;
        while (i < to) {
            buf.clear();
            while (i < to && buf.remaining() >= 8) {
                buf.putDouble(values[i++]);
            }
            crc.update(buf.array(), 0, buf.position());
            if (ch != null) {
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        }
    }
}
