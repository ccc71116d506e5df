package replex.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import replex.core.ConfigurationException;

class SummaryJsonReaderTest {

    private static final String VALID = """
            {
              "settings": { "chains": 2, "levels": 3, "betas": [1.0, 0.1, 0.01] },
              "swap_acceptance": [0.5, null],
              "chains": [
                { "chain": 0, "mh_acceptance": [0.2, 0.3, 0.4], "swap_acceptance": [0.6, null] },
                { "chain": 1, "mh_acceptance": [0.25, null, 0.45], "swap_acceptance": [0.4, null] }
              ]
            }
            """;

    @TempDir
    Path dir;

    private Path json(String content) throws IOException {
        return Files.writeString(dir.resolve("summary.json"), content);
    }

    @Test
    void readsLadderAndRatesWithNullAsNaN() throws IOException {
        LadderStatistics s = SummaryJsonReader.read(json(VALID));
        assertArrayEquals(new double[] {1.0, 0.1, 0.01}, s.betas());
        assertEquals(3, s.levels());
        assertEquals(2, s.chains());
        assertArrayEquals(new int[] {0, 1}, s.chainIds());
        assertArrayEquals(new double[] {0.5, Double.NaN}, s.pooledSwapAcceptance());
        assertArrayEquals(new double[] {0.25, Double.NaN, 0.45}, s.mhAcceptance()[1]);
        assertArrayEquals(new double[] {0.6, Double.NaN}, s.swapAcceptance()[0]);
    }

    private void assertCorrupt(String content, String... fragments) throws IOException {
        Path file = json(content);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SummaryJsonReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> f + " missing from: " + e.getMessage());
        }
    }

    @Test
    void malformedFilesNameTheFileAndTheField() throws IOException {
        assertCorrupt("", "expected a JSON object");
        assertCorrupt("{ \"settings\": \n { \"betas\": [1, ", "line 2", "not valid JSON");
        assertCorrupt("[1, 2]", "expected a JSON object");
        assertCorrupt(VALID.replace("\"betas\"", "\"bets\""), "settings.betas");
        assertCorrupt(VALID.replace("[1.0, 0.1, 0.01]", "[]"), "settings.betas is empty");
        assertCorrupt(VALID.replace("[0.5, null]", "[0.5]"), "swap_acceptance has 1 entries, expected 2");
        assertCorrupt(VALID.replace("[0.2, 0.3, 0.4]", "[0.2, 0.3]"), "chains[0].mh_acceptance", "expected 3");
        assertCorrupt(VALID.replace("[0.2, 0.3, 0.4]", "[0.2, \"x\", 0.4]"), "chains[0].mh_acceptance[1]");
        assertCorrupt(VALID.replace("\"chains\": [", "\"chainz\": [").replace("\"settings\": { \"chains\": 2,",
                "\"settings\": {"), "chains must be a non-empty array");
    }

    @Test
    void missingFileSaysTheRunDidNotFinish() {
        Path file = dir.resolve("summary.json");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SummaryJsonReader.read(file));
        assertTrue(e.getMessage().startsWith(file + " not found"), e.getMessage());
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
    }

    /** Two chains, three levels, 2 batches of round trips, with the barrier; chain 1 tuned its ladder. */
    private static final String FULL = """
            {
              "settings": { "chains": 2, "levels": 3, "betas": [1.0, 0.1, 0.01], "burn_in_rounds": 100 },
              "swap_acceptance": [0.5, 0.4],
              "communication_barrier": { "global": 1.1, "per_pair": [0.5, 0.6], "recommended_levels": 4 },
              "chains": [
                { "chain": 0, "mh_acceptance": [0.2, 0.3, 0.4], "swap_acceptance": [0.6, 0.4],
                  "communication_barrier_per_pair": [0.4, 0.6],
                  "round_trips_by_batch": { "end_rounds": [150, 200], "counts": [3, 4] }, "betas": [1.0, 0.1, 0.01] },
                { "chain": 1, "mh_acceptance": [0.25, 0.3, 0.45], "swap_acceptance": [0.4, null],
                  "communication_barrier_per_pair": [0.6, null],
                  "round_trips_by_batch": { "end_rounds": [150, 200], "counts": [0, 2] }, "betas": [1.0, 0.2, 0.01] }
              ]
            }
            """;

    @Test
    void readsTheBarrierAndTheRoundTripsPerBatch() throws IOException {
        SummaryJsonReader.Contents c = SummaryJsonReader.readAll(json(FULL));
        BarrierStatistics barrier = c.barrier();
        assertEquals(1.1, barrier.global());
        assertArrayEquals(new double[] {0.5, 0.6}, barrier.perPair());
        assertArrayEquals(new double[] {0.6, Double.NaN}, barrier.chainPerPair()[1]);
        RoundTripHistory trips = c.roundTrips();
        assertEquals(100, trips.burnInRounds());
        assertArrayEquals(new long[] {150, 200}, trips.endRounds());
        assertArrayEquals(new long[] {3, 7}, trips.cumulative(0));
        assertEquals(9, trips.total());
        assertTrue(c.ladder().tuned());
    }

    @Test
    void outputsOfOlderVersionsHaveNoBarrierNorRoundTrips() throws IOException {
        SummaryJsonReader.Contents c = SummaryJsonReader.readAll(json(VALID));
        assertNull(c.barrier());
        assertNull(c.roundTrips());
        assertEquals(3, c.ladder().levels());
    }

    private void assertCorruptAll(String content, String... fragments) throws IOException {
        Path file = json(content);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SummaryJsonReader.readAll(file));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> f + " missing from: " + e.getMessage());
        }
    }

    @Test
    void malformedRoundTripsAndBarrierNameTheField() throws IOException {
        assertCorruptAll(FULL.replace("[150, 200], \"counts\": [3, 4]", "[150, 200], \"counts\": [3]"),
                "chains[0].round_trips_by_batch", "same, non-zero length");
        assertCorruptAll(FULL.replace("[150, 200], \"counts\": [3, 4]", "[90, 200], \"counts\": [3, 4]"),
                "chains[0].round_trips_by_batch", "non-decreasing");
        assertCorruptAll(FULL.replace("[150, 200], \"counts\": [0, 2]", "[150, 210], \"counts\": [0, 2]"),
                "chains[1].round_trips_by_batch.end_rounds differs");
        assertCorruptAll(FULL.replace("\"counts\": [0, 2]", "\"counts\": [0, 2.5]"),
                "chains[1].round_trips_by_batch.counts[1] must be an integer");
        assertCorruptAll(FULL.replace("\"per_pair\": [0.5, 0.6]", "\"per_pair\": [0.5]"),
                "communication_barrier.per_pair has 1 entries, expected 2");
    }
}
