package replex.targets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log file that receives the standard error of an {@link ExternalTarget}'s children, one line
 * per line written, prefixed with the child's process id. Opened in append mode, so that the
 * several target instances of one run (check, engine) share one file. If the file cannot be
 * written, the lines go to Replex's own log instead. Thread-safe.
 */
final class StderrLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StderrLog.class);

    private final Path path;
    private OutputStream out;
    private boolean warned;
    private boolean closed;

    /** @param path the file; its folder is created if missing */
    StderrLog(Path path) {
        this.path = path;
    }

    /** @return the file */
    Path path() {
        return path;
    }

    /**
     * Appends one line.
     *
     * @param pid the child's process id
     * @param line the line, without its line break
     */
    synchronized void write(long pid, String line) {
        try {
            if (out == null) {
                if (path.getParent() != null) {
                    Files.createDirectories(path.getParent());
                }
                out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
            }
            out.write(("[" + pid + "] " + line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (closed) { // a late line after close(): written, and the file closed again
                out.close();
                out = null;
            }
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                LOG.warn("cannot write the target's standard error to {} ({}); it goes to this log", path,
                        e.toString());
            }
            LOG.info("target [{}] {}", pid, line);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // nothing more to write
            }
            out = null;
        }
    }
}
