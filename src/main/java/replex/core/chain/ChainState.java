package replex.core.chain;

import org.apache.commons.rng.UniformRandomProvider;

import replex.core.SamplerSettings;
import replex.core.evidence.EvidenceAccumulator;
import replex.core.ladder.Ladder;
import replex.core.proposal.ProposalAdaptation;
import replex.core.replica.RoundInstruction;
import replex.core.replica.RoundReport;
import replex.core.rng.RandomStreams;
import replex.core.swap.SwapRule;

/**
 * The coordinator's side of one chain: which replica holds which level, each level's proposal,
 * the swap decisions at the end of each round, and every statistic of the chain (acceptance
 * rates, round trips, evidence sums, kept draws). Every engine drives the same code, which is
 * what makes them agree to the bit: between rounds it needs only the K replicas' {@link
 * RoundReport}s, merged in replica order.
 *
 * <p>Its parts: {@link SwapStatistics}, {@link RoundTrips}, {@link LadderTuning} (burn-in) and
 * {@link KeptDraws}. Statistics (acceptance, swaps, round trips, evidence sums) count the rounds
 * after burn-in only; target errors count the whole run. Mutable, not thread-safe.
 */
public final class ChainState {

    private final int chain;
    private final SamplerSettings settings;
    /** The ladder in force; tuned during burn-in when {@code settings.adaptLadder()}. */
    private Ladder ladder;
    private final LadderTuning tuning;
    private final int levels;
    private final int dimension;
    private final int[] levelOfReplica;
    private final int[] replicaAtLevel;
    private final ProposalAdaptation[] adaptation;
    private final long[] mhAccepted;
    private final long[] mhProposed;
    private final long[] targetErrors;
    private final SwapStatistics swaps;
    private final RoundTrips roundTrips;
    /** Round trips completed per evidence batch of sampling rounds, length B. */
    private final long[] roundTripsByBatch = new long[EvidenceAccumulator.BATCHES];
    /** Created at the first round after burn-in, on the ladder in force from then on. */
    private EvidenceAccumulator evidence;
    private final double[] logLikelihoodByLevel;
    /** Level 0's kept draws, and every level's with {@code settings.allLevels()}. */
    private final KeptDraws kept;
    private long roundsDone;

    /**
     * @param chain the chain index
     * @param settings the job's sampling settings
     * @param dimension the target's dimension d
     */
    public ChainState(int chain, SamplerSettings settings, int dimension) {
        this.chain = chain;
        this.settings = settings;
        this.ladder = settings.ladder();
        this.levels = ladder.size();
        this.dimension = dimension;
        this.levelOfReplica = new int[levels];
        this.replicaAtLevel = new int[levels];
        this.adaptation = new ProposalAdaptation[levels];
        for (int k = 0; k < levels; k++) {
            levelOfReplica[k] = k;
            replicaAtLevel[k] = k;
            adaptation[k] = new ProposalAdaptation(settings.adapt(), dimension, settings.proposalScale(),
                    settings.burnInRounds());
        }
        this.mhAccepted = new long[levels];
        this.mhProposed = new long[levels];
        this.targetErrors = new long[levels];
        this.swaps = new SwapStatistics(levels);
        this.tuning = new LadderTuning(settings.adaptLadder(), levels, settings.burnInRounds());
        this.roundTrips = new RoundTrips(levels, levelOfReplica);
        this.logLikelihoodByLevel = new double[levels];
        this.kept = new KeptDraws(settings.levelsWithDraws(), dimension, settings.drawMetrics().size(),
                settings.drawMetadata().size(), settings.drawsPerChain());
    }

    /**
     * What replica {@code replica} does in round {@code round}, optionally reporting its snapshot.
     *
     * @param replica replica index 0 … K−1
     * @param round must equal {@link #roundsDone()}
     * @param snapshot whether the replica reports its {@link replex.core.replica.ReplicaSnapshot}
     *     at the end of the round
     * @return the instruction
     */
    public RoundInstruction instructionFor(int replica, long round, boolean snapshot) {
        checkRound(round);
        int level = levelOfReplica[replica];
        long firstDrawStep = -1;
        if (kept.keeps(level) && round >= settings.burnInRounds()) {
            firstDrawStep = (round - settings.burnInRounds()) * settings.stepsPerRound();
        }
        ProposalAdaptation a = adaptation[level];
        return RoundInstruction.builder().round(round).level(level).beta(ladder.beta(level))
                .steps(settings.stepsPerRound()).proposal(a.current()).collectMoments(a.wantsMoments(round))
                .firstDrawStep(firstDrawStep).thin(settings.thin()).snapshot(snapshot).build();
    }

