package replex.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
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
 * {@link ReplexCommand}'s {@code subcommands}.
 */
public abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Verbosity verbosity;

    /** {@code --quiet} and {@code --verbose} exclude each other. */
    static final class Verbosity {
        @Option(names = {"-q", "--quiet"},
                description = "Print no progress bar and no summary table; only errors and warnings.")
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
            err().println("replex: run failed: " + message + (verbose() ? "" : " (--verbose shows the stack trace)"));
            trace(e);
            err().flush();
            return ExitCodes.RUN_FAILED;
        } finally {
            restoreLogging.run();
        }
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

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
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
            err().println("replex: warning: " + warning);
        }
        err().flush();
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
