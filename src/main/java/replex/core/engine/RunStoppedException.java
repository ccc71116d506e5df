package replex.core.engine;

/** A run stopped on request before its last round, after checkpointing {@link #round()} rounds. */
public final class RunStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long round;

    /** @param round the rounds completed and checkpointed */
    public RunStoppedException(long round) {
        super("run stopped after round " + round);
        this.round = round;
    }

    /** @return the rounds completed and checkpointed; the resumed run starts at this round */
    public long round() {
        return round;
    }
}
