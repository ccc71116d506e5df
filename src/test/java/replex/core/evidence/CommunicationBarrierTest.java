package replex.core.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommunicationBarrierTest {

    @Test
    void ratesArePooledOverChainsBeforeSumming() {
        CommunicationBarrier b = CommunicationBarrier.of(List.of(new long[] {10, 30}, new long[] {30, 10}),
                List.of(new double[] {1.0, 15.0}, new double[] {11.0, 5.0}));
        assertArrayEquals(new double[] {12.0 / 40, 20.0 / 40}, b.perPair(), 1e-15);
        assertEquals(0.8, b.global(), 1e-15);
        assertEquals(3, b.recommendedLevels(), "⌈2·0.8 + 1⌉ = ⌈2.6⌉");
    }

    @Test
    void recommendedLevelsFollowTwoLambdaPlusOne() {
        CommunicationBarrier b = CommunicationBarrier.of(List.of(new long[] {4, 4, 4}),
                List.of(new double[] {4, 4, 4}));
        assertEquals(3.0, b.global());
        assertEquals(7, b.recommendedLevels());
        CommunicationBarrier none = CommunicationBarrier.of(List.of(new long[] {4}), List.of(new double[] {0}));
        assertEquals(1, none.recommendedLevels(), "no rejection: no tempering needed");
    }

    @Test
    void unknownWithoutAttemptsOrPairs() {
        CommunicationBarrier gap = CommunicationBarrier.of(List.of(new long[] {5, 0}), List.of(new double[] {1, 0}));
        assertTrue(Double.isNaN(gap.perPair()[1]));
        assertTrue(Double.isNaN(gap.global()));
        assertEquals(0, gap.recommendedLevels());
        CommunicationBarrier single = CommunicationBarrier.of(List.of(new long[0]), List.of(new double[0]));
        assertTrue(Double.isNaN(single.global()));
        assertEquals(0, single.perPair().length);
        assertThrows(IllegalArgumentException.class,
                () -> CommunicationBarrier.of(List.of(new long[] {1}), List.of(new double[] {1, 2})));
        assertThrows(IllegalArgumentException.class, () -> CommunicationBarrier.of(List.of(), List.of()));
    }
}