    /**
     * Completes a round: records statistics and draws, adapts the proposals, records each level's
     * log-likelihood for the evidence (after burn-in, before the swaps), decides the swaps.
     *
     * @param round must equal {@link #roundsDone()}
     * @param reports one report per replica, indexed by replica, all of round {@code round}
     * @throws IllegalArgumentException if a report is missing or belongs to another round or replica
     */
    public void complete(long round, RoundReport[] reports) {
        checkRound(round);
        if (reports.length != levels) {
            throw new IllegalArgumentException("expected " + levels + " reports, got " + reports.length);
        }
        boolean sampling = round >= settings.burnInRounds();
        for (int r = 0; r < levels; r++) {
            RoundReport report = reports[r];
            if (report == null || report.replica() != r || report.round() != round) {
                throw new IllegalArgumentException("report " + r + " of chain " + chain + " round " + round
                        + " is missing or mismatched: " + report);
            }
            int level = levelOfReplica[r];
            targetErrors[level] += report.targetErrors();
            if (sampling) {
                mhAccepted[level] += report.accepted();
                mhProposed[level] += report.proposed();
                if (kept.keeps(level)) {
                    kept.append(level, report.draws(), report.metadata());
                }
            }
            adaptation[level].update(round, report.accepted(), report.proposed(), report.moments());
        }
        if (sampling) {
            for (int k = 0; k < levels; k++) {
                logLikelihoodByLevel[k] = reports[replicaAtLevel[k]].logLikelihood();
            }
            if (evidence == null) {
                evidence = emptyEvidence();
            }
            evidence.add(round, logLikelihoodByLevel);
        }
        swap(round, reports, sampling);
        long tripsBefore = roundTrips.roundTrips();
        for (int r = 0; r < levels; r++) {
            roundTrips.observe(r, levelOfReplica[r], sampling);
        }
        if (sampling) {
            roundTripsByBatch[EvidenceAccumulator.batchOf(round, settings.burnInRounds(),
                    settings.rounds() - settings.burnInRounds())] += roundTrips.roundTrips() - tripsBefore;
        }
        ladder = tuning.afterRound(round, ladder);
        roundsDone++;
    }

    private void swap(long round, RoundReport[] reports, boolean sampling) {
        if (levels < 2) {
            return;
        }
        UniformRandomProvider rng = RandomStreams.swapStream(settings.seed(), chain, round);
        SwapRule rule = settings.swap();
        for (int k = rule.parity(round, rng); k + 1 < levels; k += 2) {
            int i = replicaAtLevel[k];
            int j = replicaAtLevel[k + 1];
            double logA = SwapRule.logAcceptance(ladder.beta(k), ladder.beta(k + 1),
                    reports[i].logLikelihood(), reports[j].logLikelihood());
            boolean accepted = SwapRule.accept(logA, rng);
            if (tuning.active(round)) {
                tuning.record(k, 1.0 - Math.exp(logA));
            }
            if (sampling) {
                swaps.record(k, 1.0 - Math.exp(logA), accepted);
            }
            if (accepted) {
                replicaAtLevel[k] = j;
                replicaAtLevel[k + 1] = i;
                levelOfReplica[i] = k + 1;
                levelOfReplica[j] = k;
            }
        }
    }

    private void checkRound(long round) {
        if (round != roundsDone) {
            throw new IllegalStateException("chain " + chain + " expects round " + roundsDone + ", got " + round);
        }
    }

    /**
     * The chain's complete state now, for checkpoints and recovery.
     *
     * @param withDraws whether to copy the kept draws (for a file): level 0's, followed with
     *     {@code output.all-levels} by each other level's ({@link ChainSnapshot#draws()}); without,
     *     only their count (enough to {@link #rollBack} this same chain)
     * @return the snapshot (all arrays copied)
     */
    public ChainSnapshot snapshot(boolean withDraws) {
        ProposalAdaptation.State[] a = new ProposalAdaptation.State[levels];
        for (int k = 0; k < levels; k++) {
            a[k] = adaptation[k].state();
        }
        ChainSnapshot.Evidence e = evidence == null ? null : new ChainSnapshot.Evidence(evidence.betas(),
                evidence.batchRounds(), evidence.logLikelihoodSums(), evidence.logWeightMax(), evidence.weightSums());
        return new ChainSnapshot(chain, roundsDone, ladder.betas(), tuning.rejection(), tuning.attempts(),
                tuning.windowEnd(), levelOfReplica.clone(), a, mhAccepted.clone(), mhProposed.clone(),
                targetErrors.clone(), swaps.attempts(), swaps.accepted(), swaps.rejectionSum(), roundTrips.state(),
                roundTripsByBatch.clone(), e, kept.rows(), withDraws ? kept.copy() : null,
                withDraws ? kept.copyMetadata() : null);
    }

