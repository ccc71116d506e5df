package replex.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Corner plot of the marginals: a grid of {@value #PANEL} px panels with the histogram of each
 * parameter on the diagonal (all chains pooled, {@value #BINS} bins) and the 2-d scatter of every
 * pair below it (at most {@value #MAX_SCATTER_POINTS} draws, every k-th of the pooled draws). Only
 * the first {@value #MAX_PARAMETERS} parameters are drawn, as the title says. Each panel is an
 * XChart chart of its own, composed into one image. Within a column every panel shares the x
 * range, within a row the y range. Thread-safe (stateless).
 *
 * @see <a href="https://doi.org/10.21105/joss.00024">Foreman-Mackey (2016), corner.py, JOSS 1(2)</a>
 */
final class CornerPlot {

    /** Side of one panel in pixels. */
    static final int PANEL = 250;
    /** Height of the title band above the grid in pixels. */
    static final int TITLE_BAND = 40;
    /** At most this many parameters are drawn. */
    static final int MAX_PARAMETERS = 6;
    /** Bins of each histogram. */
    static final int BINS = 40;
    /** At most this many points per scatter panel. */
    static final int MAX_SCATTER_POINTS = 3000;
    private static final int Y_AXIS_WIDTH = 44;
    private static final double PANEL_FONT_SCALE = 0.75;

    private CornerPlot() {
    }

    /**
     * @param draws the draws
     * @return the number of parameters drawn: min(d, {@value #MAX_PARAMETERS})
     */
    static int shown(DrawsTable draws) {
        return Math.min(draws.parameters().size(), MAX_PARAMETERS);
    }

    /**
     * @param draws the draws
     * @return the image, {@code PANEL·m} wide and {@code TITLE_BAND + PANEL·m} high for m =
     *     {@link #shown(DrawsTable)}
     */
    static BufferedImage image(DrawsTable draws) {
        int m = shown(draws);
        List<String> names = draws.parameters();
        double[][] pooled = new double[m][];
        double[][] ranges = new double[m][];
        for (int p = 0; p < m; p++) {
            pooled[p] = draws.pooled(p);
            ranges[p] = range(pooled[p]);
        }
        long total = draws.totalDraws();
        int stride = (int) Math.max(1, (total + MAX_SCATTER_POINTS - 1) / MAX_SCATTER_POINTS);

        String title = "Marginals" + (names.size() > m ? " of the first " + m + " of " + names.size()
                + " parameters" : "") + " (" + draws.chains() + (draws.chains() == 1 ? " chain)" : " chains pooled)");
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, m == 1 ? 14 : 17);
        List<String> titleLines = wrap(title, metrics(titleFont), PANEL * m - 8);
        // one line: centred in the usual band; more: 20 px apart from 14 px down, and the band grows
        int band = titleLines.size() == 1 ? TITLE_BAND : 14 + 20 * (titleLines.size() - 1) + 16;
        BufferedImage image = new BufferedImage(PANEL * m, band + PANEL * m, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < titleLines.size(); i++) {
                int centreTimesTwo = titleLines.size() == 1 ? TITLE_BAND : 2 * (14 + 20 * i);
                drawCentred(g, titleLines.get(i), image.getWidth(), centreTimesTwo, Font.BOLD, titleFont.getSize());
            }
            for (int row = 0; row < m; row++) {
                for (int col = 0; col <= row; col++) {
                    XYChart panel = row == col
                            ? histogram(names.get(col), pooled[col], ranges[col], row == 0, row == m - 1)
                            : scatter(names.get(col), names.get(row), pooled[col], pooled[row], ranges[col],
                                    ranges[row], stride, col == 0, row == m - 1);
                    g.drawImage(BitmapEncoder.getBufferedImage(panel), col * PANEL, band + row * PANEL, null);
                }
            }
            if (m > 1) {
                drawNote(g, m, total, stride);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static XYChart panel(String title, String xTitle, String yTitle, double[] xRange, double[] yRange) {
        XYChart chart = new XYChart(PANEL, PANEL);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle == null ? "" : xTitle);
        chart.setYAxisTitle(yTitle == null ? "" : yTitle);
        ChartStyle.apply(chart.getStyler(), PANEL_FONT_SCALE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisTitleVisible(xTitle != null);
        chart.getStyler().setYAxisTitleVisible(yTitle != null);
        chart.getStyler().setYAxisLeftWidthHint(Y_AXIS_WIDTH);
        chart.getStyler().setXAxisTickMarkSpacingHint(60);
        chart.getStyler().setYAxisTickMarkSpacingHint(40);
        chart.getStyler().setPlotMargin(2);
        ChartStyle.axisRanges(chart.getStyler(), xRange, yRange);
        return chart;
    }

    private static XYChart histogram(String name, double[] values, double[] range, boolean firstRow,
            boolean lastRow) {
        double width = (range[1] - range[0]) / BINS;
        long[] counts = new long[BINS];
        long most = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                int bin = (int) Math.min(BINS - 1, Math.max(0, Math.floor((v - range[0]) / width)));
                most = Math.max(most, ++counts[bin]);
            }
        }
        XYChart chart = panel(name, lastRow ? name : null, firstRow ? "count" : null, range,
                new double[] {0, Math.max(1, most) * 1.08});
        // the outline of the bars as one polygon: up and down at every bin edge
        double[] x = new double[2 * BINS + 2];
        double[] y = new double[2 * BINS + 2];
        x[0] = range[0];
        y[0] = 0;
        for (int b = 0; b < BINS; b++) {
            x[2 * b + 1] = edge(range, b);
            y[2 * b + 1] = counts[b];
            x[2 * b + 2] = edge(range, b + 1);
            y[2 * b + 2] = counts[b];
        }
        x[2 * BINS + 1] = range[1];
        y[2 * BINS + 1] = 0;
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Area);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(ChartStyle.color(0));
        series.setFillColor(ChartStyle.withAlpha(ChartStyle.color(0), 110));
        series.setLineWidth(1.2f);
        ChartStyle.roundXTicks(chart, range[0] + width / 3);
        return chart;
    }

    private static XYChart scatter(String xName, String yName, double[] x, double[] y, double[] xRange,
            double[] yRange, int stride, boolean firstColumn, boolean lastRow) {
        XYChart chart = panel(yName + " vs " + xName, lastRow ? xName : null, firstColumn ? yName : null, xRange,
                yRange);
        double[][] kept = ChartStyle.everyKthFinite(x, y, stride);
        if (kept[0].length == 0) {
            return chart;
        }
        XYSeries series = chart.addSeries(yName + " vs " + xName, kept[0], kept[1]);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(ChartStyle.withAlpha(ChartStyle.color(0), 70));
        chart.getStyler().setMarkerSize(3);
        return chart;
    }

    /** @return the left edge of bin b; the last edge is exactly range[1], as XChart needs ascending x */
    private static double edge(double[] range, int b) {
        return b == BINS ? range[1] : Math.min(range[1], range[0] + b * (range[1] - range[0]) / BINS);
    }

    /** @return {min, max} of the finite values, widened a little; a constant gets ±0.5 (or ±5 %) */
    static double[] range(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min > max) {
            return new double[] {-1, 1};
        }
        if (max - min <= 1e-12 * Math.max(1, Math.abs(max))) {
            double half = Math.max(0.5, 0.05 * Math.abs(max));
            return new double[] {min - half, max + half};
        }
        double pad = 0.02 * (max - min);
        return new double[] {min - pad, max + pad};
    }

    private static FontMetrics metrics(Font font) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    /**
     * Breaks a title into lines that each fit {@code width} pixels (at word boundaries; a single
     * word wider than that stays whole, and {@link #drawCentred} shrinks it).
     *
     * @return the lines, at least one
     */
    static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && fm.stringWidth(candidate) > width) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    private static void drawCentred(Graphics2D g, String text, int width, int height, int style, int size) {
        Font font = new Font(Font.SANS_SERIF, style, size);
        FontMetrics fm = g.getFontMetrics(font);
        while (fm.stringWidth(text) > width - 8 && font.getSize() > 9) {
            font = font.deriveFont((float) font.getSize() - 1);
            fm = g.getFontMetrics(font);
        }
        g.setFont(font);
        g.setColor(Color.BLACK);
        g.drawString(text, Math.max(4, (width - fm.stringWidth(text)) / 2), (height + fm.getAscent()
                - fm.getDescent()) / 2);
    }

    /** Explains the panels in the empty top-right corner. */
    private static void drawNote(Graphics2D g, int m, long total, int stride) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        g.setFont(font);
        g.setColor(new Color(70, 70, 70));
        int x = (m - 1) * PANEL + 10;
        int y = TITLE_BAND + 20;
        String[] lines = {
            "diagonal: histograms, " + BINS + " bins,",
            "  all " + total + " draws",
            "below: scatter of pairs,",
            "  " + (stride == 1 ? "all draws" : "every " + TracePlot.ordinal(stride) + " draw"),
        };
        for (String line : lines) {
            g.drawString(line, x, y);
            y += g.getFontMetrics().getHeight();
        }
    }
}
