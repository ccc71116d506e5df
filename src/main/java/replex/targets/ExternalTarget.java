package replex.targets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.rng.UniformRandomProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import replex.core.ConfigurationException;
import replex.core.Target;

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
public final class ExternalTarget implements Target, AutoCloseable {

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

    private static final String COMMAND_KEY = TargetSettings.key("command");
    private static final Logger LOG = LoggerFactory.getLogger(ExternalTarget.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    /** Errors logged in full per target; later ones are only counted. */
    private static final int LOGGED_ERRORS = 5;
    private static final long CLOSE_GRACE_NANOS = Duration.ofSeconds(2).toNanos();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final List<String> command;
    /** The command as messages show it: long elements (a class path) shortened. */
    private final String shown;
    private final Path directory;
    private final Map<String, String> environment;
    private final long timeoutNanos;
    private final long startTimeoutNanos;
    private final StderrLog log;
    private final int dimension;
    private final List<String> names;
    private final boolean normalisedPrior;

    private final ConcurrentLinkedDeque<TargetChild> idle = new ConcurrentLinkedDeque<>();
    private final Set<TargetChild> all = ConcurrentHashMap.newKeySet();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean closed;
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
        this.command = command(block);
        this.shown = shown(command);
        this.directory = directory(block);
        this.timeoutNanos = duration(block, "timeout", DEFAULT_TIMEOUT);
        this.startTimeoutNanos = duration(block, "start-timeout", DEFAULT_START_TIMEOUT);
        this.log = new StderrLog(stderrLog(block));
        Config rest = block;
        for (String key : OWN_KEYS) {
            rest = rest.withoutPath(key);
        }
        this.environment = Map.of(CONFIG_VARIABLE, rest.root().render(ConfigRenderOptions.concise()));
        TargetChild first;
        JsonNode description;
        try {
            first = TargetChild.start(command, directory, environment, log);
        } catch (IOException e) {
            log.close();
            throw new ConfigurationException(COMMAND_KEY, "cannot start " + shown + " in " + directory + ": "
                    + e.getMessage() + (command.get(0).contains("/") ? "" : "; is '" + command.get(0)
                    + "' installed and on the PATH?"), e);
        }
        started.incrementAndGet();
        all.add(first);
        try {
            description = describe(first);
        } catch (ConfigurationException e) {
            close();
            throw e;
        }
        this.dimension = description.get("dimension").intValue();
        this.names = parameterNames(description, dimension, first);
        JsonNode normalised = description.get("normalised_prior");
        if (normalised != null && !normalised.isNull() && !normalised.isBoolean()) {
            close();
            throw startFailure(first, "answered describe with normalised_prior = " + normalised
                    + "; it must be true or false", null);
        }
        this.normalisedPrior = normalised != null && normalised.asBoolean(false);
        idle.push(first);
        LOG.debug("target {}: dimension {}, pid {}", shown, dimension, first.pid());
    }

    private JsonNode describe(TargetChild child) {
        String line = child.exchange("{\"op\":\"describe\"}", startTimeoutNanos);
        if (line == null) {
            boolean late = child.timedOut();
            if (!late) {
                child.awaitExit(System.nanoTime() + Duration.ofMillis(500).toNanos());
            }
            String what = late ? "did not answer describe within " + seconds(startTimeoutNanos)
                    : "exited before answering describe" + exitStatus(child);
            child.kill();
            throw startFailure(child, what, null);
        }
        JsonNode reply;
        try {
            reply = JSON.readTree(line);
        } catch (IOException e) {
            reply = null;
        }
        if (reply == null || !reply.isObject()) {
            throw startFailure(child, "answered describe with a line that is not a JSON object: " + excerpt(line)
                    + " (a target must write nothing but protocol replies to standard output; write other output "
                    + "to standard error)", null);
        }
        if (reply.has("error")) {
            throw startFailure(child, "answered describe with an error: " + text(reply.get("error")), null);
        }
        JsonNode protocol = reply.get("protocol");
        if (protocol == null || !protocol.canConvertToInt() || !protocol.isIntegralNumber()
                || protocol.intValue() != PROTOCOL) {
            throw startFailure(child, "answered describe with protocol = " + protocol + "; this Replex speaks "
                    + "protocol " + PROTOCOL, null);
        }
        JsonNode d = reply.get("dimension");
        if (d == null || !d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 1
                || d.intValue() > TargetFactory.MAX_DIMENSION) {
            throw startFailure(child, "answered describe with dimension = " + d + "; it must be an integer in [1, "
                    + TargetFactory.MAX_DIMENSION + "]", null);
        }
        return reply;
    }