    /**
     * A chain continuing from a snapshot with draws (e.g. read from a checkpoint).
     *
     * @param settings the job's settings (the same job as the snapshot's)
     * @param dimension d
     * @param snapshot from {@link #snapshot snapshot(true)}
     * @return the chain, in exactly the snapshot's state
     * @throws IllegalArgumentException if the snapshot has no draws or does not fit the settings
     *     (e.g. it holds the draws of one level and the settings keep every level's, or the reverse)
     */
    public static ChainState restore(SamplerSettings settings, int dimension, ChainSnapshot snapshot) {
        if (snapshot.draws() == null) {
            throw new IllegalArgumentException("chain " + snapshot.chain() + ": snapshot without draws");
        }
        ChainState state = new ChainState(snapshot.chain(), settings, dimension);
        int levelsKept = state.kept.levelsKept();
        long block = (long) snapshot.drawRows() * settings.drawWidth(dimension);
        if (!state.kept.appendCopy(snapshot.draws(), snapshot.drawMetadata(), snapshot.drawRows())) {
            long held = block == 0 ? 0 : snapshot.draws().length / block;
            throw new IllegalArgumentException("chain " + snapshot.chain() + ": the snapshot holds "
                    + snapshot.draws().length + " values of draws (" + held + " level" + (held == 1 ? "" : "s")
                    + " of " + snapshot.drawRows() + " rows of width " + settings.drawWidth(dimension)
                    + "), the job keeps draws of " + levelsKept + " level" + (levelsKept == 1 ? "" : "s")
                    + " (output.all-levels = " + settings.allLevels() + ", output.draws-metrics = "
                    + settings.drawMetrics() + ", output.draws-metadata = " + settings.drawMetadata() + ", "
                    + (snapshot.drawMetadata() == null ? "no" : snapshot.drawMetadata().length) + " metadata strings)");
        }
        state.rollBack(snapshot);
        return state;
    }

    /**
     * Returns this chain to an earlier snapshot of itself: every counter, the ladder, the
     * adaptation and the evidence sums; kept draws after the snapshot are dropped.
     *
     * @param snapshot a snapshot of this chain taken at or before the current round
     * @throws IllegalArgumentException if it belongs to another chain, does not fit K, or is later
     */
    public void rollBack(ChainSnapshot snapshot) {
        if (snapshot.chain() != chain || snapshot.levelOfReplica().length != levels
                || snapshot.roundsDone() > roundsDone && snapshot.draws() == null
                || snapshot.drawRows() > kept.rows()) {
            throw new IllegalArgumentException("snapshot of chain " + snapshot.chain() + " at round "
                    + snapshot.roundsDone() + " does not fit chain " + chain + " at round " + roundsDone);
        }
        ladder = Ladder.of(snapshot.betas());
        tuning.restore(snapshot.windowRejection(), snapshot.windowAttempts(), snapshot.windowEnd());
        for (int r = 0; r < levels; r++) {
            levelOfReplica[r] = snapshot.levelOfReplica()[r];
            replicaAtLevel[levelOfReplica[r]] = r;
        }
        for (int k = 0; k < levels; k++) {
            adaptation[k].restore(snapshot.adaptation()[k]);
        }
        System.arraycopy(snapshot.mhAccepted(), 0, mhAccepted, 0, levels);
        System.arraycopy(snapshot.mhProposed(), 0, mhProposed, 0, levels);
        System.arraycopy(snapshot.targetErrors(), 0, targetErrors, 0, levels);
        swaps.restore(snapshot.swapAttempts(), snapshot.swapAccepted(), snapshot.swapRejectionSum());
        roundTrips.restore(snapshot.roundTrips());
        System.arraycopy(snapshot.roundTripsByBatch(), 0, roundTripsByBatch, 0, roundTripsByBatch.length);
        ChainSnapshot.Evidence e = snapshot.evidence();
        evidence = e == null ? null : EvidenceAccumulator.resume(e.betas(), settings.burnInRounds(),
                settings.rounds() - settings.burnInRounds(), e.batchRounds(), e.logLikelihoodSums(),
                e.logWeightMax(), e.weightSums());
        kept.truncate(snapshot.drawRows());
        roundsDone = snapshot.roundsDone();
    }

