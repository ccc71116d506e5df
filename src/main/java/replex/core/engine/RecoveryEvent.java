package replex.core.engine;

/**
 * Something a run recovered from: a resume from a checkpoint, or replicas restored after their
 * node was lost. Recorded in {@code summary.json}; never changes the draws.
 *
 * @param kind the label of a {@link Kind}: {@code resumed} (the run continued from a checkpoint file),
 *     {@code replicas-restored} (replicas lost with a node were restored from their last snapshot),
 *     {@code job-restarted} (the job's coordinator was lost and the job restarted from its checkpoint
 *     on another node) or {@code round-deadline} (a round had no answer in time and was replayed)
 * @param at when it happened, ISO-8601 UTC
 * @param detectedAtRound for a loss, the round the job had reached when it was noticed (the slowest
 *     chain's count); for a resume, the checkpoint's round
 * @param restoredRound the round the affected chains continued from
 * @param roundsReplayed rounds run a second time because of it, summed over the affected chains; −1
 *     when unknown
 * @param detail which chains, replicas or nodes, in words
 */
public record RecoveryEvent(String kind, String at, long detectedAtRound, long restoredRound, long roundsReplayed,
        String detail) {

    /** What a run recovered from, with the name {@code summary.json} and checkpoint files give it. */
    public enum Kind {
        /** The run continued from a checkpoint file ({@code replex resume}). */
        RESUMED("resumed"),
        /** Replicas lost with a node were restored from their last snapshot. */
        REPLICAS_RESTORED("replicas-restored"),
        /** The job's coordinator was lost and the job restarted from its checkpoint on another node. */
        JOB_RESTARTED("job-restarted"),
        /** A round had no answer within its deadline and was replayed from the chain's snapshot. */
        ROUND_DEADLINE("round-deadline");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** @return the name in {@code summary.json} and checkpoint files */
        public String label() {
            return label;
        }

        /**
         * @param label a name as {@link #label()} gives it
         * @return the kind of that name
         * @throws IllegalArgumentException if no kind has it
         */
        public static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown recovery kind '" + label + "'; known: resumed, "
                    + "replicas-restored, job-restarted, round-deadline");
        }
    }

    /**
     * @throws IllegalArgumentException if {@code kind} is not the label of a {@link Kind}
     */
    public RecoveryEvent {
        Kind.of(kind);
    }

    /**
     * An event of the given kind; the components as the record's.
     *
     * @param kind what was recovered from
     * @param at when it happened, ISO-8601 UTC
     * @param detectedAtRound as the record's component
     * @param restoredRound as the record's component
     * @param roundsReplayed as the record's component
     * @param detail as the record's component
     */
    public RecoveryEvent(Kind kind, String at, long detectedAtRound, long restoredRound, long roundsReplayed,
            String detail) {
        this(kind.label(), at, detectedAtRound, restoredRound, roundsReplayed, detail);
    }

    /**
     * @param k a kind
     * @return whether this event is of that kind
     */
    public boolean is(Kind k) {
        return k.label().equals(kind);
    }
}
