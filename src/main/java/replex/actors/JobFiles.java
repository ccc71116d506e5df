package replex.actors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import replex.io.JobDirectory;

/**
 * The {@link JobManager}'s file operations: the cluster's shared checkpoint directory
 * ({@code replex.checkpoint-dir}), and a queue that runs every file operation of the job manager on
 * Akka's blocking-I/O dispatcher, never on its thread, each after the one queued before it (so they
 * happen in the order asked). Queued from the job manager's thread only.
 */
final class JobFiles {

    /** Logged under the job manager's name, as before this class was split out of it. */
    static final Logger LOG = LoggerFactory.getLogger(JobManager.class);

    /** The shared checkpoint directory (absolute), or {@code null}. */
    private final Path root;
    private final Executor blockingIo;
    /** The last file operation queued. */
    private CompletableFuture<?> queue = CompletableFuture.completedFuture(null);

    /**
     * @param root the shared checkpoint directory (absolute), or {@code null} when none is configured
     * @param blockingIo the blocking-I/O dispatcher
     */
    JobFiles(Path root, Executor blockingIo) {
        this.root = root;
        this.blockingIo = blockingIo;
    }

    /** @return the shared checkpoint directory (absolute), or {@code null} when none is configured */
    Path root() {
        return root;
    }

    /**
     * Runs a file operation on the blocking-I/O dispatcher after those queued before it.
     *
     * @param operation the operation; what it throws completes the future exceptionally
     * @return its result, once it ran
     */
    <T> CompletableFuture<T> io(Supplier<T> operation) {
        CompletableFuture<T> next = queue.handleAsync((previous, error) -> operation.get(), blockingIo);
        queue = next;
        return next;
    }

    /**
     * Marks a job ended in the shared directory (queued), so that no takeover restarts it; nothing
     * without a shared directory, or if the job has no folder there. A failure is logged.
     *
     * @param jobId the job
     * @param state the state it ended in
     * @param detail why, or {@code null}
     */
    void markEnded(String jobId, JobManager.JobState state, String detail) {
        if (root == null) {
            return;
        }
        Path dir = root.resolve(jobId);
        io(() -> {
            if (Files.isDirectory(dir)) {
                try {
                    JobDirectory.markEnded(dir, state.label(), detail);
                } catch (IOException e) {
                    LOG.warn("job {}: cannot record that it {}: {}", jobId, state.label(), e.toString());
                }
            }
            return null;
        });
    }

    /**
     * @param t what a queued operation completed with
     * @return the error it wraps, for a {@link CompletionException}; else {@code t}
     */
    static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