    /** @return the chain index */
    public int chain() {
        return chain;
    }

    /** @return rounds completed so far */
    public long roundsDone() {
        return roundsDone;
    }

    /** @return the level each replica holds now, indexed by replica (copy, length K) */
    public int[] levels() {
        return levelOfReplica.clone();
    }

    /** @return the kept draws of level 0 in draw order (live view) */
    public DrawBuffer draws() {
        return kept.levelZero();
    }

    /**
     * @return the kept draws of every level that keeps them, index = level (live views; a new
     *     list): with {@code output.all-levels} K buffers, the first {@link #draws()}, else only
     *     {@link #draws()}; all hold the same number of rows
     */
    public java.util.List<DrawBuffer> levelDraws() {
        return kept.all();
    }

    /** @return accepted local moves per level after burn-in (copy, length K) */
    public long[] mhAccepted() {
        return mhAccepted.clone();
    }

    /** @return proposed local moves per level after burn-in (copy, length K) */
    public long[] mhProposed() {
        return mhProposed.clone();
    }

    /** @return target evaluations that threw or returned NaN, per level, whole run (copy, length K) */
    public long[] targetErrors() {
        return targetErrors.clone();
    }

    /** @return swap attempts per neighbouring pair (k, k+1) after burn-in (copy, length K−1) */
    public long[] swapAttempts() {
        return swaps.attempts();
    }

    /** @return accepted swaps per neighbouring pair after burn-in (copy, length K−1) */
    public long[] swapAccepted() {
        return swaps.accepted();
    }

    /**
     * @return per neighbouring pair, the sum over attempts of the rejection probability
     *     1 − min(1, α) (copy, length K−1): divided by the attempts, the local communication barrier
     */
    public double[] swapRejectionSum() {
        return swaps.rejectionSum();
    }

    /** @return completed round trips after burn-in */
    public long roundTrips() {
        return roundTrips.roundTrips();
    }

    /** @return tempered restarts after burn-in */
    public long restarts() {
        return roundTrips.restarts();
    }

    /** @return the current proposal scale of each level (length K) */
    public double[] proposalScales() {
        double[] s = new double[levels];
        for (int k = 0; k < levels; k++) {
            s[k] = adaptation[k].current().scale();
        }
        return s;
    }

    /** @return d */
    public int dimension() {
        return dimension;
    }

    private EvidenceAccumulator emptyEvidence() {
        return new EvidenceAccumulator(ladder.betas(), settings.burnInRounds(),
                settings.rounds() - settings.burnInRounds());
    }

    /** @return a copy of the evidence sums of the rounds after burn-in so far (empty during burn-in) */
    public EvidenceAccumulator evidence() {
        EvidenceAccumulator e = evidence == null ? emptyEvidence() : evidence;
        return EvidenceAccumulator.of(e.betas(), e.batchRounds(), e.logLikelihoodSums(), e.logWeightMax(),
                e.weightSums());
    }

    /** @return the chain's ladder now */
    public Ladder ladder() {
        return ladder;
    }

    /** @return a copy of the chain's statistics now */
    public ChainStatistics statistics() {
        EvidenceAccumulator e = evidence == null ? emptyEvidence() : evidence;
        return ChainStatistics.builder().chain(chain).mhAccepted(mhAccepted()).mhProposed(mhProposed())
                .targetErrors(targetErrors()).swapAttempts(swapAttempts()).swapAccepted(swapAccepted())
                .swapRejectionSum(swapRejectionSum()).roundTrips(roundTrips()).restarts(restarts())
                .proposalScales(proposalScales()).levels(levels()).betas(ladder.betas())
                .evidenceBatchRounds(e.batchRounds()).evidenceLogLikelihoodSums(e.logLikelihoodSums())
                .evidenceLogWeightMax(e.logWeightMax()).evidenceWeightSums(e.weightSums())
                .roundTripsByBatch(roundTripsByBatch.clone()).build();
    }

    /** @return the statistics and the draws (live views of the buffers) */
    public ChainResult result() {
        return new ChainResult(statistics(), kept.levelZero(), kept.levelsKept() > 1 ? kept.all()
                : java.util.List.of());
    }
}
