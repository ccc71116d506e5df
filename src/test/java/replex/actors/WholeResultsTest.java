package replex.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The comparison that ParallelismInvarianceTest relies on finds what differs, wherever it is. */
class WholeResultsTest {

    record Inner(double[] values, long count) {
    }

    record Outer(String name, List<Inner> inners, Map<String, Integer> byNode, Object other) {
    }

    private static Outer outer(double last, long count, Object other) {
        return new Outer("a", List.of(new Inner(new double[] {1, 2}, 3), new Inner(new double[] {4, last}, count)),
                Map.of("n", 1), other);
    }

    @Test
    void equalResultsHaveNoDifferencesWhateverTheListClass() {
        Outer a = outer(5, 6, null);
        Outer b = new Outer("a", new ArrayList<>(a.inners()), a.byNode(), null);
        assertEquals(List.of(), WholeResults.differences(a, b, Set.of()));
    }

    @Test
    void aDifferenceDeepInsideIsNamedByItsPath() {
        assertEquals(List.of("inners[1].values[1]: 5.0 vs 5.000000000000001"),
                WholeResults.differences(outer(5, 6, null), outer(5.000000000000001, 6, null), Set.of()));
        assertEquals(List.of("inners[1].count: 6 vs 7"),
                WholeResults.differences(outer(5, 6, null), outer(5, 7, null), Set.of()));
        assertEquals(List.of(), WholeResults.differences(outer(5, 6, null), outer(5, 7, null), Set.of("inners[].count")));
        assertEquals(List.of("(the result): 0.0 vs -0.0"), WholeResults.differences(0.0, -0.0, Set.of()));
    }

    @Test
    void aTypeItCannotCompareIsAFailureNotASilentPass() {
        List<String> d = WholeResults.differences(outer(5, 6, new StringBuilder("x")),
                outer(5, 6, new StringBuilder("x")), Set.of());
        assertTrue(d.size() == 1 && d.get(0).startsWith("other: cannot compare a java.lang.StringBuilder"), d.toString());
    }
}
