package replex.targets;

import static replex.targets.ChildPool.excerpt;
import static replex.targets.ChildPool.text;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import org.apache.commons.rng.UniformRandomProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;

import replex.core.ConfigurationException;

/**
 * A target computed by child processes in any language ({@code target.command}), which speak
 * protocol version {@value #PROTOCOL}: line-delimited JSON over their standard input and output,
 * one request and one reply per line (docs/external-targets.md).
 *
 * <ul>
 * <li>{@code {"op": "describe"}} → {@code {"protocol": 1, "dimension": d, "parameter_names": [...],
 *     "normalised_prior": false}} (names and normalised_prior optional);</li>
 * <li>{@code {"op": "initial_state", "seed": s}} → {@code {"x": [...]}}, s a non-negative 63-bit
 *     integer drawn from the replica's own stream;</li>
 * <li>{@code {"op": "log_density", "x": [...]}} → {@code {"log_prior": lp, "log_likelihood": ll}}
 *     (optionally {@code "metrics": {"name": number, ...}} and {@code "metadata": {"key": "text", ...}},
 *     the evaluation context that {@link #evaluate} returns); −∞ as {@code -Infinity} or
 *     {@code null};</li>
 * <li>{@code {"op": "log_density_batch", "xs": [[...], ...]}} → {@code {"results": [{...}, ...]}}
 *     (optional for children: {@link #logDensities});</li>
 * <li>any request may be answered {@code {"error": "message"}}.</li>
 * </ul>
 *
 * <p>The state stays in Replex: children are a pool of evaluators. A call borrows an idle child (or
 * starts one, so there are at most as many children as threads evaluating at once: one per worker
 * thread) and gives it back, so results do not depend on which child answers. One
 * {@code log_density} request answers both {@link #logPrior} and the {@link #logLikelihood} that the
 * sampler asks next for the same point on the same thread.
 *
 * <p>Faults: a child that dies (or writes a line that is not JSON) is killed, replaced and the
 * request sent once more; if that fails too, or a reply is later than {@code timeout} (the child is
 * then killed), or the child answers {@code error} or a malformed reply, the evaluation throws
 * {@link EvaluationException}, which the sampler counts as a target error and rejects (−∞). A child
 * that cannot start or answers {@code describe} wrongly when the target is created is a
 * {@link ConfigurationException} naming {@code job.target.command} and quoting its standard error.
 *
 * <p>{@link #close()} ends every child (and the JVM's shutdown hook kills any left). Thread-safe.
 */
public final class ExternalTarget extends NamedTarget implements AutoCloseable {

    /** The protocol version this class speaks. */
    public static final int PROTOCOL = 1;
    /** The environment variable that carries the target block's other keys, as JSON. */
    public static final String CONFIG_VARIABLE = "REPLEX_TARGET_CONFIG";
    /** Default longest wait for one reply. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Default longest wait for a child to start and answer {@code describe}. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
    /** Keys of the target block that Replex reads; the child receives the others. */
    public static final Set<String> OWN_KEYS = Set.of("command", "directory", "timeout", "start-timeout",
            "stderr-log");
    /** The default file name of the standard-error log in a run's output folder. */
    public static final String STDERR_LOG_NAME = "target-stderr.log";

    private static final Logger LOG = LoggerFactory.getLogger(ExternalTarget.class);

    /** The children, their settings and their faults. */
    private final ChildPool pool;
    private volatile Boolean batchSupported;
    private final ThreadLocal<Last> last = ThreadLocal.withInitial(Last::new);

    /** The reply to the last {@code log_density} on one thread. */
    private static final class Last {
        double[] x;
        double logPrior;
        double logLikelihood;
        boolean valid;
    }

