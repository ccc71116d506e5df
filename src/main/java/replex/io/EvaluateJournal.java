package replex.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;

import replex.core.ConfigurationException;
import replex.core.Target;
import replex.core.evaluate.Design;
import replex.core.evaluate.PointResult;
import replex.core.optimize.TableState;

/**
 * The progress of an {@code evaluate} job, kept in its checkpoint directory until the job completes,
 * so that an interrupted job (Ctrl-C, a crash, a lost machine) continues with
 * {@code replex resume} without evaluating a finished point again:
 *
 * <ul>
 *   <li>{@value #JOB}: the effective job ({@link EvaluateSpec#toConfig()}), JSON;</li>
 *   <li>{@value #POINTS}: the design's points, exactly ({@link TableCsv}), so that the job continues
 *       with the same points even if a design file changed;</li>
 *   <li>{@value #RESULTS}: one JSON line per finished point, appended as each point finishes (values,
 *       metrics, metadata or the failure, and the timing; an objective's value as {@code log_likelihood}
 *       with {@code log_prior} 0, as {@link replex.core.evaluate.PointFunction} carries it) and written to the operating system at
 *       least every 50 ms ({@link #append}); numbers are written so that they read back to the same
 *       doubles. A last line cut short by a crash is dropped on resume and its point evaluated
 *       again.</li>
 * </ul>
 *
 * <p>{@link #append} is thread-safe.
 */
public final class EvaluateJournal implements AutoCloseable {

    /** The effective job. */
    public static final String JOB = "evaluate-job.json";
    /** The design's points. */
    public static final String POINTS = "evaluate-points.csv";
    /** The finished points. */
    public static final String RESULTS = "evaluate-results.jsonl";

    /** Longest time a finished point waits in the buffer before it is written to the operating system. */
    static final long FLUSH_NANOS = 50_000_000L;
    private static final ObjectMapper JSON_IN = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final Path dir;
    private final FileChannel channel;
    private final Writer out;
    private long flushed = System.nanoTime();

