package replex.actors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

import akka.actor.typed.javadsl.ActorContext;

import replex.io.CheckpointFile;
import replex.io.JobDirectory;

/**
 * How a coordinator ({@link CheckpointWriter} of a sampling job, {@link OptimizeCheckpoints} of an
 * optimize job) keeps a finished cluster job's result in the job's shared folder: creates the folder,
 * writes {@link JobDirectory#RESULT_FILE} and deletes the checkpoints, on Akka's blocking-I/O dispatcher.
 */
final class ResultFolder {

    /** Writes a job's result file (the format is the job mode's). */
    @FunctionalInterface
    interface Writer {
        /**
         * @param file where the result goes
         * @throws IOException if it cannot be written
         */
        void write(Path file) throws IOException;
    }

    private ResultFolder() {
    }

    /**
     * Keeps the result off the coordinator's thread; the coordinator then gets {@code kept}'s message.
     *
     * @param context the coordinator's context
     * @param blockingIo the blocking-I/O dispatcher
     * @param dir the job's shared folder
     * @param result writes the result file
     * @param kept the coordinator's message to itself, from {@code null} or why the result could not be kept
     */
    static void keep(ActorContext<ExchangeCoordinator.Command> context, Executor blockingIo, Path dir,
            Writer result, Function<Throwable, ExchangeCoordinator.Command> kept) {
        CompletableFuture<Void> keep = CompletableFuture.runAsync(() -> {
            try {
                Files.createDirectories(dir);
                result.write(dir.resolve(JobDirectory.RESULT_FILE));
                CheckpointFile.deleteAll(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blockingIo);
        context.pipeToSelf(keep, (ok, error) -> kept.apply(error));
    }
}
