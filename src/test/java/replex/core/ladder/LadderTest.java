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
    void geometricToPriorEndsAtZeroWithTheOtherLevelsGeometricToBetaMin() {
        Ladder ladder = Ladder.geometricToPrior(8, 0.01);
        assertEquals(8, ladder.size());
        assertEquals(0.0, ladder.beta(7), 0.0);
        double[] inner = java.util.Arrays.copyOf(ladder.betas(), 7);
        assertArrayEquals(Ladder.geometric(7, 0.01).betas(), inner, 0.0);
        assertTrue(ladder.endsAtPrior());
        assertArrayEquals(new double[] {1.0, 0.0}, Ladder.geometricToPrior(2, 0.01).betas());
        assertArrayEquals(new double[] {1.0}, Ladder.geometricToPrior(1, 0.01).betas());
        assertTrue(!Ladder.geometricToPrior(1, 0.01).endsAtPrior() && !Ladder.geometric(8, 0.01).endsAtPrior());
        assertKey("job.temperatures.count", () -> Ladder.geometricToPrior(0, 0.01));
        assertKey("job.temperatures.beta-min", () -> Ladder.geometricToPrior(4, 0.0));
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
