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
import replex.io.SummaryKeys;

/**
 * Reads the ladder and acceptance rates from {@code summary.json} as written by
 * {@link replex.io.RunSummary}: {@code settings.betas}, the top-level {@code swap_acceptance}, and
 * per chain {@code chain}, {@code mh_acceptance}, {@code swap_acceptance} and {@code betas}; and,
 * with {@link #readAll}, the communication barrier ({@code communication_barrier.global} and
 * {@code per_pair}, {@code chains[].communication_barrier_per_pair}) and the round trips per batch
 * ({@code settings.burn_in_rounds}, {@code chains[].round_trips_by_batch}), which outputs of older
 * versions lack. Other fields are ignored. Thread-safe.
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
        return ladder(file, parse(file));
    }

    /**
     * Everything the plots use from {@code summary.json}.
     *
     * @param ladder the ladder and rates
     * @param barrier the communication barrier, or {@code null} if the file does not have it
     * @param roundTrips the round trips per batch, or {@code null} if the file does not have them
     *     (outputs of older versions)
     */
    record Contents(LadderStatistics ladder, BarrierStatistics barrier, RoundTripHistory roundTrips) {
    }

    /**
     * @param file the {@code summary.json} of a run
     * @return its ladder, rates, barrier and round trips ({@code null} rates become NaN)
     * @throws ConfigurationException naming the file if it is missing, unreadable, not JSON, lacks a
     *     field every plot needs, or has a malformed barrier or round-trip field
     */
    static Contents readAll(Path file) {
        JsonNode root = parse(file);
        LadderStatistics ladder = ladder(file, root);
        return new Contents(ladder, barrier(file, root, ladder.levels()), roundTrips(file, root));
    }

    /**
     * @param file a {@code summary.json}
     * @return its JSON tree
     * @throws ConfigurationException naming the file (and line) if it is missing, unreadable or not JSON
     */
    static JsonNode parse(Path file) {
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
        return root;
    }

    private static LadderStatistics ladder(Path file, JsonNode root) {
        double[] betas = numbers(file, root.path(SummaryKeys.SETTINGS).get(SummaryKeys.BETAS), "settings.betas");
        int levels = betas.length;
        if (levels == 0) {
            throw corrupt(file, "settings.betas is empty");
        }
        double[] pooled = numbers(file, root.get(SummaryKeys.SWAP_ACCEPTANCE), SummaryKeys.SWAP_ACCEPTANCE);
        requireLength(file, pooled, levels - 1, SummaryKeys.SWAP_ACCEPTANCE, PAIRS);
        JsonNode chains = root.get(SummaryKeys.CHAINS);
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
            JsonNode id = chain.get(SummaryKeys.CHAIN);
            ids[c] = id != null && id.canConvertToInt() ? id.intValue() : c;
            mh[c] = numbers(file, chain.get(SummaryKeys.MH_ACCEPTANCE), where + ".mh_acceptance");
            requireLength(file, mh[c], levels, where + ".mh_acceptance", LEVELS);
            swaps[c] = numbers(file, chain.get(SummaryKeys.SWAP_ACCEPTANCE), where + ".swap_acceptance");
            requireLength(file, swaps[c], levels - 1, where + ".swap_acceptance", PAIRS);
            if (chain.get(SummaryKeys.BETAS) != null) {
                chainBetas[c] = numbers(file, chain.get(SummaryKeys.BETAS), where + ".betas");
                requireLength(file, chainBetas[c], levels, where + ".betas", LEVELS);
            }
        }
        return new LadderStatistics(betas, ids, mh, swaps, pooled, chainBetas);
    }

    /** @return the barrier, or null if {@code communication_barrier} is absent */
    private static BarrierStatistics barrier(Path file, JsonNode root, int levels) {
        JsonNode node = root.get(SummaryKeys.COMMUNICATION_BARRIER);
        if (node == null || !node.isObject()) {
            return null;
        }
        double[] perPair = numbers(file, node.get(SummaryKeys.PER_PAIR), "communication_barrier.per_pair");
        requireLength(file, perPair, levels - 1, "communication_barrier.per_pair", PAIRS);
        JsonNode global = node.get(SummaryKeys.GLOBAL);
        double total = global != null && global.isNumber() ? global.doubleValue() : Double.NaN;
        JsonNode chains = root.get(SummaryKeys.CHAINS);
        double[][] chainPerPair = new double[chains.size()][];
        for (int c = 0; c < chains.size(); c++) {
            JsonNode rates = chains.get(c).get(SummaryKeys.COMMUNICATION_BARRIER_PER_PAIR);
            if (rates != null && !rates.isNull()) {
                String field = "chains[" + c + "].communication_barrier_per_pair";
                chainPerPair[c] = numbers(file, rates, field);
                requireLength(file, chainPerPair[c], levels - 1, field, PAIRS);
            }
        }
        return new BarrierStatistics(total, perPair, chainPerPair);
    }

    /** @return the round trips per batch, or null unless every chain has them */
    private static RoundTripHistory roundTrips(Path file, JsonNode root) {
        JsonNode burnIn = root.path(SummaryKeys.SETTINGS).get(SummaryKeys.BURN_IN_ROUNDS);
        JsonNode chains = root.get(SummaryKeys.CHAINS);
        if (burnIn == null || !burnIn.canConvertToLong()) {
            return null;
        }
        int[] ids = new int[chains.size()];
        long[][] counts = new long[chains.size()][];
        long[] ends = null;
        for (int c = 0; c < chains.size(); c++) {
            JsonNode chain = chains.get(c);
            JsonNode batches = chain.get(SummaryKeys.ROUND_TRIPS_BY_BATCH);
            if (batches == null || batches.isNull()) {
                return null;
            }
            String where = "chains[" + c + "].round_trips_by_batch";
            if (!batches.isObject()) {
                throw corrupt(file, where + " must be an object { end_rounds, counts }");
            }
            long[] chainEnds = integers(file, batches.get(SummaryKeys.END_ROUNDS), where + ".end_rounds");
            long[] chainCounts = integers(file, batches.get(SummaryKeys.COUNTS), where + ".counts");
            if (chainEnds.length == 0 || chainEnds.length != chainCounts.length) {
                throw corrupt(file, where + ": end_rounds and counts must have the same, non-zero length, got "
                        + chainEnds.length + " and " + chainCounts.length);
            }
            for (int b = 0; b < chainEnds.length; b++) {
                long previous = b == 0 ? burnIn.longValue() : chainEnds[b - 1];
                if (chainEnds[b] < previous || chainCounts[b] < 0) {
                    throw corrupt(file, where + ": end_rounds must be non-decreasing from settings.burn_in_rounds "
                            + "and counts >= 0, but batch " + b + " has end_rounds " + chainEnds[b] + " and counts "
                            + chainCounts[b]);
                }
            }
            if (ends == null) {
                ends = chainEnds;
            } else if (!java.util.Arrays.equals(ends, chainEnds)) {
                throw corrupt(file, where + ".end_rounds differs from chains[0]'s");
            }
            JsonNode id = chain.get(SummaryKeys.CHAIN);
            ids[c] = id != null && id.canConvertToInt() ? id.intValue() : c;
            counts[c] = chainCounts;
        }
        return new RoundTripHistory(burnIn.longValue(), ends, ids, counts);
    }

    private static long[] integers(Path file, JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw corrupt(file, "missing the array " + field);
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw corrupt(file, field + "[" + i + "] must be an integer, got " + v);
            }
            out[i] = v.longValue();
        }
        return out;
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
