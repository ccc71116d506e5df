package replex.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;

import replex.core.replica.Replica;
import replex.core.rng.RandomStreams;
import replex.targets.TargetFactory;

/** {@code job.init}: where each replica starts, and the checks on it. */
class InitialValuesTest {

    private static final String TARGET = "name = gaussian, means = [0, 1], sd = 1";

    /** The target of the job, with the values embedded as the nodes receive them. */
    private static Target target(InitialValues init) {
        return TargetFactory.create(init.embed(ConfigFactory.parseString(TARGET)), null);
    }

    private static double[][] rows(int n) {
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = new double[] {10 * i + 1, 10 * i + 2};
        }
        return rows;
    }

    @Test
    void oneRowPerReplicaPerChainOrForAll() {
        int chains = 2;
        int levels = 3;
        for (int n : new int[] {1, chains, chains * levels}) {
            Target t = target(new InitialValues(rows(n), null, 0, "job.init.values", null, chains, levels));
            for (int c = 0; c < chains; c++) {
                for (int r = 0; r < levels; r++) {
                    int row = n == 1 ? 0 : n == chains ? c : c * levels + r;
                    assertArrayEquals(rows(n)[row], new Replica(t, 3, c, r).state(), 0.0, n + " rows, " + c + "/" + r);
                }
            }
        }
    }

    @Test
    void namedColumnsAreMappedToTheTargetsParameters() {
        InitialValues init = new InitialValues(new double[][] {{2, 1}}, List.of("x[2]", "x[1]"), 0, "job.init.file",
                "init.csv", 1, 1);
        assertArrayEquals(new double[] {1, 2}, new Replica(target(init), 3, 0, 0).state(), 0.0);
        InitialValues wrong = new InitialValues(new double[][] {{2, 1}}, List.of("x[2]", "mu"), 0, "job.init.file",
                "init.csv", 1, 1);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> target(wrong));
        assertEquals("job.init.file: the columns of init.csv must be the target's parameters (x[1], x[2]); missing: "
                + "x[1]; unknown: mu", e.getMessage());
        InitialValues narrow = new InitialValues(new double[][] {{1, 2, 3}}, null, 0, "job.init.values", null, 1, 1);
        e = assertThrows(ConfigurationException.class, () -> target(narrow));
        assertEquals("job.init.values: rows hold 3 values, but the target has 2 parameters (x[1], x[2])",
                e.getMessage());
    }

    @Test
    void jitterAddsNormalNoiseFromTheReplicasOwnStream() {
        double s = 0.25;
        Target t = target(new InitialValues(rows(1), null, s, "job.init.values", null, 2, 2));
        UniformRandomProvider rng = RandomStreams.replicaStream(3, 1, 1);
        NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] expected = {1 + s * g.sample(), 2 + s * g.sample()};
        assertArrayEquals(expected, new Replica(t, 3, 1, 1).state(), 0.0);
    }

    /** Support x[0] > 0, x[1] > 0. */
    public static final class Positive implements Target {
        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public List<String> parameterNames() {
            return List.of("mu", "sigma");
        }

        @Override
        public double logPrior(double[] x) {
            return x[0] > 0 && x[1] > 0 ? 0 : Double.NEGATIVE_INFINITY;
        }

        @Override
        public double logLikelihood(double[] x) {
            return -x[0] - x[1];
        }

        @Override
        public double[] initialState(UniformRandomProvider rng) {
            return new double[] {1, 1};
        }
    }

    private static Target positive(double[][] rows, double jitter) {
        InitialValues init = new InitialValues(rows, null, jitter, "job.init.values", null, 1, 2);
        return TargetFactory.create(init.embed(ConfigFactory.parseString("class = \""
                + Positive.class.getName() + "\"")), null);
    }

    @Test
    void aStartOutsideTheSupportNamesTheRowAndTheParameter() {
        Target t = positive(new double[][] {{1, 1}, {2, -3}}, 0);
        new Replica(t, 3, 0, 0);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new Replica(t, 3, 0, 1));
        assertEquals("job.init.values", e.key());
        assertEquals("job.init.values: row 2 (chain 0, replica 1) is outside the target's support (logPrior = "
                + "-Infinity; both must be finite): parameter sigma = -3.0 is the cause (with the target's own start "
                + "for it, the point is in the support); the row: mu = 2.0, sigma = -3.0", e.getMessage());
    }

    @Test
    void aJitteredStartIsRedrawnInsideTheSupportOrRefused() {
        // At the edge of the support half the draws fall outside: the start is redrawn until inside.
        Target edge = positive(new double[][] {{0.01, 5}}, 1.0);
        for (int r = 0; r < 2; r++) {
            double[] x = new Replica(edge, 3, 0, r).state();
            assertTrue(x[0] > 0 && x[1] > 0, java.util.Arrays.toString(x));
        }
        Target far = positive(new double[][] {{-50, 5}}, 1.0);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new Replica(far, 3, 0, 0));
        assertTrue(e.getMessage().startsWith("job.init.values: row 1 (chain 0, replica 0) plus a jitter of 1.0 is "
                + "outside the target's support in all 100 draws"), e.getMessage());
        assertTrue(e.getMessage().contains("parameter mu = -50.0 is the cause"), e.getMessage());
    }
}
