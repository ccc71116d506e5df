package replex.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
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

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;

import picocli.CommandLine;
import replex.cli.ReplexCommand;
import replex.core.Objective;
import replex.objectives.ObjectiveFactory;

/**
 * Keeps docs/objectives.md and examples/user-objective/ honest: the class printed in the doc is the
 * example's source, it compiles without warnings, and its job runs with --classpath and puts the
 * points on the unit circle; every built-in objective has a section.
 */
class ObjectivesDocTest {

    private static final Path DOC = Path.of("docs", "objectives.md");
    private static final Path SOURCE = Path.of("examples", "user-objective", "com", "example", "CircleObjective.java");
    private static final Path JOB = Path.of("examples", "user-objective", "circle.conf");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)[ \\t]*\\n(.*?)^```[ \\t]*$");

    @TempDir
    static Path classes;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileExample() throws IOException, URISyntaxException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "the tests must run on a JDK");
        Set<String> path = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (Class<?> type : List.of(Objective.class, Config.class)) {
            path.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter out = new StringWriter();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask(out, files, diagnostics, List.of("--release", "17", "-proc:none",
                    "-Xlint:all", "-classpath", String.join(File.pathSeparator, path), "-d", classes.toString()),
                    null, files.getJavaFileObjects(SOURCE.toFile())).call();
            String messages = diagnostics.getDiagnostics().stream().map(Object::toString)
                    .collect(Collectors.joining("\n"));
            assertTrue(ok, "javac failed on " + SOURCE + ":\n" + messages + out);
            assertTrue(diagnostics.getDiagnostics().isEmpty(), "javac warned on " + SOURCE + ":\n" + messages);
        }
    }

    @Test
    void theDocShowsTheExampleSource() throws IOException {
        String doc = Files.readString(DOC);
        List<String> shown = new ArrayList<>();
        Matcher m = FENCE.matcher(doc);
        while (m.find()) {
            if (m.group(1).equals("java") && m.group(2).contains("class CircleObjective")) {
                shown.add(m.group(2));
            }
        }
        assertEquals(1, shown.size());
        assertEquals(Files.readString(SOURCE), shown.get(0), "the class in docs/objectives.md differs from " + SOURCE);
    }

    @Test
    void everyBuiltInObjectiveIsDocumented() throws IOException {
        String doc = Files.readString(DOC);
        for (String name : ObjectiveFactory.builtIns()) {
            assertTrue(doc.contains("### `" + name + "`"), "no section for built-in objective " + name);
        }
    }

    /** The example job, with the compiled class on --classpath: mean (x² + y² − 1)² from best.csv is small. */
    @Test
    void theExampleJobRunsWithTheUserClass() throws IOException {
        Path out = dir.resolve("circle");
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ReplexCommand());
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("run", JOB.toString(), "--classpath", classes.toString(), "--out", out.toString(),
                "--workers", "0", "--quiet");
        assertEquals(0, code, err.toString());
        List<String> lines = Files.readAllLines(out.resolve("best.csv"));
        assertEquals("x,y", lines.get(0));
        double sum = 0;
        double radius = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double x = Double.parseDouble(f[0]);
            double y = Double.parseDouble(f[1]);
            sum += Math.pow(x * x + y * y - 1, 2);
            radius += Math.hypot(x, y);
        }
        int n = lines.size() - 1;
        assertEquals(1000, n);
        // from the start, mean (r² − 1)² of two standard normals is E[(χ²₂ − 1)²] = 5
        assertTrue(sum / n < 0.01, "mean squared deviation " + sum / n);
        JsonNode best = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("best");
        assertEquals(sum / n, best.get("value").asDouble(), 1e-9);
        assertEquals(radius / n, best.get("metrics").get("mean_radius").asDouble(), 1e-9);
        assertEquals("minimize", new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("settings")
                .get("direction").asText());
    }
}
