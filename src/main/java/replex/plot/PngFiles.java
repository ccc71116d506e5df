package replex.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.IChart;

import replex.io.StagedFile;

/** Writes images as PNG files atomically (see {@link StagedFile}). Thread-safe (stateless). */
final class PngFiles {

    private PngFiles() {
    }

    /**
     * @param chart a chart, rendered at its own size
     * @param file the destination; its directory must exist
     * @throws IOException if writing fails; the destination is then unchanged
     */
    static void write(IChart chart, Path file) throws IOException {
        write(BitmapEncoder.getBufferedImage(chart), file);
    }

    /**
     * @param image the image
     * @param file the destination; its directory must exist
     * @throws IOException if writing fails; the destination is then unchanged
     */
    static void write(BufferedImage image, Path file) throws IOException {
        StagedFile.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG encoder available in this Java runtime");
            }
        });
    }
}
