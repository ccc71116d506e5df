package replex.actors;

/**
 * When a round of an {@code optimize} job is overdue, for its {@link OptimizeCoordinator}: a round in
 * flight with no answer and no sign of life ({@link ExchangeCoordinator.HostBusy}) past its deadline
 * (at least {@link EngineTimings#deadlineMinimum()}, and {@link EngineTimings#deadlineMultiplier()}
 * times the typical round) is overdue, except while a node is unreachable (the failure detector decides
 * then) or just after the coordinator itself waited for a thread. Also counts the replays of a round,
 * at most {@link EngineTimings#maxReplays()}. Not thread-safe: its coordinator's only.
 */
final class OptimizeDeadlines {

    private final EngineTimings timings;
    private final UnreachableNodes unreachable = new UnreachableNodes();
    private double typicalRoundSeconds = Double.NaN;
    private long lastCheckNanos = System.nanoTime();
    private long replayedRound = -1;
    private int replaysOfRound;

    /** @param timings the engine's timings */
    OptimizeDeadlines(EngineTimings timings) {
        this.timings = timings;
    }

    /** A round is complete: its time, from its sending, counts into the typical round. */
    void completed(OptimizeRound round) {
        double seconds = (System.nanoTime() - round.sentAtNanos) / 1e9;
        typicalRoundSeconds = Double.isNaN(typicalRoundSeconds) ? seconds : 0.8 * typicalRoundSeconds + 0.2 * seconds;
    }

    /**
     * A periodic deadline check.
     *
     * @param inFlight the round in flight, or {@code null}
     * @return how long the round has waited, in nanoseconds, if that is past its deadline, else −1
     */
    long overdue(OptimizeRound inFlight) {
        long now = System.nanoTime();
        boolean late = now - lastCheckNanos > 3 * timings.deadlineCheck().toNanos();
        lastCheckNanos = now;
        if (late && inFlight != null) { // this actor waited for a thread: signs of life queued meanwhile are unseen
            inFlight.lastSignNanos = now;
        }
        if (inFlight == null || late || !unreachable.none()) { // an unreachable node: the failure detector's
            return -1;
        }
        double typical = Double.isNaN(typicalRoundSeconds) ? 0.0 : typicalRoundSeconds;
        long deadline = Math.max(timings.deadlineMinimum().toNanos(), (long) (timings.deadlineMultiplier() * typical
                * 1e9));
        long waited = now - Math.max(inFlight.sentAtNanos, inFlight.lastSignNanos);
        return waited <= deadline ? -1 : waited;
    }

    /** A node became unreachable or reachable again. */
    void reachability(ExchangeCoordinator.NodeReachability m) {
        unreachable.reachability(m);
    }

    /** A node left the cluster: it is no longer unreachable. */
    void removed(String node) {
        unreachable.removed(node);
    }

    /**
     * Counts a replay.
     *
     * @param detected the round at which the job is rolled back
     * @return whether that round has been replayed more than {@link EngineTimings#maxReplays()} times now
     */
    boolean replayedTooOften(long detected) {
        if (detected == replayedRound) {
            replaysOfRound++;
        } else {
            replayedRound = detected;
            replaysOfRound = 1;
        }
        return replaysOfRound > timings.maxReplays();
    }
}
