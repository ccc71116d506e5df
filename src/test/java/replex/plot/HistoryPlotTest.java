package replex.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import replex.core.ConfigurationException;

/**
 * The optimize plots draw what {@code history.csv} and {@code summary.json} hold: a line per level
 * (value) or chain (metric) with the recorded points, thinned beyond 2000 points, non-finite points
 * left out, the best value as a reference, a log axis for positive values spanning 100× or more.
 */
class HistoryPlotTest {

    private static final int ROUNDS = 3000;

    @TempDir
    Path dir;

    /** value of chain c, level k at round r: (k + 1) · 100 / r, positive and spanning 100 ×. */
    private static double value(int c, int k, int r) {
        return (k + 1) * 100.0 / r + c;
    }

    @BeforeEach
    void writeOutputs() throws IOException {
        StringBuilder h = new StringBuilder("round,chain,level,temperature,jitter,value,m\n");
        for (int r = 1; r <= ROUNDS; r++) {
            for (int c = 0; c < 2; c++) {
                for (int k = 0; k < 3; k++) {
                    h.append(r).append(',').append(c).append(',').append(k).append(",1,0.1,").append(value(c, k, r))
                            .append(',').append(r % 10 == 1 ? "NaN" : String.valueOf(-r)).append('\n');
                }
            }
        }
        Files.writeString(dir.resolve("history.csv"), h);
        Files.writeString(dir.resolve("best.csv"), "a,b\n1,2\n");
        Files.writeString(dir.resolve("summary.json"), "{\"mode\": \"optimize\", \"best\": {\"value\": 0.0333, "
                + "\"metrics\": {\"m\": \"NaN\"}, \"round\": 3000, \"chain\": 1, \"level\": 0}, \"settings\": "
                + "{\"direction\": \"minimize\", \"state\": \"vector\"}}");
    }

    @Test
    void valueHasALinePerLevelOfTheBestChainThinnedWithTheBestDashed() {
        OptimizeInputs in = OptimizeOutputsReader.read(dir);
        assertNull(in.original());
        assertEquals("the state is a vector, not a table of data", in.originalNote());
        XYChart chart = HistoryPlot.value(in);
        assertTrue(chart.getTitle().startsWith("Value per level, chain 1 (best found there) (every 2nd recorded "
                + "round)"), chart.getTitle());
        assertTrue(chart.getStyler().isYAxisLogarithmic(), "values from 100 down to 0.033: log axis");
        List<String> names = chart.getSeriesCollection().stream().map(XYSeries::getName).toList();
        assertEquals(List.of("level 0 (coldest)", "level 1", "level 2 (hottest)", "best value 0.0333000 (round 3000)"),
                names.subList(0, 4));
        XYSeries level1 = chart.getSeries("level 1");
        double[] x = level1.getXData();
        double[] y = level1.getYData();
        assertEquals(ROUNDS / 2, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(1 + 2 * i, x[i]);
            assertEquals(value(1, 1, 1 + 2 * i), y[i]);
        }
        assertArrayEquals(new double[] {0.0333, 0.0333}, chart.getSeries(names.get(3)).getYData());
    }

    @Test
    void metricHasALinePerChainAtLevel0WithoutItsNaNs() {
        XYChart chart = HistoryPlot.metric(OptimizeOutputsReader.read(dir), 0);
        assertEquals("m at level 0 (coldest) (every 2nd recorded round)", chart.getTitle());
        assertFalse(chart.getStyler().isYAxisLogarithmic(), "negative values");
        XYSeries chain0 = chart.getSeries("chain 0");
        // rounds 1, 3, 5, …; those with r % 10 == 1 hold NaN and are left out
        assertEquals(ROUNDS / 2 - ROUNDS / 10, chain0.getXData().length);
        for (double r : chain0.getXData()) {
            assertTrue(r % 10 != 1, "round " + r);
        }
        assertEquals(-3.0, chain0.getYData()[0]);
        assertEquals(-5.0, chain0.getYData()[1]);
        assertFalse(chart.getSeriesCollection().stream().anyMatch(s -> s.getName().startsWith("best state")),
                "no reference line for a NaN metric");
    }

    @Test
    void tickLabelsHaveALeadingZeroAndDecimalsForTheSpan() {
        assertEquals("0.####", HistoryPlot.decimalPattern(List.of(new double[] {0, 0.017})));
        assertEquals("0.##", HistoryPlot.decimalPattern(List.of(new double[] {-0.2, 0.95, Double.NaN})));
        assertEquals("0", HistoryPlot.decimalPattern(List.of(new double[] {0, 1250})));
    }

    @Test
    void historyWithAnotherHeaderIsRefusedNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("history.csv"), "chain,draw,x\n0,0,1\n");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> OptimizeOutputsReader.read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("history.csv") + ", line 1: expected the header round,chain,"
                + "level,temperature,jitter,value,<metrics>, got chain,draw,x"), e.getMessage());
    }
}
