package replex.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import replex.core.SamplerSettings;
import replex.core.chain.ChainResult;
import replex.core.chain.DrawBuffer;
import replex.core.engine.RunResult;

/**
 * Writes the level-0 draws of one chain in the layout of CmdStan's output CSV, so that ArviZ
 * ({@code arviz.from_cmdstan}), the R packages posterior and bayesplot, and CmdStanPy read them
 * without glue:
 *
 * <pre>
 * # model = kidiq
 * # method = sample (Default)
 * #   sample
 * #     num_samples = 15000
 * ...
 * # id = 1
 * lp__,beta.1,beta.2,sigma
 * -1864.2,25.8,0.61,18.3
 * </pre>
 *
 * <p>The comment header holds the settings as CmdStan's {@code key = value} lines ({@code num_samples}
 * is the draws in the file; {@code num_warmup = 0} and {@code save_warmup = 0} because no burn-in
 * draw is written; {@code adapt engaged = 0} because no step-size adaptation lines follow), with the
 * parallel-tempering settings under {@code algorithm = parallel_tempering}. Columns: {@code lp__}, the
 * log density at β = 1 (log-likelihood + log-prior, unnormalised, natural log), then the
 * parameters with Stan's names ({@link #stanName}: {@code beta[1]} becomes {@code beta.1}). Numbers
 * are the shortest decimals that read back exactly ({@link ShortestDecimal}), as in
 * {@code draws.csv}. UTF-8, {@code \n} line ends. Thread-safe (stateless).
 */
public final class CmdStanCsv {

    /** File name of chain c (1-based, as CmdStan's {@code id}): {@code draws-cmdstan-c.csv}. */
    public static String fileName(int chainId) {
        return "draws-cmdstan-" + chainId + ".csv";
    }

    /** Matches the file names written by {@link #fileName(int)}. */
    public static final String FILE_NAME_PATTERN = "draws-cmdstan-[0-9]*.csv";

    private CmdStanCsv() {
    }

    /**
     * Stan's CSV name of a parameter: the brackets of {@code name[i]} or {@code name[i,j]} become
     * dots ({@code name.i}, {@code name.i.j}); any other name is unchanged.
     *
     * @param name a parameter name (no comma outside brackets, no quote: see {@code TargetFactory})
     * @return its name in a CmdStan CSV
     */
    public static String stanName(String name) {
        int open = name.indexOf('[');
        if (open <= 0 || !name.endsWith("]")) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length()).append(name, 0, open);
        for (String index : name.substring(open + 1, name.length() - 1).split(",", -1)) {
            b.append('.').append(index.strip());
        }
        return b.toString();
    }

    /**
     * @param result a completed run
     * @param chain the chain, 0 … chains − 1 (written as {@code id = chain + 1})
     * @param model the target's name or class, for the {@code model} line
     * @param version Replex's version, for the first comment line
     * @param out where to write; flushed, not closed
     * @throws IOException if writing fails
     */
    public static void write(RunResult result, int chain, String model, String version, OutputStream out)
            throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        write(result, chain, model, version, w);
        w.flush();
    }

    /**
     * @param result a completed run
     * @param chain the chain, 0 … chains − 1
     * @param model the target's name or class
     * @param version Replex's version
     * @param w where to write; not flushed or closed
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if {@code chain} is out of range
     */
    public static void write(RunResult result, int chain, String model, String version, Writer w)
            throws IOException {
        if (chain < 0 || chain >= result.chains().size()) {
            throw new IllegalArgumentException("chain " + chain + " of " + result.chains().size());
        }
        ChainResult c = result.chains().get(chain);
        DrawBuffer draws = c.draws();
        List<String> names = result.parameterNames();
        int d = names.size();
        SamplerSettings s = result.settings();
        w.append("# Written by Replex ").append(oneLine(version)).append(" in the layout of CmdStan's output CSV\n");
        w.append("# model = ").append(oneLine(model)).append('\n');
        w.append("# method = sample (Default)\n");
        w.append("#   sample\n");
        w.append("#     num_samples = ").append(Integer.toString(draws.rows())).append('\n');
        w.append("#     num_warmup = 0\n");
        w.append("#     save_warmup = 0\n");
        w.append("#     thin = ").append(Integer.toString(s.thin())).append('\n');
        w.append("#     adapt\n");
        w.append("#       engaged = 0\n");
        w.append("#     algorithm = parallel_tempering\n");
        w.append("#       parallel_tempering\n");
        w.append("#         levels = ").append(Integer.toString(s.levels())).append('\n');
        w.append("#         swap = ").append(s.swap().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        w.append("#         rounds = ").append(Integer.toString(s.rounds())).append('\n');
        w.append("#         burn_in_rounds = ").append(Integer.toString(s.burnInRounds())).append('\n');
        w.append("#         steps_per_round = ").append(Integer.toString(s.stepsPerRound())).append('\n');
        w.append("# id = ").append(Integer.toString(c.chain() + 1)).append('\n');
        w.append("# random\n");
        w.append("#   seed = ").append(Long.toString(s.seed())).append('\n');
        StringBuilder line = new StringBuilder(256).append("lp__");
        for (String name : names) {
            line.append(',').append(stanName(name));
        }
        w.append(line).append('\n');
        for (int row = 0; row < draws.rows(); row++) {
            line.setLength(0);
            line.append(ShortestDecimal.of(draws.get(row, d) + draws.get(row, d + 1)));
            for (int col = 0; col < d; col++) {
                line.append(',').append(ShortestDecimal.of(draws.get(row, col)));
            }
            w.append(line).append('\n');
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }
}
