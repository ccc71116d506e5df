package replex.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import replex.core.ConfigurationException;

/**
 * What every {@code replex} subcommand shares: {@code --quiet} / {@code --verbose}, output through
 * the command's own writers (so that tests can capture it), and the mapping of failures to exit
 * codes: a {@link ConfigurationException} prints {@code replex: error: <message>} and exits
 * {@link ExitCodes#USAGE}; any other failure prints {@code replex: run failed: <message>} and exits
 * {@link ExitCodes#RUN_FAILED}. Stack traces appear only with {@code --verbose}.
 *
 * <p>A new subcommand extends this class, implements {@link #execute()}, and is listed in
 * {@link ReplexCommand}'s {@code subcommands}. Its own {@code @Command} gives its name, header,
 * description and footer; the layout of the help below (the standard {@code --help} and
 * {@code --version}, options in declaration order, the headings) is the one every subcommand shares,
 * and a subcommand's own attribute (e.g. {@code footerHeading}) replaces it.
 */
@Command(mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        headerHeading = "%n",
        descriptionHeading = "%n",
        parameterListHeading = "%nParameters:%n",
        optionListHeading = "%nOptions:%n",
        footerHeading = "%nExamples:%n",
        resourceBundle = "replex.cli.OptionHelp")
public abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Verbosity verbosity;

    /** {@code --quiet} and {@code --verbose} exclude each other. */
    static final class Verbosity {
        @Option(names = {"-q", "--quiet"},
                description = "Print only errors and warnings: run, resume, submit and fetch show no progress "
                    + "bar and no summary table (submit still prints its job id), plot lists no files; node, "
                    + "status and cancel print as usual.")
        boolean quiet;

        @Option(names = {"-v", "--verbose"},
                description = "Log Replex's progress (INFO) to stderr and print stack traces of errors.")
        boolean verbose;
    }

    /**
     * Does the command's work.
     *
     * @return the exit code, normally {@link ExitCodes#OK}
     * @throws Exception on failure; mapped to an exit code by {@link #call()}
     */
    protected abstract int execute() throws Exception;

    @Override
    public final Integer call() {
        Runnable restoreLogging = verbose() ? Logging.verbose() : () -> { };
        try {
            return execute();
        } catch (Exception | Error e) { // a user target's Error is a failed run, reported like any other
            ConfigurationException bad = configurationCause(e);
            if (bad != null) {
                err().println("replex: error: " + oneLine(bad.getMessage()));
                trace(e);
                err().flush();
                return ExitCodes.USAGE;
            }
            String message = e.getMessage() == null ? e.getClass().getName() : oneLine(e.getMessage());
            String origin = origin(e);
            err().println("replex: run failed: " + message + (origin.isEmpty() ? "" : " " + oneLine(origin))
                    + (verbose() ? "" : " (--verbose shows the stack trace)"));
            trace(e);
            err().flush();
            return ExitCodes.RUN_FAILED;
        } finally {
            restoreLogging.run();
        }
    }

    /**
     * Where an unexpected failure (an {@link Error}, or a runtime exception other than the
     * {@link IllegalStateException} and {@link java.io.UncheckedIOException} that Replex throws with
     * its own messages) was thrown, so that a target's bug names its class and method.
     *
     * @return {@code " (java.lang.AssertionError at com.example.M.logLikelihood(M.java:12))"}, or
     *     an empty string
     */
    static String origin(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        boolean unexpected = root instanceof Error || (root instanceof RuntimeException
                && !(root instanceof IllegalStateException) && !(root instanceof java.io.UncheckedIOException));
        if (!unexpected) {
            return "";
        }
        for (StackTraceElement frame : root.getStackTrace()) {
            String c = frame.getClassName();
            if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                return " (" + root.getClass().getName() + " at " + c + "." + frame.getMethodName() + "("
                        + frame.getFileName() + ":" + frame.getLineNumber() + "))";
            }
        }
        return " (" + root.getClass().getName() + ")";
    }

    private static ConfigurationException configurationCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigurationException c) {
                return c;
            }
        }
        return null;
    }

    private void trace(Throwable e) {
        if (verbose()) {
            e.printStackTrace(err());
        }
    }

    /** Longest run of non-blank characters (a quoted value, a token, a path) printed whole in a message. */
    static final int MAX_TOKEN = 200;
    /** Characters kept of a longer run. */
    static final int KEPT_OF_TOKEN = 120;

    /**
     * Makes a message fit one readable terminal line: line breaks (and the blanks around them) become
     * one space; control characters are escaped as Java escapes (ESC becomes backslash-u001b), so that
     * text from a job file cannot send escape sequences to the terminal; a run of more than {@value #MAX_TOKEN} non-blank
     * characters (a huge value or token echoed back from a job file) is cut to its first
     * {@value #KEPT_OF_TOKEN} characters followed by {@code ... (N characters)}.
     *
     * @param message a message, possibly {@code null}
     * @return the printable line, never {@code null}
     */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String collapsed = message.strip().replaceAll("\\s*\\R\\s*", " ");
        StringBuilder line = new StringBuilder(Math.min(collapsed.length(), 4096));
        int i = 0;
        int n = collapsed.length();
        while (i < n) {
            int end = i;
            while (end < n && !Character.isWhitespace(collapsed.charAt(end))) {
                end++;
            }
            if (end > i) {
                int cut = end - i > MAX_TOKEN ? i + KEPT_OF_TOKEN : end;
                if (cut < end && Character.isHighSurrogate(collapsed.charAt(cut - 1))) {
                    cut--;
                }
                appendEscaped(line, collapsed, i, cut);
                if (cut < end) {
                    line.append("... (").append(end - i).append(" characters)");
                }
                i = end;
            } else {
                appendEscaped(line, collapsed, i, i + 1);
                i++;
            }
        }
        return line.toString();
    }

    private static void appendEscaped(StringBuilder line, String s, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c == ' ') {
                line.append(c);
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                line.append(String.format("\\u%04x", (int) c));
            } else {
                line.append(c);
            }
        }
    }

    /**
     * Prints what a finished run printed at the end: the summary table (unless {@code --quiet}),
     * then every warning on stderr.
     *
     * @param run the finished run
     */
    protected void report(replex.api.CompletedRun run) {
        if (!quiet()) {
            SummaryTable.print(out(), run);
        }
        for (String warning : run.summary().warnings()) {
            err().println("replex: warning: " + oneLine(warning));
        }
        err().flush();
    }

    /**
     * Refuses an empty directory option ({@code --out ""}), which would otherwise mean the working
     * directory.
     *
     * @param dir the option's value, or {@code null} when not given
     * @param option the option's name, e.g. {@code --out}
     * @return {@code dir}
     * @throws ConfigurationException if {@code dir} is the empty path
     */
    static java.nio.file.Path nonEmpty(java.nio.file.Path dir, String option) {
        if (dir != null && dir.toString().isEmpty()) {
            throw new ConfigurationException(option, "must not be empty; give a directory");
        }
        return dir;
    }

    /** @return true with {@code --verbose} */
    protected boolean verbose() {
        return verbosity != null && verbosity.verbose;
    }

    /** @return true with {@code --quiet} */
    protected boolean quiet() {
        return verbosity != null && verbosity.quiet;
    }

    /** @return the command's standard output */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** @return the command's standard error */
    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
