package replex.core.ladder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import replex.core.ConfigurationException;
import replex.core.CoreReference;

class LadderTest {

    @Test
    void geometricLadderMatchesNumpyGeomspace() {
        for (JsonNode c : CoreReference.get().get("geometric")) {
            Ladder ladder = Ladder.geometric(c.get("count").asInt(), c.get("beta_min").asDouble());
            assertArrayEquals(CoreReference.doubles(c.get("betas")), ladder.betas(), 1e-14, c.toString());
            assertEquals(1.0, ladder.beta(0), 0.0, "level 0 is exactly the target");
            assertEquals(c.get("beta_min").asDouble(), ladder.beta(ladder.size() - 1), 0.0, "hottest is exactly beta-min");
        }
    }

    @Test
    void singleLevelIsPlainMcmcAtBetaOne() {
        assertArrayEquals(new double[] {1.0}, Ladder.geometric(1, 0.5).betas());
        assertArrayEquals(new double[] {1.0}, Ladder.geometric(1, Double.NaN).betas(), "beta-min unused for K = 1");
    }

    @Test
    void explicitLadderIsValidated() {
        assertArrayEquals(new double[] {1.0, 0.5, 0.0}, Ladder.of(1.0, 0.5, 0.0).betas());
        assertKey("job.temperatures.betas", () -> Ladder.of());
        assertKey("job.temperatures.betas", () -> Ladder.of(0.9, 0.5));
        assertKey("job.temperatures.betas", () -> Ladder.of(1.0, 0.5, 0.5));
        assertKey("job.temperatures.betas", () -> Ladder.of(1.0, 0.5, -0.1));
        assertKey("job.temperatures.betas", () -> Ladder.of(1.0, Double.NaN));
        assertKey("job.temperatures.count", () -> Ladder.geometric(0, 0.1));
        assertKey("job.temperatures.beta-min", () -> Ladder.geometric(4, 1.0));
        assertKey("job.temperatures.beta-min", () -> Ladder.geometric(4, 0.0));
    }

    private static void assertKey(String key, Runnable r) {
        ConfigurationException e = assertThrows(ConfigurationException.class, r::run);
        assertEquals(key, e.key());
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
    }
}
