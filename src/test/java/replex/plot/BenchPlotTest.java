package replex.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPlotTest {

    @TempDir
    Path dir;

    @Test
    void writesTwoPanelsAsAPng() throws Exception {
        List<BenchPlot.Point> points = List.of(
                new BenchPlot.Point(0, 1, 4.0, 1.0, new double[] {3.9, 4.0, 4.2}),
                new BenchPlot.Point(1, 1, 4.2, 0.95, new double[] {4.2}),
                new BenchPlot.Point(2, 1, 2.2, 0.9, new double[] {2.2}),
                new BenchPlot.Point(1, 2, 2.5, 0.8, new double[] {2.5}),
                new BenchPlot.Point(2, 2, 1.5, 0.67, new double[] {1.5}));
        Path png = dir.resolve("bench.png");
        BenchPlot.write(points, "job.conf", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "a readable PNG");
        assertEquals(2 * ChartStyle.WIDTH, image.getWidth());
        assertEquals(ChartStyle.HEIGHT, image.getHeight());
        // both panels are drawn: neither half is blank
        assertNotEquals(0, nonWhite(image, 0, ChartStyle.WIDTH));
        assertNotEquals(0, nonWhite(image, ChartStyle.WIDTH, 2 * ChartStyle.WIDTH));
    }

    @Test
    void aSingleSettingStillPlots() throws Exception {
        Path png = dir.resolve("one.png");
        BenchPlot.write(List.of(new BenchPlot.Point(0, 1, 1.0, 1.0, new double[] {1.0})), "one", png);
        assertEquals(2 * ChartStyle.WIDTH, ImageIO.read(png.toFile()).getWidth());
        assertThrows(IllegalArgumentException.class, () -> BenchPlot.write(List.of(), "none", dir.resolve("x.png")));
    }

    private static int nonWhite(BufferedImage image, int from, int to) {
        int count = 0;
        for (int x = from; x < to; x += 3) {
            for (int y = 0; y < image.getHeight(); y += 3) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    count++;
                }
            }
        }
        return count;
    }
}
