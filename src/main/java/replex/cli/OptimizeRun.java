package replex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import replex.core.ConfigurationException;
import replex.core.Objective;
import replex.core.optimize.OptimizeEngine;
import replex.io.JobSpec;
import replex.io.OptimizeOutputs;
import replex.io.OptimizeSpec;
import replex.objectives.ObjectiveFactory;

/**
 * {@code replex run} for an {@code optimize} job ({@code job.mode = optimize}): reads the job, builds
 * and prepares the objective, runs {@link OptimizeEngine} in this JVM (replica moves on
 * {@code workers} threads, or in this thread for 0; the outputs are identical either way), shows a
 * progress bar with the best value so far, and writes {@code best.csv}, {@code history.csv} and
 * {@code summary.json}. Ctrl-C stops after the current round and writes the best found so far, marked
 * {@code "complete": false} in {@code summary.json} (optimize jobs have no checkpoints yet).
 */
final class OptimizeRun {

    private OptimizeRun() {
    }

    /**
     * @return the exit code: {@link ExitCodes#OK}, or {@link ExitCodes#STOPPED} after a stop request
     * @throws IOException if the outputs cannot be written
     * @throws ConfigurationException if the job is invalid
     */
    static int run(Path jobFile, JobSpec.Overrides overrides, ClassLoader loader, boolean quiet, PrintWriter out,
            PrintWriter err, BooleanSupplier stopRequested) throws IOException {
        OptimizeSpec spec = OptimizeSpec.load(jobFile, overrides);
        Objective objective = ObjectiveFactory.create(spec.objectiveBlock(), loader);
        try {
            objective.prepare(spec.columnNames(), spec.rows());
        } catch (ConfigurationException e) {
            if (spec.stateFile() != null) {
                throw new ConfigurationException(null, e.getMessage() + " (table read from file " + spec.stateFile()
                        + ", line 1)", e);
            }
            throw e;
        }
        spec = spec.withDirectionOf(objective);
        Files.createDirectories(spec.outputDir());
        if (!Files.isWritable(spec.outputDir())) {
            throw new ConfigurationException("output.dir", spec.outputDir() + " is not writable");
        }
        ExecutorService pool = spec.workers() > 0 ? Executors.newFixedThreadPool(spec.workers(), daemonThreads())
                : null;
        long start = System.nanoTime();
        OptimizeEngine.Result result;
        try (Bar bar = new Bar(ProgressReporter.wanted(quiet), spec.settings().rounds())) {
            result = OptimizeEngine.run(spec.settings(), objective, spec.initialState(), spec.columnScale(), pool,
                    bar, stopRequested);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        OptimizeOutputs.write(spec, objective, result, wall);
        if (!quiet) {
            out.println("best value " + format(result.bestValue()) + " (" + spec.settings().direction() + ") at round "
                    + (result.bestRound() + 1) + ", chain " + result.bestChain() + ", level " + result.bestLevel());
            for (Map.Entry<String, Double> m : result.bestEvaluation().metrics().entrySet()) {
                out.println("  " + m.getKey() + " = " + format(m.getValue()));
            }
            out.println(result.roundsDone() + " rounds (" + result.stopReason().name().toLowerCase(Locale.ROOT)
                    + ") in " + String.format(Locale.ROOT, "%.1f", wall) + " s");
            out.println("wrote " + spec.outputDir().resolve(OptimizeOutputs.BEST) + ", "
                    + OptimizeOutputs.HISTORY + ", " + OptimizeOutputs.SUMMARY);
            out.flush();
        }
        if (result.stopReason() == OptimizeEngine.StopReason.REQUESTED) {
            err.println("replex: stopped after round " + result.roundsDone() + " of " + spec.settings().rounds()
                    + "; the outputs hold the best state found so far (summary.json: \"complete\": false); optimize "
                    + "jobs cannot be resumed yet");
            err.flush();
            return ExitCodes.STOPPED;
        }
        return ExitCodes.OK;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "replex-optimize-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A progress bar of rounds with the best value so far; draws nothing when disabled. */
    private static final class Bar implements OptimizeEngine.Listener, AutoCloseable {
        private final boolean enabled;
        private final long total;
        private ProgressBar bar;

        Bar(boolean enabled, long total) {
            this.enabled = enabled;
            this.total = total;
        }

        @Override
        public void progressed(long roundsDone, long totalRounds, double bestValue) {
            if (!enabled) {
                return;
            }
            if (bar == null) {
                // our own consumer and width: the library's default terminal would take over SIGINT (see ProgressReporter)
                bar = new ProgressBarBuilder().setTaskName("rounds").setInitialMax(total)
                        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                        .setConsumer(new ConsoleProgressBarConsumer(System.err, ProgressReporter.terminalWidth() - 1))
                        .startsFrom(0, Duration.ZERO).build();
            }
            bar.stepTo(roundsDone);
            bar.setExtraMessage("best " + format(bestValue));
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
