package replex.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;

import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.core.engine.SequentialEngine;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;
import replex.targets.TargetFactory;

/** Ladder tuning during burn-in ({@code temperatures.adapt = true}). */
class LadderAdaptationTest {

    static final Target MIXTURE = TargetFactory.create(ConfigFactory.parseString(
            "name = gaussian-mixture, weights = [0.3, 0.7], means = [[-6, -6], [6, 6]], sd = 1"),
            LadderAdaptationTest.class.getClassLoader());

    /** A bad ladder: levels crowded near β = 1, one huge gap to the hot end. */
    static final Ladder BAD = Ladder.of(1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.005);

    static RunResult run(boolean adapt) {
        SamplerSettings s = SamplerSettings.builder().seed(5).chains(4).ladder(BAD).swap(SwapRule.DEO).rounds(3000)
                .stepsPerRound(10).burnInRounds(1000).thin(1).proposalScale(1.0).adapt(AdaptationMode.SCALE)
                .adaptLadder(adapt).build();
        return SequentialEngine.run(s, MIXTURE, ProgressListener.NONE);
    }

    static long roundTrips(RunResult r) {
        long n = 0;
        for (ChainResult c : r.chains()) {
            n += c.statistics().roundTrips();
        }
        return n;
    }

    @Test
    void tuningTheLadderImprovesTheRoundTripRateOverABadFixedLadder() {
        RunResult fixed = run(false);
        RunResult tuned = run(true);
        long before = roundTrips(fixed);
        long after = roundTrips(tuned);
        assertTrue(after >= 2 * before + 20, "round trips after burn-in: fixed ladder " + before + ", tuned " + after);
        for (ChainResult c : tuned.chains()) {
            double[] betas = c.statistics().betas();
            assertEquals(1.0, betas[0], "level 0 stays at the target");
            assertEquals(0.005, betas[betas.length - 1], "the hottest level stays");
            for (int k = 1; k < betas.length; k++) {
                assertTrue(betas[k] < betas[k - 1], "strictly decreasing: " + Arrays.toString(betas));
            }
            assertNotEquals(Arrays.toString(BAD.betas()), Arrays.toString(betas), "the ladder moved");
        }
        for (ChainResult c : fixed.chains()) {
            assertEquals(Arrays.toString(BAD.betas()), Arrays.toString(c.statistics().betas()), "fixed stays fixed");
        }
    }

    @Test
    void tuningIsDeterministic() {
        RunResult a = run(true);
        RunResult b = run(true);
        for (int c = 0; c < a.chains().size(); c++) {
            assertEquals(Arrays.toString(a.chains().get(c).statistics().betas()),
                    Arrays.toString(b.chains().get(c).statistics().betas()));
            assertEquals(Arrays.toString(a.chains().get(c).draws().column(0)),
                    Arrays.toString(b.chains().get(c).draws().column(0)));
        }
    }
}
