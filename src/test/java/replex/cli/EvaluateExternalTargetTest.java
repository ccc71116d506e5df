package replex.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluate mode with a model in Python (through examples/python/replex_target.py): the metrics and
 * metadata of its replies become columns of evaluations.csv, its errors failed rows, and the file is
 * the same for 0 and 2 worker threads (one child per thread). Needs python3 (.ci/run installs it).
 */
class EvaluateExternalTargetTest {

    @TempDir
    Path dir;

    @Test
    void theRepliesContextIsRecorded() throws IOException {
        Path helper = Path.of("examples", "python").toAbsolutePath();
        Files.writeString(dir.resolve("model.py"), String.join("\n",
                "import sys",
                "sys.path.insert(0, " + pythonString(helper.toString()) + ")",
                "from replex_target import serve",
                "",
                "def log_density(x):",
                "    a, b = x",
                "    if a > 0.8:",
                "        raise ValueError('a too large: %r' % a)",
                "    context = {'metrics': {'steps': int(100 * abs(a))},",
                "               'metadata': {'branch': 'left' if b < 0 else 'right, \"up\"'}}",
                "    return -0.5 * (a * a + b * b), -10 * (a - 0.3) ** 2 - abs(b), context",
                "",
                "serve(log_prior=None, log_likelihood=None, initial_state=lambda rng: [0.0, 0.0], dimension=2,",
                "      names=['a', 'b'], log_density=log_density)",
                ""));
        Path job = dir.resolve("py.conf");
        Files.writeString(job, "job { mode = evaluate, seed = 5, target { command = [python3, model.py] }, "
                + "design { type = latin-hypercube, points = 40, lower = -1, upper = 1 } }\n");
        byte[][] csv = new byte[2][];
        for (int w : new int[] {0, 2}) {
            Path out = dir.resolve("w" + w);
            EvaluateRunTest.Outcome o = EvaluateRunTest.replex("run", job.toString(), "--out", out.toString(),
                    "--workers", String.valueOf(w), "--quiet");
            assertEquals(0, o.code(), o.err());
            csv[w / 2] = Files.readAllBytes(out.resolve("evaluations.csv"));
        }
        assertArrayEquals(csv[0], csv[1]);
        List<List<String>> rows = EvaluateRunTest.csv(new String(csv[0], java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of("point", "a", "b", "log_prior", "log_likelihood", "steps", "branch", "status", "message"),
                rows.get(0));
        int failed = 0;
        for (List<String> r : rows.subList(1, rows.size())) {
            double a = Double.parseDouble(r.get(1));
            double b = Double.parseDouble(r.get(2));
            if (a > 0.8) {
                failed++;
                assertEquals("failed", r.get(7));
                assertTrue(r.get(8).contains("ValueError: a too large"), r.get(8));
            } else {
                assertEquals((double) (int) (100 * Math.abs(a)), Double.parseDouble(r.get(5)));
                assertEquals(b < 0 ? "left" : "right, \"up\"", r.get(6));
                assertEquals("ok", r.get(7));
            }
        }
        assertTrue(failed > 0, "some points fail");
    }

    private static String pythonString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
