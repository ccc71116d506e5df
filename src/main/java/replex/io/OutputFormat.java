package replex.io;

import java.util.List;
import java.util.Locale;

/**
 * The draws files a run writes, chosen with {@code output.formats}. {@code summary.json} is always
 * written.
 */
public enum OutputFormat {

    /** {@code draws.csv}: every chain in one file ({@link DrawsCsv}); required, {@code replex plot} reads it. */
    CSV,
    /**
     * {@code draws-cmdstan-<chain>.csv}: one file per chain in CmdStan's layout ({@link CmdStanCsv}),
     * for ArviZ, the R packages posterior and bayesplot, CmdStanPy.
     */
    CMDSTAN;

    /** The default of {@code output.formats}: {@code [csv]}. */
    public static final List<OutputFormat> DEFAULT = List.of(CSV);

    /** @return the spelling in a job file: {@code csv}, {@code cmdstan} */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
