package replex.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;

/**
 * The {@code output} block of a {@link JobSpec}: the output and checkpoint directories, the draws
 * files' formats, {@code all-levels}, {@code draws-metrics} and {@code draws-metadata}.
 *
 * <p>Thread-safe: stateless.
 */
final class JobSpecOutput {

    static final List<String> OUTPUT_KEYS = List.of("dir", "checkpoint-dir", "formats", "all-levels", "draws-metrics",
            "draws-metadata");

    private JobSpecOutput() {
    }

    static Path outputDir(ConfigValue output, Path override, Path baseDir, Path jobFile) {
        String dir = null;
        if (output != null) {
            ConfigObject o = ConfigValues.object(output, "output", "an object like { dir = \"out/run1\" }");
            ConfigValues.allowOnly(o, "output", OUTPUT_KEYS);
            if (o.get("dir") != null) {
                dir = ConfigValues.text(o.get("dir"), "output.dir", "a directory path");
                if (dir.isEmpty()) {
                    throw new ConfigurationException("output.dir", "must not be empty");
                }
            }
        }
        Path chosen;
        if (override != null) {
            if (override.toString().isEmpty()) {
                throw new ConfigurationException("--out", "must not be empty; give a directory, e.g. --out out/run1");
            }
            chosen = override;
        } else if (dir != null) {
            try {
                chosen = Path.of(dir);
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigurationException("output.dir", "is not a valid path: " + e.getMessage(), e);
            }
        } else {
            chosen = Path.of(JobSpec.DEFAULT_OUTPUT_PARENT, jobName(jobFile));
        }
        return baseDir.resolve(chosen).toAbsolutePath().normalize();
    }

    /** {@code output.checkpoint-dir}, relative to the working directory; default {@code <output dir>/checkpoints}. */
    static Path checkpointDir(ConfigValue output, Path outputDir, Path baseDir) {
        ConfigValue v = output == null ? null : ((ConfigObject) output).get("checkpoint-dir");
        if (v == null) {
            return outputDir.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR);
        }
        String dir = ConfigValues.text(v, "output.checkpoint-dir", "a directory path");
        if (dir.isEmpty()) {
            throw new ConfigurationException("output.checkpoint-dir", "must not be empty");
        }
        try {
            return baseDir.resolve(Path.of(dir)).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigurationException("output.checkpoint-dir", "is not a valid path: " + e.getMessage(), e);
        }
    }

    /** {@code output.all-levels}: true or false, default false. */
    static boolean allLevels(ConfigValue output) {
        ConfigValue v = output == null ? null : ((ConfigObject) output).get("all-levels");
        if (v == null) {
            return false;
        }
        if (v.valueType() != ConfigValueType.BOOLEAN) {
            throw ConfigValues.wrongType("output.all-levels", "must be true or false (true also writes the draws of "
                    + "every level, draws-level-<k>.csv)", v);
        }
        return (Boolean) v.unwrapped();
    }

    /** {@code output.draws-metrics}: a list of distinct metric names, default empty. */
    static List<String> drawMetrics(ConfigValue output) {
        return evaluationNames(output, "draws-metrics", "metric", "metrics", "[steps]");
    }

    /** {@code output.draws-metadata}: a list of distinct metadata names, default empty. */
    static List<String> drawMetadata(ConfigValue output) {
        return evaluationNames(output, "draws-metadata", "metadata", "metadata", "[flag]");
    }

    /**
     * A list of distinct names of the target's evaluation under {@code output.<key>}, default empty.
     *
     * @param output the output block, or {@code null}
     * @param key the key in it
     * @param what one name's kind, for messages ("metric")
     * @param whats its plural ("metrics")
     * @param example an example value
     * @return the names, in order
     * @throws ConfigurationException if not a list of distinct non-blank strings, or over the limit
     */
    private static List<String> evaluationNames(ConfigValue output, String key, String what, String whats,
            String example) {
        ConfigValue v = output == null ? null : ((ConfigObject) output).get(key);
        if (v == null) {
            return List.of();
        }
        String path = "output." + key;
        String allowed = "must be a list of distinct " + what + " names of the target's evaluation, e.g. " + example;
        if (v.valueType() != ConfigValueType.LIST) {
            throw ConfigValues.wrongType(path, allowed, v);
        }
        List<String> names = new ArrayList<>();
        for (ConfigValue item : (ConfigList) v) {
            if (item.valueType() != ConfigValueType.STRING || ((String) item.unwrapped()).isBlank()) {
                throw ConfigValues.wrongType(path, allowed, item);
            }
            String name = (String) item.unwrapped();
            if (names.contains(name)) {
                throw new ConfigurationException(path, "names the " + what + " '" + name + "' twice");
            }
            names.add(name);
        }
        if (names.size() > MAX_DRAWS_METRICS) {
            throw new ConfigurationException(path, "must name at most " + MAX_DRAWS_METRICS
                    + " " + whats + " (the limit), got " + names.size());
        }
        return List.copyOf(names);
    }

    /** The most names {@code output.draws-metrics} (and {@code output.draws-metadata}) may list. */
    static final int MAX_DRAWS_METRICS = 1000;

    /** {@code output.formats}: a list of distinct formats holding csv; default [csv]. */
    static List<OutputFormat> outputFormats(ConfigValue output) {
        ConfigValue v = output == null ? null : ((ConfigObject) output).get("formats");
        if (v == null) {
            return OutputFormat.DEFAULT;
        }
        List<String> keys = new ArrayList<>();
        for (OutputFormat f : OutputFormat.values()) {
            keys.add(f.key());
        }
        String shape = "a list like [csv, cmdstan]";
        if (v.valueType() != ConfigValueType.LIST) {
            throw ConfigValues.wrongType("output.formats", "must be " + shape, v);
        }
        List<OutputFormat> formats = new ArrayList<>();
        ConfigList list = (ConfigList) v;
        for (int i = 0; i < list.size(); i++) {
            OutputFormat f = OutputFormat.valueOf(ConfigValues.choice(list.get(i), "output.formats[" + i + "]", keys)
                    .toUpperCase(Locale.ROOT));
            if (formats.contains(f)) {
                throw new ConfigurationException("output.formats", "lists " + f.key() + " twice");
            }
            formats.add(f);
        }
        if (!formats.contains(OutputFormat.CSV)) {
            throw new ConfigurationException("output.formats", "must hold csv (draws.csv, which replex plot reads),"
                    + " e.g. [csv, cmdstan]; got " + list.render(ConfigRenderOptions.concise()));
        }
        return formats;
    }

    /** @return the job file's name without its extension, or {@code job} */
    static String jobName(Path jobFile) {
        if (jobFile == null || jobFile.getFileName() == null) {
            return "job";
        }
        String name = jobFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
