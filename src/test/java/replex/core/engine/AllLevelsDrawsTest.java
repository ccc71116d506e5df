package replex.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;

import replex.actors.ParallelismInvarianceTest;
import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.chain.ChainResult;
import replex.core.chain.ChainSnapshot;
import replex.core.chain.ChainState;
import replex.core.chain.DrawBuffer;
import replex.core.diagnostics.EffectiveSampleSize;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;
import replex.targets.TargetFactory;

/**
 * {@link SamplerSettings#allLevels()} in the core: every level keeps the same thinned steps as
 * level 0, level 0's draws and every statistic are those of a run without the option, the draws
 * survive a snapshot and restore, and a tempered level's draws follow the tempered distribution.
 */
class AllLevelsDrawsTest {

    private static Target target(String block) {
        return TargetFactory.create(ConfigFactory.parseString(block), ClassLoader.getSystemClassLoader());
    }

    private static final String MIXTURE = "name = gaussian-mixture, weights = [0.3, 0.7], means = [[-4, 0], [4, 1]], "
            + "sd = 1";

    private static SamplerSettings mixtureSettings(boolean allLevels) {
        return SamplerSettings.builder().seed(7L).chains(3).ladder(Ladder.geometric(5, 0.05)).swap(SwapRule.SEO)
                .rounds(120).stepsPerRound(4).burnInRounds(40).thin(3).proposalScale(0.5)
                .adapt(AdaptationMode.COVARIANCE).adaptLadder(true).allLevels(allLevels).build();
    }

    @Test
    void everyLevelKeepsTheThinnedDrawsAndLevelZeroAndTheStatisticsDoNotChange() {
        RunResult off = SequentialEngine.run(mixtureSettings(false), target(MIXTURE), ProgressListener.NONE);
        RunResult on = SequentialEngine.run(mixtureSettings(true), target(MIXTURE), ProgressListener.NONE);
        ParallelismInvarianceTest.assertSameResult(off, on, 0, java.util.Set.of("settings.allLevels",
                "chains[].levelDraws")); // all else the same
        int perChain = (120 - 40) * 4 / 3;
        for (int c = 0; c < 3; c++) {
            ChainResult chain = on.chains().get(c);
            assertEquals(List.of(), off.chains().get(c).levelDraws(), "no level draws without the option");
            assertEquals(5, chain.levelDraws().size());
            assertTrue(chain.levelDraws().get(0) == chain.draws(), "level 0 is the draws");
            for (int k = 0; k < 5; k++) {
                DrawBuffer level = chain.levelDraws().get(k);
                assertEquals(perChain, level.rows(), "chain " + c + ", level " + k);
                assertEquals(4, level.width());
            }
            // a hotter level spreads wider: its log-likelihood is lower on average
            double cold = mean(chain.levelDraws().get(0).column(2));
            double hot = mean(chain.levelDraws().get(4).column(2));
            assertTrue(hot < cold, "chain " + c + ": mean log-likelihood " + hot + " at beta 0.05, " + cold + " at 1");
        }
    }

