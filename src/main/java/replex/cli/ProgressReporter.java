package replex.cli;

import java.time.temporal.ChronoUnit;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import replex.core.engine.ProgressListener;

/**
 * A progress bar on stderr (rounds done / total, rate, ETA) fed by the engine's progress, or
 * nothing when disabled. The bar appears with the first completed round, so that input errors
 * found by the pre-flight are not preceded by an empty bar. Thread-safe.
 */
final class ProgressReporter implements ProgressListener, AutoCloseable {

    private final boolean enabled;
    private final long totalRounds;
    private ProgressBar bar;
    private boolean closed;

    private ProgressReporter(boolean enabled, long totalRounds) {
        this.enabled = enabled;
        this.totalRounds = totalRounds;
    }

    /**
     * @param enabled whether to show a bar (only on an interactive terminal, see {@link #wanted})
     * @param totalRounds the job's rounds
     * @return the reporter
     */
    static ProgressReporter create(boolean enabled, long totalRounds) {
        return new ProgressReporter(enabled, totalRounds);
    }

    /** @return true if a bar should be shown: an interactive terminal and not {@code --quiet} */
    static boolean wanted(boolean quiet) {
        return !quiet && System.console() != null;
    }

    @Override
    public synchronized void progressed(long roundsDone, long total) {
        if (!enabled || closed) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder()
                    .setTaskName("rounds")
                    .setInitialMax(totalRounds)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(250)
                    .showSpeed()
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    // a resumed run starts at its checkpoint's round: the rate counts this run's rounds only
                    .startsFrom(roundsDone - 1, java.time.Duration.ZERO)
                    .build();
        }
        bar.stepTo(roundsDone);
    }

    @Override
    public synchronized void close() {
        if (bar != null && !closed) {
            bar.close();
        }
        closed = true;
    }
}
