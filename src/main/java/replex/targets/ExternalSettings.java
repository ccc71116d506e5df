package replex.targets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;

/**
 * The checked settings of an {@link ExternalTarget}'s block: the command, the children's working
 * directory, the two time limits, the standard-error log and the environment that carries the
 * block's other keys. Immutable.
 */
final class ExternalSettings {

    static final String COMMAND_KEY = TargetSettings.key("command");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** The program and its arguments. */
    final List<String> command;
    /** The command as messages show it: long elements (a class path) shortened. */
    final String shown;
    /** The children's working directory, absolute. */
    final Path directory;
    /** {@value ExternalTarget#CONFIG_VARIABLE}: the block's other keys, as JSON. */
    final Map<String, String> environment;
    /** Longest wait for one reply, in nanoseconds. */
    final long timeoutNanos;
    /** Longest wait for a child to start and answer {@code describe}, in nanoseconds. */
    final long startTimeoutNanos;
    /** The file that receives the children's standard error. */
    final Path stderrLog;

    /**
     * @param block the job's {@code target} block (see {@link ExternalTarget#ExternalTarget})
     * @throws ConfigurationException naming the key if a setting is invalid
     */
    ExternalSettings(Config block) {
        this.command = command(block);
        this.shown = shown(command);
        this.directory = directory(block);
        this.timeoutNanos = duration(block, "timeout", ExternalTarget.DEFAULT_TIMEOUT);
        this.startTimeoutNanos = duration(block, "start-timeout", ExternalTarget.DEFAULT_START_TIMEOUT);
        this.stderrLog = stderrLog(block);
        Config rest = block;
        for (String key : ExternalTarget.OWN_KEYS) {
            rest = rest.withoutPath(key);
        }
        this.environment = Map.of(ExternalTarget.CONFIG_VARIABLE, rest.root().render(ConfigRenderOptions.concise()));
    }

    private static List<String> command(Config block) {
        ConfigValue value = block.root().get("command");
        String shape = "a non-empty list of strings: the program and its arguments, e.g. [\"python3\", \"model.py\"]";
        if (value == null || value.valueType() != ConfigValueType.LIST) {
            throw new ConfigurationException(COMMAND_KEY, "must be " + shape);
        }
        List<String> list = new ArrayList<>();
        for (Object o : (List<?>) value.unwrapped()) {
            if (!(o instanceof String s) || s.isEmpty()) {
                throw new ConfigurationException(COMMAND_KEY, "must be " + shape + "; element " + list.size()
                        + " is " + (o instanceof String ? "empty" : String.valueOf(o)));
            }
            list.add(s);
        }
        if (list.isEmpty()) {
            throw new ConfigurationException(COMMAND_KEY, "must be " + shape + ", got []");
        }
        return List.copyOf(list);
    }

    private static Path directory(Config block) {
        if (!block.hasPath("directory")) {
            return Path.of("").toAbsolutePath();
        }
        String dir = TargetSettings.read(block, "directory", Config::getString, "a string: a folder");
        Path path = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new ConfigurationException(TargetSettings.key("directory"), path + " is not a folder on this node");
        }
        return path;
    }

    private static long duration(Config block, String field, Duration defaultValue) {
        if (!block.hasPath(field)) {
            return defaultValue.toNanos();
        }
        Duration d = TargetSettings.read(block, field, Config::getDuration, "a duration such as 60 s or 500 ms "
                + "(a bare number means milliseconds)");
        if (d.isNegative() || d.isZero()) {
            throw new ConfigurationException(TargetSettings.key(field), "must be a duration > 0, got " + d);
        }
        return d.toNanos();
    }

    private static Path stderrLog(Config block) {
        if (block.hasPath("stderr-log")) {
            String file = TargetSettings.read(block, "stderr-log", Config::getString, "a string: a file");
            return Path.of(file).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "replex-target-" + ProcessHandle.current().pid() + "-"
                + SEQUENCE.incrementAndGet() + ".log");
    }

    private static String shown(List<String> command) {
        List<String> parts = new ArrayList<>();
        for (String part : command) {
            parts.add(part.length() > 80 ? part.substring(0, 40) + "…" + part.substring(part.length() - 30) : part);
        }
        return parts.toString();
    }
}
