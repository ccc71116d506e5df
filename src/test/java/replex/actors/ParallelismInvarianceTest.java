package replex.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import replex.core.SamplerSettings;
import replex.core.chain.ChainState;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.core.engine.SequentialEngine;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;
import replex.targets.TargetFactory;

/**
 * Strong parallelism invariance: the sequential engine and the actor engine with 1, 2 and 4
 * workers give bit-identical draws and statistics. Messages are serialised (Kryo) even locally.
 */
class ParallelismInvarianceTest {

    static final Config SERIALIZE = ConfigFactory.parseString("akka.actor.serialize-messages = on");

    static Config target;
    static SamplerSettings settings;
    static RunResult sequential;

    @BeforeAll
    static void runSequential() {
        target = ConfigFactory.parseString(
                "name = gaussian-mixture, weights = [0.3, 0.7], means = [[-4, 0], [4, 1]], sd = 1");
        // Covariance adaptation and SEO exercise every message field (factor, moments, parity draws).
        settings = new SamplerSettings(7L, 3, Ladder.geometric(5, 0.05), SwapRule.SEO, 120, 4, 40, 3, 0.5,
                AdaptationMode.COVARIANCE);
        sequential = SequentialEngine.run(settings, TargetFactory.create(target, ClassLoader.getSystemClassLoader()),
                ProgressListener.NONE);
    }

    @Test
    void actorEngineMatchesSequentialForEveryWorkerCount() {
        for (int workers : new int[] {1, 2, 4}) {
            List<Long> progress = new ArrayList<>();
            RunResult actors = ActorEngine.run(settings, target, ClassLoader.getSystemClassLoader(), workers,
                    (done, total) -> progress.add(done), SERIALIZE);
            assertSameResult(sequential, actors, workers);
            assertEquals(settings.rounds(), progress.get(progress.size() - 1), "progress reaches the last round");
        }
    }

    static void assertSameResult(RunResult expected, RunResult actual, int workers) {
        assertEquals(expected.chains().size(), actual.chains().size());
        for (int c = 0; c < expected.chains().size(); c++) {
            ChainState e = expected.chains().get(c);
            ChainState a = actual.chains().get(c);
            String where = "workers=" + workers + ", chain " + c;
            assertEquals(e.draws().rows(), a.draws().rows(), where);
            for (int col = 0; col < e.draws().width(); col++) {
                assertArrayEquals(e.draws().column(col), a.draws().column(col), 0.0, where + ", column " + col);
            }
            assertArrayEquals(e.swapAccepted(), a.swapAccepted(), where);
            assertArrayEquals(e.mhAccepted(), a.mhAccepted(), where);
            assertArrayEquals(e.levels(), a.levels(), where);
            assertEquals(e.roundTrips(), a.roundTrips(), where);
            assertArrayEquals(e.proposalScales(), a.proposalScales(), 0.0, where);
        }
    }
}
