package replex.plot;

import java.util.Locale;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Trace plot of one parameter: its value against the draw index, one thin line per chain in the
 * chain's colour, thinner and more transparent as chains multiply. Long chains
 * are thinned for drawing to at most {@value #MAX_POINTS_PER_CHAIN} points (every k-th draw, said
 * in the title), which keeps the file small and the lines readable. Thread-safe (stateless).
 */
final class TracePlot {

    /** At most this many points per chain are drawn. */
    static final int MAX_POINTS_PER_CHAIN = 2000;
    /** With more chains than this the legend is left out (it would not fit); the title gives the count. */
    static final int MAX_LEGEND_ENTRIES = 16;

    private TracePlot() {
    }

    /**
     * @param draws the draws
     * @param parameter the parameter's column index
     * @return the chart, 800 × 600
     */
    static XYChart chart(DrawsTable draws, int parameter) {
        String name = draws.parameters().get(parameter);
        int longest = 0;
        for (long[] d : draws.drawIndices()) {
            longest = Math.max(longest, d.length);
        }
        int step = stride(longest);
        StringBuilder title = new StringBuilder("Trace of ").append(name);
        if (step > 1) {
            title.append(" (every ").append(ordinal(step)).append(" draw)");
        }
        boolean legend = draws.chains() <= MAX_LEGEND_ENTRIES;
        if (!legend) {
            title.append(", ").append(draws.chains()).append(" chains");
        }
        XYChart chart = ChartStyle.xyChart(title.toString(), "draw (after burn-in)", name);
        chart.getStyler().setXAxisTickMarkSpacingHint(90);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendVisible(legend);
        ChartStyle.legendOutside(chart.getStyler(), draws.chains());
        // lines slightly transparent and thinner as chains multiply, so overlapping chains stay visible
        float width = lineWidth(draws.chains());
        int alpha = lineAlpha(draws.chains());
        for (int c = 0; c < draws.chains(); c++) {
            long[] index = draws.drawIndices()[c];
            double[] values = draws.values()[c][parameter];
            int n = (index.length + step - 1) / step;
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = index[i * step];
                y[i] = values[i * step];
            }
            XYSeries series = chart.addSeries("chain " + draws.chainIds()[c], x, y);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(ChartStyle.withAlpha(ChartStyle.color(c), alpha));
            series.setLineStyle(ChartStyle.solid(width));
        }
        if (longest > 1) {
            ChartStyle.roundXTicks(chart, Math.max(0.5, 0.5 * step));
        }
        return chart;
    }

    /**
     * @param chains the number of chains drawn
     * @return the line width: thinner as chains multiply, so that many chains stay lines of their own
     *     colour instead of one solid band
     */
    static float lineWidth(int chains) {
        return chains <= 2 ? 1.0f : chains <= 4 ? 0.8f : chains <= 8 ? 0.6f : 0.45f;
    }

    /**
     * @param chains the number of chains drawn
     * @return the lines' opacity (0-255): more transparent as chains multiply, so that the chains
     *     under the top one show through
     */
    static int lineAlpha(int chains) {
        return chains <= 1 ? 255 : chains <= 4 ? 190 : chains <= 8 ? 140 : 100;
    }

    /**
     * @param draws the draws of the longest chain
     * @return k such that every k-th draw gives at most {@value #MAX_POINTS_PER_CHAIN} points
     */
    static int stride(int draws) {
        return Math.max(1, (draws + MAX_POINTS_PER_CHAIN - 1) / MAX_POINTS_PER_CHAIN);
    }

    /** @return 2nd, 3rd, 4th, 11th, 21st, … */
    static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return String.format(Locale.ROOT, "%d%s", n, suffix);
    }
}
