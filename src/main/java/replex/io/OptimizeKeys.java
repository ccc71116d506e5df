package replex.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;
import replex.core.optimize.Direction;
import replex.core.optimize.OptimizeSettings;
import replex.core.optimize.TemperatureLadder;

import static replex.io.OptimizeSpec.DEFAULT_JITTER;
import static replex.io.OptimizeSpec.DEFAULT_LEVELS;
import static replex.io.OptimizeSpec.DEFAULT_TARGET_ACCEPTANCE;
import static replex.io.OptimizeSpec.DEFAULT_T_MAX;
import static replex.io.OptimizeSpec.DEFAULT_T_MIN;

/**
 * The engine keys of an {@code optimize} job ({@code temperatures}, {@code move}, {@code stop},
 * {@code output}) read and checked, and the effective job written back ({@link #toConfig}).
 */
final class OptimizeKeys {

    static final List<String> TEMPERATURE_KEYS = List.of("count", "t-min", "t-max", "spacing", "values", "cooling");
    static final List<String> MOVE_KEYS = List.of("cells", "fraction", "jitter", "target-acceptance");
    static final List<String> STOP_KEYS = List.of("patience", "value");
    static final List<String> OUTPUT_KEYS = List.of("dir", "history-every", "checkpoint-dir");

    private OptimizeKeys() {
    }

    /**
     * @param cells cells changed per move
     * @param jitter the moves' scale
     * @param targetAcceptance the acceptance rate the jitter adapts to
     */
    record Move(int cells, double jitter, double targetAcceptance) {
    }

    /**
     * @param patience rounds without improvement before the run stops, 0 = never
     * @param value the value whose reaching stops the run, or NaN
     */
    record Stop(int patience, double value) {
    }

    /**
     * @param dir the output directory, absolute
     * @param checkpointDir the checkpoint directory, absolute
     * @param historyEvery rounds between rows of {@code history.csv}
     */
    record Output(Path dir, Path checkpointDir, int historyEvery) {
    }

