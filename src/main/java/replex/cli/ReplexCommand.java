package replex.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code replex} command line, main class of {@code replex.jar}. Subcommands: {@code run}.
 * A new subcommand extends {@link BaseCommand} and is added to {@code subcommands} below.
 */
@Command(name = "replex",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {RunCommand.class, ResumeCommand.class, NodeCommand.class, SubmitCommand.class, FetchCommand.class,
            StatusCommand.class,
            CancelCommand.class, PlotCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        headerHeading = "%n",
        header = "Parallel tempering (replica exchange) MCMC, on one machine or an Akka cluster.",
        descriptionHeading = "%n",
        description = {
            "Samples from a posterior given by a target (a built-in one or your own class implementing "
                + "replex.core.Target) with non-reversible parallel tempering. Identical job files and seeds give "
                + "identical draws, whatever the number of workers."
        },
        commandListHeading = "%nCommands:%n",
        optionListHeading = "%nOptions:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  replex run examples/mixture.conf",
            "  replex run job.conf --workers 0 --out out/sequential",
            "  replex bench examples/bench-cpu-burn.conf --workers 0,1,2 --out out/bench",
            "  replex help run",
            "",
            "Logging: warnings only, on stderr; -Dreplex.log.level=INFO (in JAVA_OPTS), or a command's --verbose "
                + "(replex run --verbose job.conf), adds Replex's progress messages.",
            "Exit codes: 0 ok, 1 run failed, 2 invalid input (options or job file)."
        })
public final class ReplexCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand: print the usage to stderr and exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("replex: error: missing command (see 'replex --help')");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /**
     * @return the command line with Replex's error reporting: an invalid option prints one line
     *     {@code replex: error: <message>} and exits 2
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ReplexCommand());
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("replex: error: " + BaseCommand.oneLine(e.getMessage()) + " (see '"
                    + failed.getCommandSpec().qualifiedName() + " --help')");
            failed.getErr().flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // Initialise logging before Akka logs anything, so SLF4J has nothing to replay (and says nothing).
        org.slf4j.LoggerFactory.getILoggerFactory();
        int code = commandLine().execute(args);
        System.exit(code);
    }
}
