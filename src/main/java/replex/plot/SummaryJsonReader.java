package replex.plot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import replex.core.ConfigurationException;

/**
 * Reads the ladder and acceptance rates from {@code summary.json} as written by
 * {@link replex.io.RunSummary}: {@code settings.betas}, the top-level {@code swap_acceptance}, and
 * per chain {@code chain}, {@code mh_acceptance} and {@code swap_acceptance}. Other fields are
 * ignored. Thread-safe.
 */
final class SummaryJsonReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String LEVELS = "one per level";
    private static final String PAIRS = "one per neighbouring pair of levels";

    private SummaryJsonReader() {
    }

    /**
     * @param file the {@code summary.json} of a run
     * @return its ladder and rates ({@code null} rates become NaN)
     * @throws ConfigurationException naming the file if it is missing, unreadable, not JSON, or
     *     lacks a field the plots need
     */
    static LadderStatistics read(Path file) {
        if (!Files.exists(file)) {
            throw new ConfigurationException(null, file + " not found: the run did not finish (summary.json is "
                    + "written last), or the directory is not a run's output directory");
        }
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigurationException(null, file + (at != null && at.getLineNr() > 0 ? ", line "
                    + at.getLineNr() : "") + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException(null, "cannot read " + file + ": " + e, e);
        }
        if (root == null || !root.isObject()) {
            throw corrupt(file, "expected a JSON object");
        }
        double[] betas = numbers(file, root.path("settings").get("betas"), "settings.betas");
        int levels = betas.length;
        if (levels == 0) {
            throw corrupt(file, "settings.betas is empty");
        }
        double[] pooled = numbers(file, root.get("swap_acceptance"), "swap_acceptance");
        requireLength(file, pooled, levels - 1, "swap_acceptance", PAIRS);
        JsonNode chains = root.get("chains");
        if (chains == null || !chains.isArray() || chains.isEmpty()) {
            throw corrupt(file, "chains must be a non-empty array");
        }
        int[] ids = new int[chains.size()];
        double[][] mh = new double[chains.size()][];
        double[][] swaps = new double[chains.size()][];
        double[][] chainBetas = new double[chains.size()][];
        for (int c = 0; c < chains.size(); c++) {
            JsonNode chain = chains.get(c);
            String where = "chains[" + c + "]";
            JsonNode id = chain.get("chain");
            ids[c] = id != null && id.canConvertToInt() ? id.intValue() : c;
            mh[c] = numbers(file, chain.get("mh_acceptance"), where + ".mh_acceptance");
            requireLength(file, mh[c], levels, where + ".mh_acceptance", LEVELS);
            swaps[c] = numbers(file, chain.get("swap_acceptance"), where + ".swap_acceptance");
            requireLength(file, swaps[c], levels - 1, where + ".swap_acceptance", PAIRS);
            if (chain.get("betas") != null) {
                chainBetas[c] = numbers(file, chain.get("betas"), where + ".betas");
                requireLength(file, chainBetas[c], levels, where + ".betas", LEVELS);
            }
        }
        return new LadderStatistics(betas, ids, mh, swaps, pooled, chainBetas);
    }

    private static double[] numbers(Path file, JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw corrupt(file, "missing the array " + field);
        }
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (v.isNull()) {
                out[i] = Double.NaN;
            } else if (v.isNumber()) {
                out[i] = v.doubleValue();
            } else {
                throw corrupt(file, field + "[" + i + "] must be a number or null, got " + v);
            }
        }
        return out;
    }

    private static void requireLength(Path file, double[] values, int expected, String field, String per) {
        if (values.length != expected) {
            throw corrupt(file, field + " has " + values.length + " entries, expected " + expected + " (" + per
                    + " of settings.betas)");
        }
    }

    private static ConfigurationException corrupt(Path file, String what) {
        return new ConfigurationException(null, file + ": " + what + " (not a summary.json written by 'replex run'?)");
    }
}
