package replex.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * {@code --operator-token-file FILE}: the file that holds the cluster's operator token (a node's own,
 * or the one a client shows). Its help is the key {@code replex.<command>.operator-token-file} of
 * {@code OptionHelp.properties}, else the description below (a client's).
 */
final class OperatorTokenOption {

    @Option(names = "--operator-token-file", paramLabel = "FILE", descriptionKey = "operator-token-file",
            description = "The operator token of the cluster (the file the nodes' replex.security.operator-token-file "
                + "names): acts on any job. See docs/security.md.")
    Path file;
}
