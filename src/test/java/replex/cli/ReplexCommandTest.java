package replex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class ReplexCommandTest {

    @TempDir
    Path dir;

    /** Exit code and captured output of one invocation. */
    record Outcome(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Outcome execute(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private static Outcome replex(String... args) {
        return execute(new CommandLine(new ReplexCommand()), args);
    }

    private Path job(String content) throws IOException {
        Path file = dir.resolve("job.conf");
        Files.writeString(file, content);
        return file;
    }

    private static String small(String target) {
        return "job { target { " + target + " }, chains = 2, temperatures.count = 3, rounds = 40, "
                + "steps-per-round = 2, burn-in-rounds = 10, workers = 0 }";
    }

    private static void assertNoStackTrace(Outcome o) {
        assertFalse(o.err().contains("Exception"), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
    }

    @Test
    void helpListsEveryOption() {
        Outcome run = replex("run", "--help");
        assertEquals(ExitCodes.OK, run.code());
        for (String option : List.of("FILE", "--out", "--workers", "--seed", "--classpath", "--quiet", "--verbose",
                "--help", "--version", "Examples:", "Exit codes")) {
            assertTrue(run.out().contains(option), () -> option + " missing from:\n" + run.out());
        }
        Outcome root = replex("--help");
        assertEquals(ExitCodes.OK, root.code());
        assertTrue(root.out().contains("run") && root.out().contains("Commands:"), root.out());
    }

    @Test
    void hugeValuesAreCutInTheErrorLine() throws IOException {
        Outcome value = replex("run", job("job { mode = \"" + "y".repeat(200_000) + "\", "
                + "target { name = gaussian, means = [0] } }").toString());
        assertEquals(ExitCodes.USAGE, value.code());
        assertEquals(1, value.errLines().size(), () -> value.err().substring(0, Math.min(300, value.err().length())));
        String line = value.errLines().get(0);
        assertTrue(line.startsWith("replex: error: job.mode: must be one of sample, got 'yyy"), line);
        assertTrue(line.length() < 400 && line.contains("... (200002 characters)"), line);

        Path token = dir.resolve("token.conf");
        Files.writeString(token, "x".repeat(2_000_000));
        Outcome parse = replex("run", token.toString());
        assertEquals(ExitCodes.USAGE, parse.code());
        assertEquals(1, parse.errLines().size());
        assertTrue(parse.errLines().get(0).length() < 600, parse.errLines().get(0));
        assertTrue(parse.errLines().get(0).contains("token.conf"), parse.errLines().get(0));
    }

    @Test
    void controlCharactersFromAJobFileAreEscaped() throws IOException {
        Outcome o = replex("run", job("job { target { name = \"a\\u001b[31mred\\u0007b\" } }").toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertFalse(o.err().chars().anyMatch(c -> c < 0x20 && c != '\n'), o.err());
        assertTrue(o.err().contains("unknown built-in target 'a\\u001b[31mred\\u0007b'"), o.err());
    }

    @Test
    void initialValuesOutsideTheSupportStopTheRunWithOneLine() throws IOException {
        for (int workers : new int[] {0, 2}) {
            Path out = dir.resolve("out" + workers);
            Outcome o = replex("run", job("job { target { name = eight_schools-eight_schools_noncentered }, chains = 2, "
                    + "temperatures.count = 2, rounds = 20, workers = " + workers + ", init { values = [[0, 0, 0, 0, "
                    + "0, 0, 0, 0, 1, 2], [0, 0, 0, 0, 0, 0, 0, 0, 1, -2]] } }").toString(), "--out", out.toString());
            assertEquals(ExitCodes.USAGE, o.code(), o.err());
            assertEquals(List.of("replex: error: job.init.values: row 2 (chain 1, replica 0) is outside the target's "
                    + "support (logPrior = -Infinity; both must be finite): parameter tau = -2.0 is the cause (with the "
                    + "target's own start for it, the point is in the support); the row: theta_trans[1] = 0.0, "
                    + "theta_trans[2] = 0.0, theta_trans[3] = 0.0, theta_trans[4] = 0.0, theta_trans[5] = 0.0, "
                    + "theta_trans[6] = 0.0, theta_trans[7] = 0.0, theta_trans[8] = 0.0, ... (10 parameters)"),
                    o.errLines());
            assertFalse(Files.exists(out.resolve("draws.csv")) || Files.exists(out.resolve("summary.json")));
        }
    }

    @Test
    void oneLineKeepsShortMessagesAsTheyAre() {
        assertEquals("job.chains: must be an integer >= 1, got 0 and /a/b/c",
                BaseCommand.oneLine("  job.chains: must be an integer >= 1,\n   got 0 and /a/b/c \n"));
        assertEquals("tab\\u0009here", BaseCommand.oneLine("tab\there"));
        String cut = BaseCommand.oneLine("got '" + "z".repeat(BaseCommand.MAX_TOKEN) + "' end");
        assertEquals("got '" + "z".repeat(BaseCommand.KEPT_OF_TOKEN - 1) + "... ("
                + (BaseCommand.MAX_TOKEN + 2) + " characters) end", cut);
    }

    @Test
    void emptyDirectoryOptionsAreRefused() throws IOException {
        Outcome run = replex("run", job(small("name = gaussian, means = [0]")).toString(), "--out", "");
        assertEquals(ExitCodes.USAGE, run.code(), run.err());
        assertEquals(List.of("replex: error: --out: must not be empty; give a directory, e.g. --out out/run1"),
                run.errLines());
        assertFalse(Files.exists(Path.of("draws.csv")) || Files.exists(Path.of("summary.json")));
        Outcome plot = replex("plot", dir.toString(), "--dir", "");
        assertEquals(ExitCodes.USAGE, plot.code(), plot.err());
        assertTrue(plot.err().startsWith("replex: error: --dir: must not be empty"), plot.err());
    }

    @Test
    void helpExamplesAreNotWrappedAndOptionsSayWhereTheyApply() {
        CommandLine root = ReplexCommand.commandLine();
        List<CommandLine> commands = new java.util.ArrayList<>(root.getSubcommands().values());
        commands.add(root);
        for (CommandLine c : commands) {
            // every example line (indented) fits picocli's 80 columns: it is never wrapped, so a copied
            // command is whole and a comment never lands on a line of its own
            for (String line : c.getCommandSpec().usageMessage().footer()) {
                if (line.startsWith("  ")) {
                    assertTrue(line.length() <= 80, c.getCommandName() + " footer line too long: " + line);
                }
            }
        }
        String rootHelp = replex("--help").out().replaceAll("\\s+", " ");
        assertFalse(rootHelp.contains("or --verbose adds"), rootHelp);
        assertTrue(rootHelp.contains("a command's --verbose"), rootHelp);
        String status = replex("status", "--help").out().replaceAll("\\s+", " ");
        assertTrue(status.contains("node, status and cancel print as usual"), status);
    }

    @Test
    void versionIsPrinted() {
        Outcome o = replex("--version");
        assertEquals(ExitCodes.OK, o.code());
        assertTrue(o.out().startsWith("replex "), o.out());
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(ExitCodes.USAGE, replex().code());
    }

    @Test
    void invalidJobFilePrintsOneLineNamingTheKey() throws IOException {
        Path file = job("job { target { name = gaussian, means = [0] }, chains = \"four\" }");
        Outcome o = replex("run", file.toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertEquals(List.of("replex: error: job.chains: must be an integer >= 1, got STRING 'four'"), o.errLines());
        assertNoStackTrace(o);
        assertEquals("", o.out());
    }

    @Test
    void typoInAKeyIsAUsageError() throws IOException {
        Path file = job("job { target { name = gaussian, means = [0] }, tempratures { count = 2 } }");
        Outcome o = replex("run", file.toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.err().contains("job.tempratures") && o.err().contains("job.temperatures"), o.err());
    }

    @Test
    void missingFileIsAUsageError() {
        Outcome o = replex("run", dir.resolve("absent.conf").toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.err().contains("absent.conf"), o.err());
        assertNoStackTrace(o);
    }

    @Test
    void unknownTargetNameIsAUsageError() throws IOException {
        Path file = job(small("name = no-such-target"));
        Outcome o = replex("run", file.toString(), "--out", dir.resolve("out").toString());
        assertEquals(ExitCodes.USAGE, o.code());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.err().startsWith("replex: error: job.target.name: "), o.err());
        assertTrue(o.err().contains("gaussian"), "lists the built-in targets: " + o.err());
        assertNoStackTrace(o);
        assertFalse(Files.exists(dir.resolve("out")), "nothing is written when the pre-flight fails");
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLine() throws IOException {
        Path file = job(small("name = gaussian, means = [0]"));
        Outcome o = execute(ReplexCommand.commandLine(), "run", file.toString(), "--wrokers", "2");
        assertEquals(ExitCodes.USAGE, o.code());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.err().startsWith("replex: error: ") && o.err().contains("--wrokers"), o.err());
    }

    @Test
    void quietAndVerboseExcludeEachOther() throws IOException {
        Path file = job(small("name = gaussian, means = [0]"));
        assertEquals(ExitCodes.USAGE, replex("run", file.toString(), "--quiet", "--verbose").code());
    }

    @Test
    void userClassFromClasspathRunsSequentially() throws IOException, URISyntaxException {
        Path testClasses = Path.of(UserTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path file = job(small("class = \"replex.cli.UserTarget\", mean = 3"));
        Path out = dir.resolve("out");
        Outcome o = replex("run", file.toString(), "--classpath", testClasses.toString(), "--out", out.toString(),
                "--seed", "11");
        assertEquals(ExitCodes.OK, o.code(), o.err());
        List<String> lines = Files.readAllLines(out.resolve("draws.csv"), StandardCharsets.UTF_8);
        assertEquals("chain,draw,mu,log_likelihood,log_prior", lines.get(0));
        assertEquals(1 + 2 * 30 * 2, lines.size(), "header + chains x (rounds - burn-in) x steps");
        assertTrue(Files.exists(out.resolve("summary.json")));
        assertTrue(o.out().contains("parameter") && o.out().contains("mu") && o.out().contains("r_hat"), o.out());
        assertTrue(o.out().contains("swap acceptance") && o.out().contains("round trips"), o.out());
        assertTrue(o.out().contains(out.resolve("draws.csv").toString()), o.out());
    }

    @Test
    void quietPrintsNoTable() throws IOException {
        Path file = job(small("name = gaussian, means = [0]"));
        Outcome o = replex("run", file.toString(), "--quiet", "--out", dir.resolve("q").toString());
        assertEquals(ExitCodes.OK, o.code(), o.err());
        assertEquals("", o.out());
    }

    @Test
    void cmdstanFilesAreListedUnderOutputs() throws IOException {
        Path out = dir.resolve("cs").toAbsolutePath();
        Path file = job(small("name = gaussian, means = [0]") + "\noutput { formats = [csv, cmdstan] }");
        Outcome o = replex("run", file.toString(), "--out", out.toString());
        assertEquals(ExitCodes.OK, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        int at = lines.indexOf("outputs: " + out.resolve("draws.csv"));
        assertTrue(at >= 0, o.out());
        assertEquals(List.of("         " + out.resolve("draws-cmdstan-1.csv"), "         " + out.resolve("draws-cmdstan-2.csv"),
                "         " + out.resolve("summary.json")), lines.subList(at + 1, at + 4));
    }

    @Test
    void sameSeedGivesIdenticalDraws() throws IOException {
        Path file = job(small("name = gaussian, means = [0, 1]"));
        assertEquals(ExitCodes.OK, replex("run", file.toString(), "-q", "--out", dir.resolve("a").toString()).code());
        assertEquals(ExitCodes.OK, replex("run", file.toString(), "-q", "--out", dir.resolve("b").toString()).code());
        assertEquals(Files.readString(dir.resolve("a/draws.csv")), Files.readString(dir.resolve("b/draws.csv")));
    }

    @Test
    void classCompiledOutsideTheApplicationIsFoundOnlyWithClasspath() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assumeTrue(javac != null, "needs a JDK");
        Path src = dir.resolve("src/plugin/FlatBox.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package plugin;
                public class FlatBox implements replex.core.Target {
                    public int dimension() { return 2; }
                    public double logPrior(double[] x) { return Math.abs(x[0]) < 1 && Math.abs(x[1]) < 1 ? 0 : Double.NEGATIVE_INFINITY; }
                    public double logLikelihood(double[] x) { return 0; }
                    public double[] initialState(org.apache.commons.rng.UniformRandomProvider rng) {
                        return new double[] {rng.nextDouble() - 0.5, rng.nextDouble() - 0.5};
                    }
                }
                """);
        Path classes = dir.resolve("plugin-classes");
        Files.createDirectories(classes);
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString());
        assertEquals(0, rc);
        Path file = job(small("class = plugin.FlatBox"));

        Outcome without = replex("run", file.toString(), "-q", "--out", dir.resolve("o1").toString());
        assertEquals(ExitCodes.USAGE, without.code());
        assertTrue(without.err().contains("job.target.class") && without.err().contains("--classpath"), without.err());

        Outcome with = replex("run", file.toString(), "-q", "--out", dir.resolve("o2").toString(),
                "--classpath", dir.resolve("nothing-here").toString() + ":" + classes);
        assertEquals(ExitCodes.USAGE, with.code(), "a missing classpath entry is bad input");
        assertTrue(with.err().contains("--classpath"), with.err());

        Outcome ok = replex("run", file.toString(), "-q", "--out", dir.resolve("o3").toString(),
                "--classpath", classes.toString());
        assertEquals(ExitCodes.OK, ok.code(), ok.err());
        assertEquals(1 + 2 * 60, Files.readAllLines(dir.resolve("o3/draws.csv")).size());
    }

    @Test
    void targetBugIsARunFailure() throws IOException {
        Path file = job(small("class = replex.cli.BrokenTarget"));
        Outcome o = replex("run", file.toString(), "--out", dir.resolve("out").toString());
        assertEquals(ExitCodes.RUN_FAILED, o.code());
        assertEquals(1, o.errLines().size(), o.err());
        assertTrue(o.err().startsWith("replex: run failed: internal bug in BrokenTarget (java.lang.AssertionError at "
                + "replex.cli.BrokenTarget.initialState(BrokenTarget.java:"), "names the class and method: " + o.err());
        assertFalse(o.err().contains("\tat "), o.err());

        Outcome verbose = replex("run", file.toString(), "--verbose", "--out", dir.resolve("out").toString());
        assertEquals(ExitCodes.RUN_FAILED, verbose.code());
        assertTrue(verbose.err().contains("\tat "), "--verbose prints the stack trace");
    }
}
