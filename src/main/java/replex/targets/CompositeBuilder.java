package replex.targets;

import java.util.ArrayList;
import java.util.List;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigBlocks;
import replex.core.ConfigurationException;
import replex.core.Target;

/**
 * Reads a composite target's block ({@link CompositeTarget}): its settings, its terms and its prior,
 * each error reported under the key of the term or prior it concerns.
 */
final class CompositeBuilder {

    private CompositeBuilder() {
    }

    /**
     * Builds a composite from its block: settings first, then every term (closed again if a later
     * one fails), then the prior, then the checks that they agree.
     *
     * @param block the {@code target} block, {@code type = composite}
     * @param classLoader the loader for user classes
     * @param replicaThreads threads that run replica steps on this node (for the default of
     *     {@code term-workers})
     * @param cores the cores of this node
     * @return the target
     * @throws ConfigurationException naming the key ({@code job.target.terms[i]...},
     *     {@code job.target.prior...}, {@code job.target.term-workers}, ...)
     */
    static CompositeTarget create(Config block, ClassLoader classLoader, int replicaThreads, int cores) {
        String unknown = ConfigBlocks.firstUnknown(block.root().keySet(), CompositeTarget.KEYS);
        if (unknown != null) {
            throw new ConfigurationException(TargetSettings.key(unknown), "unknown setting for a composite target; "
                    + "allowed: " + String.join(", ", CompositeTarget.KEYS) + " (a term's own settings go in its block in terms)");
        }
        boolean parallel = false;
        ConfigValue p = block.root().get(CompositeTarget.PARALLEL_TERMS);
        if (p != null) {
            if (p.valueType() != ConfigValueType.BOOLEAN) {
                throw new ConfigurationException(TargetSettings.key(CompositeTarget.PARALLEL_TERMS), "must be true or false, got "
                        + p.render());
            }
            parallel = (Boolean) p.unwrapped();
        }
        boolean workersGiven = block.hasPath(CompositeTarget.TERM_WORKERS);
        int workers = TargetSettings.integerAtLeast(block, CompositeTarget.TERM_WORKERS, 0, 1);
        if (workers > CompositeTarget.MAX_TERM_WORKERS) {
            throw new ConfigurationException(TargetSettings.key(CompositeTarget.TERM_WORKERS), "must be at most "
                    + CompositeTarget.MAX_TERM_WORKERS
                    + " (the limit), got " + workers);
        }
        ConfigValue termsValue = block.root().get(CompositeTarget.TERMS);
        String shape = "a non-empty list of target blocks, e.g. terms = [ { name = ..., data = \"a.json\" }, "
                + "{ name = ..., data = \"b.json\" } ]";
        if (termsValue == null) {
            throw new ConfigurationException(TargetSettings.key(CompositeTarget.TERMS), "required: " + shape);
        }
        if (termsValue.valueType() != ConfigValueType.LIST || ((ConfigList) termsValue).isEmpty()) {
            throw new ConfigurationException(TargetSettings.key(CompositeTarget.TERMS), "must be " + shape + ", got "
                    + termsValue.render());
        }
        ConfigList list = (ConfigList) termsValue;
        if (list.size() > CompositeTarget.MAX_TERMS) {
            throw new ConfigurationException(TargetSettings.key(CompositeTarget.TERMS), "must hold at most " + CompositeTarget.MAX_TERMS
                    + " terms (the limit), got " + list.size());
        }
        List<Target> terms = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Target ownPrior = null;
        try {
            for (int i = 0; i < list.size(); i++) {
                String key = termKey(i);
                ConfigValue value = list.get(i);
                if (value.valueType() != ConfigValueType.OBJECT) {
                    throw new ConfigurationException(key, "must be a target block such as { name = ... }, "
                            + "{ class = \"...\" } or { command = [...] }, got " + value.render());
                }
                Config termBlock = ((ConfigObject) value).toConfig();
                names.add(label(termBlock, key, i, names));
                terms.add(build(termBlock.withoutPath(CompositeTarget.LABEL), key, classLoader, replicaThreads));
                checkSameParameters(terms.get(0), terms.get(i), key);
            }
            ConfigValue priorValue = block.root().get(CompositeTarget.PRIOR);
            if (priorValue != null) {
                if (priorValue.valueType() != ConfigValueType.OBJECT) {
                    throw new ConfigurationException(priorKey(), "must be a target block whose logPrior is used, "
                            + "such as { name = ... }, got " + priorValue.render());
                }
                ownPrior = build(((ConfigObject) priorValue).toConfig(), priorKey(), classLoader, replicaThreads);
                checkSameParameters(terms.get(0), ownPrior, priorKey());
            }
        } catch (RuntimeException e) {
            terms.forEach(TargetFactory::close);
            TargetFactory.close(ownPrior);
            throw e;
        }
        int effective = workersGiven ? workers : CompositeTarget.defaultTermWorkers(terms.size(), replicaThreads, cores);
        return new CompositeTarget(terms, names, ownPrior, parallel, effective, workersGiven);
    }

