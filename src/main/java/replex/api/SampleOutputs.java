package replex.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.typesafe.config.ConfigList;

import replex.core.engine.RunResult;
import replex.io.JobSpec;
import replex.io.OutputFiles;
import replex.io.RunOutputs;
import replex.io.RunSummary;

/** Writes a sampling run's outputs ({@code draws.csv}, {@code summary.json}, ...): local, submitted or fetched. */
final class SampleOutputs {

    private static final Logger LOG = LoggerFactory.getLogger(SampleOutputs.class);

    private SampleOutputs() {
    }

    /**
     * @param spec the job (its output directory and formats)
     * @param result the result
     * @param startedAt when the run started
     * @param startNanos {@link System#nanoTime()} when it started
     * @param priorNormalised whether the target's prior is normalised, {@code null} if unknown
     * @return the run, its summary and the paths written
     * @throws UncheckedIOException if the outputs cannot be written
     */
    static CompletedRun write(JobSpec spec, RunResult result, Instant startedAt, long startNanos,
            Boolean priorNormalised) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Instant finishedAt = Instant.now();
        RunSummary summary = RunSummary.of(spec, result, Replex.version(), startedAt, finishedAt, seconds,
                priorNormalised);
        OutputFiles files;
        try {
            files = RunOutputs.write(spec.outputDir(), result, summary, spec.outputFormats(), modelName(spec));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outputs to " + spec.outputDir() + ": " + e, e);
        }
        LOG.info("wrote {} and {}", files.draws(), files.summary());
        return new CompletedRun(result, summary, files);
    }

    /** @return the target's built-in name or class, as the job gives it; for a command, its last element's file name */
    private static String modelName(JobSpec spec) {
        for (String key : new String[] {"name", "class"}) {
            if (spec.target().hasPath(key)) {
                return String.valueOf(spec.target().getValue(key).unwrapped());
            }
        }
        if (spec.target().root().get("command") instanceof ConfigList command && !command.isEmpty()) {
            String last = String.valueOf(command.get(command.size() - 1).unwrapped());
            return last.substring(last.lastIndexOf('/') + 1);
        }
        return "target";
    }
}
