package replex.targets;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import replex.core.ConfigurationException;
import replex.targets.ExternalTarget.EvaluationException;

/**
 * The children of an {@link ExternalTarget} and their faults: starts the first child and checks
 * its {@code describe}, lends idle children to callers (starting new ones as needed), replaces a
 * child that dies or writes garbage and sends the request once more, counts and logs failed
 * evaluations, and ends every child on {@link #close()}. Thread-safe.
 */
final class ChildPool implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final String COMMAND_KEY = ExternalSettings.COMMAND_KEY;
    private static final Logger LOG = LoggerFactory.getLogger(ExternalTarget.class);
    /** Errors logged in full per target; later ones are only counted. */
    private static final int LOGGED_ERRORS = 5;
    private static final long CLOSE_GRACE_NANOS = Duration.ofSeconds(2).toNanos();

    private final ExternalSettings settings;
    private final String shown;
    private final long timeoutNanos;
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

    /**
     * Starts the first child and asks it to describe the target.
     *
     * @throws ConfigurationException naming {@code job.target.command} if the child cannot start or
     *     answers {@code describe} wrongly
     */
    ChildPool(ExternalSettings settings) {
        this.settings = settings;
        this.shown = settings.shown;
        this.timeoutNanos = settings.timeoutNanos;
        this.log = new StderrLog(settings.stderrLog);
        TargetChild first;
        JsonNode description;
        try {
            first = TargetChild.start(settings.command, settings.directory, settings.environment, log);
        } catch (IOException e) {
            log.close();
            throw new ConfigurationException(COMMAND_KEY, "cannot start " + shown + " in " + settings.directory + ": "
                    + e.getMessage() + (settings.command.get(0).contains("/") ? "" : "; is '" + settings.command.get(0)
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
        String line = child.exchange("{\"op\":\"describe\"}", settings.startTimeoutNanos);
        if (line == null) {
            boolean late = child.timedOut();
            if (!late) {
                child.awaitExit(System.nanoTime() + Duration.ofMillis(500).toNanos());
            }
            String what = late ? "did not answer describe within " + seconds(settings.startTimeoutNanos)
                    : "exited before answering describe" + exitStatus(child);
            child.kill();
            throw startFailure(child, what, null);
        }
        JsonNode reply = object(line);
        if (reply == null) {
            throw startFailure(child, "answered describe with a line that is not a JSON object: " + excerpt(line)
                    + " (a target must write nothing but protocol replies to standard output; write other output "
                    + "to standard error)", null);
        }
        if (reply.has("error")) {
            throw startFailure(child, "answered describe with an error: " + text(reply.get("error")), null);
        }
        JsonNode protocol = reply.get("protocol");
        if (protocol == null || !protocol.canConvertToInt() || !protocol.isIntegralNumber()
                || protocol.intValue() != ExternalTarget.PROTOCOL) {
            throw startFailure(child, "answered describe with protocol = " + protocol + "; this Replex speaks "
                    + "protocol " + ExternalTarget.PROTOCOL, null);
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
        return new ConfigurationException(COMMAND_KEY, "the target " + shown + " (started in " + settings.directory + ") "
                + what + (tail.isEmpty() ? "; it wrote nothing to standard error"
                : "; its standard error ends with:\n" + indent(tail)), cause);
    }

    /** @return the parameter names, as the first child described them (or x[1] … x[d]) */
    List<String> names() {
        return names;
    }

    /** @return whether the first child declared its prior normalised */
    boolean normalisedPrior() {
        return normalisedPrior;
    }

    JsonNode call(String request, String op) {
        return call(request, op, true);
    }

    /**
     * Sends one request to a borrowed child: a child that dies or writes a line that is not a JSON
     * object is replaced and the request sent once more.
     *
     * @param errorThrows whether an {@code error} reply throws (else it is returned)
     */
    JsonNode call(String request, String op, boolean errorThrows) {
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
                reply = object(line);
                if (reply == null) {
                    failure = "the child " + child.pid() + " wrote a line that is not a JSON object: "
                            + excerpt(line);
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
            child = TargetChild.start(settings.command, settings.directory, settings.environment, log);
        } catch (IOException e) {
            throw error(op, "cannot start " + shown + " in " + settings.directory + ": " + e.getMessage());
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

    EvaluationException error(String op, String message) {
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

    /** @return the command, as started */
    List<String> command() {
        return settings.command;
    }

    /** @return the command as messages show it (long elements such as a class path shortened) */
    String shownCommand() {
        return shown;
    }

    /** @return how many children were started so far */
    long childrenStarted() {
        return started.get();
    }

    /** @return how many times a child died (or wrote garbage) and the request was sent again */
    long restarts() {
        return restarts.get();
    }

    /** @return the evaluations that failed so far */
    long errors() {
        return errors.get();
    }

    /** @return the process handles of the children started and not yet discarded */
    List<ProcessHandle> children() {
        List<ProcessHandle> list = new ArrayList<>();
        for (TargetChild c : all) {
            list.add(c.handle());
        }
        return list;
    }

    /** @return the file that receives the children's standard error */
    Path stderrLog() {
        return log.path();
    }

    /** @return the line as a JSON object, or {@code null} if it is not one */
    private static JsonNode object(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
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

    static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : node.toString();
    }

    static String excerpt(String line) {
        String s = line.length() > 200 ? line.substring(0, 200) + "…" : line;
        return "'" + s + "'";
    }

    private static String seconds(long nanos) {
        double s = nanos / 1e9;
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
    }
}
