package replex.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.optimize.Direction;
import replex.core.optimize.TableState;
import replex.core.swap.SwapRule;
import replex.objectives.RastriginObjective;

class OptimizeSpecTest {

    @TempDir
    Path dir;

    private OptimizeSpec spec(String job) {
        return OptimizeSpec.fromConfig(ConfigFactory.parseString(job), null, dir, dir);
    }

    private String error(String job) {
        return assertThrows(ConfigurationException.class, () -> spec(job)).getMessage();
    }

    @Test
    void vectorJobWithDefaults() {
        OptimizeSpec s = spec("job { mode = optimize, objective.name = rastrigin, "
                + "state { dimension = 3, lower = -5, upper = [5, 6, 7] } }");
        assertEquals(1000, s.settings().rounds());
        assertEquals(250, s.settings().burnInRounds());
        assertEquals(16, s.settings().levels());
        assertEquals(0.01, s.settings().ladder().temperature(0), 1e-15);
        assertEquals(10, s.settings().ladder().temperature(15), 1e-12);
        assertEquals(SwapRule.DEO, s.settings().swap());
        assertArrayEquals(new double[] {5, 6, 7}, s.settings().upper());
        assertEquals(List.of("x[1]", "x[2]", "x[3]"), s.columnNames());
        assertEquals(2, s.settings().historyEvery());
        assertFalse(s.directionGiven());
        // the objective's own direction applies when the job gives none
        assertEquals(Direction.minimize(), s.withDirectionOf(new RastriginObjective(ConfigFactory.empty()))
                .settings().direction());
        assertEquals(dir.resolve("out/job"), s.outputDir());
    }

    @Test
    void tableJobAndExplicitSettings() throws IOException {
        Files.writeString(dir.resolve("d.csv"), "a,b\n1,2\n3,5\n");
        OptimizeSpec s = spec("job { mode = optimize, objective.name = moments, objective.means = [0, 0], "
                + "direction { target = 0.5 }, state.file = d.csv, chains = 2, swap = seo, "
                + "temperatures { values = [0.1, 0.2] }, move { fraction = 0.5 }, stop { patience = 9, value = 0.01 } }"
                + "\noutput { dir = o, history-every = 3 }");
        assertEquals(Direction.target(0.5), s.settings().direction());
        assertEquals(2, s.rows());
        assertEquals(2, s.settings().cellsPerMove());
        assertEquals(9, s.settings().patience());
        assertEquals(Math.sqrt(2), s.columnScale()[0], 1e-12);
        assertEquals(dir.resolve("o"), s.outputDir());
        assertTrue(s.withDirectionOf(new RastriginObjective(ConfigFactory.empty())).settings().direction()
                .equals(Direction.target(0.5)));
    }

    @Test
    void errorsNameTheKey() throws IOException {
        assertTrue(error("job { mode = optimize, objective.name = rastrigin, state.dimension = 2, rouns = 5 }")
                .startsWith("job.rouns: unknown key (did you mean job.rounds?)"));
        assertTrue(error("job { mode = optimize, state.dimension = 2 }").startsWith("job.objective: missing"));
        assertTrue(error("job { mode = optimize, objective.name = rastrigin, state.dimension = 2 }")
                .startsWith("job.state: a vector without values starts uniform in its bounds"));
        assertTrue(error("job { mode = optimize, objective.name = rastrigin, state { values = [0, 9], upper = 5 } }")
                .startsWith("job.state.upper: job.state.values[1] holds 9.0, outside the bounds"));
        assertTrue(error("job { mode = optimize, objective.name = x, state.dimension = 2, direction = up }")
                .startsWith("job.direction: must be one of maximize | minimize"));
        assertTrue(error("job { mode = optimize, objective.name = x, state.values = [1], "
                + "temperatures { t-min = 1, t-max = 0.5 } }").startsWith("job.temperatures.t-max: must be > t-min"));
        Files.writeString(dir.resolve("d.csv"), "a,b\n1,2\n3,1e999\n");
        assertEquals("job.state.file: file " + dir.resolve("d.csv") + ", line 3, column 2 (b): '1e999' is not a "
                + "finite number", error("job { mode = optimize, objective.name = x, state.file = d.csv }"));
        assertTrue(error("job { mode = optimize, objective.name = x, state.file = absent.csv }")
                .endsWith("absent.csv not found"));
    }

    @Test
    void sampleJobReaderRefusesOptimizeJobs() {
        String m = assertThrows(ConfigurationException.class, () -> JobSpec.fromConfig(ConfigFactory.parseString(
                "job { mode = optimize, objective.name = rastrigin }"), null, dir)).getMessage();
        assertTrue(m.startsWith("job.mode: optimize jobs run with `replex run`, `resume` and `submit`; this command "
                + "takes sampling jobs only"), m);
    }

    @Test
    void bestCsvReadsBackExactly() throws IOException {
        TableState t = new TableState(2, 2, new double[] {0.1, 1e-300, -3.0 / 7, 12345678.9}, List.of("p", "q"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TableCsv.write(t, out);
        Path f = dir.resolve("t.csv");
        Files.write(f, out.toByteArray());
        assertEquals(t, TableCsv.read(f, "k"));
    }
}
