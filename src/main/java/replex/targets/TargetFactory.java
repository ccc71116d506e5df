package replex.targets;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import replex.core.ConfigurationException;
import replex.core.InitialValues;
import replex.core.Target;
import replex.core.UserClasses;

/**
 * Creates the {@link Target} named by a job's {@code target} block: a built-in target,
 * {@code target.name = "gaussian"}, a user class on the class path,
 * {@code target.class = "com.example.MyTarget"}, a model in any language,
 * {@code target.command = [...]} ({@link ExternalTarget}), or a sum of such targets' log-likelihoods,
 * {@code target.type = composite} ({@link CompositeTarget}): exactly one of the four.
 *
 * <p>A user class must implement {@link Target} and have a public constructor taking a
 * {@link Config} (it receives the whole {@code target} block, so it can read its own settings),
 * or else a public no-argument constructor. The class is loaded without initialisation and checked
 * to implement {@link Target} (and to be public and concrete) before any of its code, its static
 * initialiser included, runs. Every target, built-in or not, is checked once
 * created: 1 ≤ {@code dimension()} ≤ {@value #MAX_DIMENSION}, and {@code parameterNames()} holds exactly
 * {@code dimension()} distinct, non-empty names without commas, quotes ({@code "} or {@code '}),
 * backslashes or control characters (they become CSV column names and appear in messages).
 *
 * <p>Every failure is a {@link ConfigurationException} naming the job-file key
 * ({@code job.target}, {@code job.target.name}, {@code job.target.class} or a target's own
 * setting) and saying what is allowed.
 *
 * <p>Thread-safe: the class is stateless.
 */
public final class TargetFactory {

    /** Upper bound of a target's {@code dimension()}. */
    public static final int MAX_DIMENSION = 1_000_000;

    private static final String BLOCK_KEY = TargetSettings.PREFIX;
    private static final String NAME_KEY = TargetSettings.key("name");
    private static final String CLASS_KEY = TargetSettings.key("class");
    private static final String COMMAND_KEY = TargetSettings.key("command");
    private static final String TYPE_KEY = TargetSettings.key(CompositeTarget.TYPE_KEY);

    /** The built-in targets, in the order they are listed to users. */
    private static final Map<String, Function<Config, Target>> BUILT_INS = builtIns();

    private TargetFactory() {
    }

    private static Map<String, Function<Config, Target>> builtIns() {
        Map<String, Function<Config, Target>> map = new LinkedHashMap<>();
        map.put(GaussianTarget.NAME, GaussianTarget::new);
        map.put(GaussianMixtureTarget.NAME, GaussianMixtureTarget::new);
        map.put(RosenbrockTarget.NAME, RosenbrockTarget::new);
        map.put(KidiqTarget.NAME, KidiqTarget::new);
        map.put(EightSchoolsTarget.NAME, EightSchoolsTarget::new);
        map.put(LowDimGaussMixTarget.NAME, LowDimGaussMixTarget::new);
        map.put(LotkaVolterraTarget.NAME, LotkaVolterraTarget::new);
        map.put(CpuBurnTarget.NAME, CpuBurnTarget::new);
        map.put(SleepTarget.NAME, SleepTarget::new);
        return Collections.unmodifiableMap(map);
    }

    /** @return the names accepted by {@code target.name}, in a fixed order */
    public static List<String> builtInNames() {
        return List.copyOf(BUILT_INS.keySet());
    }

