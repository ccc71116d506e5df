package replex.core.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import replex.core.CoreReference;
import replex.core.rng.RandomStreams;

class SwapRuleTest {

    @Test
    void logAcceptanceMatchesReferenceFormula() {
        for (JsonNode c : CoreReference.get().get("swap")) {
            double got = SwapRule.logAcceptance(c.get("beta_k").asDouble(), c.get("beta_k1").asDouble(),
                    c.get("ll_k").asDouble(), c.get("ll_k1").asDouble());
            assertEquals(c.get("log_alpha").asDouble(), got, 1e-12, c.toString());
        }
    }

    @Test
    void undefinedRatioIsRejected() {
        // (β_k − β_k+1)·(ℓ_k+1 − ℓ_k) with both ℓ = −∞ is NaN: never accept.
        assertEquals(Double.NEGATIVE_INFINITY, SwapRule.logAcceptance(1.0, 0.5,
                Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }

    @Test
    void deoAlternatesParityWithoutConsumingRandomness() {
        UniformRandomProvider rng = RandomStreams.swapStream(1, 0, 0);
        UniformRandomProvider twin = RandomStreams.swapStream(1, 0, 0);
        for (long round = 0; round < 10; round++) {
            assertEquals((int) (round % 2), SwapRule.DEO.parity(round, rng));
        }
        assertEquals(twin.nextLong(), rng.nextLong(), "DEO parity draws nothing from the stream");
    }

    @Test
    void seoParityIsAFairCoin() {
        int n = 20_000;
        int odd = 0;
        for (long round = 0; round < n; round++) {
            odd += SwapRule.SEO.parity(round, RandomStreams.swapStream(3, 1, round));
        }
        // Binomial(n, 1/2): sd = sqrt(n)/2 ≈ 71; allow 4 sd.
        assertEquals(n / 2.0, odd, 4 * Math.sqrt(n) / 2);
    }

    @Test
    void acceptanceFrequencyIsAlpha() {
        double logAlpha = Math.log(0.3);
        int n = 50_000;
        int accepted = 0;
        UniformRandomProvider rng = RandomStreams.swapStream(5, 0, 0);
        for (int i = 0; i < n; i++) {
            accepted += SwapRule.accept(logAlpha, rng) ? 1 : 0;
        }
        double se = Math.sqrt(0.3 * 0.7 / n);
        assertEquals(0.3, (double) accepted / n, 4 * se);
        assertTrue(SwapRule.accept(0.0, rng), "log alpha = 0 always accepts");
        assertTrue(!SwapRule.accept(Double.NEGATIVE_INFINITY, rng), "alpha = 0 never accepts");
    }
}
