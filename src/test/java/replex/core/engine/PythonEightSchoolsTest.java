package replex.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;

import replex.api.Replex;
import replex.io.JobSpec;
import replex.targets.EightSchoolsTarget;
import replex.targets.ExternalTarget;

/**
 * The Python example ({@code examples/python/eight_schools.py} through
 * {@code examples/python/replex_target.py}, started as {@code python3}): the same densities as the
 * built-in Java eight-schools target, and a posterior within Monte Carlo error of posteriordb's
 * reference (tolerances of {@link PosteriorReferenceTest}). Needs python3 on the PATH (.ci/run
 * installs it); without it the test fails, it is not skipped.
 */
class PythonEightSchoolsTest {

    static final Path SCRIPT = Path.of("examples", "python", "eight_schools.py").toAbsolutePath();

    @TempDir
    Path dir;

    private Map<String, Object> block() {
        return Map.of("command", List.of("python3", SCRIPT.toString()), "stderr-log",
                dir.resolve("stderr.log").toString());
    }

    @Test
    void theDensitiesAreTheJavaTargetsToRounding() {
        assertTrue(Files.exists(SCRIPT), SCRIPT + " is missing");
        EightSchoolsTarget java = new EightSchoolsTarget(ConfigFactory.parseString(
                "name = eight_schools-eight_schools_noncentered"));
        try (ExternalTarget python = new ExternalTarget(ConfigFactory.parseMap(block()))) {
            assertEquals(java.parameterNames(), python.parameterNames());
            assertTrue(python.hasNormalisedPrior());
            SplittableRandom rng = new SplittableRandom(3);
            for (int n = 0; n < 200; n++) {
                double[] x = new double[10];
                for (int i = 0; i < 10; i++) {
                    x[i] = rng.nextDouble(-3, 3);
                }
                x[9] = n % 10 == 0 ? -x[9] * x[9] : Math.exp(x[9]); // some tau <= 0: outside the support
                double lp = java.logPrior(x);
                assertEquals(lp, python.logPrior(x), 1e-12 * Math.abs(lp));
                if (lp != Double.NEGATIVE_INFINITY) {
                    double ll = java.logLikelihood(x);
                    assertEquals(ll, python.logLikelihood(x), 1e-12 * Math.abs(ll));
                }
            }
        }
    }

    @Test
    void thePosteriorMatchesTheReference() throws IOException {
        Map<String, Object> target = block();
        StringBuilder hocon = new StringBuilder("job { seed = 42, chains = 4, temperatures { count = 8, "
                + "beta-min = 0.01 }, rounds = 2000, steps-per-round = 10, burn-in-rounds = 500, "
                + "proposal { adapt = covariance }, workers = 2, target { command = [\"python3\", \"")
                .append(SCRIPT).append("\"], stderr-log = \"").append(target.get("stderr-log")).append("\" } }");
        JobSpec spec = JobSpec.fromConfig(ConfigFactory.parseString(hocon.toString()), JobSpec.Overrides.NONE, dir);
        RunResult r = Replex.run(spec, null);
        assertEquals(0, r.chains().stream().mapToLong(c -> java.util.Arrays.stream(c.statistics().targetErrors()).sum()).sum());
        int chains = r.chains().size();
        int n = r.chains().get(0).draws().rows();
        List<String> names = EightSchoolsTarget.referenceQuantityNames();
        double[][][] byQuantity = new double[names.size()][chains][n];
        for (int c = 0; c < chains; c++) {
            for (int i = 0; i < n; i++) {
                double[] sampled = new double[10];
                for (int p = 0; p < 10; p++) {
                    sampled[p] = r.chains().get(c).draws().get(i, p);
                }
                double[] q = EightSchoolsTarget.referenceQuantities(sampled);
                for (int k = 0; k < q.length; k++) {
                    byQuantity[k][c][i] = q[k];
                }
            }
        }
        JsonNode ref = PosteriorReferenceTest.reference("eight_schools-eight_schools_noncentered");
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            failures.addAll(PosteriorReferenceTest.compare(ref, names.get(k), byQuantity[k]));
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
