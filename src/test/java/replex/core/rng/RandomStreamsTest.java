package replex.core.rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;

import org.apache.commons.rng.RandomProviderState;
import org.apache.commons.rng.RestorableUniformRandomProvider;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {

    @Test
    void sameCoordinatesGiveTheSameStream() {
        RestorableUniformRandomProvider a = RandomStreams.replicaStream(42, 3, 5);
        RestorableUniformRandomProvider b = RandomStreams.replicaStream(42, 3, 5);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
    }

    @Test
    void distinctCoordinatesGiveDistinctStreams() {
        Set<Long> firsts = new HashSet<>();
        int n = 0;
        for (long seed : new long[] {0, 1, 42}) {
            for (int chain = 0; chain < 8; chain++) {
                for (int replica = 0; replica < 16; replica++) {
                    firsts.add(RandomStreams.replicaStream(seed, chain, replica).nextLong());
                    firsts.add(RandomStreams.swapStream(seed, chain, replica).nextLong());
                    n += 2;
                }
            }
        }
        assertEquals(n, firsts.size(), "no two streams start alike (replica vs swap, chain vs replica swapped)");
        assertNotEquals(RandomStreams.replicaStream(1, 0, 1).nextLong(), RandomStreams.replicaStream(1, 1, 0).nextLong());
    }

    @Test
    void savedStateContinuesTheStream() {
        RestorableUniformRandomProvider a = RandomStreams.replicaStream(7, 0, 0);
        for (int i = 0; i < 37; i++) {
            a.nextDouble();
        }
        RandomProviderState state = a.saveState();
        long expected = a.nextLong();
        RestorableUniformRandomProvider b = RandomStreams.replicaStream(7, 0, 0);
        b.restoreState(state);
        assertEquals(expected, b.nextLong());
    }

    @Test
    void streamIsUniform() {
        // Mean of U(0,1): 0.5 with sd 1/sqrt(12 n).
        RestorableUniformRandomProvider a = RandomStreams.replicaStream(11, 2, 9);
        int n = 100_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += a.nextDouble();
        }
        assertEquals(0.5, sum / n, 4 / Math.sqrt(12.0 * n));
    }
}
