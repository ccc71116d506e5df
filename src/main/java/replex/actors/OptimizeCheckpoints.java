package replex.actors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;

import replex.core.engine.RecoveryEvent;
import replex.core.optimize.OptimizeState;
import replex.io.JobDirectory;
import replex.io.OptimizeCheckpointFile;

/**
 * The checkpoint files of an {@code optimize} job, for its {@link OptimizeCoordinator}: the checkpoint
 * the job continues from (a restart after its coordinator's node was lost, or a resume), each recovery
 * point written as a checkpoint file ({@link OptimizeCheckpointFile}, the format {@code replex resume}
 * reads) on the blocking-I/O dispatcher, one write at a time (a newer checkpoint waiting replaces an
 * older one not yet begun), and, in the cluster's shared directory, the finished job's result kept for
 * {@code replex fetch} (the coordinator's last state but one, {@link #finish}). The I/O reports back to the
 * coordinator through {@code pipeToSelf} ({@link #handlingWrites}). Not thread-safe:
 * its coordinator's only.
 */
final class OptimizeCheckpoints {

    /** A checkpoint write finished (local only). */
    private record CheckpointWritten(long round, Path file, Throwable error) implements ExchangeCoordinator.Command {
    }

    /** The finished job's result is kept in its shared folder, or could not be (local only). */
    private record ResultKept(Throwable error) implements ExchangeCoordinator.Command {
    }

    private final ActorContext<ExchangeCoordinator.Command> context;
    private final String jobId;
    private final OptimizeCoordinator.CheckpointFiles files;
    /** What every checkpoint file records besides its state: the Replex version, the job, the metrics. */
    private final String version;
    private final String jobJson;
    private final List<String> metricNames;
    /** Told when a write fails, and when one succeeds again. */
    private final ActorRef<JobClient.Event> client;
    private final Executor blockingIo;
    /** A checkpoint write is under way. */
    private boolean writing;
    /** The newest checkpoint waiting for the write under way, or {@code null}. */
    private OptimizeCheckpointFile.Payload toWrite;
    /** The last checkpoint write failed (the user has been told). */
    private boolean writeFailing;

    /**
     * @param context the coordinator's context
     * @param files where the checkpoint files go and what the job starts from
     * @param version the Replex version written into checkpoints
     * @param jobJson the effective job
     * @param metricNames the objective's metrics
     * @param client the job's client
     */
    OptimizeCheckpoints(ActorContext<ExchangeCoordinator.Command> context, String jobId,
            OptimizeCoordinator.CheckpointFiles files, String version, String jobJson, List<String> metricNames,
            ActorRef<JobClient.Event> client) {
        this.context = context;
        this.jobId = jobId;
        this.files = files;
        this.version = version;
        this.jobJson = jobJson;
        this.metricNames = metricNames;
        this.client = client;
        this.blockingIo = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    }

    /**
     * The job continues from its checkpoint, if it has one: the checkpoint's recovery events are added
     * to {@code events}, and the continuation is recorded (a restart after a lost coordinator, or a resume).
     *
     * @param events the job's recovery events
     * @param selfNode the coordinator's node
     * @return the checkpoint's state, or {@code null} if the job starts at round 0
     * @throws IllegalArgumentException if the checkpoint does not fit the job
     */
    OptimizeState start(List<RecoveryEvent> events, String selfNode) {
        OptimizeCheckpointFile.Loaded loaded = files.start();
        OptimizeState state = null;
        if (loaded != null) {
            OptimizeCheckpointFile.Payload payload = loaded.payload();
            if (!List.of(payload.metricNames()).equals(metricNames)) {
                throw new IllegalArgumentException(loaded.file() + " records the metrics "
                        + List.of(payload.metricNames()) + ", but the objective has " + metricNames);
            }
            state = payload.state();
            events.addAll(List.of(payload.events()));
        }
        Continuation.record(context, jobId, files.restart(), loaded == null ? null : loaded.file(),
                loaded == null ? List.of() : loaded.skipped(), state == null ? 0 : state.round(), selfNode, events);
        return state;
    }

    /**
     * A new recovery point: written as a checkpoint file if the job has a checkpoint directory.
     *
     * @param recovery the job's state at a snapshot round
     * @param events the job's recovery events so far
     */
    void write(OptimizeState recovery, List<RecoveryEvent> events) {
        if (files.dir() != null) {
            toWrite = payload(recovery, events);
            writeNext();
        }
    }

