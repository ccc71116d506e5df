package replex.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Round trips over time: each chain's cumulative count of completed round trips (a replica going
 * from the hottest level to level 0 and back) against the round, from the end of burn-in to the
 * last round, one line per chain, with a point at the end of each batch of rounds. A straight line
 * is a steady rate; flat stretches are rounds in which no replica completed the trip. Thread-safe
 * (stateless).
 */
final class RoundTripsPlot {

    private static final int MAX_LEGEND_ENTRIES = 16;

    private RoundTripsPlot() {
    }

    /**
     * @param history the round trips per batch of every chain
     * @return the chart, 800 × 600
     */
    static XYChart chart(RoundTripHistory history) {
        int chains = history.chains();
        boolean legend = chains <= MAX_LEGEND_ENTRIES;
        long total = history.total();
        XYChart chart = ChartStyle.xyChart("Round trips after burn-in: " + total + " in all, " + chains
                + (chains == 1 ? " chain" : " chains"), "round (burn-in ends at round " + history.burnInRounds() + ")",
                "round trips completed (cumulative, per chain)");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendVisible(legend);
        ChartStyle.legendOutside(chart.getStyler(), chains);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisMin(0.0);
        double first = history.burnInRounds();
        double last = first;
        double most = 0;
        for (int c = 0; c < chains; c++) {
            double[][] line = line(history, c);
            double[] y = line[1];
            most = Math.max(most, y[y.length - 1]);
            last = line[0][line[0].length - 1];
            XYSeries series = chart.addSeries("chain " + history.chainIds()[c], line[0], y);
            series.setMarker(chains <= 8 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            series.setLineColor(ChartStyle.color(c));
            series.setMarkerColor(ChartStyle.color(c));
            series.setLineStyle(ChartStyle.solid(chains <= 4 ? 1.6f : 1.1f));
        }
        if (most == 0) {
            // all zero: give the y axis a range, so that the flat line is visibly at 0
            chart.getStyler().setYAxisMax(1.0);
        }
        if (last > first) {
            ChartStyle.roundXTicks(chart, first + 0.5);
        }
        return chart;
    }

    /**
     * @param history the round trips per batch
     * @param chain a chain's position in {@link RoundTripHistory#chainIds()}
     * @return {x, y}: x the rounds done (the end of burn-in, then the end of each batch), y the
     *     chain's round trips completed by then (0 at the end of burn-in); length batches + 1 each
     */
    static double[][] line(RoundTripHistory history, int chain) {
        long[] ends = history.endRounds();
        long[] cumulative = history.cumulative(chain);
        double[] x = new double[ends.length + 1];
        double[] y = new double[ends.length + 1];
        x[0] = history.burnInRounds();
        for (int b = 0; b < ends.length; b++) {
            x[b + 1] = ends[b];
            y[b + 1] = cumulative[b];
        }
        return new double[][] {x, y};
    }
}
