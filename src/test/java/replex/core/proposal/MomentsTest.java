package replex.core.proposal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import replex.core.CoreReference;

class MomentsTest {

    @Test
    void meanAndCovarianceMatchNumpy() {
        JsonNode ref = CoreReference.get().get("moments");
        JsonNode rows = ref.get("x");
        Moments all = new Moments(3);
        // Merge of uneven pieces must equal adding everything in one go.
        Moments merged = new Moments(3);
        Moments piece = new Moments(3);
        for (int i = 0; i < rows.size(); i++) {
            double[] x = CoreReference.doubles(rows.get(i));
            all.add(x);
            piece.add(x);
            if (i % 10 == 3 || i == rows.size() - 1) {
                merged.merge(piece);
                piece.clear();
            }
        }
        for (Moments m : new Moments[] {all, merged}) {
            assertEquals(rows.size(), m.count());
            assertArrayEquals(CoreReference.doubles(ref.get("mean")), m.mean(), 1e-11);
            assertArrayEquals(CoreReference.doubles(ref.get("cov")), m.covariance(), 1e-10);
        }
    }

    @Test
    void roundTripsThroughItsParts() {
        Moments m = new Moments(2);
        m.add(new double[] {1, 2});
        m.add(new double[] {3, 5});
        Moments copy = Moments.of(m.count(), m.mean(), m.m2());
        assertArrayEquals(m.covariance(), copy.covariance(), 0.0);
    }
}