    private EvaluateJournal(Path dir, FileChannel channel) {
        this.dir = dir;
        this.channel = channel;
        this.out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                StandardCharsets.UTF_8), 1 << 14);
    }

    /**
     * What an interrupted job left.
     *
     * @param dir the checkpoint directory
     * @param job the effective job, as saved
     * @param points the design's points
     * @param results the finished points, in the order they finished (each point at most once)
     * @param validBytes the length of the results file up to its last complete line
     */
    public record Loaded(Path dir, Config job, TableState points, List<PointResult> results, long validBytes) {
    }

    /**
     * @param directory an output directory or a checkpoint directory
     * @return the checkpoint directory holding an evaluate job's progress ({@code directory} itself
     *     or its {@code checkpoints} folder), or {@code null} if there is none
     */
    public static Path find(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (Files.isRegularFile(dir.resolve(JOB))) {
            return dir;
        }
        Path inner = dir.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR);
        return Files.isRegularFile(inner.resolve(JOB)) ? inner : null;
    }

    /**
     * Starts the progress of a fresh job: saves the job and its points, opens an empty results file.
     *
     * @param spec the job
     * @param design its points
     * @return the journal, open for {@link #append}
     * @throws ConfigurationException naming {@code output.checkpoint-dir} if it holds the progress of
     *     an earlier job, or cannot be created or written
     */
    public static EvaluateJournal start(EvaluateSpec spec, Design design) {
        Path dir = spec.checkpointDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigurationException("output.checkpoint-dir", "cannot create " + dir + ": " + e, e);
        }
        if (Files.exists(dir.resolve(JOB)) || Files.exists(dir.resolve(RESULTS))) {
            throw new ConfigurationException("output.checkpoint-dir", dir + " holds the progress of an earlier "
                    + "evaluate job (" + JOB + "). Continue it with `replex resume " + spec.outputDir()
                    + "`, or delete those files to start afresh.");
        }
        try {
            StagedFile.write(dir.resolve(POINTS), out -> TableCsv.write(table(design), out));
            String json = spec.toConfig().root().render(ConfigRenderOptions.concise().setJson(true));
            StagedFile.write(dir.resolve(JOB), out -> out.write((json + "\n").getBytes(StandardCharsets.UTF_8)));
            return new EvaluateJournal(dir, FileChannel.open(dir.resolve(RESULTS), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new ConfigurationException("output.checkpoint-dir", "cannot write to " + dir + ": " + e, e);
        }
    }

    private static TableState table(Design design) {
        int n = design.size();
        int d = design.dimension();
        double[] cells = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                cells[i * d + j] = design.get(i, j);
            }
        }
        return new TableState(n, d, cells, design.names());
    }

    /**
     * Reads the progress of an interrupted job.
     *
     * @param dir the checkpoint directory ({@link #find})
     * @return what it holds
     * @throws ConfigurationException naming {@code checkpoint} if a file is missing or damaged
     */
    public static Loaded load(Path dir) {
        Config job;
        try {
            job = ConfigFactory.parseFile(dir.resolve(JOB).toFile(), ConfigParseOptions.defaults()
                    .setSyntax(ConfigSyntax.JSON).setAllowMissing(false));
        } catch (ConfigException e) {
            throw new ConfigurationException("checkpoint", dir.resolve(JOB) + " cannot be read: " + e.getMessage(), e);
        }
        TableState points = TableCsv.read(dir.resolve(POINTS), "checkpoint");
        List<PointResult> results = new ArrayList<>();
        Path file = dir.resolve(RESULTS);
        byte[] bytes;
        try {
            bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new ConfigurationException("checkpoint", file + " cannot be read: " + e, e);
        }
        boolean[] seen = new boolean[points.rows()];
        int start = 0;
        int line = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            line++;
            String text = new String(bytes, start, i - start, StandardCharsets.UTF_8);
            PointResult r = parse(text, file, line);
            if (r.point() < 0 || r.point() >= seen.length) {
                throw new ConfigurationException("checkpoint", file + ", line " + line + ": point " + r.point()
                        + " is not in the design of " + seen.length + " points");
            }
            if (!seen[r.point()]) {
                seen[r.point()] = true;
                results.add(r);
            }
            start = i + 1;
        }
        return new Loaded(dir, job, points, results, start); // bytes after the last '\n': a line cut short
    }

    /**
     * Continues the progress of an interrupted job: drops a last line cut short, then appends.
     *
     * @param loaded what {@link #load} read
     * @return the journal, open for {@link #append}
     * @throws ConfigurationException naming {@code checkpoint} if the results file cannot be written
     */
    public static EvaluateJournal resume(Loaded loaded) {
        Path file = loaded.dir().resolve(RESULTS);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(loaded.validBytes());
            channel.position(loaded.validBytes());
            return new EvaluateJournal(loaded.dir(), channel);
        } catch (IOException e) {
            throw new ConfigurationException("checkpoint", file + " cannot be written: " + e, e);
        }
    }

    /**
     * Records a finished point: one line, written to the operating system before this returns if
     * the last write is {@value #FLUSH_NANOS} ns or more ago (so every point when points take longer
     * than that; cheap points in groups), and by {@link #close()}. A crash of the JVM (not Ctrl-C,
     * which closes the journal) can lose the points of the last 50 ms: a resume evaluates them again,
     * with the same results.
     *
     * @param r the result
     * @throws java.io.UncheckedIOException if it cannot be written
     */
    public synchronized void append(PointResult r) {
        try {
            out.write(line(r));
            out.write('\n');
            long now = System.nanoTime();
            if (now - flushed >= FLUSH_NANOS) {
                out.flush();
                flushed = now;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot record point " + r.point() + " in " + dir.resolve(RESULTS)
                    + ": " + e.getMessage(), e);
        }
    }

    /** Forces the results to the storage device and closes the file. */
    @Override
    public synchronized void close() throws IOException {
        try {
            out.flush();
            channel.force(false);
        } finally {
            channel.close();
        }
    }

    /**
     * Deletes the progress of a completed job, and the checkpoint directory if that leaves it empty
     * and it is the default one inside the output directory.
     *
     * @param dir the checkpoint directory
     * @param outputDir the job's output directory
     * @throws IOException if a file cannot be deleted
     */
    public static void delete(Path dir, Path outputDir) throws IOException {
        Files.deleteIfExists(dir.resolve(RESULTS));
        Files.deleteIfExists(dir.resolve(POINTS));
        Files.deleteIfExists(dir.resolve(JOB));
        if (dir.equals(outputDir.resolve(JobSpec.DEFAULT_CHECKPOINT_DIR)) && Files.isDirectory(dir)) {
            try (var left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        }
    }

    /**
     * @param r a result
     * @return its line, without the line end: a JSON object whose numbers are written as
     *     {@link Double#toString} writes them (they read back to the same doubles; {@code NaN},
     *     {@code Infinity} and {@code -Infinity} as bare words) and whose strings are escaped as JSON
     */
    static String line(PointResult r) {
        StringBuilder b = new StringBuilder(160);
        b.append("{\"point\":").append(r.point());
        Target.Evaluation e = r.evaluation();
        if (e != null) {
            b.append(",\"status\":\"").append(EvaluateOutputs.OK).append("\",\"log_prior\":").append(e.logPrior())
                    .append(",\"log_likelihood\":").append(e.logLikelihood()).append(",\"metrics\":{");
            String sep = "";
            for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
                b.append(sep);
                string(b, m.getKey()).append(':').append(m.getValue().doubleValue());
                sep = ",";
            }
            b.append("},\"metadata\":{");
            sep = "";
            for (Map.Entry<String, String> m : e.metadata().entrySet()) {
                b.append(sep);
                string(string(b, m.getKey()).append(':'), m.getValue());
                sep = ",";
            }
            b.append('}');
        } else {
            b.append(",\"status\":\"").append(EvaluateOutputs.FAILED).append("\",\"message\":");
            string(b, r.failure());
        }
        b.append(",\"seconds\":").append(r.seconds()).append(",\"node\":");
        string(b, r.node()).append(",\"worker\":");
        return string(b, r.worker()).append('}').toString();
    }

    private static StringBuilder string(StringBuilder b, String s) {
        b.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, b);
        return b.append('"');
    }

    /**
     * @param text one line of the results file
     * @param file the file, for messages
     * @param line its number, from 1
     * @return the result it records
     */
    static PointResult parse(String text, Path file, int line) {
        try {
            JsonNode n = JSON_IN.readTree(text);
            int point = n.get("point").intValue();
            double seconds = n.get("seconds").doubleValue();
            String node = n.get("node").textValue();
            String worker = n.get("worker").textValue();
            if (EvaluateOutputs.FAILED.equals(n.get("status").textValue())) {
                return new PointResult(point, null, n.get("message").textValue(), seconds, node, worker);
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.get("metrics").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> m = it.next();
                metrics.put(m.getKey(), m.getValue().doubleValue());
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.get("metadata").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> m = it.next();
                metadata.put(m.getKey(), m.getValue().textValue());
            }
            Target.Evaluation e = new Target.Evaluation(n.get("log_prior").doubleValue(),
                    n.get("log_likelihood").doubleValue(), metrics, metadata);
            return new PointResult(point, e, null, seconds, node, worker);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException("checkpoint", file + ", line " + line + " is damaged (" + e.getMessage()
                    + "); delete the checkpoint directory to start the job afresh", e);
        }
    }

    /**
     * @param loaded what {@link #load} read
     * @param workingDir where a relative path would be resolved (the saved job's are absolute)
     * @return the saved job; a file design keeps its original path, but its points come from the
     *     checkpoint
     */
    public static EvaluateSpec spec(Loaded loaded, Path workingDir) {
        Config job = loaded.job();
        boolean fileDesign = job.hasPath("job.design.file");
        Path original = null;
        if (fileDesign) {
            original = Path.of(job.getString("job.design.file"));
            job = job.withValue("job.design.file", ConfigValueFactory.fromAnyRef(
                    loaded.dir().resolve(POINTS).toString()));
        }
        EvaluateSpec spec = EvaluateSpec.fromConfig(job, null, workingDir, workingDir);
        if (fileDesign) {
            EvaluateSpec.DesignSettings d = spec.design();
            spec = spec.withDesign(new EvaluateSpec.DesignSettings(d.type(), d.points(), null, 0, null, null, original,
                    d.table()));
        }
        return spec;
    }
}
