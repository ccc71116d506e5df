package replex.io;

/**
 * The keys of a sample run's {@code summary.json} that programs read back (the plots; anyone's
 * scripts): {@link RunSummary} writes them and {@code replex.plot.SummaryJsonReader} reads them,
 * both through these constants, so that the two cannot drift apart. docs/diagnostics.md describes
 * what each holds.
 */
public final class SummaryKeys {

    /** Top level: the job's settings. */
    public static final String SETTINGS = "settings";
    /** In {@link #SETTINGS}: the rounds before sampling. */
    public static final String BURN_IN_ROUNDS = "burn_in_rounds";
    /** In {@link #SETTINGS} and per chain: the ladder's β, level 0 first. */
    public static final String BETAS = "betas";
    /** Top level: one object per chain. */
    public static final String CHAINS = "chains";
    /** In a chain's object: its index. */
    public static final String CHAIN = "chain";
    /** Per chain: acceptance of local moves per level. */
    public static final String MH_ACCEPTANCE = "mh_acceptance";
    /** Top level and per chain: swap acceptance. */
    public static final String SWAP_ACCEPTANCE = "swap_acceptance";
    /** In {@link #SWAP_ACCEPTANCE}: per neighbouring pair. */
    public static final String PER_PAIR = "per_pair";
    /** The communication barrier Λ (Syed et al. 2022). */
    public static final String COMMUNICATION_BARRIER = "communication_barrier";
    /** Λ's local parts, per neighbouring pair. */
    public static final String COMMUNICATION_BARRIER_PER_PAIR = "communication_barrier_per_pair";
    /** Round trips per evidence batch. */
    public static final String ROUND_TRIPS_BY_BATCH = "round_trips_by_batch";
    /** In {@link #ROUND_TRIPS_BY_BATCH}: the last round of each batch. */
    public static final String END_ROUNDS = "end_rounds";
    /** In {@link #ROUND_TRIPS_BY_BATCH}: the round trips of each batch. */
    public static final String COUNTS = "counts";
    /** Pooled over chains. */
    public static final String GLOBAL = "global";

    private SummaryKeys() {
    }
}
