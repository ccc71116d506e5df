package replex.targets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static replex.targets.TargetTestSupport.config;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.typesafe.config.Config;

import replex.core.ConfigurationException;

/** The messages of the target-block readers: one line naming the key and saying what is allowed. */
class TargetSettingsTest {

    private static String message(Runnable read) {
        return assertThrows(ConfigurationException.class, read::run).getMessage();
    }

    @Test
    void aRequiredListIsMissingEmptyOrOfAnotherType() {
        assertEquals("job.target.means: required: a non-empty list of numbers",
                message(() -> TargetSettings.finiteList(config("{}"), "means")));
        assertEquals("job.target.means: must be a non-empty list of numbers, got []",
                message(() -> TargetSettings.finiteList(config("means = []"), "means")));
        assertEquals("job.target.means: must be a non-empty list of numbers",
                message(() -> TargetSettings.finiteList(config("means = x"), "means")));
        String what = "a non-empty list of non-empty lists of numbers, all of the same length";
        assertEquals("job.target.means: required: " + what,
                message(() -> TargetSettings.finiteMatrix(config("{}"), "means")));
        assertEquals("job.target.means: must be " + what + ", got []",
                message(() -> TargetSettings.finiteMatrix(config("means = []"), "means")));
        assertEquals("job.target.means: must be " + what,
                message(() -> TargetSettings.finiteMatrix(config("means = 3"), "means")));
        assertArrayEquals(new double[] {1, 2}, TargetSettings.finiteList(config("means = [1, 2]"), "means"));
    }

    @Test
    void aNumberOfAnotherTypeNamesWhatIsAllowed() {
        Config block = config("x = abc");
        assertEquals("job.target.x: must be a number", message(() -> TargetSettings.finiteNumber(block, "x", 1)));
        assertEquals("job.target.x: must be a number of microseconds >= 0 and <= 1000",
                message(() -> TargetSettings.numberBetweenZeroAnd(block, "x", 0, 1000, "microseconds")));
        assertEquals("job.target.x: must be an integer >= 2",
                message(() -> TargetSettings.integerAtLeast(block, "x", 2, 2)));
        assertEquals(5, TargetSettings.integerAtLeast(config("x = 5"), "x", 2, 2));
        assertEquals(7.5, TargetSettings.finiteNumber(config("{}"), "x", 7.5));
    }

    @Test
    void externalSettingsReadTheirTypedFieldsWithTheSameMessages() {
        String command = "command = [\"python3\", \"model.py\"]";
        assertEquals("job.target.directory: must be a string: a folder",
                message(() -> new ExternalSettings(config(command + ", directory = [1]"))));
        assertEquals("job.target.timeout: must be a duration such as 60 s or 500 ms (a bare number means "
                + "milliseconds)", message(() -> new ExternalSettings(config(command + ", timeout = soon"))));
        assertEquals("job.target.start-timeout: must be a duration > 0, got PT0S",
                message(() -> new ExternalSettings(config(command + ", start-timeout = 0 s"))));
        assertEquals("job.target.stderr-log: must be a string: a file",
                message(() -> new ExternalSettings(config(command + ", stderr-log = {a = 1}"))));
        ExternalSettings s = new ExternalSettings(config(command + ", timeout = 2 s, stderr-log = err.log, k = 1"));
        assertEquals(Duration.ofSeconds(2).toNanos(), s.timeoutNanos);
        assertEquals(ExternalTarget.DEFAULT_START_TIMEOUT.toNanos(), s.startTimeoutNanos);
        assertEquals(Path.of("err.log").toAbsolutePath().normalize(), s.stderrLog);
        assertEquals("{\"k\":1}", s.environment.get(ExternalTarget.CONFIG_VARIABLE));
    }
}
