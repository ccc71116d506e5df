package replex.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;

import replex.api.CompletedRun;
import replex.api.Replex;
import replex.core.engine.ProgressListener;

/**
 * The CmdStan-format files ({@code output.formats = [csv, cmdstan]}) read by the R package posterior
 * (Debian {@code r-cran-posterior}): its mean, bulk and tail ESS and R-hat of every parameter agree
 * with {@code summary.json}.
 *
 * <p>Needs {@code Rscript} with posterior installed ({@code .ci/run} installs it). Without it the
 * test is skipped, saying so; with the environment variable {@code CI} set it fails instead, so CI
 * cannot pass without running it.
 *
 * <p>Tolerance: both sides compute the same definitions (Vehtari et al. 2021, doi:10.1214/20-BA1221:
 * split chains, rank normalisation with the 3/8 offset, folded draws for the tail, Geyer's initial
 * monotone sequence) on the same doubles; they differ only in the order of floating-point sums (R
 * computes the autocovariances by FFT, Replex directly). Measured on this job the relative
 * differences are below 1e-12; 1e-8 leaves room for other platforms' libm and BLAS and would still
 * catch any difference of definition (a different offset or truncation rule moves ESS by far more
 * than 1e-6).
 */
class PosteriorPackageTest {

    private static final double TOLERANCE = 1e-8;

    @TempDir
    Path dir;

    static boolean ci() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci);
    }

    /** @return Rscript's path; skips (or fails in CI) if it or the posterior package is missing */
    private static String rscript() throws IOException, InterruptedException {
        String message = null;
        String path = Files.isExecutable(Path.of("/usr/bin/Rscript")) ? "/usr/bin/Rscript" : "Rscript";
        try {
            Process p = new ProcessBuilder(path, "-e", "library(posterior)").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                message = "Rscript cannot load the R package posterior (" + out.strip() + ")";
            }
        } catch (IOException e) {
            message = "Rscript not found";
        }
        if (message != null) {
            message += ": install Debian's r-cran-posterior (`apt-get install r-cran-posterior`, as .ci/run does)";
            if (ci()) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return path;
    }

    @Test
    void posteriorReadsTheCmdstanFilesAndAgreesWithSummaryJson() throws Exception {
        String rscript = rscript();
        CompletedRun run = Replex.runAndWrite(JobSpec.fromConfig(ConfigFactory.parseString(
                "job { target { name = kidiq-kidscore_momiq }, seed = 3, chains = 4, temperatures.count = 4,"
                        + " rounds = 400, steps-per-round = 5, proposal.adapt = covariance, workers = 0 }\n"
                        + "output { formats = [csv, cmdstan] }"),
                new JobSpec.Overrides(dir.resolve("out"), null, null), dir), ProgressListener.NONE);
        Path script = Path.of(PosteriorPackageTest.class.getResource("posterior-diagnostics.R").toURI());
        List<String> command = new ArrayList<>(List.of(rscript, script.toString()));
        run.outputs().cmdstan().forEach(p -> command.add(p.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "Rscript did not finish");
        assertEquals(0, p.exitValue(), out);

        Map<String, String[]> fromR = new LinkedHashMap<>();
        List<String> lines = out.lines().toList();
        assertEquals("variable,mean,ess_bulk,ess_tail,rhat", lines.get(0), out);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            fromR.put(f[0], f);
        }
        assertEquals(List.of("lp__", "beta.1", "beta.2", "sigma"), List.copyOf(fromR.keySet()));

        JsonNode parameters = new ObjectMapper().readTree(run.outputs().summary().toFile()).get("parameters");
        for (String name : List.of("beta[1]", "beta[2]", "sigma")) {
            JsonNode ours = parameters.get(name);
            String[] r = fromR.get(CmdStanCsv.stanName(name));
            close(name + " mean", ours.get("mean").asDouble(), Double.parseDouble(r[1]));
            close(name + " ess_bulk", ours.get("ess_bulk").asDouble(), Double.parseDouble(r[2]));
            close(name + " ess_tail", ours.get("ess_tail").asDouble(), Double.parseDouble(r[3]));
            close(name + " r_hat", ours.get("r_hat").asDouble(), Double.parseDouble(r[4]));
        }
    }

    private static void close(String what, double ours, double posterior) {
        assertTrue(Math.abs(ours - posterior) <= TOLERANCE * Math.abs(posterior),
                what + ": summary.json " + ours + ", posterior " + posterior);
    }
}
