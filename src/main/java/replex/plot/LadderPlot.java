package replex.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The temperature ladder: inverse temperature β by level, markers joined by a line, on a log scale
 * when every β is positive (a geometric ladder is then a straight line). Thread-safe (stateless).
 */
final class LadderPlot {

    private LadderPlot() {
    }

    /**
     * @param ladder the run's ladder
     * @return the chart, 800 × 600
     */
    static XYChart chart(LadderStatistics ladder) {
        double[] betas = ladder.betas();
        int levels = betas.length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double b : betas) {
            min = Math.min(min, b);
            max = Math.max(max, b);
        }
        boolean log = min > 0;
        XYChart chart = ChartStyle.xyChart("Temperature ladder: " + levels + (levels == 1 ? " level" : " levels")
                + (ladder.tuned() ? ", before and after tuning" : "") + (log ? " (log scale)" : ""), "level",
                "inverse temperature β");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
        ChartStyle.levelAxis(chart, levels);
        if (log) {
            chart.getStyler().setYAxisLogarithmic(true);
            // at least one decade, so that a ladder close to 1 still gets tick labels
            chart.getStyler().setYAxisMin(Math.min(min, max / 10) / 1.2);
            chart.getStyler().setYAxisMax(max * 1.2);
        } else {
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(Math.max(1.0, max) * 1.05);
        }
        double[] x = new double[levels];
        for (int k = 0; k < levels; k++) {
            x[k] = k;
        }
        XYSeries series = chart.addSeries(ladder.tuned() ? "initial ladder" : "β of level k (level 0: the target, β = 1)",
                x, betas);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineColor(ChartStyle.color(0));
        series.setMarkerColor(ChartStyle.color(0));
        series.setLineWidth(1.8f);
        if (ladder.tuned()) {
            // One series per chain (each chain tunes its own ladder), at most 8 for legibility.
            for (int c = 0; c < Math.min(8, ladder.chains()); c++) {
                double[] tuned = ladder.chainBetas()[c];
                if (tuned != null) {
                    XYSeries t = chart.addSeries("tuned, chain " + ladder.chainIds()[c], x, tuned);
                    t.setMarker(SeriesMarkers.DIAMOND);
                    t.setLineColor(ChartStyle.color(c + 1));
                    t.setMarkerColor(ChartStyle.color(c + 1));
                }
            }
        }
        return chart;
    }
}
