package replex.actors;

import java.time.Duration;

import com.typesafe.config.Config;

/**
 * The durations and counts by which the actor engine decides that something was lost, read from
 * {@code replex.engine} (conf/application.conf documents each). Tests inject short ones, so that no
 * test waits on a sleep.
 *
 * @param initializeRetry pause before Initialize goes again to a replica that has not answered
 * @param initializeAttempts attempts before the job fails, naming the replica and its last node
 * @param deadlineMinimum a round of a chain is given at least this long, counted from the last sign
 *     of life (the round's sending, or a host saying it is still busy with it)
 * @param deadlineMultiplier ... and at least this many times the chain's typical round time
 * @param deadlineCheck how often the coordinator looks for rounds past their deadline
 * @param heartbeat how often a host busy with a batch says so to its coordinator
 * @param maxReplays replays of the same round of a chain before the job fails
 * @param checkpointRetry pause between attempts to write a checkpoint that failed
 */
public record EngineTimings(Duration initializeRetry, int initializeAttempts, Duration deadlineMinimum,
        double deadlineMultiplier, Duration deadlineCheck, Duration heartbeat, int maxReplays,
        Duration checkpointRetry) {

    /**
     * @param config the node's configuration (with {@code replex.engine})
     * @return its timings
     * @throws IllegalArgumentException if a value is out of range (the message names the key)
     */
    public static EngineTimings from(Config config) {
        Config c = config.getConfig("replex.engine");
        EngineTimings t = new EngineTimings(c.getDuration("initialize-retry"), c.getInt("initialize-attempts"),
                c.getDuration("round-deadline.minimum"), c.getDouble("round-deadline.multiplier"),
                c.getDuration("round-deadline.check-interval"), c.getDuration("heartbeat"),
                c.getInt("round-deadline.max-replays"), c.getDuration("checkpoint-retry"));
        positive("initialize-retry", t.initializeRetry);
        positive("round-deadline.minimum", t.deadlineMinimum);
        positive("round-deadline.check-interval", t.deadlineCheck);
        positive("heartbeat", t.heartbeat);
        positive("checkpoint-retry", t.checkpointRetry);
        if (t.initializeAttempts < 1 || t.maxReplays < 1 || !(t.deadlineMultiplier >= 1.0)) {
            throw new IllegalArgumentException("replex.engine: initialize-attempts and round-deadline.max-replays "
                    + "must be >= 1 and round-deadline.multiplier >= 1");
        }
        if (t.heartbeat.compareTo(t.deadlineMinimum) >= 0) {
            throw new IllegalArgumentException("replex.engine.heartbeat (" + t.heartbeat
                    + ") must be shorter than round-deadline.minimum (" + t.deadlineMinimum + ")");
        }
        return t;
    }

    private static void positive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("replex.engine." + key + " must be > 0, got " + d);
        }
    }
}