    private List<String> parameterNames(JsonNode description, int d, TargetChild child) {
        JsonNode given = description.get("parameter_names");
        List<String> list = new ArrayList<>(d);
        if (given == null || given.isNull()) {
            for (int i = 1; i <= d; i++) {
                list.add("x[" + i + "]");
            }
        } else {
            if (!given.isArray() || given.size() != d) {
                close();
                throw startFailure(child, "answered describe with parameter_names = " + excerpt(given.toString())
                        + "; it must be a list of " + d + " strings (one per dimension)", null);
            }
            for (JsonNode n : given) {
                if (!n.isTextual()) {
                    close();
                    throw startFailure(child, "answered describe with a parameter name " + n
                            + " that is not a string", null);
                }
                list.add(n.textValue());
            }
        }
        return Collections.unmodifiableList(list);
    }

    private ConfigurationException startFailure(TargetChild child, String what, Throwable cause) {
        String tail = child.stderrTail(500);
        return new ConfigurationException(COMMAND_KEY, "the target " + shown + " (started in " + directory + ") "
                + what + (tail.isEmpty() ? "; it wrote nothing to standard error"
                : "; its standard error ends with:\n" + indent(tail)), cause);
    }

    // ---------------------------------------------------------------- Target

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<String> parameterNames() {
        return names;
    }

