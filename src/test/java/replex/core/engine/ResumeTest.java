package replex.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.typesafe.config.ConfigFactory;

import replex.actors.ParallelismInvarianceTest;
import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;
import replex.targets.TargetFactory;

/**
 * A run stopped at any round and continued from its {@link RunState} gives the uninterrupted
 * run's draws and statistics to the bit: during ladder tuning, covariance adaptation, and sampling.
 */
public class ResumeTest {

    static Target target;
    static SamplerSettings settings;
    static RunResult uninterrupted;

    @BeforeAll
    static void runStraight() {
        target = TargetFactory.create(ConfigFactory.parseString(
                "name = gaussian-mixture, weights = [0.3, 0.7], means = [[-4, 0], [4, 1]], sd = 1"),
                ClassLoader.getSystemClassLoader());
        settings = SamplerSettings.builder().seed(11L).chains(3).ladder(Ladder.geometric(6, 0.02)).swap(SwapRule.DEO)
                .rounds(300).stepsPerRound(4).burnInRounds(120).thin(3).proposalScale(0.5)
                .adapt(AdaptationMode.COVARIANCE).adaptLadder(true).build();
        uninterrupted = SequentialEngine.run(settings, target, ProgressListener.NONE);
    }

    /** Stops as soon as {@code stopAt} rounds are done, keeping every checkpoint handed over. */
    public static final class StopAt implements RunControl {
        final long stopAt;
        final int every;
        /** The checkpoints handed over, in order. */
        public final List<RunState> saved = new ArrayList<>();
        long roundsSeen;

        /**
         * @param stopAt rounds after which to stop ({@code Long.MAX_VALUE}: never)
         * @param every checkpoint interval, 0 = none
         */
        public StopAt(long stopAt, int every) {
            this.stopAt = stopAt;
            this.every = every;
        }

        @Override
        public int checkpointEvery() {
            return every;
        }

        @Override
        public void checkpoint(RunState state) {
            saved.add(state);
        }

        @Override
        public boolean stopRequested() {
            return ++roundsSeen >= stopAt;
        }
    }

    // 5: first tuning window; 17: covariance window; 60: ladder tuned; 119: last burn-in round; 121, 299: sampling
    @ParameterizedTest
    @ValueSource(longs = {1, 5, 17, 60, 119, 120, 121, 233, 299})
    void stoppedAndResumedRunEqualsUninterruptedRun(long stopAt) {
        StopAt control = new StopAt(stopAt, 0);
        RunStoppedException stopped = assertThrows(RunStoppedException.class,
                () -> SequentialEngine.run(settings, target, ProgressListener.NONE, null, control));
        assertEquals(stopAt, stopped.round());
        assertEquals(1, control.saved.size(), "a final checkpoint when stopping");
        RunState state = control.saved.get(0);
        assertEquals(stopAt, state.round());
        List<Long> progress = new ArrayList<>();
        RunResult resumed = SequentialEngine.run(settings, target, (done, total) -> progress.add(done), state,
                RunControl.NONE);
        assertEquals(stopAt + 1, progress.get(0), "the resumed run starts after the checkpoint");
        ParallelismInvarianceTest.assertSameResult(uninterrupted, resumed, 0);
    }

    @org.junit.jupiter.api.Test
    void periodicCheckpointsAreTakenAtMultiplesAndEachResumesExactly() {
        StopAt control = new StopAt(Long.MAX_VALUE, 70);
        RunResult straight = SequentialEngine.run(settings, target, ProgressListener.NONE, null, control);
        ParallelismInvarianceTest.assertSameResult(uninterrupted, straight, 0);
        List<Long> rounds = new ArrayList<>();
        for (RunState s : control.saved) {
            rounds.add(s.round());
        }
        assertEquals(List.of(70L, 140L, 210L, 280L), rounds, "no checkpoint after the last round");
        for (RunState s : control.saved) {
            ParallelismInvarianceTest.assertSameResult(uninterrupted,
                    SequentialEngine.run(settings, target, ProgressListener.NONE, s, RunControl.NONE), 0);
        }
    }

    @org.junit.jupiter.api.Test
    void stateOfAnotherJobIsRejected() {
        StopAt control = new StopAt(10, 0);
        assertThrows(RunStoppedException.class,
                () -> SequentialEngine.run(settings, target, ProgressListener.NONE, null, control));
        SamplerSettings fewerChains = SamplerSettings.builder().seed(11L).chains(2).ladder(Ladder.geometric(6, 0.02))
                .swap(SwapRule.DEO).rounds(300).stepsPerRound(4).burnInRounds(120).thin(3).proposalScale(0.5)
                .adapt(AdaptationMode.COVARIANCE).adaptLadder(true).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SequentialEngine.run(
                fewerChains, target, ProgressListener.NONE, control.saved.get(0), RunControl.NONE));
        assertEquals(true, e.getMessage().contains("3 chains"), e.getMessage());
    }
}
