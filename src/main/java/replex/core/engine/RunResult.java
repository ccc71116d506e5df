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
 */
public record RunResult(SamplerSettings settings, List<String> parameterNames, List<ChainResult> chains,
        String engine, Map<String, Integer> replicasPerNode) {
}
