package replex.io;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The framing of checkpoint files ({@link CheckpointFile}, {@link OptimizeCheckpointFile}): the header
 * (magic, format version, payload length, CRC-32C of the payload) before the payload, written
 * atomically and verified when read.
 *
 * <p>Thread-safe: stateless.
 */
final class CheckpointFraming {

    static final byte[] MAGIC = {'R', 'P', 'L', 'X', 'C', 'K', 'P', 'T'};
    static final int HEADER_BYTES = 28;

    private CheckpointFraming() {
    }

    /**
     * Writes a payload atomically under the checkpoint header (magic, version, length, CRC-32C).
     *
     * @param file the file
     * @param version the format version
     * @param body the encoded payload
     * @throws IOException if it cannot be written
     */
    static void writeFramed(Path file, int version, byte[] body) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(body);
        long checksum = crc.getValue();
        StagedFile.write(file, out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.write(MAGIC);
            data.writeInt(version);
            data.writeLong(body.length);
            data.writeLong(checksum);
            data.write(body);
            data.flush();
        });
    }

    /** {@link CheckpointFile#formatVersion}. */
    static int formatVersion(Path file) {
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            byte[] magic = new byte[MAGIC.length];
            data.readFully(magic);
            return java.util.Arrays.equals(magic, MAGIC) ? data.readInt() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Reads and verifies one file's header (magic, version, length, CRC-32C) and returns its payload.
     *
     * @param file the file
     * @param versions the format versions accepted
     * @param expected those versions in words, for the message
     * @return the payload bytes
     * @throws IOException if it cannot be read, is not a checkpoint, has another version, is
     *     truncated or fails its checksum
     */
    static byte[] readFramed(Path file, java.util.Set<Integer> versions, String expected) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            byte[] magic = new byte[MAGIC.length];
            data.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not a Replex checkpoint (bad magic bytes)");
            }
            int version = data.readInt();
            if (!versions.contains(version)) {
                throw new IOException(file + " has checkpoint format version " + version + "; this Replex reads "
                        + expected);
            }
            long length = data.readLong();
            long checksum = data.readLong();
            if (length > CheckpointFile.MAX_PAYLOAD_BYTES) {
                throw new IOException(file + " declares a payload of " + length + " bytes; at most "
                        + CheckpointFile.MAX_PAYLOAD_BYTES + " are read");
            }
            if (length != size - HEADER_BYTES) {
                throw new IOException(file + " is truncated or padded: header says " + length
                        + " payload bytes, the file has " + (size - HEADER_BYTES));
            }
            byte[] body = data.readNBytes((int) length);
            CRC32C crc = new CRC32C();
            crc.update(body);
            if (crc.getValue() != checksum) {
                throw new IOException(file + " is corrupt: checksum mismatch");
            }
            return body;
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }
}
