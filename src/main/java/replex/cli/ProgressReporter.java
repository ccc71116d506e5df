package replex.cli;

import java.io.IOException;
import java.time.temporal.ChronoUnit;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import replex.core.engine.ProgressListener;

/**
 * A progress bar on stderr (rounds done / total, rate, ETA) fed by the engine's progress, or
 * nothing when disabled. The bar appears with the first completed round, so that input errors
 * found by the pre-flight are not preceded by an empty bar. Thread-safe.
 *
 * <p>The bar is drawn by our own {@link ConsoleProgressBarConsumer} with a width measured once by
 * {@link #terminalWidth()}. Left to itself, the progress-bar library opens a JLine system terminal
 * that installs the operating system's default action for SIGINT, SIGQUIT, SIGTSTP, SIGCONT and
 * SIGWINCH while the bar is shown: Ctrl-C then killed the JVM at once, without its shutdown hooks,
 * so {@link StopOnSignal} never wrote the final checkpoint. The terminal we open to read the width
 * registers no signal handler ({@code nativeSignals(false)}).
 */
final class ProgressReporter implements ProgressListener, AutoCloseable {

    /** Width used when the terminal reports none (a pseudo-terminal without a size, a dumb terminal). */
    static final int DEFAULT_WIDTH = 80;

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
                    .setConsumer(new ConsoleProgressBarConsumer(System.err, terminalWidth() - 1))
                    .showSpeed()
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    // a resumed run starts at its checkpoint's round: the rate counts this run's rounds only
                    .startsFrom(roundsDone - 1, java.time.Duration.ZERO)
                    .build();
        }
        bar.stepTo(roundsDone);
    }

    /**
     * Measures the terminal's width in columns without touching the JVM's signal handlers: the JLine
     * terminal is opened with {@code nativeSignals(false)} and closed again at once.
     *
     * @return the width, or {@link #DEFAULT_WIDTH} if the terminal reports less than 20 columns or
     *     cannot be opened
     */
    static int terminalWidth() {
        try (Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(false).dumb(true).build()) {
            int width = terminal.getWidth();
            return width >= 20 ? width : DEFAULT_WIDTH;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_WIDTH;
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null && !closed) {
            bar.close();
        }
        closed = true;
    }
}
