package replex.cli;

import java.nio.file.Path;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import replex.actors.JobOwnership;
import replex.core.ConfigurationException;

/**
 * The credential a client command shows the job manager: a job's cancel token
 * ({@code --token-file <out>/cancel-token}, written by {@code replex submit}) or the nodes' operator
 * token ({@code --operator-token-file}). Tokens are read from files, never from the command line
 * (which other users of the machine can see).
 */
final class TokenOptions {

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "The job's cancel token: the file " + JobOwnership.TOKEN_FILE + " that replex submit wrote "
                + "in the job's output folder.")
    Path tokenFile;

    @Mixin
    OperatorTokenOption operator;

    /**
     * @return the token to send, or {@code null} if neither option is given
     * @throws ConfigurationException if both are given or the file cannot be read
     */
    String token() {
        Path operatorTokenFile = operator.file;
        if (tokenFile != null && operatorTokenFile != null) {
            throw new ConfigurationException("--token-file", "give --token-file or --operator-token-file, not both");
        }
        if (tokenFile != null) {
            return JobOwnership.readToken(tokenFile, "--token-file");
        }
        if (operatorTokenFile != null) {
            return JobOwnership.readToken(operatorTokenFile, "--operator-token-file");
        }
        return null;
    }
}
