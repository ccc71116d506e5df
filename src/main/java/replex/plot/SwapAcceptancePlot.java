package replex.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;

/**
 * Bar chart of the swap acceptance rate of each neighbouring pair of levels (k, k+1): all chains
 * pooled, plus one bar per chain when there are at most {@value #MAX_CHAIN_SERIES} chains; the title
 * names the lowest pooled rate, and pooled bars alone carry their value. A pair
 * near 0 is a bottleneck of the ladder. A pair without any attempt has no bar. Thread-safe
 * (stateless).
 */
final class SwapAcceptancePlot {

    /** Per-chain bars are drawn for at most this many chains. */
    static final int MAX_CHAIN_SERIES = 8;
    private static final int ROTATE_LABELS_ABOVE = 16;
    private static final int MAX_VALUE_LABELS = 16;

    private SwapAcceptancePlot() {
    }

    /**
     * @param ladder the run's rates; at least two levels
     * @return the chart, 800 × 600
     * @throws IllegalArgumentException with a single level (no swaps)
     */
    static CategoryChart chart(LadderStatistics ladder) {
        int pairs = ladder.levels() - 1;
        if (pairs < 1) {
            throw new IllegalArgumentException("a ladder with one level has no swaps");
        }
        CategoryChart chart = ChartStyle.categoryChart(title(ladder), "levels k,k+1", "swap acceptance rate");
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Bar);
        // bars start at 0; the top follows the highest rate
        double[][] all = java.util.Arrays.copyOf(ladder.swapAcceptance(), ladder.chains() + 1);
        all[ladder.chains()] = ladder.pooledSwapAcceptance();
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(ChartStyle.rateRange(true, all)[1]);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setOverlapped(false);
        if (pairs > ROTATE_LABELS_ABOVE) {
            chart.getStyler().setXAxisLabelRotation(90);
        }
        boolean perChain = ladder.chains() > 1 && ladder.chains() <= MAX_CHAIN_SERIES;
        int seriesCount = 1 + (perChain ? ladder.chains() : 0);
        ChartStyle.legendOutside(chart.getStyler(), seriesCount);
        if (seriesCount == 1 && pairs <= MAX_VALUE_LABELS) {
            // the value on each bar: a rate near 0 would otherwise be an invisible bar
            chart.getStyler().setLabelsVisible(true);
            chart.getStyler().setLabelsFont(chart.getStyler().getLegendFont().deriveFont(11f));
            chart.getStyler().setLabelsPosition(1.0);
            chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
            chart.getStyler().setLabelsFontColor(Color.BLACK);
            chart.getStyler().setYAxisDecimalPattern("0.00#");
        }
        List<String> labels = new ArrayList<>(pairs);
        for (int k = 0; k < pairs; k++) {
            labels.add(k + "," + (k + 1));
        }
        CategorySeries pooled = chart.addSeries(ladder.chains() == 1 ? "chain " + ladder.chainIds()[0]
                : "all chains", labels, rates(ladder.pooledSwapAcceptance()));
        pooled.setFillColor(ChartStyle.REFERENCE);
        if (perChain) {
            for (int c = 0; c < ladder.chains(); c++) {
                CategorySeries series = chart.addSeries("chain " + ladder.chainIds()[c], labels,
                        rates(ladder.swapAcceptance()[c]));
                series.setFillColor(ChartStyle.withAlpha(ChartStyle.color(c), 200));
            }
        }
        return chart;
    }

    /** @return the title, with the lowest pooled rate: the ladder's bottleneck */
    private static String title(LadderStatistics ladder) {
        double[] pooled = ladder.pooledSwapAcceptance();
        int lowest = -1;
        for (int k = 0; k < pooled.length; k++) {
            if (!Double.isNaN(pooled[k]) && (lowest < 0 || pooled[k] < pooled[lowest])) {
                lowest = k;
            }
        }
        StringBuilder title = new StringBuilder("Swap acceptance by pair of levels (").append(ladder.chains())
                .append(ladder.chains() == 1 ? " chain" : " chains");
        if (lowest >= 0) {
            title.append(String.format(Locale.ROOT, "; lowest %.3f at %d,%d", pooled[lowest], lowest, lowest + 1));
        }
        return title.append(')').toString();
    }

    /** NaN (no attempt) becomes {@code null}: no bar. */
    private static List<Double> rates(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(Double.isNaN(v) ? null : v);
        }
        return out;
    }
}