    /**
     * Creates and checks the target of a job.
     *
     * @param targetBlock the job's {@code target} block, holding {@code name} or {@code class}
     *     plus the target's own settings, and the job's initial values if it has any
     *     ({@link InitialValues#embed})
     * @param classLoader the loader for a user class ({@code --classpath}); {@code null} means
     *     the thread's context class loader, or else this class's loader
     * @return a new target; with initial values, one whose replicas start there
     * @throws ConfigurationException if the block is invalid, the class cannot be used, or the
     *     target fails its checks
     */
    public static Target create(Config targetBlock, ClassLoader classLoader) {
        return create(targetBlock, classLoader, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Creates and checks the target of a job that runs its replica steps on {@code replicaThreads}
     * threads of this node: a composite target ({@code type = composite}, {@link CompositeTarget})
     * sizes its default term pool from it. Other targets ignore it.
     *
     * @param targetBlock as {@link #create(Config, ClassLoader)}
     * @param classLoader as {@link #create(Config, ClassLoader)}
     * @param replicaThreads threads that run replica steps on this node, ≥ 1 (1 for the sequential
     *     engine, {@code workers} for the actor engine)
     * @return a new target
     * @throws ConfigurationException as {@link #create(Config, ClassLoader)}
     */
    public static Target create(Config targetBlock, ClassLoader classLoader, int replicaThreads) {
        if (targetBlock.hasPath(InitialValues.DESIGN_KEY)) { // an initial design: chosen before the run, not the target's
            return create(targetBlock.withoutPath(InitialValues.DESIGN_KEY), classLoader, replicaThreads);
        }
        InitialValues init = InitialValues.of(targetBlock);
        if (init != null) {
            Target target = create(InitialValues.strip(targetBlock), classLoader, replicaThreads);
            try {
                return new StartingTarget(target, init);
            } catch (RuntimeException e) {
                close(target);
                throw e;
            }
        }
        boolean hasName = targetBlock.hasPath("name");
        boolean hasClass = targetBlock.hasPath("class");
        boolean hasCommand = targetBlock.hasPath("command");
        boolean hasType = CompositeTarget.isComposite(targetBlock);
        int given = (hasName ? 1 : 0) + (hasClass ? 1 : 0) + (hasCommand ? 1 : 0) + (hasType ? 1 : 0);
        if (given != 1) {
            throw new ConfigurationException(BLOCK_KEY, (given == 0 ? "gives none of 'name', 'class' and 'command' "
                    + "(nor 'type')" : "gives more than one of 'name', 'class' and 'command' (with 'type')") + "; set exactly one: "
                    + "name = <a built-in target: " + String.join(", ", BUILT_INS.keySet()) + ">, class = \"<fully "
                    + "qualified name of a class implementing " + Target.class.getName() + ">\", command = "
                    + "[\"<program>\", \"<argument>\", ...] (a target in any language, docs/external-targets.md) or "
                    + "type = composite with terms = [ {...}, ... ] (a sum of log-likelihoods, "
                    + "docs/composite-targets.md)");
        }
        if (hasType) {
            String type = string(targetBlock, CompositeTarget.TYPE_KEY, TYPE_KEY);
            if (!CompositeTarget.TYPE.equals(type)) {
                throw new ConfigurationException(TYPE_KEY, "unknown target type '" + type + "'; allowed: "
                        + CompositeTarget.TYPE + " (or give name, class or command instead of type)");
            }
            return CompositeTarget.create(targetBlock, classLoader, Math.max(1, replicaThreads),
                    Runtime.getRuntime().availableProcessors());
        }
        if (hasCommand) {
            ExternalTarget external = new ExternalTarget(targetBlock);
            try {
                check(external, COMMAND_KEY, "the target " + external.shownCommand());
            } catch (ConfigurationException e) {
                external.close();
                throw e;
            }
            return external;
        }
        Target target;
        String origin;
        if (hasName) {
            String name = string(targetBlock, "name", NAME_KEY);
            Function<Config, Target> constructor = BUILT_INS.get(name);
            if (constructor == null) {
                throw new ConfigurationException(NAME_KEY, "unknown built-in target '" + name + "'; allowed: "
                        + String.join(", ", BUILT_INS.keySet())
                        + " (or give 'class' to use your own implementation of " + Target.class.getName() + ")");
            }
            target = constructor.apply(targetBlock);
            check(target, NAME_KEY, "built-in target '" + name + "'");
        } else {
            String className = string(targetBlock, "class", CLASS_KEY);
            target = instantiate(className, targetBlock, loader(classLoader));
            check(target, CLASS_KEY, "class " + className);
        }
        return target;
    }

    /**
     * Whether a job's target has a normalised prior, where the target may not be available (a
     * client that submitted a job to a cluster need not have a user target's class).
     *
     * @param targetBlock the job's {@code target} block
     * @param classLoader the loader for a user class; {@code null} for the context class loader
     * @return {@link Target#hasNormalisedPrior()} of a target built from the block, or {@code null}
     *     if it cannot be built here
     */
    public static Boolean normalisedPrior(Config targetBlock, ClassLoader classLoader) {
        try {
            Target target = create(targetBlock, classLoader);
            try {
                return target.hasNormalisedPrior();
            } finally {
                close(target);
            }
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Releases what a target holds, if anything: the child processes of a {@code target.command}
     * ({@link ExternalTarget#close()}), also when wrapped for {@code job.init}. Call it once the
     * target is no longer used; other targets need nothing.
     *
     * @param target a target from {@link #create}, or {@code null}
     */
    public static void close(Target target) {
        // a composite closes its terms and its term pool
        Target t = target instanceof StartingTarget s ? s.target() : target;
        if (t instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing is best effort; an ExternalTarget does not throw
            }
        }
    }

    private static String string(Config block, String field, String key) {
        try {
            String value = block.getString(field).trim();
            if (value.isEmpty()) {
                throw new ConfigurationException(key, "must not be empty");
            }
            return value;
        } catch (ConfigException e) {
            throw new ConfigurationException(key, "must be a string", e);
        }
    }

    private static ClassLoader loader(ClassLoader given) {
        if (given != null) {
            return given;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : TargetFactory.class.getClassLoader();
    }

    private static Target instantiate(String className, Config block, ClassLoader classLoader) {
        return UserClasses.instantiate(className, Target.class, block, classLoader, CLASS_KEY, "the target block");
    }

    private static void check(Target target, String key, String origin) {
        int dimension;
        try {
            dimension = target.dimension();
        } catch (RuntimeException e) {
            throw new ConfigurationException(key, origin + ": dimension() threw " + e, e);
        }
        if (dimension < 1) {
            throw new ConfigurationException(key, origin + ": dimension() must be >= 1, got " + dimension);
        }
        if (dimension > MAX_DIMENSION) {
            throw new ConfigurationException(key, origin + ": dimension() must be at most " + MAX_DIMENSION
                    + " (the limit), got " + dimension);
        }
        List<String> names;
        try {
            names = target.parameterNames();
        } catch (RuntimeException e) {
            throw new ConfigurationException(key, origin + ": parameterNames() threw " + e, e);
        }
        if (names == null || names.size() != dimension) {
            throw new ConfigurationException(key, origin + ": parameterNames() must hold exactly "
                    + dimension + " names (one per dimension), got " + (names == null ? "null" : names.size()));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < dimension; i++) {
            String name = names.get(i);
            if (name == null || name.isBlank()) {
                throw new ConfigurationException(key,
                        origin + ": parameterNames() element " + i + " is empty; every name must be non-empty");
            }
            int bad = forbiddenCharacter(name);
            if (bad >= 0) {
                throw new ConfigurationException(key, origin + ": parameterNames() element " + i + " holds "
                        + describeCharacter(name.charAt(bad)) + "; names must not contain commas, quotes, "
                        + "backslashes or control characters (they are CSV column names)");
            }
            if (!seen.add(name)) {
                throw new ConfigurationException(key,
                        origin + ": parameterNames() lists '" + name + "' twice; names must be distinct");
            }
        }
    }

    /** @return the index of the first character a parameter name must not hold, or −1 */
    static int forbiddenCharacter(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ',' || c == '"' || c == '\'' || c == '\\' || Character.isISOControl(c)
                    || c == '\u2028' || c == '\u2029') {
                return i;
            }
        }
        return -1;
    }

    private static String describeCharacter(char c) {
        switch (c) {
            case ',':
                return "a comma";
            case '"':
                return "a double quote";
            case '\'':
                return "a single quote";
            case '\\':
                return "a backslash";
            case '\n':
            case '\r':
            case '\u2028':
            case '\u2029':
                return "a line break";
            default:
                return String.format("the control character U+%04X", (int) c);
        }
    }
}
