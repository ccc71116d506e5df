package replex.api;

import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import replex.core.engine.RecoveryEvent;
import replex.core.optimize.OptimizeControl;
import replex.core.optimize.OptimizeState;
import replex.io.OptimizeCheckpointFile;
import replex.io.OptimizeSpec;

/**
 * Checkpoint files of an optimize run in this JVM: written on the engine's thread, retried while the
 * disk refuses ({@link LocalCheckpoints}).
 */
final class OptimizeFileCheckpoints extends LocalCheckpoints implements OptimizeControl {

    private final OptimizeSpec spec;
    private final String[] metricNames;
    private final RecoveryEvent[] events;
    private final String jobJson;

    /**
     * @param spec the job (its checkpoint interval and directory)
     * @param metricNames the objective's metric names
     * @param events recovery events to store with every checkpoint
     * @param stop true once the run should checkpoint and stop
     * @param notices told when the run pauses and continues; {@code null} for none
     */
    OptimizeFileCheckpoints(OptimizeSpec spec, List<String> metricNames, List<RecoveryEvent> events, BooleanSupplier stop,
            RunListener notices) {
        super(spec.checkpointEvery(), spec.checkpointDir(), stop, LocalCheckpoints.RETRY, notices);
        this.spec = spec;
        this.metricNames = metricNames.toArray(new String[0]);
        this.events = events.toArray(new RecoveryEvent[0]);
        this.jobJson = spec.toJson();
    }

    @Override
    public void checkpoint(OptimizeState state) {
        OptimizeCheckpointFile.Payload payload = new OptimizeCheckpointFile.Payload(Replex.version(), jobJson,
                Instant.now().toString(), state, metricNames, events);
        store(state.round(), () -> OptimizeCheckpointFile.write(spec.checkpointDir(), payload));
    }
}
