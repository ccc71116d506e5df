package replex.targets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.apache.commons.rng.UniformRandomProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;
import replex.core.Target;

/**
 * A target whose log-likelihood is the sum of independent terms, each any target (built-in, a
 * class or a {@code command}), for example the same model on several data sets, with one shared
 * prior:
 *
 * <pre>
 *   target {
 *     type = composite
 *     terms = [ { name = ..., label = "first" }, { class = "...", ... } ]
 *     prior = { name = ... }   # optional: the target whose logPrior is used; default the first term
 *     parallel-terms = true    # optional, default false
 *     term-workers = 1         # optional: threads of the term pool
 *   }
 * </pre>
 *
 * <ul>
 *   <li>log L(x) = Σ_i log L_i(x), summed in term order (the first term first), whatever order the terms
 *       finished in: the result is the same bits with or without {@code parallel-terms}. Every term
 *       is evaluated, also after one returned −∞ or threw; if terms threw, the first in term order
 *       decides what is thrown, so the outcome does not depend on timing either.
 *   <li>log p(x), {@link #hasNormalisedPrior()} and the initial states are the prior target's:
 *       {@code prior} if given (its log-likelihood is never called), else the first term's. The
 *       other terms' priors are not used.
 *   <li>Every term and the prior have the same dimension and parameter names, in the same order.
 *   <li>{@link #evaluate} reports each term's log-likelihood as a metric named by the term's
 *       {@code label}, or {@code term[i]} (1-based, i = 1 … number of terms), in term order,
 *       followed by the term's own metrics and metadata, prefixed {@code <name>.}.
 * </ul>
 *
 * <p><b>Pools.</b> Without {@code parallel-terms} the terms run one after the other on the thread
 * that evaluates the target (a replica's worker thread). With it, terms 2 … T of one evaluation
 * are handed to a pool of {@code term-workers} threads owned by this target, separate from the
 * replica workers, while the calling thread runs term 1 and then, rather than wait idle, any term
 * no pool thread has started; it waits only for terms already running elsewhere. Term tasks are
 * never put on the replica pool: a replica step that blocked on tasks queued behind other blocked
 * steps on the same bounded pool could wait forever (deadlock), and an unbounded pool would run
 * workers × terms threads on the cores (oversubscription). The default {@code term-workers} is
 * min(T − 1, cores − replica threads): with the replica threads, at most the number of cores run;
 * 0 (every core already runs a replica) means the terms run on the calling thread. The pool's
 * threads are created on first use and end with {@link #close()}.
 *
 * <p>Thread-safe if its terms are. All terms of one evaluation receive the same array {@code x},
 * possibly on several threads at once: terms must not modify it (the {@link Target} contract).
 * Documented for users in docs/composite-targets.md.
 */
public final class CompositeTarget implements Target, AutoCloseable {

    /** The value of {@code target.type} that makes a composite. */
    public static final String TYPE = "composite";
    /** Upper bound of {@code term-workers}, as of {@code workers}. */
    public static final int MAX_TERM_WORKERS = 1024;
    /** Upper bound of the number of terms. */
    public static final int MAX_TERMS = 1000;

    static final String TYPE_KEY = "type";
    static final String TERMS = "terms";
    static final String PRIOR = "prior";
    static final String PARALLEL_TERMS = "parallel-terms";
    static final String TERM_WORKERS = "term-workers";
    /** The optional name of a term, in a term's block. */
    static final String LABEL = "label";
    private static final List<String> KEYS = List.of(TYPE_KEY, TERMS, PRIOR, PARALLEL_TERMS, TERM_WORKERS);

    private static final Logger LOG = LoggerFactory.getLogger(CompositeTarget.class);
    private static final AtomicInteger POOLS = new AtomicInteger();
    /** The warning that parallel-terms has no effect is logged once per JVM (each run builds the target twice). */
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final List<Target> terms;
    private final List<String> termNames;
    /** The target whose logPrior, initial states and normalisation are used. */
    private final Target prior;
    /** {@code prior} if it is not one of the terms (closed with them), else {@code null}. */
    private final Target ownPrior;
    private final boolean parallel;
    private final int termWorkers;
    private final boolean termWorkersGiven;

    private final Object lock = new Object();
    private ExecutorService pool;
    private boolean closed;

