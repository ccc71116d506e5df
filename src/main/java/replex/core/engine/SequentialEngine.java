package replex.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.chain.ChainResult;
import replex.core.chain.ChainState;
import replex.core.replica.Replica;
import replex.core.replica.RoundReport;

/**
 * Runs a job in the calling thread, without actors ({@code workers = 0}): for each round, each
 * chain, each replica in index order, then the chain's swaps. The reference engine: the actor
 * engines give byte-identical draws.
 */
public final class SequentialEngine {

    private SequentialEngine() {
    }

    /**
     * @param settings the sampling settings
     * @param target the target
     * @param listener progress, called after every round
     * @return the result
     * @throws replex.core.ConfigurationException if the target's initial state is invalid
     * @throws IllegalStateException if the thread is interrupted: the run stops after the current round
     */
    public static RunResult run(SamplerSettings settings, Target target, ProgressListener listener) {
        int levels = settings.levels();
        List<ChainState> chains = new ArrayList<>(settings.chains());
        Replica[][] replicas = new Replica[settings.chains()][levels];
        for (int c = 0; c < settings.chains(); c++) {
            chains.add(new ChainState(c, settings, target.dimension()));
            for (int r = 0; r < levels; r++) {
                replicas[c][r] = new Replica(target, settings.seed(), c, r);
            }
        }
        RoundReport[] reports = new RoundReport[levels];
        for (long round = 0; round < settings.rounds(); round++) {
            for (int c = 0; c < settings.chains(); c++) {
                ChainState chain = chains.get(c);
                for (int r = 0; r < levels; r++) {
                    reports[r] = replicas[c][r].runRound(chain.instructionFor(r, round));
                }
                chain.complete(round, reports);
            }
            listener.progressed(round + 1, settings.rounds());
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("run interrupted after round " + (round + 1));
            }
        }
        List<ChainResult> results = new ArrayList<>(chains.size());
        for (ChainState chain : chains) {
            results.add(chain.result());
        }
        return new RunResult(settings, target.parameterNames(), results, "sequential", Map.of());
    }
}
