package replex.api;

import replex.core.engine.RunResult;
import replex.io.OutputFiles;
import replex.io.RunSummary;

/**
 * A run that finished and whose outputs were written.
 *
 * @param result the draws and statistics of every chain
 * @param summary posterior summaries, diagnostics and warnings (as in {@code summary.json})
 * @param outputs where {@code draws.csv} and {@code summary.json} were written
 */
public record CompletedRun(RunResult result, RunSummary summary, OutputFiles outputs) {
}