    private CompositeTarget(List<Target> terms, List<String> termNames, Target ownPrior, boolean parallel,
            int termWorkers, boolean termWorkersGiven) {
        this.terms = List.copyOf(terms);
        this.termNames = List.copyOf(termNames);
        this.ownPrior = ownPrior;
        this.prior = ownPrior != null ? ownPrior : terms.get(0);
        this.parallel = parallel;
        this.termWorkers = termWorkers;
        this.termWorkersGiven = termWorkersGiven;
    }

    /**
     * Whether a target block asks for a composite, by giving {@code type}.
     *
     * @param block a target block
     * @return true if it has a {@code type} key (checked by {@link #create})
     */
    public static boolean isComposite(Config block) {
        return block.hasPath(TYPE_KEY);
    }

    /**
     * Applies a function to every term block and to the prior block of a composite, for what must
     * happen where the job file is read (relative paths, data files). Values that are not objects
     * are left for {@link #create} to report.
     *
     * @param block a composite's block ({@link #isComposite})
     * @param change called with each block and its key ({@code job.target.terms[0]},
     *     {@code job.target.prior}); returns the new block
     * @return the block with its term and prior blocks replaced
     */
    public static Config mapBlocks(Config block, BiFunction<Config, String, Config> change) {
        Config result = block;
        ConfigValue termsValue = block.root().get(TERMS);
        if (termsValue != null && termsValue.valueType() == ConfigValueType.LIST) {
            List<Object> changed = new ArrayList<>();
            ConfigList list = (ConfigList) termsValue;
            for (int i = 0; i < list.size(); i++) {
                ConfigValue term = list.get(i);
                changed.add(term.valueType() == ConfigValueType.OBJECT
                        ? change.apply(((ConfigObject) term).toConfig(), termKey(i)).root().unwrapped()
                        : term.unwrapped());
            }
            result = result.withValue(TERMS, ConfigValueFactory.fromIterable(changed, "job.target.terms"));
        }
        ConfigValue priorValue = block.root().get(PRIOR);
        if (priorValue != null && priorValue.valueType() == ConfigValueType.OBJECT) {
            result = result.withValue(PRIOR, change.apply(((ConfigObject) priorValue).toConfig(), priorKey()).root());
        }
        return result;
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
        for (String key : block.root().keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigurationException(TargetSettings.key(key), "unknown setting for a composite target; "
                        + "allowed: " + String.join(", ", KEYS) + " (a term's own settings go in its block in terms)");
            }
        }
        boolean parallel = false;
        ConfigValue p = block.root().get(PARALLEL_TERMS);
        if (p != null) {
            if (p.valueType() != ConfigValueType.BOOLEAN) {
                throw new ConfigurationException(TargetSettings.key(PARALLEL_TERMS), "must be true or false, got "
                        + p.render());
            }
            parallel = (Boolean) p.unwrapped();
        }
        boolean workersGiven = block.hasPath(TERM_WORKERS);
        int workers = TargetSettings.integerAtLeast(block, TERM_WORKERS, 0, 1);
        if (workers > MAX_TERM_WORKERS) {
            throw new ConfigurationException(TargetSettings.key(TERM_WORKERS), "must be at most " + MAX_TERM_WORKERS
                    + " (the limit), got " + workers);
        }
        ConfigValue termsValue = block.root().get(TERMS);
        String shape = "a non-empty list of target blocks, e.g. terms = [ { name = ..., data = \"a.json\" }, "
                + "{ name = ..., data = \"b.json\" } ]";
        if (termsValue == null) {
            throw new ConfigurationException(TargetSettings.key(TERMS), "required: " + shape);
        }
        if (termsValue.valueType() != ConfigValueType.LIST || ((ConfigList) termsValue).isEmpty()) {
            throw new ConfigurationException(TargetSettings.key(TERMS), "must be " + shape + ", got "
                    + termsValue.render());
        }
        ConfigList list = (ConfigList) termsValue;
        if (list.size() > MAX_TERMS) {
            throw new ConfigurationException(TargetSettings.key(TERMS), "must hold at most " + MAX_TERMS
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
                terms.add(build(termBlock.withoutPath(LABEL), key, classLoader, replicaThreads));
                checkSameParameters(terms.get(0), terms.get(i), key);
            }
            ConfigValue priorValue = block.root().get(PRIOR);
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
        int effective = workersGiven ? workers : defaultTermWorkers(terms.size(), replicaThreads, cores);
        return new CompositeTarget(terms, names, ownPrior, parallel, effective, workersGiven);
    }

