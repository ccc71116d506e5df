package replex.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.chain.ChainResult;
import replex.core.chain.ChainSnapshot;
import replex.core.chain.ChainState;
import replex.core.replica.Replica;
import replex.core.replica.ReplicaSnapshot;
import replex.core.replica.RoundReport;

/**
 * Runs a job in the calling thread, without actors ({@code workers = 0}): for each round, each
 * chain, each replica in index order, then the chain's swaps. The reference engine: the actor
 * engines give byte-identical draws, and a run continued from a {@link RunState} gives the draws of
 * the uninterrupted run.
 */
public final class SequentialEngine {

    private SequentialEngine() {
    }

    /**
     * Runs a job from its start, without checkpoints.
     *
     * @param settings the sampling settings
     * @param target the target
     * @param listener progress, called after every round
     * @return the result
     * @throws replex.core.ConfigurationException if the target's initial state is invalid
     * @throws IllegalStateException if the thread is interrupted: the run stops after the current round
     */
    public static RunResult run(SamplerSettings settings, Target target, ProgressListener listener) {
        return run(settings, target, listener, null, RunControl.NONE);
    }

    /**
     * Runs a job, from its start or from a saved state, checkpointing as {@code control} says.
     *
     * @param settings the sampling settings
     * @param target the target
     * @param listener progress, called after every round
     * @param start the state to continue from, or {@code null} to start afresh
     * @param control checkpoints and stop requests
     * @return the result
     * @throws replex.core.ConfigurationException if the target's initial state is invalid
     * @throws IllegalArgumentException if {@code start} does not belong to this job
     * @throws RunStoppedException if {@code control} asked to stop: a checkpoint of the rounds done
     *     has been written
     * @throws IllegalStateException if the thread is interrupted: the run stops after the current round
     */
    public static RunResult run(SamplerSettings settings, Target target, ProgressListener listener, RunState start,
            RunControl control) {
        int levels = settings.levels();
        int chainCount = settings.chains();
        List<ChainState> chains = new ArrayList<>(chainCount);
        Replica[][] replicas = new Replica[chainCount][levels];
        if (start != null) {
            start.check(settings, target.dimension());
        }
        for (int c = 0; c < chainCount; c++) {
            if (start == null) {
                chains.add(new ChainState(c, settings, target.dimension()));
            } else {
                chains.add(ChainState.restore(settings, target.dimension(), start.chains()[c]));
            }
            for (int r = 0; r < levels; r++) {
                replicas[c][r] = (start == null ? new Replica(target, settings.seed(), c, r)
                        : Replica.restore(target, settings.seed(), start.replicas()[c * levels + r]))
                        .recordDrawMetrics(settings.drawMetrics()).recordDrawMetadata(settings.drawMetadata());
            }
        }
        long first = start == null ? 0 : start.round();
        int every = control.checkpointEvery();
        RoundReport[] reports = new RoundReport[levels];
        RoundTiming.Recorder timing = new RoundTiming.Recorder();
        for (long round = first; round < settings.rounds(); round++) {
            long roundStart = System.nanoTime();
            for (int c = 0; c < chainCount; c++) {
                ChainState chain = chains.get(c);
                for (int r = 0; r < levels; r++) {
                    reports[r] = replicas[c][r].runRound(chain.instructionFor(r, round, false));
                }
                chain.complete(round, reports);
            }
            timing.add(System.nanoTime() - roundStart);
            long done = round + 1;
            listener.progressed(done, settings.rounds());
            boolean last = done == settings.rounds();
            boolean stop = !last && control.stopRequested();
            if (!last && (stop || every > 0 && done % every == 0)) {
                control.checkpoint(state(done, chains, replicas));
            }
            if (stop) {
                throw new RunStoppedException(done);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("run interrupted after round " + done);
            }
        }
        List<ChainResult> results = new ArrayList<>(chains.size());
        for (ChainState chain : chains) {
            results.add(chain.result());
        }
        return new RunResult(settings, target.parameterNames(), results, "sequential", Map.of(), List.of(),
                timing.timing());
    }

    private static RunState state(long round, List<ChainState> chains, Replica[][] replicas) {
        int levels = replicas.length == 0 ? 0 : replicas[0].length;
        ChainSnapshot[] c = new ChainSnapshot[chains.size()];
        ReplicaSnapshot[] r = new ReplicaSnapshot[chains.size() * levels];
        for (int i = 0; i < c.length; i++) {
            c[i] = chains.get(i).snapshot(true);
            for (int k = 0; k < levels; k++) {
                r[i * levels + k] = replicas[i][k].snapshot();
            }
        }
        return new RunState(round, c, r);
    }
}
