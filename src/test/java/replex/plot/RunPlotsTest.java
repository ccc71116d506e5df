package replex.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.junit.jupiter.api.io.TempDir;

import replex.core.ConfigurationException;

/** The plots from synthetic outputs: odd shapes that a real run rarely produces. */
class RunPlotsTest {

    @TempDir
    Path dir;

    /** @return C chains of n draws of d parameters; parameter 0 is constant when {@code constant} */
    private static DrawsTable draws(int chains, int n, List<String> names, boolean constant) {
        SplittableRandom rng = new SplittableRandom(7);
        int d = names.size();
        int[] ids = new int[chains];
        long[][] index = new long[chains][n];
        double[][][] values = new double[chains][d][n];
        for (int c = 0; c < chains; c++) {
            ids[c] = c;
            for (int i = 0; i < n; i++) {
                index[c][i] = i;
                for (int p = 0; p < d; p++) {
                    values[c][p][i] = constant && p == 0 ? 3.0 : p + c * 0.1 + rng.nextDouble() * 2 - 1;
                }
            }
        }
        return new DrawsTable(names, ids, index, values);
    }

    private static LadderStatistics ladder(int chains, double... betas) {
        int k = betas.length;
        int[] ids = new int[chains];
        double[][] mh = new double[chains][k];
        double[][] swaps = new double[chains][Math.max(0, k - 1)];
        for (int c = 0; c < chains; c++) {
            ids[c] = c;
            Arrays.fill(mh[c], 0.2 + 0.01 * c);
            Arrays.fill(swaps[c], 0.5);
        }
        double[] pooled = new double[Math.max(0, k - 1)];
        Arrays.fill(pooled, 0.5);
        if (k > 2) {
            pooled[k - 2] = Double.NaN;
        }
        return new LadderStatistics(betas, ids, mh, swaps, pooled, new double[ids.length][]);
    }

    @Test
    void traceLinesThinAndFadeAsChainsMultiply() {
        org.knowm.xchart.XYChart eight = TracePlot.chart(draws(8, 50, List.of("mu"), false), 0);
        List<org.knowm.xchart.XYSeries> chains = eight.getSeriesCollection().stream()
                .filter(series -> series.getName().startsWith("chain ")).toList();
        assertEquals(8, chains.size());
        java.util.Set<java.awt.Color> colours = new java.util.HashSet<>();
        for (org.knowm.xchart.XYSeries series : chains) {
            assertTrue(series.getLineStyle().getLineWidth() <= 0.6f, "thin lines");
            assertTrue(series.getLineColor().getAlpha() <= 140, "see-through lines");
            colours.add(series.getLineColor());
        }
        assertEquals(8, colours.size(), "one colour per chain");
        org.knowm.xchart.XYChart one = TracePlot.chart(draws(1, 50, List.of("mu"), false), 0);
        assertEquals(255, one.getSeries("chain 0").getLineColor().getAlpha());
    }