    /** An evaluation that failed: counted as a target error and rejected (−∞) by the sampler. */
    public static final class EvaluationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EvaluationException(String message) {
            super(message);
        }
    }

    /**
     * Starts the first child and asks it to describe the target.
     *
     * @param block the job's {@code target} block: {@code command} (required, a non-empty list of
     *     strings), optional {@code directory} (the children's working directory, default the
     *     current one), {@code timeout} and {@code start-timeout} (durations), {@code stderr-log} (a
     *     file); every other key goes to the children as JSON in {@value #CONFIG_VARIABLE}
     * @throws ConfigurationException naming the key if a setting is invalid, or
     *     {@code job.target.command} if the child cannot start or answers {@code describe} wrongly
     */
    public ExternalTarget(Config block) {
        this(new ChildPool(new ExternalSettings(block)));
    }

    private ExternalTarget(ChildPool pool) {
        super(pool.names(), pool.normalisedPrior());
        this.pool = pool;
    }

    // ---------------------------------------------------------------- Target

    /**
     * Asks a child for a start: {@code initial_state} with a seed of 63 bits drawn from {@code rng}
     * (the replica's own stream), so that the start depends on the replica alone.
     *
     * @throws EvaluationException if the child fails or answers with an error
     */
    @Override
    public double[] initialState(UniformRandomProvider rng) {
        long seed = rng.nextLong() >>> 1;
        JsonNode reply = call("{\"op\":\"initial_state\",\"seed\":" + seed + "}", "initial_state");
        JsonNode x = reply.get("x");
        if (x == null || !x.isArray()) {
            throw error("initial_state", "the reply has no list 'x': " + excerpt(reply.toString()));
        }
        double[] result = new double[x.size()];
        for (int i = 0; i < result.length; i++) {
            JsonNode v = x.get(i);
            result[i] = v.isNumber() ? v.doubleValue() : Double.NaN; // the sampler names a non-finite start
        }
        return result;
    }

    /**
     * Sends {@code log_density} for x and keeps the log-likelihood for the {@link #logLikelihood}
     * call on the same point that follows on this thread.
     *
     * @throws EvaluationException if the evaluation fails
     */
    @Override
    public double logPrior(double[] x) {
        Last l = last.get();
        l.valid = false;
        double[] pair = logDensity(x);
        if (l.x == null || l.x.length != x.length) {
            l.x = new double[x.length];
        }
        System.arraycopy(x, 0, l.x, 0, x.length);
        l.logPrior = pair[0];
        l.logLikelihood = pair[1];
        l.valid = true;
        return pair[0];
    }

    /**
     * The log-likelihood of the last {@link #logPrior} call on this thread if x is the same point;
     * else a new {@code log_density} request.
     *
     * @throws EvaluationException if the evaluation fails
     */
    @Override
    public double logLikelihood(double[] x) {
        Last l = last.get();
        if (l.valid && Arrays.equals(l.x, x)) {
            l.valid = false;
            return l.logLikelihood;
        }
        return logDensity(x)[1];
    }

    /**
     * One {@code log_density} request.
     *
     * @param x the point, length d
     * @return {log p(x), log L(x)}
     * @throws EvaluationException if the evaluation fails
     */
    public double[] logDensity(double[] x) {
        Evaluation e = evaluate(x);
        return new double[] {e.logPrior(), e.logLikelihood()};
    }

    /**
     * One {@code log_density} request, with the reply's {@code metrics} and {@code metadata} (in the
     * order the child wrote them; an entry whose value is {@code null} is left out, and a number or
     * boolean given as metadata is kept as its JSON text).
     *
     * @throws EvaluationException if the evaluation fails, or the reply's metrics or metadata are
     *     malformed
     */
    @Override
    public Evaluation evaluate(double[] x) {
        StringBuilder request = new StringBuilder(32 + 24 * x.length).append("{\"op\":\"log_density\",\"x\":");
        appendArray(request, x);
        request.append('}');
        return evaluation(call(request.toString(), "log_density"), "log_density");
    }

    /**
     * Evaluates many points, with one {@code log_density_batch} request if the child supports it
     * (a child that answers it with {@code error} is asked point by point from then on).
     *
     * @param xs the points, each of length d
     * @return per point {log p(x), log L(x)}, or {@code null} where that point's evaluation failed
     * @throws EvaluationException if the batch as a whole fails (the child died twice, timed out)
     */
    public double[][] logDensities(double[][] xs) {
        if (!Boolean.FALSE.equals(batchSupported) && xs.length > 0) {
            StringBuilder request = new StringBuilder(32 + 24 * xs.length * dimension())
                    .append("{\"op\":\"log_density_batch\",\"xs\":[");
            for (int i = 0; i < xs.length; i++) {
                if (i > 0) {
                    request.append(',');
                }
                appendArray(request, xs[i]);
            }
            request.append("]}");
            JsonNode reply = pool.call(request.toString(), "log_density_batch", false);
            if (reply.has("error")) {
                batchSupported = false;
                LOG.debug("target {} does not answer log_density_batch ({}); asking point by point", pool.shownCommand(),
                        text(reply.get("error")));
            } else {
                JsonNode results = reply.get("results");
                if (results == null || !results.isArray() || results.size() != xs.length) {
                    throw error("log_density_batch", "the reply must hold 'results', a list of " + xs.length
                            + " objects: " + excerpt(reply.toString()));
                }
                batchSupported = true;
                return each(xs.length, i -> {
                    Evaluation e = evaluation(results.get(i), "log_density_batch");
                    return new double[] {e.logPrior(), e.logLikelihood()};
                });
            }
        }
        return each(xs.length, i -> logDensity(xs[i]));
    }

    /** @return per index i &lt; n, {@code pair(i)}, or {@code null} where it threw {@link EvaluationException} */
    private static double[][] each(int n, IntFunction<double[]> pair) {
        double[][] result = new double[n][];
        for (int i = 0; i < n; i++) {
            try {
                result[i] = pair.apply(i);
            } catch (EvaluationException e) {
                result[i] = null;
            }
        }
        return result;
    }

    private Evaluation evaluation(JsonNode reply, String op) {
        if (reply == null || !reply.isObject()) {
            throw error(op, "a result must be a JSON object, got " + excerpt(String.valueOf(reply)));
        }
        if (reply.has("error")) {
            throw error(op, "the target answered with an error: " + text(reply.get("error")));
        }
        double lp = number(reply, "log_prior", op, false);
        double ll = number(reply, "log_likelihood", op, lp == Double.NEGATIVE_INFINITY);
        Map<String, Double> metrics = entries(reply, "metrics", op, "metric", "number",
                v -> v.isNumber() || v.isNull(), JsonNode::doubleValue);
        Map<String, String> metadata = entries(reply, "metadata", op, "metadata", "string",
                v -> !v.isContainerNode(), v -> v.isTextual() ? v.textValue() : v.toString());
        return metrics.isEmpty() && metadata.isEmpty() ? Evaluation.of(lp, ll)
                : new Evaluation(lp, ll, metrics, metadata);
    }

    /**
     * The entries of a reply's {@code metrics} or {@code metadata} object, in the order written,
     * without those whose value is {@code null}.
     *
     * @param field {@code metrics} or {@code metadata}: an object, or absent or {@code null} (none)
     * @param singular how a message names one entry ({@code metric}, {@code metadata})
     * @param kind what an entry must be ({@code number}, {@code string})
     * @param allowed whether a value (maybe JSON null) is allowed
     */
    private <V> Map<String, V> entries(JsonNode reply, String field, String op, String singular, String kind,
            Predicate<JsonNode> allowed, Function<JsonNode, V> value) {
        Map<String, V> map = new LinkedHashMap<>();
        JsonNode node = reply.get(field);
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw error(op, "'" + field + "' must be an object of " + kind + "s, got " + excerpt(node.toString()));
        }
        for (var it = node.fields(); it.hasNext();) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (!allowed.test(v)) {
                throw error(op, singular + " '" + e.getKey() + "' must be a " + kind + ", got " + excerpt(v.toString()));
            }
            if (!v.isNull()) {
                map.put(e.getKey(), value.apply(v));
            }
        }
        return map;
    }

    private double number(JsonNode reply, String field, String op, boolean optional) {
        JsonNode v = reply.get(field);
        if (v == null) {
            if (optional) {
                return Double.NEGATIVE_INFINITY;
            }
            throw error(op, "the reply has no '" + field + "': " + excerpt(reply.toString()));
        }
        if (v.isNull()) {
            return Double.NEGATIVE_INFINITY;
        }
        if (!v.isNumber()) {
            throw error(op, "'" + field + "' must be a number, -Infinity or null, got " + excerpt(v.toString()));
        }
        return v.doubleValue();
    }

    private static void appendArray(StringBuilder out, double[] x) {
        out.append('[');
        for (int i = 0; i < x.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            double v = x[i];
            if (Double.isFinite(v)) {
                out.append(v); // Double.toString: shortest digits that read back to the same double
            } else {
                out.append(Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
            }
        }
        out.append(']');
    }

    private JsonNode call(String request, String op) {
        return pool.call(request, op, true);
    }

    private EvaluationException error(String op, String message) {
        return pool.error(op, message);
    }

    /**
     * Ends every child: idle ones by closing their standard input (the protocol's end) and waiting
     * up to 2 s, busy ones (and late ones) by killing them. Idempotent; later calls of the target
     * throw {@link EvaluationException}.
     */
    @Override
    public void close() {
        pool.close();
    }

    // ---------------------------------------------------------------- for tests and reports

    /** @return the command, as started */
    public List<String> command() {
        return pool.command();
    }

    /** @return the command as messages show it (long elements such as a class path shortened) */
    public String shownCommand() {
        return pool.shownCommand();
    }

    /** @return how many children were started so far */
    public long childrenStarted() {
        return pool.childrenStarted();
    }

    /** @return how many times a child died (or wrote garbage) and the request was sent again */
    public long restarts() {
        return pool.restarts();
    }

    /** @return the evaluations that failed so far */
    public long errors() {
        return pool.errors();
    }

    /** @return the process handles of the children started and not yet discarded */
    public List<ProcessHandle> children() {
        return pool.children();
    }

    /** @return the file that receives the children's standard error */
    public Path stderrLog() {
        return pool.stderrLog();
    }
}