    @Override
    public boolean hasNormalisedPrior() {
        return normalisedPrior;
    }

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
        double[][] result = new double[xs.length][];
        if (!Boolean.FALSE.equals(batchSupported) && xs.length > 0) {
            StringBuilder request = new StringBuilder(32 + 24 * xs.length * dimension)
                    .append("{\"op\":\"log_density_batch\",\"xs\":[");
            for (int i = 0; i < xs.length; i++) {
                if (i > 0) {
                    request.append(',');
                }
                appendArray(request, xs[i]);
            }
            request.append("]}");
            JsonNode reply = call(request.toString(), "log_density_batch", false);
            if (reply.has("error")) {
                batchSupported = false;
                LOG.debug("target {} does not answer log_density_batch ({}); asking point by point", shown,
                        text(reply.get("error")));
            } else {
                JsonNode results = reply.get("results");
                if (results == null || !results.isArray() || results.size() != xs.length) {
                    throw error("log_density_batch", "the reply must hold 'results', a list of " + xs.length
                            + " objects: " + excerpt(reply.toString()));
                }
                batchSupported = true;
                for (int i = 0; i < xs.length; i++) {
                    try {
                        Evaluation e = evaluation(results.get(i), "log_density_batch");
                        result[i] = new double[] {e.logPrior(), e.logLikelihood()};
                    } catch (EvaluationException e) {
                        result[i] = null;
                    }
                }
                return result;
            }
        }
        for (int i = 0; i < xs.length; i++) {
            try {
                result[i] = logDensity(xs[i]);
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
        Map<String, Double> metrics = new LinkedHashMap<>();
        JsonNode m = reply.get("metrics");
        if (m != null && !m.isNull()) {
            if (!m.isObject()) {
                throw error(op, "'metrics' must be an object of numbers, got " + excerpt(m.toString()));
            }
            for (var it = m.fields(); it.hasNext();) {
                var e = it.next();
                if (!e.getValue().isNumber() && !e.getValue().isNull()) {
                    throw error(op, "metric '" + e.getKey() + "' must be a number, got " + excerpt(e.getValue()
                            .toString()));
                }
                if (e.getValue().isNumber()) {
                    metrics.put(e.getKey(), e.getValue().doubleValue());
                }
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode md = reply.get("metadata");
        if (md != null && !md.isNull()) {
            if (!md.isObject()) {
                throw error(op, "'metadata' must be an object of strings, got " + excerpt(md.toString()));
            }
            for (var it = md.fields(); it.hasNext();) {
                var e = it.next();
                JsonNode v = e.getValue();
                if (v.isContainerNode()) {
                    throw error(op, "metadata '" + e.getKey() + "' must be a string, got " + excerpt(v.toString()));
                }
                if (!v.isNull()) {
                    metadata.put(e.getKey(), v.isTextual() ? v.textValue() : v.toString());
                }
            }
        }
        return metrics.isEmpty() && metadata.isEmpty() ? Evaluation.of(lp, ll)
                : new Evaluation(lp, ll, metrics, metadata);
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

    // ---------------------------------------------------------------- the pool and its faults

    private JsonNode call(String request, String op) {
        return call(request, op, true);
    }

    /**
     * Sends one request to a borrowed child: a child that dies or writes a line that is not a JSON
     * object is replaced and the request sent once more.
     *
     * @param errorThrows whether an {@code error} reply throws (else it is returned)
     */
    private JsonNode call(String request, String op, boolean errorThrows) {
        String firstFailure = null;
        for (int attempt = 1;; attempt++) {
            TargetChild child = borrow(op);
            String line = child.exchange(request, timeoutNanos);
            String failure = null;
            JsonNode reply = null;
            if (line == null) {
                if (closed) {
                    discard(child);
                    throw error(op, "the target was closed (the run ended or was cancelled)");
                }
                if (child.timedOut()) {
                    discard(child);
                    throw error(op, "no reply within " + seconds(timeoutNanos) + " (job.target.timeout); the "
                            + "child " + child.pid() + " was killed" + tail(child));
                }
                child.awaitExit(System.nanoTime() + Duration.ofMillis(200).toNanos());
                failure = "the child " + child.pid() + " exited" + exitStatus(child) + tail(child);
            } else {
                try {
                    reply = JSON.readTree(line);
                } catch (IOException e) {
                    reply = null;
                }
                if (reply == null || !reply.isObject()) {
                    failure = "the child " + child.pid() + " wrote a line that is not a JSON object: "
                            + excerpt(line);
                    reply = null;
                }
            }
            if (failure == null) {
                giveBack(child);
                if (errorThrows && reply.has("error")) {
                    throw error(op, "the target answered with an error: " + text(reply.get("error")));
                }
                return reply;
            }
            discard(child);
            if (attempt == 1) {
                firstFailure = failure;
                restarts.incrementAndGet();
                LOG.warn("target {}: {}; restarting it and sending the request again", shown, failure);
                continue;
            }
            throw error(op, failure + " (and before: " + firstFailure + ")");
        }
    }

    private TargetChild borrow(String op) {
        if (closed) {
            throw error(op, "the target was closed (the run ended or was cancelled)");
        }
        TargetChild child = idle.pollFirst();
        if (child != null) {
            return child;
        }
        try {
            child = TargetChild.start(command, directory, environment, log);
        } catch (IOException e) {
            throw error(op, "cannot start " + shown + " in " + directory + ": " + e.getMessage());
        }
        started.incrementAndGet();
        all.add(child);
        if (closed) {
            discard(child);
            throw error(op, "the target was closed (the run ended or was cancelled)");
        }
        JsonNode d;
        try {
            d = describe(child);
        } catch (ConfigurationException e) {
            discard(child);
            throw error(op, "a new child failed: " + e.getMessage());
        }
        if (d.get("dimension").intValue() != dimension) {
            discard(child);
            throw error(op, "a new child " + child.pid() + " describes dimension " + d.get("dimension")
                    + ", the first one " + dimension);
        }
        return child;
    }

    private void giveBack(TargetChild child) {
        idle.push(child);
        if (closed && idle.remove(child)) {
            discard(child);
        }
    }

    private void discard(TargetChild child) {
        child.kill();
        all.remove(child);
    }

    private EvaluationException error(String op, String message) {
        long n = errors.incrementAndGet();
        if (n <= LOGGED_ERRORS) {
            LOG.warn("target {}: {} failed: {}{}", shown, op, message, n == LOGGED_ERRORS
                    ? " (further target errors are counted, not logged)" : "");
        }
        return new EvaluationException(op + ": " + message);
    }

    /**
     * Ends every child: idle ones by closing their standard input (the protocol's end) and waiting
     * up to 2 s, busy ones (and late ones) by killing them. Idempotent; later calls of the target
     * throw {@link EvaluationException}.
     */
    @Override
    public void close() {
        closed = true;
        List<TargetChild> quitting = new ArrayList<>();
        TargetChild child;
        while ((child = idle.pollFirst()) != null) {
            child.closeInput();
            quitting.add(child);
        }
        for (TargetChild c : all) {
            if (!quitting.contains(c)) {
                c.kill(); // busy: its caller sees the end of its output and throws
            }
        }
        long deadline = System.nanoTime() + CLOSE_GRACE_NANOS;
        for (TargetChild c : quitting) {
            c.awaitExit(deadline);
        }
        all.clear();
        log.close();
    }

    // ---------------------------------------------------------------- for tests and reports

    /** @return the command, as started */
    public List<String> command() {
        return command;
    }

    /** @return the command as messages show it (long elements such as a class path shortened) */
    public String shownCommand() {
        return shown;
    }

    /** @return how many children were started so far */
    public long childrenStarted() {
        return started.get();
    }

    /** @return how many times a child died (or wrote garbage) and the request was sent again */
    public long restarts() {
        return restarts.get();
    }

    /** @return the evaluations that failed so far */
    public long errors() {
        return errors.get();
    }

    /** @return the process handles of the children started and not yet discarded */
    public List<ProcessHandle> children() {
        List<ProcessHandle> list = new ArrayList<>();
        for (TargetChild c : all) {
            list.add(c.handle());
        }
        return list;
    }

    /** @return the file that receives the children's standard error */
    public Path stderrLog() {
        return log.path();
    }

    // ---------------------------------------------------------------- settings

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
        String key = TargetSettings.key("directory");
        String dir;
        try {
            dir = block.getString("directory");
        } catch (ConfigException e) {
            throw new ConfigurationException(key, "must be a string: a folder", e);
        }
        Path path = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new ConfigurationException(key, path + " is not a folder on this node");
        }
        return path;
    }

    private static long duration(Config block, String field, Duration defaultValue) {
        if (!block.hasPath(field)) {
            return defaultValue.toNanos();
        }
        String key = TargetSettings.key(field);
        Duration d;
        try {
            d = block.getDuration(field);
        } catch (ConfigException e) {
            throw new ConfigurationException(key, "must be a duration such as 60 s or 500 ms (a bare number "
                    + "means milliseconds)", e);
        }
        if (d.isNegative() || d.isZero()) {
            throw new ConfigurationException(key, "must be a duration > 0, got " + d);
        }
        return d.toNanos();
    }

    private static Path stderrLog(Config block) {
        if (block.hasPath("stderr-log")) {
            try {
                return Path.of(block.getString("stderr-log")).toAbsolutePath().normalize();
            } catch (ConfigException e) {
                throw new ConfigurationException(TargetSettings.key("stderr-log"), "must be a string: a file", e);
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "replex-target-" + ProcessHandle.current().pid() + "-"
                + SEQUENCE.incrementAndGet() + ".log");
    }

    // ---------------------------------------------------------------- messages

    private static String shown(List<String> command) {
        List<String> parts = new ArrayList<>();
        for (String part : command) {
            parts.add(part.length() > 80 ? part.substring(0, 40) + "…" + part.substring(part.length() - 30) : part);
        }
        return parts.toString();
    }

    private static String exitStatus(TargetChild child) {
        Integer status = child.exitValue();
        return status == null ? "" : " with status " + status;
    }

    private static String tail(TargetChild child) {
        String tail = child.stderrTail(200);
        if (tail.isEmpty()) {
            return "";
        }
        String[] lines = tail.split("\n");
        int from = Math.max(0, lines.length - 3);
        return "; its standard error ends with: " + String.join(" | ", Arrays.asList(lines).subList(from,
                lines.length));
    }

    private static String indent(String lines) {
        return "    " + lines.replace("\n", "\n    ");
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : node.toString();
    }

    private static String excerpt(String line) {
        String s = line.length() > 200 ? line.substring(0, 200) + "…" : line;
        return "'" + s + "'";
    }

    private static String seconds(long nanos) {
        double s = nanos / 1e9;
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
    }
}
