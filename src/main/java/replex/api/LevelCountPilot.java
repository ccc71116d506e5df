package replex.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import replex.core.ConfigurationException;
import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.chain.ChainStatistics;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.core.engine.SequentialEngine;
import replex.core.evidence.CommunicationBarrier;
import replex.core.ladder.Ladder;
import replex.core.swap.SwapRule;
import replex.io.JobSpec;
import replex.io.LevelCountChoice;
import replex.targets.TargetFactory;

/**
 * Chooses the number of levels of a job with {@code job.temperatures.count = auto} by a short pilot
 * run, before the job itself runs.
 *
 * <p>The pilot is one chain on the job's pilot ladder (geometric, {@value JobSpec#AUTO_PILOT_LEVELS}
 * levels from β = 1 down to the job's {@code beta-min}) with DEO swaps and ladder tuning on (as
 * {@code temperatures.adapt = true}), the job's target, steps per round and proposal settings, and
 * a seed derived from the job's. It runs P = R/8 rounds (R the job's rounds), at least
 * {@value #MIN_ROUNDS} and at most {@value #MAX_ROUNDS}; the first half is burn-in (the ladder is
 * tuned in its first half, the proposals adapt throughout), and the rounds after burn-in estimate the global
 * communication barrier Λ from the swap rejection rates of its tuned, fine ladder. The job then gets
 * ⌈2Λ + 1⌉ levels (at least 2), the number recommended for DEO swaps by Syed et al. (2022), on a
 * geometric ladder down to the same {@code beta-min}; its own {@code temperatures.adapt} setting
 * applies to the real run as usual.
 *
 * <p>Deterministic: the same job (target, seed, rounds, steps per round, proposal and {@code
 * beta-min}) always gets the same count, whatever the engine or the number of workers, since the
 * pilot always runs on the sequential engine. The pilot costs 32 × P × steps-per-round local steps,
 * 13% of the steps of a default job (4 chains × 8 levels × 2000 rounds), less of a longer one.
 * Λ can be measured up to about 31 on 32 levels; an estimate close to that (every pair rejecting
 * more than 80% of its swaps) is a lower bound ({@link LevelCountChoice#saturated()}), and a warning
 * is logged.
 *
 * <p>Thread-safe (stateless).
 *
 * @see <a href="https://doi.org/10.1111/rssb.12464">Syed, Bouchard-Côté, Deligiannidis and Doucet
 *     (2022), Non-reversible parallel tempering: a scalable highly parallel MCMC scheme, JRSSB 84(2)</a>
 */
public final class LevelCountPilot {

    /** The fewest rounds a pilot runs. */
    public static final int MIN_ROUNDS = 256;
    /** The most rounds a pilot runs. */
    public static final int MAX_ROUNDS = 512;

    /** Mixed into the job's seed, so that the pilot's streams differ from the job's. */
    private static final long PILOT_SEED_KIND = 0x70696c6f743a6c76L;

    private static final Logger LOG = LoggerFactory.getLogger(LevelCountPilot.class);

    private LevelCountPilot() {
    }

    /**
     * Runs the pilot if the job asks for it, building the target from the job.
     *
     * @param spec the job
     * @param classLoader where a user target class is found; {@code null} for the context class loader
     * @return {@code spec} itself unless {@code spec.autoLevels()} and no pilot has run yet; else the
     *     job with the chosen ladder and its {@link JobSpec#levelCountChoice()}
     * @throws ConfigurationException if the target cannot be built (for a user class, the message
     *     adds that the pilot needs it in this JVM), or the pilot cannot estimate Λ
     */
    public static JobSpec apply(JobSpec spec, ClassLoader classLoader) {
        Objects.requireNonNull(spec, "spec");
        if (!needed(spec)) {
            return spec;
        }
        return TargetBeforeTheJob.run(spec,
                () -> TargetFactory.create(spec.target(), classLoader, 1), // the pilot runs on one thread
                e -> (e.getMessage().startsWith(e.key() + ": ") ? e.getMessage().substring(e.key().length() + 2)
                        : e.getMessage()) + " (job.temperatures.count = auto runs a short pilot in this JVM before the "
                        + "job, so the target must be available here, e.g. with --classpath)", LevelCountPilot::apply);
    }

