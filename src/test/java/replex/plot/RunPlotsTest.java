package replex.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
    void oneLevelLeavesOutTheSwapPlotWithANote() throws IOException {
        PlotInputs in = new PlotInputs(dir, draws(1, 50, List.of("mu", "sigma"), false), ladder(1, 1.0));
        RunPlots.Written w = RunPlots.write(in, dir.resolve("plots"));
        assertEquals(List.of("trace-mu.png", "trace-sigma.png", "marginals.png", "ladder.png", "mh-acceptance.png"),
                names(w.files()));
        assertEquals(1, w.notes().size());
        assertTrue(w.notes().get(0).contains("one level"), w.notes().get(0));
        for (Path f : w.files()) {
            png(f);
        }
    }

    @Test
    void manyParametersAndChainsAConstantAndAZeroBeta() throws IOException {
        List<String> names = List.of("a[1]", "a(1)", "b", "c", "d", "e", "f", "g");
        PlotInputs in = new PlotInputs(dir, draws(12, 300, names, true), ladder(12, 1.0, 0.5, 0.1, 0.0));
        Path plots = dir.resolve("nested").resolve("plots");
        RunPlots.Written w = RunPlots.write(in, plots);
        assertTrue(w.notes().isEmpty());
        List<String> written = names(w.files());
        assertEquals(List.of("trace-a_1.png", "trace-a_1_2.png"), written.subList(0, 2));
        assertEquals(8 + 4, written.size());
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
}