    /**
     * The default size of the term pool: min(T − 1, cores − replica threads), at least 0. The
     * calling thread runs one term itself, so more than T − 1 pool threads are never busy; and
     * with the replica threads, no more threads than cores run.
     *
     * @param terms T
     * @param replicaThreads threads that run replica steps
     * @param cores available cores
     * @return the number of term-pool threads; 0 means the terms run on the calling thread
     */
    public static int defaultTermWorkers(int terms, int replicaThreads, int cores) {
        return Math.max(0, Math.min(terms - 1, cores - replicaThreads));
    }

    private static String termKey(int i) {
        return TargetSettings.key(TERMS) + "[" + i + "]";
    }

    private static String priorKey() {
        return TargetSettings.key(PRIOR);
    }

    private static String label(Config termBlock, String key, int index, List<String> earlier) {
        String name = "term[" + (index + 1) + "]";
        ConfigValue value = termBlock.root().get(LABEL);
        if (value != null) {
            if (value.valueType() != ConfigValueType.STRING || ((String) value.unwrapped()).isBlank()) {
                throw new ConfigurationException(key + "." + LABEL, "must be a non-empty string (the name of "
                        + "the term's metric), got " + value.render());
            }
            name = ((String) value.unwrapped()).trim();
            if (TargetFactory.forbiddenCharacter(name) >= 0) {
                throw new ConfigurationException(key + "." + LABEL, "must not contain commas, quotes, backslashes "
                        + "or control characters (it can become a CSV column name), got " + value.render());
            }
        }
        if (earlier.contains(name)) {
            throw new ConfigurationException(key + (value != null ? "." + LABEL : ""), "names the term '" + name
                    + "', as an earlier term is named; every term needs its own name (label)");
        }
        return name;
    }

