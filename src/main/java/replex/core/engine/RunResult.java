package replex.core.engine;

import java.util.List;

import replex.core.SamplerSettings;
import replex.core.chain.ChainState;

/**
 * The outcome of a run: per chain its draws and statistics, in chain order.
 *
 * @param settings the settings the run used
 * @param parameterNames the target's parameter names, length d
 * @param chains one state per chain, index = chain, all with every round completed
 * @param engine a short description of the engine that ran the job, e.g. {@code sequential}
 */
public record RunResult(SamplerSettings settings, List<String> parameterNames, List<ChainState> chains,
        String engine) {
}
