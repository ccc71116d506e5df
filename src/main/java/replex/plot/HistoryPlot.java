package replex.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots of an optimize run's {@code history.csv} against the round:
 * <ul>
 *   <li>{@link #value}: the value of each level's current state, one line per level (cold blue to
 *       hot vermillion) of the chain where the best state was found;</li>
 *   <li>{@link #metric}: one metric of the level-0 (coldest) state, one line per chain.</li>
 * </ul>
 * Both draw the best state's value (or metric) as a dashed line, use a log y axis when every value
 * is positive and they span a factor of 100 or more, and thin a line of more than
 * {@value TracePlot#MAX_POINTS_PER_CHAIN} points to every k-th recorded round (said in the title).
 * Non-finite values are left out. Thread-safe (stateless).
 */
final class HistoryPlot {

    /** With more lines than this the legend is left out; the title says what the colours mean. */
    static final int MAX_LEGEND_ENTRIES = 16;

    private HistoryPlot() {
    }

    /** One line: its legend label, colour and points. */
    private record Line(String label, Color color, double[] rounds, double[] values) {
    }

    /**
     * @param in the run's outputs
     * @return the chart, 800 × 600
     */
    static XYChart value(OptimizeInputs in) {
        HistoryTable h = in.history();
        int chain = in.best().chain();
        int levels = h.levels();
        List<Line> lines = new ArrayList<>();
        for (int k = 0; k < levels; k++) {
            double[][] s = h.series(chain, k, HistoryTable.VALUE);
            lines.add(new Line("level " + k + (k == 0 ? " (coldest)" : k == levels - 1 ? " (hottest)" : ""),
                    ChartStyle.gradient(k, levels), s[0], s[1]));
        }
        String title = "Value per level" + (h.chainIds().length > 1 ? ", chain " + chain + " (best found there)" : "");
        return chart(title, "value (" + in.direction() + ")", lines, "best value " + format(in.best().value())
                + " (round " + in.best().round() + ")", in.best().value(),
                "blue: level 0 (coldest) ... vermillion: level " + (levels - 1));
    }

    /**
     * @param in the run's outputs
     * @param metric the metric's index in {@link HistoryTable#metrics()}
     * @return the chart, 800 × 600
     */
    static XYChart metric(OptimizeInputs in, int metric) {
        HistoryTable h = in.history();
        String name = h.metrics().get(metric);
        int[] chains = h.chainIds();
        List<Line> lines = new ArrayList<>();
        for (int c = 0; c < chains.length; c++) {
            double[][] s = h.series(chains[c], 0, HistoryTable.LEADING.size() + metric);
            lines.add(new Line("chain " + chains[c], ChartStyle.color(c), s[0], s[1]));
        }
        Double best = in.best().metrics().get(name);
        return chart(name + " at level 0 (coldest)", name, lines, best == null ? null : "best state: "
                + format(best), best == null ? Double.NaN : best, chains.length + " chains");
    }

    private static XYChart chart(String title, String yTitle, List<Line> lines, String referenceLabel,
            double reference, String manyLines) {
        int longest = 0;
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        List<double[]> values = new ArrayList<>();
        for (Line l : lines) {
            longest = Math.max(longest, l.rounds().length);
            if (l.rounds().length > 0) {
                first = Math.min(first, l.rounds()[0]);
                last = Math.max(last, l.rounds()[l.rounds().length - 1]);
            }
            values.add(l.values());
        }
        values.add(new double[] {reference});
        int step = TracePlot.stride(longest);
        boolean legend = lines.size() <= MAX_LEGEND_ENTRIES;
        boolean log = ChartStyle.logScaleFits(values.toArray(double[][]::new));
        String fullTitle = title + (step > 1 ? " (every " + TracePlot.ordinal(step) + " recorded round)" : "")
                + (legend ? "" : "; " + manyLines);
        XYChart chart = ChartStyle.xyChart(fullTitle, "round", yTitle + (log ? ", log scale" : ""));
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        chart.getStyler().setYAxisLogarithmic(log);
        if (!log) {
            chart.getStyler().setYAxisDecimalPattern(decimalPattern(values));
        }
        chart.getStyler().setLegendVisible(true);
        ChartStyle.legendOutside(chart.getStyler(), (legend ? lines.size() : 0) + 1);
        float width = lines.size() <= 8 ? 1.2f : 0.8f;
        for (Line l : lines) {
            double[][] kept = ChartStyle.everyKthFinite(l.rounds(), l.values(), step);
            if (kept[0].length == 0) {
                continue;
            }
            XYSeries series = chart.addSeries(l.label(), kept[0], kept[1]);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(l.color());
            series.setLineStyle(ChartStyle.solid(width));
            series.setShowInLegend(legend);
        }
        if (referenceLabel != null && Double.isFinite(reference) && first <= last && (!log || reference > 0)) {
            ChartStyle.referenceLine(chart, referenceLabel, first, last, reference);
        }
        if (first < last) {
            ChartStyle.roundXTicks(chart, first + 0.5 * step);
        }
        return chart;
    }

    /**
     * @return a tick-label pattern with a leading zero and enough decimals for the span of the finite
     *     values: 0.002, not .002; 1250, not 1,250.000
     */
    static String decimalPattern(List<double[]> values) {
        double[] finite = ChartStyle.finiteRange(values);
        double span = finite[1] - finite[0];
        int decimals = !(span > 0) ? 3 : (int) Math.max(0, Math.min(12, 2 - Math.floor(Math.log10(span))));
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }

    /** @return six significant digits, as the run's own report prints them */
    static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
