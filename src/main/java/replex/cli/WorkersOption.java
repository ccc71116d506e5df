package replex.cli;

import picocli.CommandLine.Option;

/**
 * {@code --workers N}: the worker threads of a command that runs replicas. What the option means for
 * a command (its default, what it replaces) is said in its help: the key
 * {@code replex.<command>.workers} of {@code OptionHelp.properties}.
 */
final class WorkersOption {

    @Option(names = "--workers", paramLabel = "N", descriptionKey = "workers")
    Integer count;
}
