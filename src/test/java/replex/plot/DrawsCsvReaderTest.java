package replex.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import replex.core.ConfigurationException;

class DrawsCsvReaderTest {

    @TempDir
    Path dir;

    private Path csv(String content) throws IOException {
        return Files.writeString(dir.resolve("draws.csv"), content);
    }

    @Test
    void readsColumnsByChain() throws IOException {
        Path file = csv("chain,draw,\"a,b\",beta[1],log_likelihood,log_prior\n"
                + "0,0,1.5,-2.0,-3.1,-0.5\n"
                + "0,1,2.5,-7.25,-3.2,-0.5\n"
                + "1,0,-1.0,4.0E-3,-3.3,-0.5\n");
        DrawsTable t = DrawsCsvReader.read(file);
        assertEquals(List.of("a,b", "beta[1]"), t.parameters());
        assertArrayEquals(new int[] {0, 1}, t.chainIds());
        assertArrayEquals(new long[] {0, 1}, t.drawIndices()[0]);
        assertArrayEquals(new double[] {1.5, 2.5}, t.values()[0][0]);
        assertArrayEquals(new double[] {-2.0, -7.25}, t.values()[0][1]);
        assertArrayEquals(new double[] {0.004}, t.values()[1][1]);
        assertArrayEquals(new double[] {1.5, 2.5, -1.0}, t.pooled(0));
        assertEquals(3, t.totalDraws());
    }

    @Test
    void metricColumnsAfterTheLogPriorAreNotParameters() throws IOException {
        // output.draws-metrics: numbers or empty cells after log_prior; a metric named like a fixed
        // column is written with the prefix metric.
        Path file = csv("chain,draw,a,b,log_likelihood,log_prior,ode_steps,metric.log_prior\n"
                + "0,0,1.5,-2.0,-3.1,-0.5,17.0,\n"
                + "0,1,2.5,-7.25,-3.2,-0.5,,4.0\n");
        DrawsTable t = DrawsCsvReader.read(file);
        assertEquals(List.of("a", "b"), t.parameters());
        assertArrayEquals(new double[] {1.5, 2.5}, t.values()[0][0]);
        assertArrayEquals(new double[] {-2.0, -7.25}, t.values()[0][1]);
        assertEquals(2, t.values()[0].length, "two parameter columns, no metric");
        assertCorrupt("chain,draw,a,log_likelihood,log_prior,steps\n0,0,1,2,3\n", "line 2", "expected 6 fields");
        assertCorrupt("chain,draw,log_likelihood,log_prior,steps\n0,0,1,2,3\n", "line 1", "header");
    }

    @Test
    void metadataColumnsAfterTheMetricsAreSkippedEvenWhenQuotedOverSeveralLines() throws IOException {
        // output.draws-metadata: strings after the metrics, quoted when they hold a comma, a quote or a
        // line break, empty where the evaluation lacked one: the table is that of the file without them
        DrawsTable expected = DrawsCsvReader.read(csv("chain,draw,a,b,log_likelihood,log_prior\n"
                + "0,0,1.5,-2.0,-3.1,-0.5\n0,1,2.5,-7.25,-3.2,-0.5\n1,0,0.5,1.0,-3.3,-0.5\n"));
        DrawsTable t = DrawsCsvReader.read(csv("chain,draw,a,b,log_likelihood,log_prior,steps,note,metadata.log_prior\n"
                + "0,0,1.5,-2.0,-3.1,-0.5,17.0,\"b > 0, \"\"up\"\"\nsecond line\",+\n"
                + "0,1,2.5,-7.25,-3.2,-0.5,,plain,\n"
                + "1,0,0.5,1.0,-3.3,-0.5,2.0,\"x,\ny\nz\",\n"));
        assertEquals(expected.parameters(), t.parameters());
        assertArrayEquals(expected.chainIds(), t.chainIds());
        assertArrayEquals(expected.drawIndices(), t.drawIndices());
        assertArrayEquals(expected.values(), t.values());
        assertCorrupt("chain,draw,a,log_likelihood,log_prior,note\n0,0,1,2,3,\"x,y\",z\n", "line 2",
                "expected 6 fields");
    }

    @Test
    void growsBeyondTheInitialCapacity() throws IOException {
        StringBuilder s = new StringBuilder("chain,draw,x,log_likelihood,log_prior\n");
        for (int i = 0; i < 5000; i++) {
            s.append(i % 2 == 0 ? 0 : 1).append(',').append(i / 2).append(',').append(i).append(",0,0\n");
        }
        DrawsTable t = DrawsCsvReader.read(csv(s.toString()));
        assertEquals(2500, t.values()[0][0].length);
        assertEquals(4999.0, t.values()[1][0][2499]);
    }

    private void assertCorrupt(String content, String... fragments) throws IOException {
        Path file = csv(content);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> DrawsCsvReader.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> f + " missing from: " + e.getMessage());
        }
    }

    @Test
    void malformedFilesNameTheFileAndLine() throws IOException {
        assertCorrupt("", "line 1", "empty");
        assertCorrupt("a,b,c\n1,2,3\n", "line 1", "header");
        assertCorrupt("chain,draw,x,log_likelihood,log_prior\n0,0,1,2\n", "line 2", "expected 5 fields, got 4");
        assertCorrupt("chain,draw,x,log_likelihood,log_prior\n0,0,1,2,3\n0,1,1,2,3,4\n", "line 3", "got more");
        assertCorrupt("chain,draw,x,log_likelihood,log_prior\n0,0,abc,2,3\n", "line 2", "'x'", "'abc'");
        assertCorrupt("chain,draw,x,log_likelihood,log_prior\nzero,0,1,2,3\n", "line 2", "integers");
        assertCorrupt("chain,draw,x,log_likelihood,log_prior\n", "no draws");
        assertCorrupt("chain,draw,x,log_likelihood,log_prior\n0,0,1,2,3\n0,1,NaN,2,3\n", "line 3", "'x' holds NaN",
                "finite");
        assertCorrupt("chain,draw,x,log_likelihood,log_prior\n0,0,-Infinity,2,3\n", "line 2", "holds -Infinity");
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("draws.csv");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> DrawsCsvReader.read(file));
        assertTrue(e.getMessage().startsWith(file + " not found"), e.getMessage());
    }
}