    /**
     * Runs the pilot if the job asks for it.
     *
     * @param spec the job
     * @param target the job's target
     * @return {@code spec} itself unless {@code spec.autoLevels()} and no pilot has run yet; else the
     *     job with the chosen ladder and its {@link JobSpec#levelCountChoice()}
     * @throws ConfigurationException if the pilot cannot estimate Λ (a target that fails everywhere)
     */
    public static JobSpec apply(JobSpec spec, Target target) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(target, "target");
        if (!needed(spec)) {
            return spec;
        }
        SamplerSettings pilot = pilotSettings(spec.sampler());
        long start = System.nanoTime();
        RunResult result = SequentialEngine.run(pilot, target, ProgressListener.NONE);
        ChainStatistics chain = result.chains().get(0).statistics();
        CommunicationBarrier barrier = CommunicationBarrier.of(List.of(chain.swapAttempts()),
                List.of(chain.swapRejectionSum()));
        double lambda = barrier.global();
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new ConfigurationException("job.temperatures.count", "auto: the pilot run could not estimate the "
                    + "communication barrier (got " + lambda + "); give the number of levels instead");
        }
        int chosen = Math.max(2, barrier.recommendedLevels());
        LevelCountChoice choice = new LevelCountChoice(pilot.levels(), pilot.rounds(), pilot.burnInRounds(),
                pilot.seed(), lambda, barrier.recommendedLevels(), chosen);
        SamplerSettings job = spec.sampler();
        Ladder ladder = job.ladder().endsAtPrior() ? Ladder.geometricToPrior(chosen, betaMin(job))
                : Ladder.geometric(chosen, betaMin(job));
        SamplerSettings settings = job.toBuilder().ladder(ladder).build();
        LOG.info("{}", describe(choice));
        LOG.info("level count pilot took {} s", String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9));
        if (choice.saturated()) {
            LOG.warn("the level count pilot's barrier Lambda = {} is close to the most its {} levels can measure: "
                    + "{} levels may be too few; give job.temperatures.count explicitly if round trips are rare",
                    String.format(Locale.ROOT, "%.2f", lambda), pilot.levels(), chosen);
        }
        return spec.withLevelCountChoice(settings, choice);
    }

    /**
     * @param choice a pilot's outcome
     * @return one line saying what the pilot measured and chose
     */
    public static String describe(LevelCountChoice choice) {
        return String.format(Locale.ROOT, "temperatures.count = auto: a pilot of %d levels x %d rounds estimated the "
                + "barrier Lambda = %.2f; %d levels", choice.pilotLevels(), choice.pilotRounds(), choice.barrier(),
                choice.chosenLevels());
    }

    private static boolean needed(JobSpec spec) {
        return spec.autoLevels() && spec.levelCountChoice() == null;
    }

    /**
     * The pilot's settings for a job whose ladder is the pilot ladder.
     *
     * @param job the job's sampling settings ({@code count = auto}: the pilot ladder)
     * @return one chain, the same ladder, DEO, ladder tuning on, {@link #pilotRounds} rounds with half
     *     burn-in, one draw kept per round, the job's steps per round and proposal, the pilot seed
     */
    public static SamplerSettings pilotSettings(SamplerSettings job) {
        int rounds = pilotRounds(job.rounds());
        return SamplerSettings.builder().seed(pilotSeed(job.seed())).chains(1).ladder(job.ladder())
                .swap(SwapRule.DEO).rounds(rounds).stepsPerRound(job.stepsPerRound()).burnInRounds(rounds / 2)
                .thin(job.stepsPerRound()).proposalScale(job.proposalScale()).adapt(job.adapt()).adaptLadder(true)
                .build();
    }

    /**
     * @param jobRounds the job's rounds R ≥ 1
     * @return the pilot's rounds: R/8 clamped to [{@value #MIN_ROUNDS}, {@value #MAX_ROUNDS}]
     */
    public static int pilotRounds(int jobRounds) {
        return Math.max(MIN_ROUNDS, Math.min(MAX_ROUNDS, jobRounds / 8));
    }

    /**
     * @param seed the job's seed
     * @return the pilot's seed: the job's mixed with a constant by the SplitMix64 finaliser
     */
    public static long pilotSeed(long seed) {
        long z = seed ^ PILOT_SEED_KIND;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** @return the hottest β above 0: the last level's, or the one before the last if the ladder ends at 0 */
    private static double betaMin(SamplerSettings job) {
        return job.ladder().beta(job.levels() - (job.ladder().endsAtPrior() ? 2 : 1));
    }
}