    private OptimizeCheckpointFile.Payload payload(OptimizeState state, List<RecoveryEvent> events) {
        return new OptimizeCheckpointFile.Payload(version, jobJson, Instant.now().toString(), state,
                metricNames.toArray(new String[0]), events.toArray(new RecoveryEvent[0]));
    }

    /** Writes the checkpoint waiting, if any, on the blocking-I/O dispatcher, unless a write is under way. */
    private void writeNext() {
        if (writing || toWrite == null) {
            return;
        }
        OptimizeCheckpointFile.Payload payload = toWrite;
        toWrite = null;
        writing = true;
        Path dir = Path.of(files.dir());
        CompletableFuture<Path> write = CompletableFuture.supplyAsync(() -> {
            try {
                return OptimizeCheckpointFile.write(dir, payload);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blockingIo);
        context.pipeToSelf(write, (file, error) -> new CheckpointWritten(payload.state().round(), file, error));
    }

    /**
     * @param state a coordinator's state
     * @return the state, also handling the end of checkpoint writes
     */
    BehaviorBuilder<ExchangeCoordinator.Command> handlingWrites(BehaviorBuilder<ExchangeCoordinator.Command> state) {
        return state.onMessage(CheckpointWritten.class, m -> {
            written(m);
            return Behaviors.same();
        });
    }

    /**
     * A checkpoint write ended. A failed one is reported once (until a write succeeds again) and the job
     * goes on: its recovery point is in memory, and the next checkpoint is tried at its round.
     */
    private void written(CheckpointWritten m) {
        writing = false;
        if (m.error() != null) {
            if (!writeFailing) {
                writeFailing = true;
                String message = "cannot write the checkpoint of round " + m.round() + " to " + files.dir() + " ("
                        + cause(m.error()).getMessage() + "); the job goes on and tries again at its next "
                        + "checkpoint, but cannot be restarted from a checkpoint file meanwhile";
                context.getLog().error("job {}: {}", jobId, message);
                client.tell(new JobClient.Notice(jobId, message));
            }
        } else {
            context.getLog().debug("job {}: checkpoint {}", jobId, m.file());
            if (writeFailing) {
                writeFailing = false;
                client.tell(new JobClient.Notice(jobId, "checkpoint of round " + m.round() + " written"));
            }
        }
        writeNext();
    }

    /**
     * The job is done: a checkpoint waiting is not written; in the cluster's shared directory the result
     * is kept (after the write under way, if any: it would land after the checkpoints are deleted).
     *
     * @param finalState the job's final state, the best state as its one replica
     * @param events the job's recovery events
     * @param then the coordinator's behaviour once the result is kept (or could not be), or at once
     * @return the coordinator's behaviour meanwhile
     */
    Behavior<ExchangeCoordinator.Command> finish(Supplier<OptimizeState> finalState, List<RecoveryEvent> events,
            Supplier<Behavior<ExchangeCoordinator.Command>> then) {
        toWrite = null;
        if (!files.shared()) {
            return then.get();
        }
        if (writing) {
            return Behaviors.receive(ExchangeCoordinator.Command.class)
                    .onMessage(CheckpointWritten.class, m -> keepResult(finalState.get(), events, then))
                    .onAnyMessage(m -> Behaviors.same())
                    .build();
        }
        return keepResult(finalState.get(), events, then);
    }

    /**
     * Writes the result into the job's shared folder ({@link JobDirectory#RESULT_FILE}) for {@code replex
     * fetch} and a job manager that takes over, and deletes the checkpoints, off the actor's thread.
     */
    private Behavior<ExchangeCoordinator.Command> keepResult(OptimizeState finalState, List<RecoveryEvent> events,
            Supplier<Behavior<ExchangeCoordinator.Command>> then) {
        OptimizeCheckpointFile.Payload result = payload(finalState, events);
        Path dir = Path.of(files.dir());
        ResultFolder.keep(context, blockingIo, dir, file -> OptimizeCheckpointFile.writeResult(file, result),
                ResultKept::new);
        return Behaviors.receive(ExchangeCoordinator.Command.class)
                .onMessage(ResultKept.class, m -> {
                    if (m.error() != null) {
                        context.getLog().error("job {}: cannot keep its result in {}: {} (the client still "
                                + "receives it)", jobId, dir, cause(m.error()).toString());
                    }
                    return then.get();
                })
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    private static Throwable cause(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        return c instanceof UncheckedIOException u ? u.getCause() : c;
    }
}
