package replex.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file written atomically: the content goes to a temporary file in the destination's directory,
 * is forced to the storage device, and only {@link #commit()} moves it over the destination in one
 * atomic rename. A reader therefore sees either the old file or the complete new one, never a
 * partial file. {@link #close()} deletes the temporary file if it was not committed, so a failed
 * write leaves nothing behind. Use with try-with-resources. Not thread-safe.
 */
public final class StagedFile implements AutoCloseable {

    /** Writes a file's content; the stream is buffered and closed by the caller. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out where to write the content
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path destination;
    private final Path temporary;
    private boolean committed;

    private StagedFile(Path destination, Path temporary) {
        this.destination = destination;
        this.temporary = temporary;
    }

    /**
     * Writes the content to a temporary file next to {@code destination} and forces it to disk.
     * On any failure the temporary file is deleted before the exception propagates.
     *
     * @param destination the final file; its directory must exist
     * @param content what to write
     * @return the staged file, not yet visible under {@code destination}
     * @throws IOException if the temporary file cannot be created or written
     */
    public static StagedFile stage(Path destination, Content content) throws IOException {
        Path dir = destination.toAbsolutePath().getParent();
        // not Files.createTempFile: its owner-only permissions would carry over to the final file
        Path temporary = null;
        FileChannel opened = null;
        for (int attempt = 0; opened == null; attempt++) {
            temporary = dir.resolve("." + destination.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                opened = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
        try (FileChannel channel = opened) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            content.writeTo(out);
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(temporary, e);
            throw e;
        }
        return new StagedFile(destination, temporary);
    }

    /**
     * Writes a file atomically in one go: {@link #stage} then {@link #commit}.
     *
     * @param destination the final file; its directory must exist
     * @param content what to write
     * @throws IOException if writing or renaming fails; the destination is then unchanged
     */
    public static void write(Path destination, Content content) throws IOException {
        try (StagedFile staged = stage(destination, content)) {
            staged.commit();
        }
    }

    /**
     * Atomically replaces the destination with the staged content, then forces the directory entry
     * to disk where the platform allows it.
     *
     * @throws IOException if the rename fails (the staged file is then deleted by {@link #close()})
     */
    public void commit() throws IOException {
        if (committed) {
            throw new IllegalStateException(destination + " already committed");
        }
        Files.move(temporary, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
        forceDirectory(destination.toAbsolutePath().getParent());
    }

    /** @return the final path */
    public Path destination() {
        return destination;
    }

    /** Deletes the temporary file unless it was committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            Files.deleteIfExists(temporary);
        }
    }

    private static void deleteQuietly(Path file, Throwable failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    // A rename is durable only once its directory is synced; not every platform can open a directory.
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // best effort: the file's own content is already on disk
        }
    }
}
