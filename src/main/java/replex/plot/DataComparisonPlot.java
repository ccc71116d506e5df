package replex.plot;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

import replex.io.TableCsv;

/**
 * The original data of an optimize run and its best data side by side: two
 * {@value #PANEL} × {@value #PANEL} scatter plots of a 2-column table (first column on x, second on
 * y) on the same axis ranges, so that what moved shows. The best panel's legend gives the best
 * state's first {@value #MAX_METRICS} metrics (3 significant digits). At most {@value #MAX_POINTS}
 * points per panel (every k-th row, said in the title). Thread-safe (stateless).
 */
final class DataComparisonPlot {

    /** Side of each panel in pixels; the image is 2 · PANEL wide and PANEL high. */
    static final int PANEL = 600;
    /** At most this many of the best state's metrics are named in its legend. */
    static final int MAX_METRICS = 3;
    /** At most this many points per panel. */
    static final int MAX_POINTS = 20_000;

    private DataComparisonPlot() {
    }

    /**
     * @param in the run's outputs, with {@link OptimizeInputs#original()} not {@code null}
     * @return the image, 1200 × 600
     */
    static BufferedImage image(OptimizeInputs in) {
        TableCsv.Cells original = in.original();
        TableCsv.Cells best = in.bestTable();
        double[][] a = columns(original);
        double[][] b = columns(best);
        double[] xRange = CornerPlot.range(concat(a[0], b[0]));
        double[] yRange = CornerPlot.range(concat(a[1], b[1]));
        StringBuilder metrics = new StringBuilder();
        int shown = 0;
        for (java.util.Map.Entry<String, Double> e : in.best().metrics().entrySet()) {
            if (shown++ == MAX_METRICS) {
                metrics.append(", ...");
                break;
            }
            metrics.append(metrics.length() == 0 ? "" : ", ").append(e.getKey()).append(" = ")
                    .append(String.format(java.util.Locale.ROOT, "%.3g", e.getValue()));
        }
        XYChart left = panel("Original: " + in.originalFile().getFileName(), original.rows() + " rows", a, xRange,
                yRange, original.names(), 0);
        XYChart right = panel("Best (value " + HistoryPlot.format(in.best().value()) + ", round "
                + in.best().round() + ")", metrics.length() == 0 ? best.rows() + " rows" : metrics.toString(), b,
                xRange, yRange, best.names(), 1);
        BufferedImage image = new BufferedImage(2 * PANEL, PANEL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.drawImage(BitmapEncoder.getBufferedImage(left), 0, 0, null);
            g.drawImage(BitmapEncoder.getBufferedImage(right), PANEL, 0, null);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static XYChart panel(String title, String legend, double[][] xy, double[] xRange, double[] yRange,
            java.util.List<String> names, int colour) {
        int stride = Math.max(1, (xy[0].length + MAX_POINTS - 1) / MAX_POINTS);
        XYChart chart = new XYChart(PANEL, PANEL);
        chart.setTitle(title + (stride > 1 ? " (every " + TracePlot.ordinal(stride) + " row)" : ""));
        chart.setXAxisTitle(names.get(0));
        chart.setYAxisTitle(names.get(1));
        ChartStyle.apply(chart.getStyler(), 1.0);
        ChartStyle.legendOutside(chart.getStyler(), 1);
        ChartStyle.axisRanges(chart.getStyler(), xRange, yRange);
        chart.getStyler().setMarkerSize(4);
        double[][] kept = ChartStyle.everyKthFinite(xy[0], xy[1], stride);
        XYSeries series = chart.addSeries(legend, kept[0], kept[1]);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(ChartStyle.withAlpha(ChartStyle.color(colour), kept[0].length <= 2000 ? 140 : 70));
        return chart;
    }

    private static double[][] columns(TableCsv.Cells t) {
        double[][] c = new double[2][t.rows()];
        for (int i = 0; i < t.rows(); i++) {
            c[0][i] = t.get(i, 0);
            c[1][i] = t.get(i, 1);
        }
        return c;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
