package replex.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import replex.core.Target;
import replex.core.evaluate.BestPoints;
import replex.core.evaluate.Design;
import replex.core.evaluate.PointFunction;
import replex.core.evaluate.PointResult;

/**
 * Writes the outputs of an {@code evaluate} job into its output directory, each file atomically
 * ({@link StagedFile}), {@code summary.json} last (its presence marks a complete set):
 *
 * <ul>
 *   <li>{@code evaluations.csv}: {@code point,<parameter names>,log_prior,log_likelihood,<metrics>,
 *       <metadata>,status,message}, one row per point in point order. The metric columns are the union
 *       of the metric names of all points, in the order they are first seen going through the points
 *       in order (within a point, in the target's order); the metadata columns follow, likewise. A
 *       point without a metric or metadata entry has an empty cell there; a failed point has empty
 *       values, metrics and metadata, status {@code failed} and the exception's message. A metric or
 *       metadata name that equals an earlier column's gets the prefix {@code metric.} or
 *       {@code metadata.}. Numbers are in the shortest form that reads back to the same double
 *       ({@link ShortestDecimal}), as in {@code draws.csv}; text is quoted as RFC 4180 says.
 *       The file depends only on the job and the target, never on the number of threads or nodes,
 *       nor on interruptions. A job that evaluates an objective has the columns
 *       {@code point,<parameter names>,value,<metrics>,status,message}: {@code value} is the
 *       objective's f(x) (whatever its direction), the metrics are the objective's.</li>
 *   <li>{@code timings.csv}: {@code point,seconds,node,worker}: each point's wall time and where it
 *       ran (varies from run to run).</li>
 *   <li>{@code summary.json}: counts of ok and failed points, the failed points' indices, the point of
 *       the highest log posterior ({@link BestPoints#best}) or, for an objective, the best value in the
 *       objective's direction ({@code best.value}, {@code direction}), the metric and metadata names,
 *       the design and the wall time.</li>
 * </ul>
 */
public final class EvaluateOutputs {

    /** File name of the evaluations. */
    public static final String EVALUATIONS = "evaluations.csv";
    /** File name of the timings. */
    public static final String TIMINGS = "timings.csv";
    /** File name of the summary. */
    public static final String SUMMARY = "summary.json";
    /** Status of a point whose evaluation returned. */
    public static final String OK = "ok";
    /** Status of a point whose evaluation threw. */
    public static final String FAILED = "failed";
    /** The most failed point indices listed in {@code summary.json}. */
    static final int LISTED_FAILURES = 100;

    private EvaluateOutputs() {
    }

    /**
     * The columns of {@code evaluations.csv} after the log-likelihood: metrics, then metadata.
     *
     * @param metrics the metric names, in column order
     * @param metadata the metadata keys, in column order
     * @param metricHeaders the metrics' column names (a name taken by an earlier column prefixed)
     * @param metadataHeaders the metadata's column names
     */
    record ContextColumns(List<String> metrics, List<String> metadata, List<String> metricHeaders,
            List<String> metadataHeaders) {

        static ContextColumns of(List<String> parameterNames, PointResult[] results, boolean objective) {
            Set<String> metrics = new LinkedHashSet<>();
            Set<String> metadata = new LinkedHashSet<>();
            for (PointResult r : results) {
                if (r != null && r.ok()) {
                    metrics.addAll(r.evaluation().metrics().keySet());
                    metadata.addAll(r.evaluation().metadata().keySet());
                }
            }
            Set<String> taken = new HashSet<>(parameterNames);
            taken.addAll(List.of("point", "status", "message"));
            taken.addAll(valueColumns(objective));
            List<String> metricHeaders = headers(metrics, "metric.", taken);
            List<String> metadataHeaders = headers(metadata, "metadata.", taken);
            return new ContextColumns(List.copyOf(metrics), List.copyOf(metadata), metricHeaders, metadataHeaders);
        }

        private static List<String> headers(Set<String> names, String prefix, Set<String> taken) {
            return DrawsCsv.prefixed(names, prefix, taken);
        }
    }