    /** The actor engine, every message serialised (Kryo, and JSON to the client), gives every level's draws to the bit. */
    @Test
    void theActorEngineWithSerialisedMessagesGivesEveryLevelsDrawsToTheBit() {
        RunResult sequential = SequentialEngine.run(mixtureSettings(true), target(MIXTURE), ProgressListener.NONE);
        replex.io.JobSpec spec = replex.io.JobSpec.fromConfig(ConfigFactory.parseString(ParallelismInvarianceTest.JOB
                + "\njob.workers = 2\njob.checkpoint-every = 0\noutput.all-levels = true"),
                replex.io.JobSpec.Overrides.NONE, null);
        assertEquals(mixtureSettings(true), spec.sampler());
        RunResult actors = replex.actors.ActorEngine.run(spec, ClassLoader.getSystemClassLoader(),
                ProgressListener.NONE, ParallelismInvarianceTest.SERIALIZE);
        ParallelismInvarianceTest.assertSameResult(sequential, actors, 2);
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < 5; k++) {
                DrawBuffer e = sequential.chains().get(c).levelDraws().get(k);
                DrawBuffer a = actors.chains().get(c).levelDraws().get(k);
                assertArrayEquals(e.rows(0, e.rows()), a.rows(0, a.rows()), "chain " + c + ", level " + k);
            }
        }
    }

    @Test
    void aSnapshotCarriesEveryLevelsDrawsAndRestoresThem() {
        SamplerSettings settings = mixtureSettings(true);
        List<ChainState> chains = new java.util.ArrayList<>();
        RunControl capture = new RunControl() {
            @Override
            public int checkpointEvery() {
                return 70;
            }

            @Override
            public void checkpoint(RunState state) {
                for (ChainSnapshot s : state.chains()) {
                    chains.add(ChainState.restore(settings, 2, s));
                }
            }

            @Override
            public boolean stopRequested() {
                return false;
            }
        };
        RunResult run = SequentialEngine.run(settings, target(MIXTURE), ProgressListener.NONE, null, capture);
        assertEquals(3, chains.size(), "one checkpoint, at round 70");
        int rows = (70 - 40) * 4 / 3;
        for (ChainState restored : chains) {
            for (int k = 0; k < 5; k++) {
                DrawBuffer back = restored.levelDraws().get(k);
                DrawBuffer full = run.chains().get(restored.chain()).levelDraws().get(k);
                assertEquals(rows, back.rows());
                assertArrayEquals(full.rows(0, rows), back.rows(0, rows), "chain " + restored.chain() + ", level " + k);
            }
        }
        ChainSnapshot oneLevel = new ChainState(0, mixtureSettings(false), 2).snapshot(true);
        assertEquals(0, oneLevel.draws().length);
        ChainSnapshot levelZeroOnly = chains.get(0).snapshot(true);
        ChainSnapshot cut = levelZeroOnly.withDraws(rows, java.util.Arrays.copyOf(levelZeroOnly.draws(), rows * 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChainState.restore(settings, 2, cut));
        assertTrue(e.getMessage().contains("output.all-levels = true"), e.getMessage());
    }

    /**
     * Level k of a normal likelihood N(μ, σ²) under a normal prior N(m0, s0²) samples ∝ prior ×
     * likelihood^β, again normal: precision 1/s0² + β/σ², mean (m0/s0² + βμ/σ²) / precision (for
     * s0 → ∞, the flat prior, variance σ²/β). Each level's mean and variance must agree with that
     * within 4 Monte Carlo standard errors, the error of each estimate taken from the bulk ESS of
     * the draws (mean) and of their squared deviations (variance).
     */
    @Test
    void eachTemperedLevelSamplesTheTemperedGaussian() {
        double mu = 1.5;
        double sigma = 0.8;
        double m0 = 0.0;
        double s0 = 10.0;
        double[] betas = {1.0, 0.3, 0.08, 0.02};
        Target gaussian = target("name = gaussian, means = [" + mu + "], sd = " + sigma + ", prior-sd = " + s0);
        assertTrue(gaussian.hasNormalisedPrior());
        SamplerSettings settings = SamplerSettings.builder().seed(11L).chains(4).ladder(Ladder.of(betas))
                .swap(SwapRule.DEO).rounds(5000).stepsPerRound(5).burnInRounds(1000).thin(5).proposalScale(1.0)
                .adapt(AdaptationMode.SCALE).adaptLadder(false).allLevels(true).build();
        RunResult run = SequentialEngine.run(settings, gaussian, ProgressListener.NONE);
        int chains = settings.chains();
        for (int k = 0; k < betas.length; k++) {
            double precision = 1 / (s0 * s0) + betas[k] / (sigma * sigma);
            double expectedMean = (m0 / (s0 * s0) + betas[k] * mu / (sigma * sigma)) / precision;
            double expectedVariance = 1 / precision;
            double[][] x = new double[chains][];
            for (int c = 0; c < chains; c++) {
                x[c] = run.chains().get(c).levelDraws().get(k).column(0);
            }
            double mean = mean(pool(x));
            double[][] squares = new double[chains][];
            for (int c = 0; c < chains; c++) {
                squares[c] = new double[x[c].length];
                for (int i = 0; i < x[c].length; i++) {
                    double dev = x[c][i] - mean;
                    squares[c][i] = dev * dev;
                }
            }
            double variance = mean(pool(squares));
            double essMean = EffectiveSampleSize.bulkEss(x);
            double essVariance = EffectiveSampleSize.bulkEss(squares);
            assertTrue(essMean > 400 && essVariance > 400, "level " + k + ": ESS " + essMean + ", " + essVariance);
            double seMean = Math.sqrt(variance / essMean);
            double seVariance = sd(pool(squares)) / Math.sqrt(essVariance);
            String where = String.format(java.util.Locale.ROOT, "level %d (beta %.2f): mean %.4f (expected %.4f, "
                    + "se %.4f), variance %.4f (expected %.4f, se %.4f)", k, betas[k], mean, expectedMean, seMean,
                    variance, expectedVariance, seVariance);
            assertEquals(expectedMean, mean, 4 * seMean, where);
            assertEquals(expectedVariance, variance, 4 * seVariance, where);
            if (k > 0) {
                // the test tells the levels apart: the flat-prior variance σ²/β of the next level is far off
                assertTrue(Math.abs(variance - sigma * sigma / betas[k - 1]) > 4 * seVariance, where);
            }
        }
    }

    private static double[] pool(double[][] x) {
        int n = 0;
        for (double[] c : x) {
            n += c.length;
        }
        double[] all = new double[n];
        int i = 0;
        for (double[] c : x) {
            System.arraycopy(c, 0, all, i, c.length);
            i += c.length;
        }
        return all;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double sd(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }
}
