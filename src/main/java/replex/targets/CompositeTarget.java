package replex.targets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.BiFunction;

import org.apache.commons.rng.UniformRandomProvider;

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
    static final List<String> KEYS = List.of(TYPE_KEY, TERMS, PRIOR, PARALLEL_TERMS, TERM_WORKERS);


    private final List<Target> terms;
    private final List<String> termNames;
    /** The target whose logPrior, initial states and normalisation are used. */
    private final Target prior;
    /** {@code prior} if it is not one of the terms (closed with them), else {@code null}. */
    private final Target ownPrior;
    private final boolean parallel;
    private final TermPool termPool;

    CompositeTarget(List<Target> terms, List<String> termNames, Target ownPrior, boolean parallel,
            int termWorkers, boolean termWorkersGiven) {
        this.terms = List.copyOf(terms);
        this.termNames = List.copyOf(termNames);
        this.ownPrior = ownPrior;
        this.prior = ownPrior != null ? ownPrior : terms.get(0);
        this.parallel = parallel;
        this.termPool = new TermPool(termWorkers, termWorkersGiven);
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
                        ? change.apply(((ConfigObject) term).toConfig(), CompositeBuilder.termKey(i)).root().unwrapped()
                        : term.unwrapped());
            }
            result = result.withValue(TERMS, ConfigValueFactory.fromIterable(changed, "job.target.terms"));
        }
        ConfigValue priorValue = block.root().get(PRIOR);
        if (priorValue != null && priorValue.valueType() == ConfigValueType.OBJECT) {
            result = result.withValue(PRIOR, change.apply(((ConfigObject) priorValue).toConfig(), CompositeBuilder.priorKey()).root());
        }
        return result;
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
        return CompositeBuilder.create(block, classLoader, replicaThreads, cores);
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
        return termPool.termWorkers();
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
        Object[] values = termPool.run(terms, parallel, (term, i) -> term.logLikelihood(x));
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
        Object[] values = termPool.run(terms, parallel, (term, i) -> {
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

    /**
     * Shuts the term pool down (terms already running finish) and closes every term and the prior
     * ({@link TargetFactory#close}: a {@code command} term's children end). Idempotent.
     */
    @Override
    public void close() {
        if (!termPool.close()) {
            return;
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
        return termPool.startedPool();
    }
}