    /** Builds one term or the prior, reporting its errors under its own key. */
    private static Target build(Config block, String key, ClassLoader classLoader, int replicaThreads) {
        if (isComposite(block)) {
            throw new ConfigurationException(key + "." + TYPE_KEY, "a term or prior cannot itself be composite; "
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

    /** @return the terms, in order */
    public List<Target> terms() {
        return terms;
    }

    /** @return the metric name of each term (its label, or {@code term[i]}), in term order */
    public List<String> termNames() {
        return termNames;
    }

    /** @return whether the terms of one evaluation run concurrently */
    public boolean parallelTerms() {
        return parallel;
    }

    /** @return the threads of the term pool (given or default); 0 = the terms run on the calling thread */
    public int termWorkers() {
        return termWorkers;
    }

    @Override
    public int dimension() {
        return terms.get(0).dimension();
    }

    @Override
    public List<String> parameterNames() {
        return terms.get(0).parameterNames();
    }

    /** @return the prior target's log p(x): {@code prior}'s if given, else the first term's */
    @Override
    public double logPrior(double[] x) {
        return prior.logPrior(x);
    }

    /**
     * @return Σ_i log L_i(x) in term order; throws what the first term in term order that threw
     *     threw, after every term was evaluated
     */
    @Override
    public double logLikelihood(double[] x) {
        Object[] values = run((term, i) -> term.logLikelihood(x));
        double sum = 0;
        for (Object v : values) {
            sum += (Double) v;
        }
        return sum;
    }

    /**
     * Both densities with every term's log-likelihood as a metric (named as {@link #termNames()}),
     * followed by the term's own metrics and metadata, each prefixed with the term's name and a dot.
     * Where the prior is −∞ no term is evaluated and there are no metrics.
     */
    @Override
    public Evaluation evaluate(double[] x) {
        double logPrior = prior.logPrior(x);
        if (logPrior == Double.NEGATIVE_INFINITY) {
            return Evaluation.of(logPrior, Double.NEGATIVE_INFINITY);
        }
        Object[] values = run((term, i) -> {
            Evaluation e = term.evaluate(x);
            // a term's own prior may exclude x (its evaluation then skips its likelihood): the composite uses
            // its likelihood wherever the shared prior is finite, as logLikelihood does
            return e.logPrior() == Double.NEGATIVE_INFINITY
                    ? new Evaluation(e.logPrior(), term.logLikelihood(x), e.metrics(), e.metadata()) : e;
        });
        double sum = 0;
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            Evaluation e = (Evaluation) values[i];
            sum += e.logLikelihood();
            metrics.put(termNames.get(i), e.logLikelihood());
        }
        for (int i = 0; i < values.length; i++) {
            Evaluation e = (Evaluation) values[i];
            String prefix = termNames.get(i) + ".";
            e.metrics().forEach((k, v) -> metrics.put(prefix + k, v));
            e.metadata().forEach((k, v) -> metadata.put(prefix + k, v));
        }
        return new Evaluation(logPrior, sum, metrics, metadata);
    }

    @Override
    public boolean hasNormalisedPrior() {
        return prior.hasNormalisedPrior();
    }

    @Override
    public double[] initialState(UniformRandomProvider rng) {
        return prior.initialState(rng);
    }

    @Override
    public double[] initialState(UniformRandomProvider rng, int chain, int replica) {
        return prior.initialState(rng, chain, replica);
    }

    /** One term's work; {@code index} is the term's position. */
    @FunctionalInterface
    private interface TermCall {
        Object call(Target term, int index);
    }

    /**
     * Runs {@code call} on every term, on the term pool if {@code parallel-terms}, and returns the
     * results in term order, or throws the first failure in term order.
     */
    private Object[] run(TermCall call) {
        int n = terms.size();
        Object[] results = new Object[n];
        Throwable[] failures = new Throwable[n];
        ExecutorService executor = n > 1 && parallel ? pool() : null;
        if (executor == null) {
            for (int i = 0; i < n; i++) {
                try {
                    results[i] = call.call(terms.get(i), i);
                } catch (RuntimeException | Error e) {
                    failures[i] = e;
                }
            }
        } else {
            List<FutureTask<Object>> tasks = new ArrayList<>(n);
            tasks.add(null);
            for (int i = 1; i < n; i++) {
                int index = i;
                FutureTask<Object> task = new FutureTask<>(() -> call.call(terms.get(index), index));
                tasks.add(task);
                try {
                    executor.execute(task);
                } catch (RejectedExecutionException e) {
                    // the pool was shut down (the target is being closed): this thread runs it below
                }
            }
            try {
                results[0] = call.call(terms.get(0), 0);
            } catch (RuntimeException | Error e) {
                failures[0] = e;
            }
            for (int i = 1; i < n; i++) {
                tasks.get(i).run(); // does nothing if a pool thread has started it
            }
            boolean interrupted = false;
            for (int i = 1; i < n; i++) {
                while (true) {
                    try {
                        results[i] = tasks.get(i).get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true; // the task is running on a pool thread and ends by itself
                    } catch (ExecutionException e) {
                        failures[i] = e.getCause();
                        break;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (Throwable failure : failures) {
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException("a term threw " + failure, failure);
            }
        }
        return results;
    }

    /** @return the term pool, created on first use; {@code null} to run on the calling thread */
    private ExecutorService pool() {
        if (termWorkers == 0) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("parallel-terms = true, but every core already runs a replica worker, so the default "
                        + "term-workers is 0: the terms run one after the other on the replica's thread. Use fewer "
                        + "workers, or set job.target.term-workers to use more threads than cores.");
            }
            return null;
        }
        synchronized (lock) {
            if (closed) {
                return null;
            }
            if (pool == null) {
                int id = POOLS.incrementAndGet();
                AtomicInteger count = new AtomicInteger();
                ThreadFactory threads = r -> {
                    Thread t = new Thread(r, "replex-terms-" + id + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                };
                ThreadPoolExecutor executor = new ThreadPoolExecutor(termWorkers, termWorkers, 60, TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(), threads);
                executor.allowCoreThreadTimeOut(true);
                pool = executor;
                LOG.debug("term pool {}: {} threads for {} terms{}", id, termWorkers, terms.size(),
                        termWorkersGiven ? "" : " (default)");
            }
            return pool;
        }
    }

    /**
     * Shuts the term pool down (terms already running finish) and closes every term and the prior
     * ({@link TargetFactory#close}: a {@code command} term's children end). Idempotent.
     */
    @Override
    public void close() {
        ExecutorService p;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            p = pool;
        }
        if (p != null) {
            p.shutdown();
        }
        Set<Target> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Target t : terms) {
            if (seen.add(t)) {
                TargetFactory.close(t);
            }
        }
        if (ownPrior != null) {
            TargetFactory.close(ownPrior);
        }
    }

    @Override
    public String toString() {
        return "composite of " + terms.size() + " terms " + termNames;
    }

    /** @return the term pool if it was started (for tests), else {@code null} */
    ThreadPoolExecutor startedPool() {
        synchronized (lock) {
            return (ThreadPoolExecutor) pool;
        }
    }
}
