package replex.objectives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The primitive rank sort gives the ranks of the (value, row) order, ties and signed zeros included. */
class PearsonSpearmanRanksTest {

    /** The definition: sort the rows by (value, row) with boxed comparisons, rank = position. */
    private static int[] byDefinition(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> v[a] < v[b] || v[a] == v[b] && a < b ? -1 : v[b] < v[a] || v[a] == v[b] && b < a
                ? 1 : 0);
        int[] rank = new int[v.length];
        for (int p = 0; p < v.length; p++) {
            rank[order[p]] = p;
        }
        return rank;
    }

    @Test
    void ranksAgreeWithTheDefinitionOnDistinctTiedAndSignedZeroValues() {
        SplittableRandom rng = new SplittableRandom(20261201);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(300);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                int kind = rng.nextInt(4);
                v[i] = kind == 0 ? rng.nextInt(5) - 2 // many ties
                        : kind == 1 ? (rng.nextBoolean() ? -0.0 : 0.0)
                        : rng.nextGaussian() * 10;
            }
            assertArrayEquals(byDefinition(v), PearsonSpearmanGapObjective.ranks(v), "trial " + trial);
        }
    }

    @Test
    void signedZerosAreOneValueRankedByRow() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, PearsonSpearmanGapObjective.ranks(new double[] {0.0, -0.0, 0.0, 1}));
        assertArrayEquals(new int[] {1, 2, 0}, PearsonSpearmanGapObjective.ranks(new double[] {-0.0, 0.0, -1}));
    }
}
