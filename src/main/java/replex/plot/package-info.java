/**
 * Diagnostic plots of a finished run, drawn from its output directory alone ({@code draws.csv}
 * and {@code summary.json}) as PNG files with XChart: traces, a corner plot of the marginals, swap
 * and Metropolis–Hastings acceptance rates, the temperature ladder, the cumulative communication
 * barrier Λ(β) and the round trips over time. {@link
 * replex.plot.RunOutputsReader} reads the outputs into {@link replex.plot.PlotInputs}; {@link
 * replex.plot.RunPlots} draws and writes every plot. For an optimize run ({@link
 * replex.plot.RunKind} tells which kind wrote a directory), {@link replex.plot.OptimizeOutputsReader}
 * reads {@code best.csv}, {@code history.csv}, {@code summary.json} and the original table into
 * {@link replex.plot.OptimizeInputs}, and {@link replex.plot.OptimizePlots} draws the value per level,
 * the metrics and the original and best data. No sampling maths here: every number plotted was
 * computed by the run.
 */
package replex.plot;