    @Test
    void cornerTitleIsWrappedToFitASinglePanel() {
        java.awt.FontMetrics fm = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB)
                .createGraphics().getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 14));
        String title = "Marginals of the first 1 of 10 parameters (4 chains pooled)";
        assertTrue(fm.stringWidth(title) > CornerPlot.PANEL - 8, "too wide for one panel on one line");
        List<String> lines = CornerPlot.wrap(title, fm, CornerPlot.PANEL - 8);
        assertTrue(lines.size() > 1, lines.toString());
        assertEquals(title, String.join(" ", lines));
        for (String line : lines) {
            assertTrue(fm.stringWidth(line) <= CornerPlot.PANEL - 8, line);
        }
        // one parameter of several: the image is one panel wide plus the taller title band
        java.awt.image.BufferedImage image = CornerPlot.image(draws(4, 50, List.of("a", "b"), false)
                .select(List.of("b")));
        assertEquals(CornerPlot.PANEL, image.getWidth());
    }

    @Test
    void acceptanceAxesAreScaledToTheRates() {
        // MH rates 0.20 … 0.23 and the 0.234 reference: not a flat line across 0 … 1
        org.knowm.xchart.XYChart mh = MhAcceptancePlot.chart(ladder(4, 1.0, 0.5, 0.1));
        assertEquals(0.15, mh.getStyler().getYAxisMin(), 1e-12, "0.20 - 0.05");
        assertEquals(0.284, mh.getStyler().getYAxisMax(), 1e-12, "0.234 + 0.05");
        // swap bars start at 0 and end a little above the highest rate (0.5)
        org.knowm.xchart.CategoryChart swaps = SwapAcceptancePlot.chart(ladder(2, 1.0, 0.5, 0.1));
        assertEquals(0.0, swaps.getStyler().getYAxisMin());
        assertEquals(0.55, swaps.getStyler().getYAxisMax(), 1e-12);
        assertArrayEquals(new double[] {0, 1}, ChartStyle.rateRange(false, new double[] {Double.NaN}));
        assertArrayEquals(new double[] {0, 1}, ChartStyle.rateRange(false, new double[] {0.01, 0.99}));
    }

    /** The same per-pair rejection rates for every chain. */
    private static BarrierStatistics barrier(int chains, double... perPair) {
        double[][] chainPerPair = new double[chains][];
        double total = 0;
        for (double r : perPair) {
            total += r;
        }
        for (int c = 0; c < chains; c++) {
            chainPerPair[c] = perPair.clone();
        }
        return new BarrierStatistics(total, perPair.clone(), chainPerPair);
    }

    /** 32 batches of 10 sampling rounds after {@code burnIn}; chain c completes c + b % 3 trips in batch b. */
    private static RoundTripHistory roundTrips(int chains, int burnIn, int roundsPerBatch) {
        long[] ends = new long[32];
        for (int b = 0; b < 32; b++) {
            ends[b] = burnIn + (long) (b + 1) * roundsPerBatch;
        }
        int[] ids = new int[chains];
        long[][] counts = new long[chains][32];
        for (int c = 0; c < chains; c++) {
            ids[c] = c;
            for (int b = 0; b < 32; b++) {
                counts[c][b] = c + b % 3;
            }
        }
        return new RoundTripHistory(burnIn, ends, ids, counts);
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    private Path writeChart(XYChart chart) throws IOException {
        Path file = dir.resolve("chart.png");
        PngFiles.write(chart, file);
        return file;
    }

    private static BufferedImage png(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file::toString);
        return image;
    }

    private static List<String> names(List<Path> files) {
        List<String> out = new ArrayList<>();
        files.forEach(f -> out.add(f.getFileName().toString()));
        return out;
    }

    @Test
    void oneLevelLeavesOutTheSwapAndLadderPlotsWithANote() throws IOException {
        PlotInputs in = new PlotInputs(dir, draws(1, 50, List.of("mu", "sigma"), false), ladder(1, 1.0));
        RunPlots.Written w = RunPlots.write(in, dir.resolve("plots"));
        assertEquals(List.of("trace-mu.png", "trace-sigma.png", "marginals.png", "mh-acceptance.png"),
                names(w.files()));
        assertEquals(4, w.notes().size(), w.notes().toString());
        assertTrue(w.notes().get(0).startsWith("swap-acceptance.png left out"), w.notes().get(0));
        assertTrue(w.notes().get(1).startsWith("ladder.png left out"), w.notes().get(1));
        assertTrue(w.notes().get(2).startsWith("communication-barrier.png left out"), w.notes().get(2));
        assertTrue(w.notes().get(3).startsWith("round-trips.png left out"), w.notes().get(3));
        assertFalse(Files.exists(dir.resolve("plots").resolve("ladder.png")), "no one-point ladder");
        for (String note : w.notes()) {
            assertTrue(note.contains("one level"), note);
        }
        for (Path f : w.files()) {
            png(f);
        }
    }

    @Test
    void manyParametersAndChainsAConstantAndAZeroBeta() throws IOException {
        List<String> names = List.of("a[1]", "a(1)", "b", "c", "d", "e", "f", "g");
        PlotInputs in = new PlotInputs(dir, draws(12, 300, names, true), ladder(12, 1.0, 0.5, 0.1, 0.0),
                barrier(12, 0.2, 0.3, 0.5), roundTrips(12, 40, 100));
        Path plots = dir.resolve("nested").resolve("plots");
        RunPlots.Written w = RunPlots.write(in, plots);
        assertTrue(w.notes().isEmpty(), w.notes().toString());
        List<String> written = names(w.files());
        assertEquals(List.of("trace-a_1.png", "trace-a_1_2.png"), written.subList(0, 2));
        assertEquals(8 + 6, written.size());
        assertEquals(List.of("mh-acceptance.png", "communication-barrier.png", "round-trips.png"),
                written.subList(8 + 3, 8 + 6));
        BufferedImage corner = png(plots.resolve("marginals.png"));
        assertEquals(6 * CornerPlot.PANEL, corner.getWidth(), "only the first 6 parameters");
        assertEquals(CornerPlot.TITLE_BAND + 6 * CornerPlot.PANEL, corner.getHeight());
        BufferedImage ladder = png(plots.resolve("ladder.png"));
        assertEquals(ChartStyle.WIDTH, ladder.getWidth());
        assertEquals(ChartStyle.HEIGHT, ladder.getHeight());
    }

    @Test
    void rewritingReplacesTheFilesAndLeavesNoTemporaryFile() throws IOException {
        PlotInputs in = new PlotInputs(dir, draws(2, 20, List.of("x"), false), ladder(2, 1.0, 0.3));
        Path plots = dir.resolve("plots");
        RunPlots.write(in, plots);
        RunPlots.Written again = RunPlots.write(in, plots);
        try (Stream<Path> files = Files.list(plots)) {
            assertEquals(again.files().size(), files.count());
        }
    }

    @Test
    void aFileInPlaceOfTheDirectoryIsAConfigurationError() throws IOException {
        Path file = Files.writeString(dir.resolve("plots"), "x");
        PlotInputs in = new PlotInputs(dir, draws(1, 5, List.of("x"), false), ladder(1, 1.0, 0.5));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> RunPlots.write(in, file));
        assertEquals("--dir", e.key());
    }

    @Test
    void longChainsAreThinnedForDrawingAndTheTitleSaysSo() {
        DrawsTable t = draws(2, 5000, List.of("x"), false);
        String title = TracePlot.chart(t, 0).getTitle();
        assertEquals("Trace of x (every 3rd draw)", title);
        assertFalse(TracePlot.chart(draws(2, 2000, List.of("x"), false), 0).getTitle().contains("every"));
        assertEquals(1, TracePlot.stride(2000));
        assertEquals(2, TracePlot.stride(2001));
        assertEquals(500, TracePlot.stride(1_000_000));
    }

    @Test
    void ordinals() {
        assertEquals(List.of("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "112th"),
                Stream.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 112).map(TracePlot::ordinal).toList());
    }

    @Test
    void barrierAndRoundTripPlotsAreFullSizePngs() throws IOException {
        PlotInputs in = new PlotInputs(dir, draws(4, 100, List.of("x"), false), ladder(4, 1.0, 0.3, 0.1, 0.03, 0.01),
                barrier(4, 0.3, 0.35, 0.4, 0.45), roundTrips(4, 500, 50));
        RunPlots.Written w = RunPlots.write(in, dir.resolve("plots"));
        assertTrue(w.notes().isEmpty(), w.notes().toString());
        for (String name : List.of("communication-barrier.png", "round-trips.png")) {
            BufferedImage image = png(dir.resolve("plots").resolve(name));
            assertEquals(ChartStyle.WIDTH, image.getWidth(), name);
            assertEquals(ChartStyle.HEIGHT, image.getHeight(), name);
            assertTrue(distinctColours(image) > 10, name + " looks blank");
        }
    }

    @Test
    void theBarrierCurveRisesFromTheHottestLevelToTheTotal() {
        assertArrayEquals(new double[] {1.0, 0.8, 0.5, 0.0}, BarrierStatistics.cumulative(new double[] {0.2, 0.3, 0.5}),
                1e-15);
        double[] gap = BarrierStatistics.cumulative(new double[] {0.2, Double.NaN, 0.5});
        assertEquals(0.5, gap[2]);
        assertTrue(Double.isNaN(gap[1]) && Double.isNaN(gap[0]), Arrays.toString(gap));

        LadderStatistics ladder = ladder(2, 1.0, 0.3, 0.1, 0.01);
        XYChart chart = BarrierPlot.chart(ladder, barrier(2, 0.2, 0.3, 0.5));
        assertEquals("Communication barrier Λ(β): Λ = 1.00", chart.getTitle());
        List<BarrierPlot.Curve> curves = BarrierPlot.curves(ladder, barrier(2, 0.2, 0.3, 0.5));
        assertEquals(1, curves.size(), "one ladder: one pooled curve");
        assertEquals("all chains pooled (markers: the ladder's β)", curves.get(0).name());
        assertArrayEquals(new double[] {0.01, 0.1, 0.3, 1.0}, curves.get(0).beta(), 1e-15);
        assertArrayEquals(new double[] {0.0, 0.5, 0.8, 1.0}, curves.get(0).lambda(), 1e-15);
        assertTrue(chart.getStyler().isXAxisLogarithmic(), "every beta > 0");
        assertFalse(BarrierPlot.chart(ladder(2, 1.0, 0.5, 0.0), barrier(2, 0.2, 0.3)).getStyler().isXAxisLogarithmic());
    }

    @Test
    void tunedLaddersGetOneBarrierCurvePerChainOrANote() throws IOException {
        LadderStatistics fixed = ladder(3, 1.0, 0.3, 0.01);
        double[][] tuned = {{1.0, 0.2, 0.01}, {1.0, 0.25, 0.01}, {1.0, 0.15, 0.01}};
        LadderStatistics ladder = new LadderStatistics(fixed.betas(), fixed.chainIds(), fixed.mhAcceptance(),
                fixed.swapAcceptance(), fixed.pooledSwapAcceptance(), tuned);
        BarrierStatistics barrier = new BarrierStatistics(1.0, new double[] {0.5, 0.5},
                new double[][] {{0.4, 0.6}, {0.5, 0.5}, {0.6, 0.4}});
        assertNull(BarrierPlot.problem(ladder, barrier));
        List<BarrierPlot.Curve> curves = BarrierPlot.curves(ladder, barrier);
        assertEquals(List.of("chain 0", "chain 1", "chain 2"), curves.stream().map(BarrierPlot.Curve::name).toList());
        assertArrayEquals(new double[] {0.01, 0.25, 1.0}, curves.get(1).beta(), 1e-15);
        assertArrayEquals(new double[] {0.0, 0.6, 1.0}, curves.get(0).lambda(), 1e-15);
        png(writeChart(BarrierPlot.chart(ladder, barrier)));

        BarrierStatistics old = new BarrierStatistics(1.0, new double[] {0.5, 0.5}, new double[3][]);
        PlotInputs in = new PlotInputs(dir, draws(3, 50, List.of("x"), false), ladder, old, null);
        RunPlots.Written w = RunPlots.write(in, dir.resolve("plots"));
        assertFalse(names(w.files()).contains("communication-barrier.png"));
        assertTrue(w.notes().get(0).contains("no per-chain communication_barrier_per_pair"), w.notes().toString());
        assertTrue(w.notes().get(1).contains("no chains[].round_trips_by_batch"), w.notes().toString());
    }

    @Test
    void roundTripLinesAreCumulativeFromTheEndOfBurnIn() {
        RoundTripHistory history = roundTrips(2, 500, 50);
        assertEquals(31 + 63, history.total(), "chain 0: b % 3 summed over 32 batches = 31; chain 1: 32 more");
        XYChart chart = RoundTripsPlot.chart(history);
        double[][] line = RoundTripsPlot.line(history, 1);
        double[] x = line[0];
        double[] y = line[1];
        assertEquals(33, x.length);
        assertEquals(500.0, x[0]);
        assertEquals(500.0 + 32 * 50, x[32]);
        assertEquals(0.0, y[0]);
        assertEquals(history.cumulative(1)[31], y[32]);
        assertEquals(32 + 10 * 3 + 1, y[32], "chain 1: 1 + b % 3 in each of 32 batches");
        for (int i = 1; i < y.length; i++) {
            assertTrue(y[i] >= y[i - 1], "cumulative");
        }
        assertTrue(chart.getTitle().startsWith("Round trips after burn-in: " + history.total() + " in all, 2 chains"),
                chart.getTitle());
    }
}
