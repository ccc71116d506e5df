package replex.bench;

import java.util.concurrent.TimeUnit;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.core.engine.SequentialEngine;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;

/**
 * The sequential engine's own overhead: one whole job of the sequential engine against a minimal
 * hand-written parallel-tempering loop that does the same sampling work, both in replica-steps per second
 * (the score is ops/s with one op = one replica-step: {@link OperationsPerInvocation}).
 *
 * <p>The job: the built-in {@code gaussian-mixture} target in d = 5 with two unit-variance modes at −3 and
 * +3 in every coordinate, C = 4 chains × K = 8 levels (geometric ladder, β_min = 0.01), {@value #ROUNDS}
 * rounds of {@value #STEPS} random-walk Metropolis steps (scale 1, no adaptation of the proposal or the
 * ladder), DEO swaps, {@value #BURN_IN} burn-in rounds, every level-0 step kept (thin 1). That is
 * C·K·R·steps = {@value #REPLICA_STEPS} replica-steps per job.
 *
 * <p>The hand-written loop uses plain arrays and no Replex class except the target: per replica a state, its
 * log-likelihood and log-prior and its own random stream (the same generator and Gaussian sampler as the
 * engine: L64_X128_MIX, Ziggurat), per chain a swap stream; it keeps the level-0 draws (d parameters, ℓ and
 * the log-prior per step, as the engine does) but computes no statistics (acceptance rates, round trips, Λ,
 * evidence) and builds no result.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class EngineOverheadBenchmark {

    static final int DIMENSION = 5;
    static final int CHAINS = 4;
    static final int LEVELS = 8;
    static final double BETA_MIN = 0.01;
    static final int ROUNDS = 1000;
    static final int STEPS = 10;
    static final int BURN_IN = 100;
    static final double SCALE = 1.0;
    static final int REPLICA_STEPS = CHAINS * LEVELS * ROUNDS * STEPS;

    private Target target;
    private SamplerSettings settings;
    private long seed = 1;

    @Setup
    public void setUp() {
        target = BenchTargets.twoModesTarget(DIMENSION);
        settings = SamplerSettings.builder().seed(seed).chains(CHAINS).ladder(Ladder.geometric(LEVELS, BETA_MIN))
                .swap(SwapRule.DEO).rounds(ROUNDS).stepsPerRound(STEPS).burnInRounds(BURN_IN).thin(1)
                .proposalScale(SCALE).adapt(AdaptationMode.NONE).adaptLadder(false).build();
    }

    /** One job of the sequential engine. */
    @Benchmark
    @OperationsPerInvocation(REPLICA_STEPS)
    public RunResult sequentialEngine() {
        return SequentialEngine.run(settings, target, ProgressListener.NONE);
    }

    /** The same sampling by a minimal loop. */
    @Benchmark
    @OperationsPerInvocation(REPLICA_STEPS)
    public double[][] handWrittenLoop() {
        return HandWrittenPt.run(target, seed, CHAINS, LEVELS, BETA_MIN, ROUNDS, STEPS, BURN_IN, SCALE);
    }

    /** A minimal parallel-tempering loop: no Replex class but the target. */
    static final class HandWrittenPt {

        private HandWrittenPt() {
        }

        /** @return per chain the level-0 draws, row-major, d + 2 numbers per kept step */
        static double[][] run(Target target, long seed, int chains, int levels, double betaMin, int rounds,
                int steps, int burnIn, double scale) {
            int d = target.dimension();
            double[] betas = new double[levels];
            for (int k = 0; k < levels; k++) {
                betas[k] = levels == 1 ? 1.0 : Math.pow(betaMin, (double) k / (levels - 1));
            }
            double[][] out = new double[chains][];
            for (int c = 0; c < chains; c++) {
                double[][] x = new double[levels][];
                double[][] y = new double[levels][];
                double[] ll = new double[levels];
                double[] lp = new double[levels];
                UniformRandomProvider[] rng = new UniformRandomProvider[levels];
                NormalizedGaussianSampler[] gauss = new NormalizedGaussianSampler[levels];
                int[] replicaAt = new int[levels]; // level -> replica
                for (int r = 0; r < levels; r++) {
                    rng[r] = RandomSource.L64_X128_MIX.create(new long[] {seed, c, r, 0x5eedL});
                    gauss[r] = ZigguratSampler.NormalizedGaussian.of(rng[r]);
                    x[r] = target.initialState(rng[r]);
                    y[r] = new double[d];
                    lp[r] = target.logPrior(x[r]);
                    ll[r] = target.logLikelihood(x[r]);
                    replicaAt[r] = r;
                }
                UniformRandomProvider swaps = RandomSource.L64_X128_MIX.create(new long[] {seed, c, -1, 0x5a9L});
                double[] draws = new double[(rounds - burnIn) * steps * (d + 2)];
                int row = 0;
                for (int round = 0; round < rounds; round++) {
                    for (int k = 0; k < levels; k++) {
                        int r = replicaAt[k];
                        double beta = betas[k];
                        double[] xr = x[r];
                        double[] yr = y[r];
                        double current = lp[r] + beta * ll[r];
                        boolean keep = k == 0 && round >= burnIn;
                        for (int s = 0; s < steps; s++) {
                            for (int i = 0; i < d; i++) {
                                yr[i] = xr[i] + scale * gauss[r].sample();
                            }
                            double u = rng[r].nextDouble();
                            double p = target.logPrior(yr);
                            if (p != Double.NEGATIVE_INFINITY) {
                                double l = target.logLikelihood(yr);
                                double candidate = p + beta * l;
                                if (Math.log(u) < candidate - current) {
                                    double[] t = xr;
                                    xr = yr;
                                    yr = t;
                                    lp[r] = p;
                                    ll[r] = l;
                                    current = candidate;
                                }
                            }
                            if (keep) {
                                System.arraycopy(xr, 0, draws, row, d);
                                draws[row + d] = ll[r];
                                draws[row + d + 1] = lp[r];
                                row += d + 2;
                            }
                        }
                        x[r] = xr;
                        y[r] = yr;
                    }
                    // DEO: even rounds try (0,1), (2,3), ...; odd rounds (1,2), (3,4), ...
                    for (int k = round & 1; k + 1 < levels; k += 2) {
                        int a = replicaAt[k];
                        int b = replicaAt[k + 1];
                        double logRatio = (betas[k] - betas[k + 1]) * (ll[b] - ll[a]);
                        if (logRatio >= 0 || Math.log(swaps.nextDouble()) < logRatio) {
                            replicaAt[k] = b;
                            replicaAt[k + 1] = a;
                        }
                    }
                }
                out[c] = draws;
            }
            return out;
        }
    }
}
