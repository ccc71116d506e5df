package replex.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The cumulative communication barrier Λ(β) against the inverse temperature β: 0 at the hottest
 * level, rising by each pair's mean swap rejection probability r_k to the total Λ at β = 1, with a
 * marker at each β of the ladder (Syed et al. 2022). Where the curve is steep, replicas find it hard
 * to pass; a ladder with its levels at equal steps of Λ(β) (what {@code temperatures.adapt} aims
 * at) has equally spaced markers on the y axis. The x axis is logarithmic when every β &gt; 0.
 *
 * <p>When the chains share one ladder, one curve pools them ({@code communication_barrier.per_pair});
 * when each chain tuned its own ladder, one curve per chain (at most {@value #MAX_CHAINS}) on its own
 * ladder. Thread-safe (stateless).
 *
 * @see <a href="https://doi.org/10.1111/rssb.12464">Syed et al. (2022), JRSSB 84(2)</a>
 */
final class BarrierPlot {

    /** At most this many per-chain curves. */
    static final int MAX_CHAINS = 8;

    private BarrierPlot() {
    }

    /**
     * @param ladder the run's ladder (K ≥ 2 levels)
     * @param barrier its communication barrier
     * @return why the plot cannot be drawn, or {@code null} if it can
     */
    static String problem(LadderStatistics ladder, BarrierStatistics barrier) {
        if (ladder.levels() < 2) {
            return "the ladder has one level, so there is no barrier between levels";
        }
        if (barrier == null) {
            return "summary.json has no communication_barrier";
        }
        if (ladder.tuned()) {
            for (int c = 0; c < Math.min(MAX_CHAINS, ladder.chains()); c++) {
                if (ladder.chainBetas()[c] == null || barrier.chainPerPair()[c] == null) {
                    return "each chain tuned its own ladder, and summary.json has no per-chain "
                            + "communication_barrier_per_pair (written by an older version)";
                }
                if (Double.isNaN(BarrierStatistics.cumulative(barrier.chainPerPair()[c])[0])) {
                    return "a pair of levels of chain " + ladder.chainIds()[c] + " had no swap attempt";
                }
            }
        } else if (Double.isNaN(BarrierStatistics.cumulative(barrier.perPair())[0])) {
            return "a pair of levels had no swap attempt";
        }
        return null;
    }

    /**
     * One curve of the plot.
     *
     * @param name its legend entry
     * @param beta the ladder's β, ascending (hottest first)
     * @param lambda Λ(β) at each, from 0 up to the curve's total
     */
    record Curve(String name, double[] beta, double[] lambda) {
    }

    /**
     * @param ladder the run's ladder, for which {@link #problem} is null
     * @param barrier its communication barrier
     * @return the pooled curve on the common ladder, or one per chain (at most {@value #MAX_CHAINS})
     *     on its own tuned ladder
     */
    static List<Curve> curves(LadderStatistics ladder, BarrierStatistics barrier) {
        boolean tuned = ladder.tuned();
        int count = tuned ? Math.min(MAX_CHAINS, ladder.chains()) : 1;
        List<Curve> out = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            double[] betas = tuned ? ladder.chainBetas()[c] : ladder.betas();
            double[] lambda = BarrierStatistics.cumulative(tuned ? barrier.chainPerPair()[c] : barrier.perPair());
            String name = tuned ? "chain " + ladder.chainIds()[c]
                    : "all chains" + (ladder.chains() > 1 ? " pooled" : "") + " (markers: the ladder's β)";
            out.add(new Curve(name, reversed(betas), reversed(lambda)));
        }
        return out;
    }

    /**
     * @param ladder the run's ladder, for which {@link #problem} is null
     * @param barrier its communication barrier
     * @return the chart, 800 × 600
     */
    static XYChart chart(LadderStatistics ladder, BarrierStatistics barrier) {
        boolean tuned = ladder.tuned();
        List<Curve> curves = curves(ladder, barrier);
        double min = Double.POSITIVE_INFINITY;
        for (Curve curve : curves) {
            min = Math.min(min, curve.beta()[0]);
        }
        boolean log = min > 0;
        double total = Double.isFinite(barrier.global()) ? barrier.global()
                : BarrierStatistics.cumulative(barrier.perPair())[0];
        String title = String.format(Locale.ROOT, "Communication barrier Λ(β): Λ = %.2f%s", total,
                tuned ? " (each chain on its tuned ladder)" : "");
        XYChart chart = ChartStyle.xyChart(title, "inverse temperature β" + (log ? " (log scale)" : ""),
                "Λ(β): swap rejections from the hottest level up to β");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
        chart.getStyler().setYAxisMin(0.0);
        if (log) {
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setXAxisMin(Math.min(min, 0.1) / 1.2);
            chart.getStyler().setXAxisMax(1.2);
        } else {
            chart.getStyler().setXAxisMin(0.0);
            chart.getStyler().setXAxisMax(1.0);
        }
        double most = 0;
        for (int c = 0; c < curves.size(); c++) {
            Curve curve = curves.get(c);
            most = Math.max(most, curve.lambda()[curve.lambda().length - 1]);
            XYSeries series = chart.addSeries(curve.name(), curve.beta(), curve.lambda());
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineColor(ChartStyle.color(c));
            series.setMarkerColor(ChartStyle.color(c));
            series.setLineStyle(ChartStyle.solid(1.8f));
        }
        if (!(most > 0)) {
            chart.getStyler().setYAxisMax(1.0);
        }
        return chart;
    }

    private static double[] reversed(double[] values) {
        double[] out = Arrays.copyOf(values, values.length);
        for (int i = 0, j = out.length - 1; i < j; i++, j--) {
            double t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }
}