    /**
     * @param moveValue {@code job.move}, or {@code null}
     * @param cellCount the cells of the state
     * @return the move settings
     */
    static Move move(ConfigValue moveValue, long cellCount) {
        int cells = 1;
        double jitter = DEFAULT_JITTER;
        double targetAcceptance = DEFAULT_TARGET_ACCEPTANCE;
        if (moveValue != null) {
            ConfigObject move = ConfigValues.object(moveValue, "job.move",
                    "an object like { cells = 1, jitter = 0.1 }");
            ConfigValues.allowOnly(move, "job.move", MOVE_KEYS);
            if (move.get("cells") != null && move.get("fraction") != null) {
                throw new ConfigurationException("job.move", "give cells or fraction, not both");
            }
            if (move.get("cells") != null) {
                cells = (int) ConfigValues.integer(move.get("cells"), "job.move.cells", "an integer in [1, "
                        + Math.min(cellCount, 1_000_000) + "]", 1, Math.min(cellCount, 1_000_000));
            }
            if (move.get("fraction") != null) {
                double f = ConfigValues.number(move.get("fraction"), "job.move.fraction", "a number in (0, 1]");
                if (!(f > 0 && f <= 1)) {
                    throw new ConfigurationException("job.move.fraction", "must be in (0, 1], got " + f);
                }
                cells = (int) Math.max(1, Math.min(1_000_000, Math.round(f * cellCount)));
            }
            if (move.get("jitter") != null) {
                jitter = ConfigValues.number(move.get("jitter"), "job.move.jitter", "a number > 0");
                if (!(jitter > 0)) {
                    throw new ConfigurationException("job.move.jitter", "must be > 0, got " + jitter);
                }
            }
            if (move.get("target-acceptance") != null) {
                targetAcceptance = ConfigValues.number(move.get("target-acceptance"), "job.move.target-acceptance",
                        "a number in (0, 1)");
                if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
                    throw new ConfigurationException("job.move.target-acceptance", "must be in (0, 1), got "
                            + targetAcceptance);
                }
            }
        }
        return new Move(cells, jitter, targetAcceptance);
    }

    /**
     * @param stopValueBlock {@code job.stop}, or {@code null}
     * @param direction {@code job.direction}, or {@code null}
     * @return the stopping rules
     */
    static Stop stop(ConfigValue stopValueBlock, Direction direction) {
        int patience = 0;
        double stopValue = Double.NaN;
        if (stopValueBlock != null) {
            ConfigObject stop = ConfigValues.object(stopValueBlock, "job.stop",
                    "an object like { patience = 200, value = 0.7 }");
            ConfigValues.allowOnly(stop, "job.stop", STOP_KEYS);
            if (stop.get("patience") != null) {
                patience = (int) ConfigValues.integer(stop.get("patience"), "job.stop.patience",
                        "an integer >= 0 (0 = never)", 0, Integer.MAX_VALUE);
            }
            if (stop.get("value") != null) {
                stopValue = ConfigValues.number(stop.get("value"), "job.stop.value", "a finite number");
                if (direction != null && direction.kind() == Direction.Kind.TARGET && stopValue < 0) {
                    throw new ConfigurationException("job.stop.value", "is a tolerance |f - target| <= value with "
                            + "direction { target = ... }, so it must be >= 0, got " + stopValue);
                }
            }
        }
        return new Stop(patience, stopValue);
    }

    /**
     * @param top the whole document
     * @param o the command-line values
     * @param workingDir where relative directories are resolved
     * @param jobFile the job file, or {@code null}
     * @param rounds the job's rounds
     * @return the output settings
     */
    static Output output(ConfigObject top, JobSpec.Overrides o, Path workingDir, Path jobFile, int rounds) {
        Path outputDir;
        int historyEvery = Math.max(1, rounds / 500);
        String dir = null;
        String checkpointDirText = null;
        if (top.get("output") != null) {
            ConfigObject output = ConfigValues.object(top.get("output"), "output", "an object like { dir = \"out\" }");
            ConfigValues.allowOnly(output, "output", OUTPUT_KEYS);
            if (output.get("dir") != null) {
                dir = ConfigValues.text(output.get("dir"), "output.dir", "a directory path");
                if (dir.isEmpty()) {
                    throw new ConfigurationException("output.dir", "must not be empty");
                }
            }
            if (output.get("checkpoint-dir") != null) {
                checkpointDirText = ConfigValues.text(output.get("checkpoint-dir"), "output.checkpoint-dir",
                        "a directory path");
                if (checkpointDirText.isEmpty()) {
                    throw new ConfigurationException("output.checkpoint-dir", "must not be empty");
                }
            }
            if (output.get("history-every") != null) {
                historyEvery = (int) ConfigValues.integer(output.get("history-every"), "output.history-every",
                        "an integer >= 1", 1, Integer.MAX_VALUE);
            }
        }
        if (o.out() != null) {
            if (o.out().toString().isEmpty()) {
                throw new ConfigurationException("--out", "must not be empty; give a directory, e.g. --out out/run1");
            }
            outputDir = workingDir.resolve(o.out());
        } else if (dir != null) {
            outputDir = workingDir.resolve(dir);
        } else {
            outputDir = workingDir.resolve(Path.of(JobSpec.DEFAULT_OUTPUT_PARENT, JobSpec.jobName(jobFile)));
        }
        outputDir = outputDir.toAbsolutePath().normalize();
        Path checkpointDir = (checkpointDirText == null ? outputDir.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR)
                : workingDir.resolve(checkpointDirText)).toAbsolutePath().normalize();
        return new Output(outputDir, checkpointDir, historyEvery);
    }

    static TemperatureLadder ladder(ConfigValue v) {
        if (v == null) {
            return TemperatureLadder.geometric(DEFAULT_LEVELS, DEFAULT_T_MIN, DEFAULT_T_MAX);
        }
        ConfigObject t = ConfigValues.object(v, "job.temperatures", "an object like { count = 16, t-min = 0.01, "
                + "t-max = 10 } or { values = [0.01, 0.1, 1] }");
        ConfigValues.allowOnly(t, "job.temperatures", TEMPERATURE_KEYS);
        if (t.get("values") != null) {
            for (String k : List.of("count", "t-min", "t-max", "spacing")) {
                if (t.get(k) != null) {
                    throw new ConfigurationException("job.temperatures", "give either values, or count, t-min, "
                            + "t-max and spacing, not both");
                }
            }
            ConfigValue values = t.get("values");
            if (values.valueType() == ConfigValueType.LIST && ((ConfigList) values).size() > JobSpec.MAX_LEVELS) {
                throw new ConfigurationException("job.temperatures.values", "holds more than " + JobSpec.MAX_LEVELS
                        + " levels, the limit");
            }
            double[] temps = ConfigValues.numberList(values, "job.temperatures.values",
                    "a non-empty list of increasing numbers > 0");
            try {
                return TemperatureLadder.of(temps);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("job.temperatures.values", e.getMessage());
            }
        }
        int count = t.get("count") == null ? DEFAULT_LEVELS : (int) ConfigValues.integer(t.get("count"),
                "job.temperatures.count", "an integer >= 1", 1, JobSpec.MAX_LEVELS);
        double tMin = t.get("t-min") == null ? DEFAULT_T_MIN
                : ConfigValues.number(t.get("t-min"), "job.temperatures.t-min", "a number > 0");
        double tMax = t.get("t-max") == null ? Math.max(DEFAULT_T_MAX, tMin * 10)
                : ConfigValues.number(t.get("t-max"), "job.temperatures.t-max", "a number > t-min");
        if (!(tMin > 0)) {
            throw new ConfigurationException("job.temperatures.t-min", "must be > 0, got " + tMin);
        }
        if (count > 1 && !(tMax > tMin)) {
            throw new ConfigurationException("job.temperatures.t-max", "must be > t-min = " + tMin + ", got " + tMax);
        }
        String spacing = t.get("spacing") == null ? "geometric"
                : ConfigValues.choice(t.get("spacing"), "job.temperatures.spacing", List.of("geometric", "linear"));
        return spacing.equals("geometric") ? TemperatureLadder.geometric(count, tMin, tMax)
                : TemperatureLadder.linear(count, tMin, tMax);
    }

    /** @return {@code job.temperatures.cooling}, 1 if not given */
    static double cooling(ConfigObject job) {
        double cooling = 1.0;
        if (job.get("temperatures") != null && ((ConfigObject) job.get("temperatures")).get("cooling") != null) {
            cooling = ConfigValues.number(((ConfigObject) job.get("temperatures")).get("cooling"),
                    "job.temperatures.cooling", "a number in (0, 1]");
            if (!(cooling > 0 && cooling <= 1)) {
                throw new ConfigurationException("job.temperatures.cooling", "must be in (0, 1] (1 = no cooling), got "
                        + cooling);
            }
        }
        return cooling;
    }

    static int intOf(ConfigObject job, String key, int min, int max, int def) {
        ConfigValue v = job.get(key);
        return v == null ? def : (int) ConfigValues.integer(v, "job." + key, "an integer >= " + min, min, max);
    }

    /**
     * @param spec the job
     * @return {@link OptimizeSpec#toConfig()}
     */
    static Config toConfig(OptimizeSpec spec) {
        OptimizeSettings settings = spec.settings();
        Map<String, Object> state = OptimizeState.map(spec.table(), spec.stateFile(), spec.vectorNames(),
                spec.vectorValues(), settings.lower(), settings.upper());
        Map<String, Object> temperatures = new LinkedHashMap<>();
        temperatures.put("values", JobParts.doubles(settings.ladder().temperatures()));
        temperatures.put("cooling", settings.cooling());
        Map<String, Object> move = new LinkedHashMap<>();
        move.put("cells", settings.cellsPerMove());
        move.put("jitter", settings.jitter());
        move.put("target-acceptance", settings.targetAcceptance());
        Map<String, Object> stop = new LinkedHashMap<>();
        stop.put("patience", settings.patience());
        if (!Double.isNaN(settings.stopValue())) {
            stop.put("value", settings.stopValue());
        }
        Direction dir = settings.direction();
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("mode", OptimizeSpec.MODE);
        job.put("seed", settings.seed());
        job.put("objective", spec.objectiveBlock().root());
        if (spec.directionGiven()) { // else the reader applies the objective's default, as this job would
            job.put("direction", JobParts.directionValue(dir));
        }
        job.put("state", state);
        job.put("chains", settings.chains());
        job.put("temperatures", temperatures);
        job.put("swap", settings.swap().name().toLowerCase(Locale.ROOT));
        job.put("rounds", settings.rounds());
        job.put("steps-per-round", settings.stepsPerRound());
        job.put("burn-in-rounds", settings.burnInRounds());
        job.put("move", move);
        job.put("stop", stop);
        job.put("workers", spec.workers());
        job.put("checkpoint-every", spec.checkpointEvery());
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("dir", spec.outputDir().toString());
        output.put("history-every", settings.historyEvery());
        output.put("checkpoint-dir", spec.checkpointDir().toString());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("job", job);
        root.put("output", output);
        return ConfigValueFactory.fromMap(root, "effective job").toConfig();
    }
}
