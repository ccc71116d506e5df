package replex.plot;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plot of {@code replex bench}, {@code bench.png}: two panels side by side, each against the
 * worker threads per node (0 = the sequential engine), one series per node count. Left: wall time
 * in seconds (the median as a line, every run as a small dot). Right: parallel efficiency, with
 * the dashed line 1 of perfect scaling. 1600 × 600 pixels. Thread-safe (stateless).
 */
public final class BenchPlot {

    private BenchPlot() {
    }

    /**
     * The measurements of one setting.
     *
     * @param workers worker threads per node, ≥ 0 (0 = sequential engine)
     * @param nodes nodes, ≥ 1
     * @param medianWallSeconds median wall time, seconds
     * @param efficiency parallel efficiency of the median
     * @param wallSeconds the wall time of every run, seconds
     */
    public record Point(int workers, int nodes, double medianWallSeconds, double efficiency, double[] wallSeconds) {
    }

    /**
     * Writes the plot atomically.
     *
     * @param points one per setting, at least one
     * @param title the title of the wall-time panel, e.g. the job file's name
     * @param file the PNG file; its directory must exist
     * @throws IOException if it cannot be written (the destination is then unchanged)
     * @throws IllegalArgumentException if {@code points} is empty
     */
    public static void write(List<Point> points, String title, Path file) throws IOException {
        PngFiles.write(image(points, title), file);
    }

    /**
     * @return the two panels side by side
     * @throws IllegalArgumentException if {@code points} is empty
     */
    static BufferedImage image(List<Point> points, String title) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no points to plot");
        }
        XYChart wall = wallChart(points, title);
        XYChart efficiency = efficiencyChart(points);
        BufferedImage image = new BufferedImage(2 * ChartStyle.WIDTH, ChartStyle.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.drawImage(BitmapEncoder.getBufferedImage(wall), 0, 0, null);
            g.drawImage(BitmapEncoder.getBufferedImage(efficiency), ChartStyle.WIDTH, 0, null);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static Map<Integer, List<Point>> byNodes(List<Point> points) {
        Map<Integer, List<Point>> series = new TreeMap<>();
        for (Point p : points) {
            series.computeIfAbsent(p.nodes(), n -> new ArrayList<>()).add(p);
        }
        for (List<Point> s : series.values()) {
            s.sort((a, b) -> Integer.compare(a.workers(), b.workers()));
        }
        return series;
    }

    private static String name(int nodes) {
        return nodes == 1 ? "1 node" : nodes + " nodes";
    }

    private static XYChart wallChart(List<Point> points, String title) {
        XYChart chart = ChartStyle.xyChart("Wall time: " + title, xTitle(), "wall time (s)");
        style(chart, points);
        chart.getStyler().setYAxisMin(0.0);
        int i = 0;
        for (Map.Entry<Integer, List<Point>> e : byNodes(points).entrySet()) {
            List<Point> s = e.getValue();
            XYSeries median = chart.addSeries(name(e.getKey()) + " (median)", workers(s),
                    s.stream().mapToDouble(Point::medianWallSeconds).toArray());
            median.setLineColor(ChartStyle.color(i));
            median.setMarkerColor(ChartStyle.color(i));
            median.setMarker(SeriesMarkers.CIRCLE);
            median.setLineStyle(ChartStyle.solid(2f));
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Point p : s) {
                for (double w : p.wallSeconds()) {
                    x.add((double) p.workers());
                    y.add(w);
                }
            }
            XYSeries runs = chart.addSeries(name(e.getKey()) + " runs", x, y);
            runs.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            runs.setMarker(SeriesMarkers.DIAMOND);
            runs.setMarkerColor(ChartStyle.withAlpha(ChartStyle.color(i), 110));
            runs.setShowInLegend(false);
            i++;
        }
        return chart;
    }

    private static XYChart efficiencyChart(List<Point> points) {
        XYChart chart = ChartStyle.xyChart("Parallel efficiency (1 = perfect scaling)", xTitle(),
                "speed-up / (threads / baseline threads)");
        style(chart, points);
        chart.getStyler().setYAxisMin(0.0);
        double top = 1.1;
        for (Point p : points) {
            if (Double.isFinite(p.efficiency())) {
                top = Math.max(top, p.efficiency() * 1.1);
            }
        }
        chart.getStyler().setYAxisMax(top);
        int i = 0;
        for (Map.Entry<Integer, List<Point>> e : byNodes(points).entrySet()) {
            List<Point> s = e.getValue();
            XYSeries series = chart.addSeries(name(e.getKey()), workers(s),
                    s.stream().mapToDouble(Point::efficiency).toArray());
            series.setLineColor(ChartStyle.color(i));
            series.setMarkerColor(ChartStyle.color(i));
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineStyle(ChartStyle.solid(2f));
            i++;
        }
        int minWorkers = points.stream().mapToInt(Point::workers).min().orElseThrow();
        int maxWorkers = points.stream().mapToInt(Point::workers).max().orElseThrow();
        XYSeries perfect = chart.addSeries("perfect scaling", new double[] {minWorkers, Math.max(maxWorkers,
                minWorkers + 1)}, new double[] {1, 1});
        perfect.setLineColor(ChartStyle.REFERENCE);
        perfect.setLineStyle(ChartStyle.DASHED);
        perfect.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static String xTitle() {
        return "worker threads per node (0 = sequential engine)";
    }

    private static void style(XYChart chart, List<Point> points) {
        ChartStyle.legendOutside(chart.getStyler(), byNodes(points).size() + 1);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("0.0##");
        int maxWorkers = points.stream().mapToInt(Point::workers).max().orElseThrow();
        chart.getStyler().setXAxisMin(-0.25);
        chart.getStyler().setXAxisMax(Math.max(maxWorkers, 1) + 0.25);
    }

    private static double[] workers(List<Point> s) {
        return s.stream().mapToDouble(Point::workers).toArray();
    }
}
