package replex.core.engine;

import java.util.List;
import java.util.Map;

import replex.core.SamplerSettings;
import replex.core.chain.ChainResult;

/**
 * The outcome of a run: per chain its draws and statistics, in chain order.
 *
 * @param settings the settings the run used
 * @param parameterNames the target's parameter names, length d
 * @param chains one result per chain, index = chain
 * @param engine a short description of the engine that ran the job, e.g. {@code sequential}
 * @param replicasPerNode how many replicas each node hosted (node address → count, sorted by
 *     address); empty for the sequential engine
 * @param events what the run recovered from (resumes, lost replicas), in order; empty for an
 *     uninterrupted run
 * @param roundTiming how long the actor engine's rounds took, or {@code null} (sequential engine)
 */
public record RunResult(SamplerSettings settings, List<String> parameterNames, List<ChainResult> chains,
        String engine, Map<String, Integer> replicasPerNode, List<RecoveryEvent> events, RoundTiming roundTiming) {

    /** A result without round timing. */
    public RunResult(SamplerSettings settings, List<String> parameterNames, List<ChainResult> chains,
            String engine, Map<String, Integer> replicasPerNode, List<RecoveryEvent> events) {
        this(settings, parameterNames, chains, engine, replicasPerNode, events, null);
    }

    /** A result without recovery events. */
    public RunResult(SamplerSettings settings, List<String> parameterNames, List<ChainResult> chains,
            String engine, Map<String, Integer> replicasPerNode) {
        this(settings, parameterNames, chains, engine, replicasPerNode, List.of());
    }

    /**
     * @param earlier events that happened before this result's (e.g. in the run that wrote the
     *     checkpoint this run resumed from)
     * @return this result with {@code earlier} before its own events
     */
    public RunResult withEarlierEvents(List<RecoveryEvent> earlier) {
        List<RecoveryEvent> all = new java.util.ArrayList<>(earlier);
        all.addAll(events);
        return new RunResult(settings, parameterNames, chains, engine, replicasPerNode, List.copyOf(all), roundTiming);
    }
}
