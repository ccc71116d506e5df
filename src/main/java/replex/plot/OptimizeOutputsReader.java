package replex.plot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import replex.core.ConfigurationException;
import replex.io.OptimizeOutputs;
import replex.io.TableCsv;

/**
 * Reads what the plots need from an optimize run's output directory: {@code summary.json} (the
 * best state's value, metrics and place, the direction, and {@code settings.state}, the file the
 * run started from), {@code history.csv}, {@code best.csv}, and, for a 2-column table, the
 * original data from the file {@code settings.state} names (an absolute path). The original may have
 * moved or changed since the run: it is then left out with a note (checked: same column names and
 * number of rows as {@code best.csv}), not an error. Thread-safe (stateless).
 */
public final class OptimizeOutputsReader {

    private OptimizeOutputsReader() {
    }

    /**
     * @param directory the output directory of a completed optimize run
     * @return its outputs
     * @throws ConfigurationException naming the directory or file if the directory is missing, or
     *     {@code summary.json}, {@code history.csv} or {@code best.csv} is missing, unreadable or
     *     malformed
     */
    public static OptimizeInputs read(Path directory) {
        Path dir = RunKind.existingDirectory(directory);
        // summary.json first: it is written last, so its absence explains a missing or partial file
        Path summaryFile = dir.resolve(OptimizeOutputs.SUMMARY);
        JsonNode root = SummaryJsonReader.parse(summaryFile);
        if (!"optimize".equals(text(root, "mode"))) {
            throw corrupt(summaryFile, "\"mode\" is not \"optimize\"");
        }
        JsonNode best = root.get("best");
        JsonNode settings = root.get("settings");
        if (best == null || !best.isObject() || settings == null || !settings.isObject()) {
            throw corrupt(summaryFile, "missing the object best or settings");
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        JsonNode m = best.get("metrics");
        if (m != null && m.isObject()) {
            m.fields().forEachRemaining(e -> metrics.put(e.getKey(), number(summaryFile, e.getValue(),
                    "best.metrics." + e.getKey())));
        }
        OptimizeInputs.Best b = new OptimizeInputs.Best(number(summaryFile, best.get("value"), "best.value"), metrics,
                integer(summaryFile, best.get("round"), "best.round"),
                (int) integer(summaryFile, best.get("chain"), "best.chain"),
                (int) integer(summaryFile, best.get("level"), "best.level"));
        HistoryTable history = HistoryTable.read(dir.resolve(OptimizeOutputs.HISTORY));
        TableCsv.Cells bestTable = TableCsv.read(dir.resolve(OptimizeOutputs.BEST), null, true);
        String direction = text(settings, "direction");
        String state = text(settings, "state");
        if (state == null) {
            throw corrupt(summaryFile, "missing settings.state");
        }
        if (state.equals("vector")) {
            return new OptimizeInputs(dir, direction, b, history, bestTable, null, null,
                    "the state is a vector, not a table of data");
        }
        Path file = dir.resolve(state);
        if (bestTable.names().size() != 2) {
            return new OptimizeInputs(dir, direction, b, history, bestTable, null, file, "the table has "
                    + bestTable.names().size() + " columns; the side-by-side scatter is drawn for 2-column tables");
        }
        if (!Files.isRegularFile(file)) {
            return new OptimizeInputs(dir, direction, b, history, bestTable, null, file, "the original data "
                    + file + " (settings.state in summary.json) is not there any more");
        }
        TableCsv.Cells original;
        try {
            original = TableCsv.read(file, null, true);
        } catch (ConfigurationException e) {
            return new OptimizeInputs(dir, direction, b, history, bestTable, null, file,
                    "the original data cannot be read: " + e.getMessage());
        }
        if (!original.names().equals(bestTable.names()) || original.rows() != bestTable.rows()) {
            return new OptimizeInputs(dir, direction, b, history, bestTable, null, file, "the original data " + file
                    + " has changed since the run: it has " + original.rows() + " rows of " + original.names()
                    + ", best.csv " + bestTable.rows() + " rows of " + bestTable.names());
        }
        return new OptimizeInputs(dir, direction, b, history, bestTable, original, file, null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isValueNode() ? null : v.asText();
    }

    /** A number, or NaN / ±Infinity as Jackson writes them (strings). */
    private static double number(Path file, JsonNode v, String field) {
        if (v != null && v.isNumber()) {
            return v.doubleValue();
        }
        if (v != null && v.isTextual()) {
            switch (v.asText()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw corrupt(file, field + " must be a number, got " + v);
    }

    private static long integer(Path file, JsonNode v, String field) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            throw corrupt(file, field + " must be a whole number >= 0, got " + v);
        }
        return v.longValue();
    }

    private static ConfigurationException corrupt(Path file, String what) {
        return new ConfigurationException(null, file + ": " + what
                + " (not a summary.json written by an optimize run?)");
    }
}
