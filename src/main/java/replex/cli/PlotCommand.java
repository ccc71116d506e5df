package replex.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import replex.core.ConfigurationException;
import replex.plot.OptimizeInputs;
import replex.plot.OptimizeOutputsReader;
import replex.plot.OptimizePlots;
import replex.plot.PlotInputs;
import replex.plot.RunKind;
import replex.plot.RunOutputsReader;
import replex.plot.RunPlots;

/** {@code replex plot OUT_DIR}: draws the diagnostic plots of a finished run as PNG files. */
@Command(name = "plot",
        header = "Draw the diagnostic plots of a finished run (PNG) from its output directory.",
        description = {
            "For a sample run, reads OUT_DIR/draws.csv and OUT_DIR/summary.json, as written by 'replex run', and "
                + "writes into OUT_DIR/plots (or --dir):",
            "* trace-<parameter>.png: value against draw, one line per chain; at most 2000 points per chain (every "
                + "k-th draw, said in the title). Good: the chains overlap like hairy caterpillars. Bad: drift, flat "
                + "stretches, or chains stuck in different modes.",
            "* marginals.png: corner plot of the first 6 parameters (or of --params); histograms (all chains pooled) on the diagonal, "
                + "scatter of each pair below.",
            "* swap-acceptance.png: swap acceptance rate of each pair of neighbouring levels, pooled and per chain "
                + "(up to 8 chains). A pair near 0 is a bottleneck: add levels there. Left out with a single level.",
            "* ladder.png: inverse temperature beta by level (log scale when every beta > 0). Left out with a "
                + "single level.",
            "* mh-acceptance.png: Metropolis-Hastings acceptance by level and chain, with a dashed line at 0.234; "
                + "far from it, the proposal scale is badly tuned.",
            "* communication-barrier.png: the cumulative communication barrier Lambda(beta), from 0 at the hottest "
                + "level to the total Lambda at beta = 1, a point at each beta of the ladder. Steep parts are hard "
                + "to cross: levels belong there. Left out with a single level.",
            "* round-trips.png: cumulative round trips (hottest level -> level 0 -> hottest) against the round, "
                + "one line per chain. Good: straight, steep lines. Flat stretches: the hot levels do not reach "
                + "level 0. Left out with a single level.",
            "For an optimize run (mode = optimize: best.csv, history.csv, summary.json), writes:",
            "* value.png: the value of each level's state against the round, one line per level (cold blue to hot "
                + "vermillion) of the chain where the best was found, the best value dashed. Level 0 should reach "
                + "the dashed line and level off; still improving at the last round: more rounds.",
            "* metric-<name>.png, per metric: the level-0 state's metric against the round, one line per chain, "
                + "the best state's metric dashed.",
            "* original-vs-best.png: for a 2-column table, the original data (the job's state.file, as "
                + "summary.json names it) and the best data side by side as scatter plots on the same axes. Left "
                + "out, with a note, for a vector, a wider table, or an original that moved or changed.",
            "A log y axis is used when every value is positive and they span a factor of 100 or more.",
            "A parameter name becomes a file name with every character other than letters, digits, '.' and '-' "
                + "replaced by '_' (beta[1] -> trace-beta_1.png). Files are replaced atomically. The paths "
                + "written are printed, one per line (none with --quiet). docs/plots.md shows how to read each plot."
        },
        footer = {
            "  bin/replex run examples/mixture.conf && bin/replex plot out/mixture",
            "  replex plot out/mixture --dir /tmp/mixture-plots",
            "  replex plot out/eight-schools --params mu,tau,theta_trans[1]",
            "  bin/replex run examples/optimize-correlation.conf",
            "  bin/replex plot out/optimize-correlation",
            "",
            "Exit codes: 0 ok, 1 writing a plot failed, 2 invalid input (OUT_DIR holds neither kind of run's "
                + "outputs, a file is missing or malformed, --dir unusable)."
        })
public final class PlotCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "OUT_DIR",
            description = "The output directory of a finished run (holding draws.csv and summary.json, or "
                + "best.csv, history.csv and summary.json).")
    Path outDir;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where to write the PNG files (created if needed). Default: OUT_DIR/plots.")
    Path dir;

    @Option(names = "--params", paramLabel = "NAME", split = ",",
            description = "Sample runs only. Plot only these parameters, in this order (comma-separated, as in draws.csv's header; "
                + "repeatable): their traces, and the first 6 of them in marginals.png. Default: every parameter's "
                + "trace, and the first 6 parameters in marginals.png.")
    List<String> params;

    @Override
    protected int execute() throws IOException {
        nonEmpty(dir, "--dir");
        Path out = nonEmpty(outDir, "OUT_DIR");
        RunPlots.Written written;
        if (RunKind.of(out) == RunKind.OPTIMIZE) {
            if (params != null && !params.isEmpty()) {
                throw new ConfigurationException("--params", "chooses parameters of a sample run's draws.csv; "
                        + out + " holds an optimize run, whose plots are its value, each metric and its data");
            }
            OptimizeInputs inputs = OptimizeOutputsReader.read(out);
            written = OptimizePlots.write(inputs, plotDirectory(inputs.directory()));
        } else {
            PlotInputs inputs = RunOutputsReader.read(out);
            if (params != null && !params.isEmpty()) {
                inputs = new PlotInputs(inputs.directory(), inputs.draws().select(params), inputs.ladder(),
                        inputs.barrier(), inputs.roundTrips());
            }
            written = RunPlots.write(inputs, plotDirectory(inputs.directory()));
        }
        if (!quiet()) {
            for (String note : written.notes()) {
                err().println("replex: note: " + note);
            }
            err().flush();
            for (Path file : written.files()) {
                out().println(file);
            }
            out().flush();
        }
        return ExitCodes.OK;
    }

    private Path plotDirectory(Path runDirectory) {
        return dir != null ? dir : runDirectory.resolve(RunPlots.DEFAULT_DIRECTORY);
    }
}