    /**
     * Writes the three files; {@code summary.json} last.
     *
     * @param spec the job
     * @param design its points
     * @param results one per point, in point order, none null
     * @param resumed how many of them came from an earlier, interrupted run
     * @param wallSeconds this run's wall time
     * @param engine a description of where the points ran
     * @throws IOException if a file cannot be written (no partial file is left under a final name)
     */
    public static void write(EvaluateSpec spec, Design design, PointResult[] results, int resumed, double wallSeconds,
            String engine) throws IOException {
        Path dir = spec.outputDir();
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(SUMMARY));
        StagedFile.write(dir.resolve(EVALUATIONS), out -> writeEvaluations(design, results, spec.isObjective(), out));
        StagedFile.write(dir.resolve(TIMINGS), out -> writeTimings(results, out));
        StagedFile.write(dir.resolve(SUMMARY), out -> JobParts.writeJson(summary(spec, design, results, resumed,
                wallSeconds, engine), out));
    }

    /**
     * @param design the points
     * @param results one per point, in point order
     * @param out where to write; flushed, not closed
     * @throws IOException if writing fails
     */
    public static void writeEvaluations(Design design, PointResult[] results, OutputStream out) throws IOException {
        writeEvaluations(design, results, false, out);
    }

    /** @return the columns of a point's values: {@code value}, or {@code log_prior} and {@code log_likelihood} */
    private static List<String> valueColumns(boolean objective) {
        return objective ? List.of("value") : List.of("log_prior", "log_likelihood");
    }

    /**
     * @param design the points
     * @param results one per point, in point order
     * @param objective whether the results are an objective's ({@link PointFunction#of(replex.core.Objective,
     *     List)}): one {@code value} column instead of the log prior and log-likelihood
     * @param out where to write; flushed, not closed
     * @throws IOException if writing fails
     */
    public static void writeEvaluations(Design design, PointResult[] results, boolean objective, OutputStream out)
            throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        ContextColumns columns = ContextColumns.of(design.names(), results, objective);
        StringBuilder b = new StringBuilder("point");
        for (String n : design.names()) {
            b.append(',').append(DrawsCsv.quote(n));
        }
        for (String c : valueColumns(objective)) {
            b.append(',').append(c);
        }
        for (String h : columns.metricHeaders()) {
            b.append(',').append(DrawsCsv.quote(h));
        }
        for (String h : columns.metadataHeaders()) {
            b.append(',').append(DrawsCsv.quote(h));
        }
        w.write(b.append(",status,message\n").toString());
        for (int i = 0; i < results.length; i++) {
            PointResult r = results[i];
            if (r.point() != i) {
                throw new IllegalArgumentException("result " + i + " is of point " + r.point());
            }
            b.setLength(0);
            b.append(i);
            for (int j = 0; j < design.dimension(); j++) {
                b.append(',').append(ShortestDecimal.of(design.get(i, j)));
            }
            Target.Evaluation e = r.evaluation();
            if (e != null && objective) {
                b.append(',').append(ShortestDecimal.of(PointFunction.objectiveValue(e)));
            } else if (e != null) {
                b.append(',').append(ShortestDecimal.of(e.logPrior())).append(',')
                        .append(ShortestDecimal.of(e.logLikelihood()));
            }
            if (e != null) {
                for (String m : columns.metrics()) {
                    Double v = e.metrics().get(m);
                    b.append(',').append(v == null ? "" : ShortestDecimal.of(v));
                }
                for (String m : columns.metadata()) {
                    String v = e.metadata().get(m);
                    b.append(',').append(v == null ? "" : DrawsCsv.quote(v));
                }
                b.append(',').append(OK).append(",\n");
            } else {
                b.append(",".repeat(valueColumns(objective).size() + columns.metrics().size()
                        + columns.metadata().size()));
                b.append(',').append(FAILED).append(',').append(DrawsCsv.quote(r.failure())).append('\n');
            }
            w.write(b.toString());
        }
        w.flush();
    }

    /**
     * @param results one per point, in point order
     * @param out where to write; flushed, not closed
     * @throws IOException if writing fails
     */
    static void writeTimings(PointResult[] results, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write("point,seconds,node,worker\n");
        StringBuilder b = new StringBuilder();
        for (PointResult r : results) {
            b.setLength(0);
            b.append(r.point()).append(',').append(ShortestDecimal.of(r.seconds())).append(',')
                    .append(DrawsCsv.quote(r.node())).append(',').append(DrawsCsv.quote(r.worker())).append('\n');
            w.write(b.toString());
        }
        w.flush();
    }

    static Map<String, Object> summary(EvaluateSpec spec, Design design, PointResult[] results, int resumed,
            double wallSeconds, String engine) {
        int failed = 0;
        List<Integer> failedPoints = new ArrayList<>();
        double evaluationSeconds = 0;
        for (PointResult r : results) {
            evaluationSeconds += r.seconds();
            if (!r.ok()) {
                failed++;
                if (failedPoints.size() < LISTED_FAILURES) {
                    failedPoints.add(r.point());
                }
            }
        }
        int best = spec.isObjective() ? BestPoints.best(results, spec.direction()) : BestPoints.best(results);
        ContextColumns columns = ContextColumns.of(design.names(), results, spec.isObjective());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", EvaluateSpec.MODE);
        root.put("complete", true);
        root.put("points", results.length);
        root.put("ok", results.length - failed);
        root.put("failed", failed);
        root.put("failed_points", failedPoints);
        if (best >= 0) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("point", best);
            if (spec.isObjective()) {
                b.put("value", PointFunction.objectiveValue(results[best].evaluation()));
            } else {
                b.put("log_posterior", results[best].logPosterior());
            }
            Map<String, Double> x = new LinkedHashMap<>();
            for (int j = 0; j < design.dimension(); j++) {
                x.put(design.names().get(j), design.get(best, j));
            }
            b.put("x", x);
            root.put("best", b);
        }
        if (spec.isObjective()) {
            root.put("direction", spec.direction().toString());
        }
        root.put("parameters", design.names());
        root.put("metrics", columns.metrics());
        root.put("metadata", columns.metadata());
        root.put("files", List.of(EVALUATIONS, TIMINGS));
        Map<String, Object> settings = new LinkedHashMap<>();
        if (spec.isObjective()) {
            settings.put("objective", spec.objective().root().unwrapped());
            settings.put("direction", spec.direction().toString());
        } else {
            settings.put("target", spec.target().root().unwrapped());
        }
        settings.put("design", spec.designMap());
        settings.put("seed", spec.seed());
        settings.put("workers", spec.workers());
        root.put("settings", settings);
        root.put("engine", engine);
        root.put("resumed_points", resumed);
        root.put("evaluation_seconds", evaluationSeconds);
        root.put("wall_seconds", wallSeconds);
        root.put("replex_version", ReplexVersion.get());
        return root;
    }
}
