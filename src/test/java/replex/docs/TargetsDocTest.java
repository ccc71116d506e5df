package replex.docs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.chain.ChainResult;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.core.engine.SequentialEngine;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;
import replex.io.JobSpec;
import replex.targets.TargetFactory;

/**
 * Keeps {@code docs/targets.md} and {@code examples/user-target/} honest: the class printed in the
 * doc is the example file, it compiles against Replex, loads through {@link TargetFactory} from
 * the example job file, computes the right densities and samples the right posterior; every
 * built-in target is documented, and every {@code hocon} snippet of the doc builds its target.
 */
class TargetsDocTest {

    private static final Path DOC = Path.of("docs", "targets.md");
    private static final Path EXAMPLE = Path.of("examples", "user-target");
    private static final Path SOURCE = EXAMPLE.resolve(Path.of("com", "example", "LogisticRegression.java"));
    private static final Path JOB = EXAMPLE.resolve("logistic.conf");
    private static final String CLASS_NAME = "com.example.LogisticRegression";
    /** The coefficients the data of logistic.conf were simulated with: intercept, x1, x2. */
    private static final double[] TRUE_BETA = {1.0, 2.0, -1.5};
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)[ \\t]*\\n(.*?)^```[ \\t]*$");

    @TempDir
    static Path classes;

    private static URLClassLoader loader;

    @BeforeAll
    static void compileExample() throws IOException, URISyntaxException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "the tests must run on a JDK (javax.tools compiler missing)");
        // java.class.path may be a surefire manifest-only jar: add the code sources javac needs
        Set<String> path = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (Class<?> type : List.of(Target.class, Config.class, UniformRandomProvider.class)) {
            path.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter out = new StringWriter();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask(out, files, diagnostics,
                    List.of("--release", "17", "-proc:none", "-Xlint:all", "-classpath",
                            String.join(File.pathSeparator, path), "-d", classes.toString()),
                    null, files.getJavaFileObjects(SOURCE.toFile())).call();
            String messages = diagnostics.getDiagnostics().stream().map(Object::toString)
                    .collect(Collectors.joining("\n"));
            assertTrue(ok, "javac failed on " + SOURCE + ":\n" + messages + out);
            assertTrue(diagnostics.getDiagnostics().isEmpty(), "javac -Xlint:all warned on " + SOURCE + ":\n" + messages);
        }
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, TargetsDocTest.class.getClassLoader());
    }

    @AfterAll
    static void closeLoader() throws IOException {
        if (loader != null) {
            loader.close();
        }
    }

    private static String doc() throws IOException {
        return Files.readString(DOC, StandardCharsets.UTF_8);
    }

    /** @return the fenced code blocks of the doc with the given info string, in order */
    private static List<String> blocks(String language) throws IOException {
        List<String> result = new ArrayList<>();
        Matcher m = FENCE.matcher(doc());
        while (m.find()) {
            if (m.group(1).equals(language)) {
                result.add(m.group(2));
            }
        }
        return result;
    }

    private static String normalise(String text) {
        return text.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
    }

    private static Target logisticTarget() {
        Config block = ConfigFactory.parseFile(JOB.toFile()).resolve().getConfig("job.target");
        return TargetFactory.create(block, loader);
    }

    @Test
    void docShowsExactlyTheExampleClass() throws IOException {
        List<String> shown = blocks("java").stream().filter(b -> b.contains("class LogisticRegression")).toList();
        assertEquals(1, shown.size(), "docs/targets.md must hold one java block with class LogisticRegression");
        assertEquals(normalise(Files.readString(SOURCE, StandardCharsets.UTF_8)), normalise(shown.get(0)),
                "the class in docs/targets.md differs from " + SOURCE);
    }

    @Test
    void everyBuiltInTargetIsDocumented() throws IOException {
        String doc = doc();
        for (String name : TargetFactory.builtInNames()) {
            assertTrue(doc.contains("### `" + name + "`"), "docs/targets.md has no section for built-in target " + name);
        }
    }

    @Test
    void everyHoconSnippetBuildsItsTarget() throws IOException {
        List<String> snippets = blocks("hocon");
        assertFalse(snippets.isEmpty());
        for (String snippet : snippets) {
            Config parsed = ConfigFactory.parseString(snippet).resolve();
            Config block = parsed.hasPath("job.target") ? parsed.getConfig("job.target") : parsed.getConfig("target");
            Target target = TargetFactory.create(block, loader);
            assertTrue(target.dimension() >= 1, snippet);
        }
    }

    @Test
    void exampleJobFileIsValid() {
        JobSpec spec = JobSpec.load(JOB, JobSpec.Overrides.NONE);
        assertEquals(0, spec.workers());
        assertEquals(7L, spec.sampler().seed());
        assertEquals(CLASS_NAME, spec.target().getString("class"));
    }

    @Test
    void loadsFromTheExampleJobFile() {
        Target target = logisticTarget();
        assertEquals(CLASS_NAME, target.getClass().getName());
        assertEquals(loader, target.getClass().getClassLoader());
        assertEquals(3, target.dimension());
        assertEquals(List.of("beta[1]", "beta[2]", "beta[3]"), target.parameterNames());
    }

    /**
     * Expected values computed once with SciPy 1.17 on the data of logistic.conf (prior-sd = 5):
     * {@code norm.logpdf(b, 0, 5).sum()} and
     * {@code sum(where(y == 1, log_expit(A @ b), log_expit(-(A @ b))))}, A = [1, x].
     */
    @Test
    void densitiesMatchScipy() {
        Target target = logisticTarget();
        double[] b = {0.3, 1.2, -0.7};
        assertEquals(-7.625529336916319, target.logPrior(b), 1e-12);
        assertEquals(-20.97957680469751, target.logLikelihood(b), 1e-12);
        // |eta| up to ~1000: exp(|eta|) overflows, log1p(exp(-|eta|)) does not
        double[] far = {0.0, 400.0, -400.0};
        assertEquals(-6407.585129336917, target.logPrior(far), 1e-9);
        assertEquals(-2200.036299855874, target.logLikelihood(far), 1e-9);
        assertArrayEquals(new double[] {0.3, 1.2, -0.7}, b, 0.0, "the target must not modify its argument");
    }

    @Test
    void rejectsBadSettingsWithTheirKey() {
        String data = "class = \"" + CLASS_NAME + "\", x = [[1, 2], [3, 4]], ";
        assertKey("job.target.y", data + "y = [1, 2]");
        assertKey("job.target.y", data + "y = [1]");
        assertKey("job.target.y", "class = \"" + CLASS_NAME + "\", x = [[1, 2], [3, 4]]");
        assertKey("job.target.x", "class = \"" + CLASS_NAME + "\", x = [[1, 2], [3]], y = [0, 1]");
        assertKey("job.target.prior-sd", data + "y = [0, 1], prior-sd = 0");
        assertKey("job.target.prior_sd", data + "y = [0, 1], prior_sd = 1");
    }

    private static void assertKey(String key, String block) {
        try {
            TargetFactory.create(ConfigFactory.parseString(block), loader);
            fail("accepted " + block);
        } catch (ConfigurationException e) {
            assertEquals(key, e.key(), e.getMessage());
        }
    }

    @Test
    void posteriorMeansHaveTheSignsOfTheTrueCoefficients() {
        Target target = logisticTarget();
        SamplerSettings settings = SamplerSettings.builder().seed(7L).chains(2).ladder(Ladder.geometric(4, 0.1))
                .swap(SwapRule.DEO).rounds(300).stepsPerRound(5).burnInRounds(100).thin(1).proposalScale(0.5)
                .adapt(AdaptationMode.COVARIANCE).build();
        RunResult result = SequentialEngine.run(settings, target, ProgressListener.NONE);
        double[] mean = new double[3];
        int n = 0;
        for (ChainResult chain : result.chains()) {
            for (int row = 0; row < chain.draws().rows(); row++) {
                for (int j = 0; j < 3; j++) {
                    mean[j] += chain.draws().get(row, j);
                }
                n++;
            }
        }
        assertEquals(2 * 200 * 5, n);
        final int draws = n;
        assertAll(IntStream.range(0, 3).mapToObj(j -> () -> assertEquals(
                Math.signum(TRUE_BETA[j]), Math.signum(mean[j] / draws),
                "posterior mean of beta[" + j + "] = " + mean[j] / draws + ", true value " + TRUE_BETA[j])));
    }
}
