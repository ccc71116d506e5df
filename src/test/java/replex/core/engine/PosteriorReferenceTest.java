package replex.core.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import replex.core.SamplerSettings;
import replex.core.diagnostics.ParameterSummary;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;
import replex.targets.EightSchoolsTarget;

/**
 * Real posteriors from posteriordb: means and quantiles within Monte Carlo error of the reference
 * (long Stan NUTS runs, 10 × 1000 draws). The allowed error of a mean is 4·sd·√(1/ESS + 1/ESS_ref);
 * of a quantile q, 4·√(q(1−q))/φ(z_q)·sd·√(1/ESS + 1/ESS_ref) (asymptotic sd of a sample quantile
 * under a normal approximation, with the tail ESS for q05/q95). ESS_ref = 4000 is a conservative
 * lower bound for the reference draws (their bulk ESS is 9643 for kidiq's beta[1]).
 */
class PosteriorReferenceTest {

    static final double REFERENCE_ESS = 4000;

    static JsonNode reference(String name) throws IOException {
        try (InputStream in = PosteriorReferenceTest.class.getResourceAsStream(
                "/replex/targets/" + name + "/reference.json")) {
            return new ObjectMapper().readTree(in).get("parameters");
        }
    }

    /** Checks every parameter; returns the failures as text so that all are reported at once. */
    static List<String> compare(JsonNode ref, String name, double[][] draws) {
        ParameterSummary s = ParameterSummary.of(draws);
        JsonNode r = ref.get(name);
        double sd = r.get("sd").asDouble();
        List<String> failures = new ArrayList<>();
        double bulk = sd * Math.sqrt(1 / s.essBulk() + 1 / REFERENCE_ESS);
        double tail = sd * Math.sqrt(1 / s.essTail() + 1 / REFERENCE_ESS);
        check(failures, name + " mean", s.mean(), r.get("mean").asDouble(), 4 * bulk);
        check(failures, name + " q50", s.q50(), r.get("q50").asDouble(), 4 * quantileFactor(0.5) * bulk);
        check(failures, name + " q05", s.q05(), r.get("q05").asDouble(), 4 * quantileFactor(0.05) * tail);
        check(failures, name + " q95", s.q95(), r.get("q95").asDouble(), 4 * quantileFactor(0.95) * tail);
        if (!(s.rHat() < 1.01)) {
            failures.add(name + " R-hat " + s.rHat());
        }
        return failures;
    }

    /** √(q(1−q)) / φ(Φ⁻¹(q)): the sd of a sample quantile in units of sd/√n for a normal. */
    static double quantileFactor(double q) {
        org.apache.commons.math3.distribution.NormalDistribution n = new org.apache.commons.math3.distribution.NormalDistribution();
        return Math.sqrt(q * (1 - q)) / n.density(n.inverseCumulativeProbability(q));
    }

    static void check(List<String> failures, String what, double got, double expected, double tolerance) {
        if (!(Math.abs(got - expected) <= tolerance)) {
            failures.add(String.format("%s: got %.5g, reference %.5g, allowed ±%.3g", what, got, expected, tolerance));
        }
    }

    static double[][] column(RunResult r, int column) {
        return SamplerStatisticsTest.column(r, column);
    }

    @Test
    void kidiqMatchesReference() throws IOException {
        SamplerSettings s = SamplerSettings.builder().seed(42).chains(4).ladder(Ladder.geometric(8, 0.01))
                .swap(SwapRule.DEO).rounds(2000).stepsPerRound(10).burnInRounds(500).thin(1).proposalScale(1.0)
                .adapt(AdaptationMode.COVARIANCE).build();
        RunResult r = SequentialEngine.run(s, SamplerStatisticsTest.target("name = kidiq-kidscore_momiq"),
                ProgressListener.NONE);
        JsonNode ref = reference("kidiq-kidscore_momiq");
        List<String> failures = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            failures.addAll(compare(ref, r.parameterNames().get(p), column(r, p)));
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void eightSchoolsMatchesReference() throws IOException {
        SamplerSettings s = SamplerSettings.builder().seed(42).chains(4).ladder(Ladder.geometric(8, 0.01))
                .swap(SwapRule.DEO).rounds(3000).stepsPerRound(10).burnInRounds(750).thin(1).proposalScale(1.0)
                .adapt(AdaptationMode.COVARIANCE).build();
        RunResult r = SequentialEngine.run(s,
                SamplerStatisticsTest.target("name = eight_schools-eight_schools_noncentered"), ProgressListener.NONE);
        // Map every draw to Stan's reported quantities theta[1..8], mu, tau.
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
        JsonNode ref = reference("eight_schools-eight_schools_noncentered");
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            failures.addAll(compare(ref, names.get(k), byQuantity[k]));
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
