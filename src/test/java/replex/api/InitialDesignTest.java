package replex.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.Target;
import replex.core.engine.ProgressListener;
import replex.core.evaluate.Design;
import replex.io.JobSpec;
import replex.targets.TargetFactory;

/**
 * {@code job.init { design = ... }}: the replicas start at the best points of an evaluated design, by
 * the documented rule, and the run is the same for any number of workers.
 */
class InitialDesignTest {

    private static final String TARGET = "target { name = gaussian-mixture, weights = [0.3, 0.7], "
            + "means = [[-4, -4], [4, 4]], sd = 1 }";

    @TempDir
    Path dir;

    private JobSpec job(String init, int workers) {
        return JobSpec.fromConfig(ConfigFactory.parseString("job { seed = 8, chains = 2, temperatures { count = 3 }, "
                + "rounds = 60, steps-per-round = 5, workers = " + workers + ", " + TARGET + ", init { " + init
                + " } }\noutput.dir = \"" + dir.resolve("w" + workers) + "\""), JobSpec.Overrides.NONE, null);
    }

    /** The C x K best by log posterior, ties by index, in the order of chain then replica. */
    @Test
    void replicasStartAtTheBestPointsInChainThenReplicaOrder() {
        JobSpec spec = job("design = latin-hypercube, points = 40, lower = -6, upper = 6", 0);
        assertTrue(spec.initDesign() != null);
        Target target = TargetFactory.create(spec.target(), null);
        JobSpec chosen = InitialDesign.apply(spec, target);
        assertNull(chosen.initDesign());
        Design design = spec.initDesignPoints(target.parameterNames());
        Integer[] order = IntStream.range(0, 40).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> {
            double[] x = design.point(i);
            return -(target.logPrior(x) + target.logLikelihood(x));
        }).thenComparingInt(i -> i));
        assertEquals(6, chosen.init().rowCount());
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(design.point(order[i]), chosen.init().row(i), "replica " + i % 3 + " of chain " + i / 3);
        }
        assertTrue(chosen.init().source().contains("the 6 best of 40 latin-hypercube points"), chosen.init().source());
        // the effective job carries the rows, so that checkpoints and nodes start there without the design
        JobSpec again = JobSpec.fromConfig(chosen.toConfig(), JobSpec.Overrides.NONE, null);
        assertEquals(6, again.init().rowCount());
        assertArrayEquals(chosen.init().row(5), again.init().row(5));
        // before it is chosen, the design itself round-trips
        assertEquals(spec.initDesign(), JobSpec.fromConfig(spec.toConfig(), JobSpec.Overrides.NONE, null).initDesign());
        TargetFactory.close(target);
    }

    /** The design is evaluated on the job's workers: the starts, and so the draws, do not depend on their number. */
    @Test
    void drawsDoNotDependOnWorkers() throws Exception {
        String init = "design = sobol, points = 32, lower = [-6, -6], upper = [6, 6], jitter = 0.1";
        CompletedRun sequential = Replex.runAndWrite(job(init, 0), ProgressListener.NONE);
        CompletedRun actors = Replex.runAndWrite(job(init, 2), ProgressListener.NONE);
        assertArrayEquals(Files.readAllBytes(sequential.outputs().draws()), Files.readAllBytes(actors.outputs().draws()));
        String summary = Files.readString(sequential.outputs().summary());
        assertTrue(summary.contains("the 6 best of 32 sobol points"), summary);
    }

    @Test
    void badDesignsAreNamed() {
        String[][] cases = {
            {"design = latin-hypercube, points = 5, lower = 0, upper = 1", "job.init.points"},
            {"design = lhs, points = 10, lower = 0, upper = 1", "job.init.design"},
            {"design = sobol, points = 10, lower = 0", "job.init.upper"},
            {"design = sobol, points = 10, lower = 0, upper = 1, values = [1, 2]", "job.init.values"},
            {"values = [1, 2], points = 10", "job.init.points"},
        };
        for (String[] c : cases) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> job(c[0], 0), c[0]);
            assertEquals(c[1], e.key(), c[0] + ": " + e.getMessage());
        }
        JobSpec wrongBounds = job("design = sobol, points = 10, lower = [0, 0, 0], upper = 1", 0);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> InitialDesign.apply(wrongBounds, (ClassLoader) null));
        assertEquals("job.init.lower", e.key(), e.getMessage());
    }

    @Test
    void tooFewFinitePointsIsAnError() {
        JobSpec spec = JobSpec.fromConfig(ConfigFactory.parseString("job { chains = 2, temperatures { count = 3 }, "
                + "target { name = eight_schools-eight_schools_noncentered }, init { design = latin-hypercube, "
                + "points = 20, lower = [-1, -1, -1, -1, -1, -1, -1, -1, -1, -9], upper = [1, 1, 1, 1, 1, 1, 1, 1, 1, "
                + "0.2] } }"), JobSpec.Overrides.NONE, null);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> InitialDesign.apply(spec, (ClassLoader) null));
        assertEquals("job.init.points", e.key());
        assertTrue(e.getMessage().contains("of the 20 points have a finite log posterior, fewer than the 6 needed"),
                e.getMessage());
    }
}