    static String termKey(int i) {
        return TargetSettings.key(CompositeTarget.TERMS) + "[" + i + "]";
    }

    static String priorKey() {
        return TargetSettings.key(CompositeTarget.PRIOR);
    }

    private static String label(Config termBlock, String key, int index, List<String> earlier) {
        String name = "term[" + (index + 1) + "]";
        ConfigValue value = termBlock.root().get(CompositeTarget.LABEL);
        if (value != null) {
            if (value.valueType() != ConfigValueType.STRING || ((String) value.unwrapped()).isBlank()) {
                throw new ConfigurationException(key + "." + CompositeTarget.LABEL, "must be a non-empty string (the name of "
                        + "the term's metric), got " + value.render());
            }
            name = ((String) value.unwrapped()).trim();
            if (TargetFactory.forbiddenCharacter(name) >= 0) {
                throw new ConfigurationException(key + "." + CompositeTarget.LABEL, "must not contain commas, quotes, backslashes "
                        + "or control characters (it can become a CSV column name), got " + value.render());
            }
        }
        if (earlier.contains(name)) {
            throw new ConfigurationException(key + (value != null ? "." + CompositeTarget.LABEL : ""), "names the term '" + name
                    + "', as an earlier term is named; every term needs its own name (label)");
        }
        return name;
    }

    /** Builds one term or the prior, reporting its errors under its own key. */
    private static Target build(Config block, String key, ClassLoader classLoader, int replicaThreads) {
        if (CompositeTarget.isComposite(block)) {
            throw new ConfigurationException(key + "." + CompositeTarget.TYPE_KEY, "a term or prior cannot itself be composite; "
                    + "list its terms in this composite's terms");
        }
        try {
            return TargetFactory.create(block, classLoader, replicaThreads);
        } catch (ConfigurationException e) {
            throw rekey(e, key);
        }
    }

    /** The same error, its {@code job.target…} key moved under {@code key}. */
    private static ConfigurationException rekey(ConfigurationException e, String key) {
        String old = e.key();
        String base = TargetSettings.PREFIX;
        if (old == null) {
            return new ConfigurationException(key, e.getMessage(), e);
        }
        String message = e.getMessage().startsWith(old + ": ") ? e.getMessage().substring(old.length() + 2)
                : e.getMessage();
        String moved = old.equals(base) ? key : old.startsWith(base + ".") ? key + old.substring(base.length())
                : old;
        return new ConfigurationException(moved, message, e);
    }

    private static void checkSameParameters(Target first, Target other, String key) {
        if (first == other) {
            return;
        }
        if (other.dimension() != first.dimension() || !other.parameterNames().equals(first.parameterNames())) {
            throw new ConfigurationException(key, "has dimension " + other.dimension() + " and parameters "
                    + other.parameterNames() + ", but " + termKey(0) + " has dimension " + first.dimension()
                    + " and parameters " + first.parameterNames() + "; every term (and the prior) must have the "
                    + "same dimension and parameter names, in the same order");
        }
    }
}
