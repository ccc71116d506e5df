package replex.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import replex.core.engine.ProgressListener;

/**
 * A progress bar on stderr (rounds done / total, elapsed time, time left, rounds per second) fed
 * by the engine's progress, or nothing when disabled. The bar appears with the first completed
 * round, so that input errors found by the pre-flight are not preceded by an empty bar. Thread-safe.
 *
 * <p>The rate and the time left are ours, not the library's (which divides by whole elapsed
 * seconds of its own clock: "?/s" for a second, then 30001/s for a job whose rounds took 1.9 s).
 * The rate is the rounds done since the first report over the time between, in nanoseconds: of
 * this JVM's clock for a local run, of the job's own clock ({@link #progressed(long, long, double)})
 * for a cluster job, whose progress messages can arrive in bursts. Until {@link #MIN_RATE_SECONDS}
 * have passed, the bar shows no rate and "?" for the time left.
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

    /** Shortest span of rounds over which a rate is shown, in seconds. */
    static final double MIN_RATE_SECONDS = 0.5;

    private final boolean enabled;
    private final long totalRounds;
    /** What is counted: {@code rounds}, or {@code points} in an evaluate job. */
    private final String unit;
    private final LongSupplier nanoClock;
    private ProgressBar bar;
    private boolean closed;
    /**
     * Guards the figures below. Not the reporter's own monitor: the bar's render thread asks for
     * {@link #timeLeft()} while {@link #close()} holds that monitor and waits for the last render.
     */
    private final Object figures = new Object();
    /** The first report of the current clock: rounds and seconds. */
    private long baseRounds = -1;
    private double baseSeconds;
    /** The newest report: rounds and seconds, and the total. */
    private long lastRounds;
    private double lastSeconds;
    private long lastTotal;

    private ProgressReporter(boolean enabled, long totalRounds, String unit, LongSupplier nanoClock) {
        this.enabled = enabled;
        this.totalRounds = totalRounds;
        this.unit = unit;
        this.nanoClock = nanoClock;
    }

    /**
     * @param enabled whether to show a bar (only on an interactive terminal, see {@link #wanted})
     * @param totalRounds the job's rounds
     * @return the reporter
     */
    static ProgressReporter create(boolean enabled, long totalRounds) {
        return create(enabled, totalRounds, "rounds");
    }

    /**
     * @param enabled whether to show a bar
     * @param total the units of work in the job
     * @param unit what they are, plural ({@code points}): the bar's name and its rate's unit
     * @return the reporter
     */
    static ProgressReporter create(boolean enabled, long total, String unit) {
        return new ProgressReporter(enabled, total, unit, System::nanoTime);
    }

    /**
     * A reporter that only computes (no bar), on a given clock: for tests of {@link #rate()}.
     *
     * @param nanoClock the local clock, in nanoseconds
     * @return the reporter
     */
    static ProgressReporter forRates(LongSupplier nanoClock) {
        return new ProgressReporter(false, 0, "rounds", nanoClock);
    }

    /** @return true if a bar should be shown: an interactive terminal and not {@code --quiet} */
    static boolean wanted(boolean quiet) {
        return !quiet && System.console() != null;
    }

    @Override
    public synchronized void progressed(long roundsDone, long total) {
        record(roundsDone, total, nanoClock.getAsLong() / 1e9);
    }

    /** A cluster job's progress: the rate is one of the job's own clock. */
    @Override
    public synchronized void progressed(long roundsDone, long total, double jobSeconds) {
        record(roundsDone, total, jobSeconds);
    }

    private void record(long roundsDone, long total, double seconds) {
        if (closed) {
            return;
        }
        synchronized (figures) {
            if (baseRounds < 0 || seconds < lastSeconds || roundsDone < lastRounds) {
                // the first report, or a job restarted from a checkpoint by a new coordinator (its clock starts at 0)
                baseRounds = roundsDone;
                baseSeconds = seconds;
            }
            lastRounds = roundsDone;
            lastSeconds = seconds;
            lastTotal = total;
        }
        if (!enabled) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder()
                    .setTaskName(unit)
                    .setInitialMax(totalRounds > 0 ? totalRounds : total)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err, terminalWidth() - 1))
                    .setEtaFunction(state -> timeLeft())
                    .startsFrom(roundsDone, Duration.ZERO)
                    .build();
        }
        if (total > 0 && bar.getMax() != total) {
            bar.maxHint(total);
        }
        bar.stepTo(roundsDone);
        double r = rate();
        bar.setExtraMessage(Double.isNaN(r) ? "" : formatRate(r, unit));
    }

    /**
     * @return rounds per second since the first report (of the current clock), or NaN before
     *     {@link #MIN_RATE_SECONDS} have passed or before any round was done since
     */
    double rate() {
        synchronized (figures) {
            return rateOf();
        }
    }

    private double rateOf() {
        double span = lastSeconds - baseSeconds;
        long rounds = lastRounds - baseRounds;
        if (baseRounds < 0 || span < MIN_RATE_SECONDS || rounds <= 0) {
            return Double.NaN;
        }
        return rounds / span;
    }

    /** @return the time left at {@link #rate()}, or empty while there is no rate (the bar shows "?") */
    Optional<Duration> timeLeft() {
        synchronized (figures) {
            double r = rateOf();
            if (Double.isNaN(r)) {
                return Optional.empty();
            }
            long left = Math.max(0, lastTotal - lastRounds);
            return Optional.of(Duration.ofMillis(Math.round(left / r * 1000)));
        }
    }

    /**
     * @param roundsPerSecond a rate
     * @return e.g. {@code "1234 rounds/s"}, {@code "81.5 rounds/s"}, {@code "0.25 rounds/s"}
     */
    static String formatRate(double roundsPerSecond) {
        return formatRate(roundsPerSecond, "rounds");
    }

    /**
     * @param perSecond a rate
     * @param unit what is counted, plural
     * @return e.g. {@code "81.5 points/s"}
     */
    static String formatRate(double perSecond, String unit) {
        double roundsPerSecond = perSecond;
        String number = roundsPerSecond >= 100 ? String.format(Locale.ROOT, "%.0f", roundsPerSecond)
                : roundsPerSecond >= 1 ? String.format(Locale.ROOT, "%.1f", roundsPerSecond)
                : String.format(Locale.ROOT, "%.2f", roundsPerSecond);
        return number + " " + unit + "/s";
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
