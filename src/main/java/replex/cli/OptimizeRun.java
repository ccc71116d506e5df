package replex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import replex.api.Optimizer;
import replex.cluster.HostPort;
import replex.core.ConfigurationException;
import replex.core.optimize.OptimizeEngine;
import replex.core.optimize.OptimizeReplica;
import replex.io.JobSpec;
import replex.io.OptimizeOutputs;
import replex.io.OptimizeSpec;

/**
 * {@code replex run}, {@code resume} and {@code submit} for an {@code optimize} job
 * ({@code job.mode = optimize}): runs it through {@link Optimizer} (replica moves on {@code workers}
 * threads, or in this thread for 0, or on a cluster; the outputs are identical either way), shows a
 * progress bar with the best value so far, and reports the outputs {@code best.csv},
 * {@code history.csv} and {@code summary.json}. Ctrl-C stops at the next round that is a multiple of
 * {@value OptimizeReplica#RESYNC_ROUNDS}, after a checkpoint, writes the best found so far (marked
 * {@code "complete": false}) and says how to resume.
 */
final class OptimizeRun {

    private OptimizeRun() {
    }

    /**
     * {@code replex run FILE} of an optimize job.
     *
     * @return the exit code: {@link ExitCodes#OK}, or {@link ExitCodes#STOPPED} after a stop request
     * @throws ConfigurationException if the job is invalid
     */
    static int run(Path jobFile, JobSpec.Overrides overrides, ClassLoader loader, boolean quiet, PrintWriter out,
            PrintWriter err, BooleanSupplier stopRequested) {
        OptimizeSpec spec = OptimizeSpec.load(jobFile, overrides);
        Optimizer.Completed run;
        try (Bar bar = new Bar(ProgressReporter.wanted(quiet))) {
            run = Optimizer.runAndWrite(spec, loader, bar, new StderrNotices(err), stopRequested);
        }
        return report(run, quiet, out, err);
    }

    /**
     * {@code replex resume DIR} of an optimize job.
     *
     * @return the exit code, as for {@link #run}
     * @throws ConfigurationException if there is no valid checkpoint
     */
    static int resume(Path directory, Integer workers, ClassLoader loader, boolean quiet, PrintWriter out,
            PrintWriter err, BooleanSupplier stopRequested) {
        if (!quiet) {
            var loaded = Optimizer.loadCheckpoint(directory);
            err.println("replex: resuming from " + loaded.file() + " (round " + loaded.payload().state().round()
                    + " of " + loaded.spec().settings().rounds() + ")");
            err.flush();
        }
        Optimizer.Completed run;
        try (Bar bar = new Bar(ProgressReporter.wanted(quiet))) {
            run = Optimizer.resumeAndWrite(directory, workers, loader, bar, new StderrNotices(err), stopRequested);
        }
        return report(run, quiet, out, err);
    }

    /**
     * {@code replex submit FILE} of an optimize job: runs it on the cluster, writes the outputs here.
     *
     * @param onAccepted told the job's id once the cluster admits it
     * @return {@link ExitCodes#OK}
     * @throws ConfigurationException if the job is invalid or rejected
     * @throws IllegalStateException if the job fails or the client is stopped (the job goes on)
     */
    static int submit(OptimizeSpec spec, HostPort contact, String host, Duration connectTimeout, ClassLoader loader,
            boolean quiet, PrintWriter out, PrintWriter err, java.util.function.Consumer<String> onAccepted) {
        Optimizer.Completed run;
        try (Bar bar = new Bar(ProgressReporter.wanted(quiet))) {
            run = Optimizer.submitAndWrite(spec, contact, host, connectTimeout, loader, bar, onAccepted,
                    new StderrNotices(err));
        }
        return report(run, quiet, out, err);
    }

    static int report(Optimizer.Completed run, boolean quiet, PrintWriter out, PrintWriter err) {
        OptimizeEngine.Result result = run.result();
        OptimizeSpec spec = run.spec();
        if (!quiet) {
            out.println("best value " + format(result.bestValue()) + " (" + spec.settings().direction() + ") at round "
                    + (result.bestRound() + 1) + ", chain " + result.bestChain() + ", level " + result.bestLevel());
            for (Map.Entry<String, Double> m : result.bestEvaluation().metrics().entrySet()) {
                out.println("  " + m.getKey() + " = " + format(m.getValue()));
            }
            out.println(result.roundsDone() + " rounds (" + result.stopReason().name().toLowerCase(Locale.ROOT)
                    + ") in " + String.format(Locale.ROOT, "%.1f", run.wallSeconds()) + " s on " + run.engine());
            out.println("wrote " + spec.outputDir().resolve(OptimizeOutputs.BEST) + ", "
                    + OptimizeOutputs.HISTORY + ", " + OptimizeOutputs.SUMMARY);
            out.flush();
        }
        for (replex.core.engine.RecoveryEvent e : run.events()) {
            if (!e.is(replex.core.engine.RecoveryEvent.Kind.RESUMED)) { // a lost node or round: the outputs are those of an uneventful run
                err.println("replex: recovered (" + e.kind() + "): " + e.detail() + "; " + (e.roundsReplayed() < 0
                        ? "rounds replayed unknown" : e.roundsReplayed() + " rounds replayed"));
            }
        }
        err.flush();
        if (result.stopReason() == OptimizeEngine.StopReason.REQUESTED) {
            err.println();
            err.println("replex: stopped after round " + result.roundsDone() + " of " + spec.settings().rounds()
                    + "; checkpoint written to " + spec.checkpointDir() + "; the outputs hold the best state so far "
                    + "(summary.json: \"complete\": false)");
            err.println("replex: continue with: replex resume " + spec.outputDir());
            err.flush();
            return ExitCodes.STOPPED;
        }
        return ExitCodes.OK;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** A progress bar of rounds with the best value so far; draws nothing when disabled. */
    private static final class Bar implements OptimizeEngine.Listener, AutoCloseable {
        private final boolean enabled;
        private ProgressBar bar;

        Bar(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public void progressed(long roundsDone, long totalRounds, double bestValue) {
            if (!enabled) {
                return;
            }
            if (bar == null) {
                // our own consumer and width: the library's default terminal would take over SIGINT (see ProgressReporter)
                bar = new ProgressBarBuilder().setTaskName("rounds").setInitialMax(totalRounds)
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
