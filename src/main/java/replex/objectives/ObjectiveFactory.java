package replex.objectives;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import replex.core.ConfigurationException;
import replex.core.Objective;
import replex.core.UserClasses;

/**
 * Builds the objective of an {@code optimize} job from its {@code objective} block: a built-in one,
 * {@code name = rastrigin}, or a user class, {@code class = "com.example.MyObjective"} (exactly one of
 * the two), as {@link replex.targets.TargetFactory} does for targets. Stateless.
 */
public final class ObjectiveFactory {

    private static final String BLOCK = ObjectiveSettings.PREFIX;
    private static final Map<String, Function<Config, Objective>> BUILT_INS = new LinkedHashMap<>();

    static {
        BUILT_INS.put(PearsonSpearmanGapObjective.NAME, PearsonSpearmanGapObjective::new);
        BUILT_INS.put(MomentsObjective.NAME, MomentsObjective::new);
        BUILT_INS.put(RastriginObjective.NAME, RastriginObjective::new);
        BUILT_INS.put(RosenbrockObjective.NAME, RosenbrockObjective::new);
    }

    private ObjectiveFactory() {
    }

    /** @return the names of the built-in objectives */
    public static java.util.Set<String> builtIns() {
        return BUILT_INS.keySet();
    }

    /**
     * @param block the job's {@code objective} block
     * @param classLoader the loader for a user class ({@code --classpath}); {@code null} for the
     *     thread's context loader
     * @return the objective, not yet prepared
     * @throws ConfigurationException naming {@code job.objective...} if the block is invalid or the
     *     class cannot be used
     */
    public static Objective create(Config block, ClassLoader classLoader) {
        boolean hasName = block.hasPath("name");
        boolean hasClass = block.hasPath("class");
        if (hasName == hasClass) {
            throw new ConfigurationException(BLOCK, (hasName ? "gives both 'name' and 'class'" : "gives neither "
                    + "'name' nor 'class'") + "; set exactly one: name = <" + String.join(" | ", BUILT_INS.keySet())
                    + "> or class = \"<fully qualified name of a class implementing " + Objective.class.getName()
                    + ">\"");
        }
        if (hasName) {
            String name = string(block, "name");
            Function<Config, Objective> f = BUILT_INS.get(name);
            if (f == null) {
                throw new ConfigurationException(BLOCK + ".name", "unknown objective '" + name + "'; built-in: "
                        + String.join(", ", BUILT_INS.keySet()) + " (or give class = \"...\" for your own)");
            }
            return f.apply(block);
        }
        return instantiate(string(block, "class"), block, classLoader);
    }

    /**
     * Builds the objective and {@linkplain Objective#prepare prepares} it for the state's shape.
     *
     * @param block the job's {@code objective} block
     * @param classLoader the loader for a user class; {@code null} for the thread's context loader
     * @param columnNames the state's column names
     * @param rows the state's rows
     * @param stateFile the file the table came from (named in a shape error), or {@code null}
     * @return the prepared objective
     * @throws ConfigurationException if it cannot be built, or does not fit the shape
     */
    public static Objective createPrepared(Config block, ClassLoader classLoader, java.util.List<String> columnNames,
            int rows, java.nio.file.Path stateFile) {
        Objective objective = create(block, classLoader);
        try {
            objective.prepare(columnNames, rows);
        } catch (ConfigurationException e) {
            if (stateFile != null) {
                throw new ConfigurationException(null, e.getMessage() + " (table read from file " + stateFile
                        + ", line 1)", e);
            }
            throw e;
        }
        return objective;
    }

    /**
     * Builds the objective of an {@code evaluate} job, whose design points are vectors: prepares it for
     * one row with the design's parameter names. A table objective (one over the rows of a data set,
     * such as {@value PearsonSpearmanGapObjective#NAME} or {@value MomentsObjective#NAME}) is refused.
     *
     * @param block the job's {@code objective} block
     * @param classLoader the loader for a user class; {@code null} for the thread's context loader
     * @param names the design's parameter names, length d
     * @return the prepared objective
     * @throws ConfigurationException naming {@code job.objective...} if it cannot be built, is a table
     *     objective, or does not accept a vector of these parameters
     */
    public static Objective createForPoints(Config block, ClassLoader classLoader, java.util.List<String> names) {
        Objective objective = create(block, classLoader);
        if (objective instanceof PearsonSpearmanGapObjective || objective instanceof MomentsObjective) {
            throw new ConfigurationException(BLOCK + ".name", "objective " + string(block, "name") + " works on a "
                    + "table of rows (optimize mode); an evaluate job's points are vectors: use a vector objective ("
                    + RastriginObjective.NAME + ", " + RosenbrockObjective.NAME + ", or your own class)");
        }
        try {
            objective.prepare(names, 1);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(null, e.getMessage() + " (an evaluate job's points are vectors of the "
                    + "parameters " + names + ")", e);
        }
        return objective;
    }

    private static String string(Config block, String field) {
        try {
            String v = block.getString(field).trim();
            if (v.isEmpty()) {
                throw new ConfigurationException(BLOCK + "." + field, "must not be empty");
            }
            return v;
        } catch (ConfigException e) {
            throw new ConfigurationException(BLOCK + "." + field, "must be a string", e);
        }
    }

    private static Objective instantiate(String className, Config block, ClassLoader given) {
        String key = BLOCK + ".class";
        ClassLoader loader = given != null ? given
                : Thread.currentThread().getContextClassLoader() != null ? Thread.currentThread().getContextClassLoader()
                : ObjectiveFactory.class.getClassLoader();
        return UserClasses.instantiate(className, Objective.class, block, loader, key, "the objective block");
    }
}
