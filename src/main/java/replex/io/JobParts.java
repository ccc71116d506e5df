package replex.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;
import replex.core.optimize.Direction;

/**
 * What the job files and outputs of the {@code evaluate} and {@code optimize} modes share: telling a
 * job's mode, the seed, worker and direction keys, name lists, and the layout of {@code summary.json}.
 */
final class JobParts {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JobParts() {
    }

    /**
     * @param file a job file
     * @param mode a value of {@code job.mode}
     * @return whether the file's {@code job.mode} is {@code mode} (a file that cannot be parsed is not;
     *     its error is then reported by {@link JobSpec#load})
     */
    static boolean isMode(Path file, String mode) {
        try {
            Config root = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve();
            return root.hasPath("job.mode") && isMode(root.root().get("job"), mode);
        } catch (ConfigException e) {
            return false;
        }
    }

    /** @return whether a {@code job} value is an object whose {@code mode} is {@code mode} (any case) */
    static boolean isMode(ConfigValue job, String mode) {
        if (job == null || job.valueType() != ConfigValueType.OBJECT) {
            return false;
        }
        ConfigValue m = ((ConfigObject) job).get("mode");
        return m != null && m.valueType() == ConfigValueType.STRING
                && mode.equalsIgnoreCase(((String) m.unwrapped()).trim());
    }

    /**
     * Refuses an {@code optimize} or {@code evaluate} job where only sampling jobs are read.
     *
     * @param job the {@code job} block
     * @throws ConfigurationException naming {@code job.mode}, for an optimize or evaluate job
     */
    static void refuseOtherModes(ConfigValue job) {
        if (isMode(job, OptimizeSpec.MODE)) {
            throw new ConfigurationException("job.mode", "optimize jobs run with `replex run`, `resume` and "
                    + "`submit`; this command takes sampling jobs only (see docs/modes.md)");
        }
        if (isMode(job, EvaluateSpec.MODE)) {
            throw new ConfigurationException("job.mode", "evaluate jobs run with `replex run` and `replex submit`, "
                    + "and continue with `replex resume`; see docs/modes.md");
        }
    }

    /** @return {@code --seed}, else {@code job.seed}, else {@link JobSpec#DEFAULT_SEED} */
    static long seed(JobSpec.Overrides o, ConfigObject job) {
        return o.seed() != null ? o.seed() : job.get("seed") == null ? JobSpec.DEFAULT_SEED
                : ConfigValues.integer(job.get("seed"), "job.seed", "a 64-bit integer", Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** @return {@code --workers}, else {@code job.workers}, else the available processors (at most the limit) */
    static int workers(JobSpec.Overrides o, ConfigObject job) {
        if (o.workers() != null) {
            if (o.workers() < 0 || o.workers() > JobSpec.MAX_WORKERS) {
                throw new ConfigurationException("--workers", "must be an integer in [0, " + JobSpec.MAX_WORKERS
                        + "] (0 = this thread), got " + o.workers());
            }
            return o.workers();
        }
        return job.get("workers") == null ? Math.min(JobSpec.MAX_WORKERS, Runtime.getRuntime().availableProcessors())
                : (int) ConfigValues.integer(job.get("workers"), "job.workers", "an integer >= 0", 0, JobSpec.MAX_WORKERS);
    }

    /**
     * @param v {@code job.direction}, or {@code null}
     * @return the direction, or {@code null} if none is given
     */
    static Direction direction(ConfigValue v) {
        if (v == null) {
            return null;
        }
        String shape = "maximize | minimize | { target = <number> }";
        if (v.valueType() == ConfigValueType.OBJECT) {
            ConfigObject t = (ConfigObject) v;
            ConfigValues.allowOnly(t, "job.direction", List.of("target"));
            if (t.get("target") == null) {
                throw new ConfigurationException("job.direction", "must be " + shape);
            }
            return Direction.target(ConfigValues.number(t.get("target"), "job.direction.target", "a finite number"));
        }
        String c = ConfigValues.choice(v, "job.direction", List.of("maximize", "minimize"));
        return c.equals("maximize") ? Direction.maximize() : Direction.minimize();
    }

    /**
     * @param d a direction
     * @return it in the job-file format: {@code maximize}, {@code minimize} or {@code {target = v}}
     */
    static Object directionValue(Direction d) {
        return d.kind() == Direction.Kind.TARGET ? java.util.Map.of("target", d.targetValue())
                : d.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return a list of non-empty names, e.g. {@code [x, y]} */
    static List<String> stringList(ConfigValue v, String key) {
        if (v.valueType() != ConfigValueType.LIST) {
            throw ConfigValues.wrongType(key, "must be a list of names like [a, b]", v);
        }
        ConfigList list = (ConfigList) v;
        String[] out = new String[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ConfigValues.text(list.get(i), key + "[" + i + "]", "a name");
            if (out[i].isEmpty()) {
                throw new ConfigurationException(key + "[" + i + "]", "must not be empty");
            }
        }
        return List.of(out);
    }

    /** @return the values as a list, for a job in the job-file format */
    static List<Double> doubles(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }

    /**
     * Writes {@code summary.json}'s layout: two-space indent, {@code "key": value}, a final line end.
     *
     * @param value the document
     * @param out where to write; flushed, not closed
     * @throws IOException if writing fails
     */
    static void writeJson(Object value, OutputStream out) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        MAPPER.writer(printer).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, value);
        out.write('\n');
        out.flush();
    }
}
