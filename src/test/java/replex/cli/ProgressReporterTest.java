package replex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The progress bar's rate and time left (issue 12 item 5: rounds per second of the job, not of the messages). */
class ProgressReporterTest {

    /**
     * A cluster job's progress messages that arrive in one burst (the local clock does not move) but
     * were sent over 10 s of the job's own clock: the rate is the job's, 100 rounds/s, not the
     * burst's (infinite, or whatever whole second the burst fell into).
     */
    @Test
    void aBurstOfClusterProgressShowsTheJobsRate() {
        AtomicLong localNanos = new AtomicLong(5_000_000_000L);
        ProgressReporter p = ProgressReporter.forRates(localNanos::get);
        for (int i = 1; i <= 10; i++) {
            p.progressed(100L * i, 3000, 2.0 + i); // job clock: 3 s ... 12 s, 100 rounds a second
        }
        assertEquals(100.0, p.rate(), 1e-9);
        assertEquals(Optional.of(Duration.ofSeconds(20)), p.timeLeft(), "2000 rounds left at 100/s");
    }

    /** Before half a second of progress there is no rate, and the time left is unknown ("?"), not 0:00:00. */
    @Test
    void noRateBeforeHalfASecond() {
        ProgressReporter p = ProgressReporter.forRates(() -> 0L);
        p.progressed(6, 3000, 1.0);
        assertTrue(Double.isNaN(p.rate()));
        assertEquals(Optional.empty(), p.timeLeft());
        p.progressed(12, 3000, 1.4);
        assertTrue(Double.isNaN(p.rate()), "0.4 s is too short for a rate");
        p.progressed(18, 3000, 1.5);
        assertEquals(24.0, p.rate(), 1e-9, "12 rounds in 0.5 s");
    }

    /** A job restarted by a new coordinator (its clock starts again at 0) gets a new base for the rate. */
    @Test
    void aRestartedJobsClockStartsANewRate() {
        ProgressReporter p = ProgressReporter.forRates(() -> 0L);
        p.progressed(100, 1000, 1.0);
        p.progressed(200, 1000, 2.0);
        assertEquals(100.0, p.rate(), 1e-9);
        p.progressed(150, 1000, 0.5); // restarted from the checkpoint at round 150
        assertTrue(Double.isNaN(p.rate()));
        p.progressed(250, 1000, 4.5);
        assertEquals(25.0, p.rate(), 1e-9, "100 rounds in 4 s of the new coordinator");
    }

    /** A local run (no job clock): the rate uses this JVM's clock, in nanoseconds, not whole seconds. */
    @Test
    void aLocalRunUsesTheLocalClockToTheNanosecond() {
        AtomicLong nanos = new AtomicLong(0);
        ProgressReporter p = ProgressReporter.forRates(nanos::get);
        p.progressed(1000, 100_000);
        nanos.set(1_900_000_000L); // 1.9 s: the library's whole-second rate said 30001/s here
        p.progressed(20_000, 100_000);
        assertEquals(19_000 / 1.9, p.rate(), 1e-6);
        assertEquals(Optional.of(Duration.ofMillis(8000)), p.timeLeft());
    }

    /**
     * Closing a shown bar returns: the bar's last render asks for the time left while close() waits for
     * that render (the two once waited for each other on the reporter's monitor, and every run and
     * submit with a bar hung at its end). The timeout only turns a hang into a failure.
     */
    @Test
    void closingAShownBarReturns() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (ProgressReporter p = ProgressReporter.create(true, 1000)) {
                for (int i = 1; i <= 10; i++) {
                    p.progressed(100L * i, 1000, i);
                }
            }
        });
    }

    @Test
    void ratesAreFormattedForReading() {
        assertEquals("1234 rounds/s", ProgressReporter.formatRate(1234.4));
        assertEquals("81.5 rounds/s", ProgressReporter.formatRate(81.46));
        assertEquals("0.25 rounds/s", ProgressReporter.formatRate(0.2512));
    }
}
