package replex.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Locale;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.AxesChart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The look shared by every plot: white background, light grid, readable sans-serif fonts, a
 * colour-blind-friendly palette (Okabe–Ito), and the standard 800 × 600 size. Thread-safe
 * (stateless); each chart it builds belongs to its caller.
 */
final class ChartStyle {

    /** Width of a single plot in pixels. */
    static final int WIDTH = 800;
    /** Height of a single plot in pixels. */
    static final int HEIGHT = 600;

    /** Okabe &amp; Ito (2008) colours, distinguishable with common colour-vision deficiencies; the pale
     * yellow last. */
    static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(240, 228, 66),
    };
    /** A neutral grey for reference lines. */
    static final Color REFERENCE = new Color(90, 90, 90);
    static final BasicStroke DASHED = new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 6f}, 0f);

    private static final String FONT = Font.SANS_SERIF;
    private static final int MAX_LEGEND_ROW = 6;

    private ChartStyle() {
    }

    /** @return an 800 × 600 XY chart with the given texts and the shared look */
    static XYChart xyChart(String title, String xAxisTitle, String yAxisTitle) {
        return titled(new XYChart(WIDTH, HEIGHT), title, xAxisTitle, yAxisTitle);
    }

    /** @return an 800 × 600 category (bar) chart with the given texts and the shared look */
    static CategoryChart categoryChart(String title, String xAxisTitle, String yAxisTitle) {
        return titled(new CategoryChart(WIDTH, HEIGHT), title, xAxisTitle, yAxisTitle);
    }

    /** @return {@code chart}, given the texts and the shared look */
    private static <C extends AxesChart<?, ?>> C titled(C chart, String title, String xAxisTitle, String yAxisTitle) {
        chart.setTitle(title);
        chart.setXAxisTitle(xAxisTitle);
        chart.setYAxisTitle(yAxisTitle);
        apply(chart.getStyler(), 1.0);
        return chart;
    }

    /**
     * Applies the shared look.
     *
     * @param s the chart's styler
     * @param scale font scale: 1 for full-size plots, smaller for the panels of the corner plot
     */
    static void apply(AxesChartStyler s, double scale) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(150, 150, 150));
        s.setPlotGridLinesColor(new Color(228, 228, 228));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartFontColor(Color.BLACK);
        s.setAxisTickLabelsColor(new Color(40, 40, 40));
        s.setAxisTickMarksColor(new Color(150, 150, 150));
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(FONT, Font.BOLD, size(17, scale)));
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, size(14, scale)));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, size(12, scale)));
        s.setLegendFont(new Font(FONT, Font.PLAIN, size(13, scale)));
        s.setLegendBackgroundColor(Color.WHITE);
        s.setLegendBorderColor(new Color(200, 200, 200));
        s.setSeriesColors(PALETTE);
        s.setAntiAlias(true);
        s.setTextAntiAlias(true);
        s.setLocale(Locale.ROOT);
        s.setChartPadding(scale < 1 ? 6 : 12);
    }

    /**
     * Places the legend out of the data's way: in one row under the plot for a few entries, in a
     * column right of it for more (a row does not wrap).
     *
     * @param s the chart's styler
     * @param entries the number of legend entries
     */
    static void legendOutside(AxesChartStyler s, int entries) {
        if (entries <= MAX_LEGEND_ROW) {
            s.setLegendPosition(LegendPosition.OutsideS);
            s.setLegendLayout(LegendLayout.Horizontal);
        } else {
            s.setLegendPosition(LegendPosition.OutsideE);
            s.setLegendLayout(LegendLayout.Vertical);
        }
    }

    /** @return a solid line of the given width */
    static BasicStroke solid(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /**
     * Makes XChart choose round tick values on the x axis. XChart puts the x ticks only on data
     * positions when the x values of all series are equally spaced (as draw indices and histogram
     * edges are), which gives labels such as 14.3072; an invisible point off that grid restores
     * the usual round ticks.
     *
     * @param chart the chart, with its series added
     * @param offGrid an x value inside the axis range but not on the data's grid
     */
    static void roundXTicks(XYChart chart, double offGrid) {
        XYSeries hidden = chart.addSeries(" ", new double[] {offGrid}, new double[] {Double.NaN});
        hidden.setShowInLegend(false);
        hidden.setMarker(SeriesMarkers.NONE);
        hidden.setLineColor(new Color(0, 0, 0, 0));
    }

    /**
     * Sets up an x axis of levels 0 … K−1. With only the levels as x values XChart puts the ticks
     * on the levels themselves; a single level gets no tick labels (its title says which it is).
     *
     * @param chart the chart
     * @param levels K
     */
    static void levelAxis(XYChart chart, int levels) {
        chart.getStyler().setXAxisMin(-0.5);
        chart.getStyler().setXAxisMax(levels - 0.5);
        chart.getStyler().setXAxisDecimalPattern("0");
        if (levels == 1) {
            chart.getStyler().setXAxisTicksVisible(false);
            chart.setXAxisTitle(chart.getXAxisTitle() + ": 0, the only level");
        }
    }

    /**
     * Adds a dashed grey horizontal reference line from x0 to x1 at y, shown in the legend.
     *
     * @return the series
     */
    static XYSeries referenceLine(XYChart chart, String label, double x0, double x1, double y) {
        XYSeries reference = chart.addSeries(label, new double[] {x0, x1}, new double[] {y, y});
        reference.setMarker(SeriesMarkers.NONE);
        reference.setLineStyle(DASHED);
        reference.setLineColor(REFERENCE);
        return reference;
    }

    /**
     * A colour from cold to hot, for the levels of a ladder: the palette's blue for i = 0, its
     * vermillion for i = n − 1, interpolated in between.
     *
     * @param i the index, 0 … n−1
     * @param n the number of colours, ≥ 1
     * @return the colour
     */
    static Color gradient(int i, int n) {
        double t = n <= 1 ? 0 : (double) i / (n - 1);
        Color a = PALETTE[0];
        Color b = PALETTE[1];
        return new Color((int) Math.round(a.getRed() + t * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }

    /**
     * @param values the values to be drawn
     * @return whether a log axis suits them: every finite value is positive and the largest is at
     *     least 100 times the smallest (a minimisation towards 0, say)
     */
    static boolean logScaleFits(double[]... values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    if (v <= 0) {
                        return false;
                    }
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return lo <= hi && hi >= 100 * lo;
    }

    /**
     * Thins points for drawing.
     *
     * @param x the x values
     * @param y the y values, as many
     * @param stride k ≥ 1: every k-th point is kept, from the first
     * @return {x, y} of the kept points whose x and y are both finite
     */
    static double[][] everyKthFinite(double[] x, double[] y, int stride) {
        int n = (x.length + stride - 1) / stride;
        double[] xs = new double[n];
        double[] ys = new double[n];
        int kept = 0;
        for (int i = 0; i < x.length; i += stride) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                xs[kept] = x[i];
                ys[kept] = y[i];
                kept++;
            }
        }
        return new double[][] {java.util.Arrays.copyOf(xs, kept), java.util.Arrays.copyOf(ys, kept)};
    }

    /** Fixes both axes' ranges, {min, max} each. */
    static void axisRanges(AxesChartStyler s, double[] xRange, double[] yRange) {
        s.setXAxisMin(xRange[0]);
        s.setXAxisMax(xRange[1]);
        s.setYAxisMin(yRange[0]);
        s.setYAxisMax(yRange[1]);
    }

    /** @return the colour with the given opacity (0–255) */
    static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /** @return the i-th palette colour, cycling */
    static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    private static int size(int points, double scale) {
        return Math.max(9, (int) Math.round(points * scale));
    }

    /**
     * A y-axis range for rates in [0, 1] scaled to the data, so that rates near each other are not a
     * flat line across a 0…1 axis: from the smallest to the largest finite value, padded by a tenth
     * of the span (at least 0.05), clipped to [0, 1].
     *
     * @param fromZero whether the axis starts at 0 (bars need their base)
     * @param values the rates; non-finite ones are ignored
     * @return {min, max}; {0, 1} when no value is finite
     */
    static double[] rateRange(boolean fromZero, double[]... values) {
        double[] finite = finiteRange(java.util.Arrays.asList(values));
        double lo = finite[0];
        double hi = finite[1];
        if (lo > hi) {
            return new double[] {0, 1};
        }
        double pad = Math.max(0.05, 0.1 * (hi - lo));
        return new double[] {fromZero ? 0 : Math.max(0, lo - pad), Math.min(1, hi + pad)};
    }

    /**
     * @param values rows of values; non-finite ones are ignored
     * @return {smallest, largest} finite value; {+∞, −∞} when none is finite
     */
    static double[] finiteRange(Iterable<double[]> values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return new double[] {lo, hi};
    }
}
