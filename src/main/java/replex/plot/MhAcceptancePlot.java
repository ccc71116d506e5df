package replex.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Metropolis–Hastings acceptance rate by level, one line per chain, with a dashed reference line
 * at 0.234, the optimal rate of a random-walk proposal in many dimensions. Thread-safe
 * (stateless).
 *
 * @see <a href="https://doi.org/10.1214/aoap/1034625254">Roberts, Gelman &amp; Gilks (1997), Ann.
 *     Appl. Probab. 7(1): the 0.234 rule</a>
 */
final class MhAcceptancePlot {

    /** The asymptotically optimal acceptance rate of a random-walk Metropolis proposal. */
    static final double REFERENCE_RATE = 0.234;
    private static final int MAX_LEGEND_ENTRIES = 16;

    private MhAcceptancePlot() {
    }

    /**
     * @param ladder the run's rates
     * @return the chart, 800 × 600
     */
    static XYChart chart(LadderStatistics ladder) {
        int levels = ladder.levels();
        boolean legend = ladder.chains() <= MAX_LEGEND_ENTRIES;
        XYChart chart = ChartStyle.xyChart("Metropolis–Hastings acceptance by level" + (legend ? ""
                : " (" + ladder.chains() + " chains)"), "level (0 = target, β = 1)", "MH acceptance rate");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendVisible(true);
        ChartStyle.legendOutside(chart.getStyler(), legend ? ladder.chains() + 1 : 1);
        // scaled to the rates and the 0.234 reference, so that differences between levels show
        double[][] rates = java.util.Arrays.copyOf(ladder.mhAcceptance(), ladder.chains() + 1);
        rates[ladder.chains()] = new double[] {REFERENCE_RATE};
        double[] range = ChartStyle.rateRange(false, rates);
        chart.getStyler().setYAxisMin(range[0]);
        chart.getStyler().setYAxisMax(range[1]);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        ChartStyle.levelAxis(chart, levels);
        double[] x = new double[levels];
        for (int k = 0; k < levels; k++) {
            x[k] = k;
        }
        for (int c = 0; c < ladder.chains(); c++) {
            XYSeries series = chart.addSeries("chain " + ladder.chainIds()[c], x, ladder.mhAcceptance()[c]);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineColor(ChartStyle.color(c));
            series.setMarkerColor(ChartStyle.color(c));
            series.setLineStyle(ChartStyle.solid(1.5f));
            series.setShowInLegend(legend);
        }
        ChartStyle.referenceLine(chart, "0.234 (optimal random walk)", levels == 1 ? -0.5 : 0,
                levels == 1 ? 0.5 : levels - 1, REFERENCE_RATE);
        return chart;
    }
}
