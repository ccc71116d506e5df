package replex.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunControl;
import replex.core.engine.RunState;
import replex.io.CheckpointFile;
import replex.io.JobSpec;

/**
 * Writes a sampling job's checkpoints to its checkpoint directory, for either engine; a checkpoint
 * that cannot be written pauses the run ({@link LocalCheckpoints}).
 */
final class FileCheckpoints extends LocalCheckpoints implements RunControl {

    private final JobSpec spec;
    private final List<RecoveryEvent> events;
    private final List<String> parameterNames;

    /**
     * @param spec the job (its checkpoint interval and directory)
     * @param stop true once the run should checkpoint and stop
     * @param events recovery events to store with every checkpoint
     * @param parameterNames the target's parameter names, length d
     * @param retry pause between attempts while a checkpoint cannot be written
     * @param listener told when the run pauses and continues; {@code null} for none
     */
    FileCheckpoints(JobSpec spec, BooleanSupplier stop, List<RecoveryEvent> events, List<String> parameterNames,
            Duration retry, RunListener listener) {
        super(spec.checkpointEvery(), spec.checkpointDir(), stop, retry, listener);
        this.spec = spec;
        this.parameterNames = List.copyOf(parameterNames);
        this.events = List.copyOf(events);
    }

    @Override
    public void checkpoint(RunState state) {
        CheckpointFile.Payload payload = new CheckpointFile.Payload(Replex.version(), spec.toJson(),
                Instant.now().toString(), state, events.toArray(new RecoveryEvent[0]),
                parameterNames.toArray(new String[0]));
        store(state.round(), () -> CheckpointFile.write(spec.checkpointDir(), payload));
    }
}
