package replex.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * {@code --out DIR}, optional: the output directory of a job, replacing {@code output.dir} of the job
 * file. Its help is the key {@code replex.<command>.out} of {@code OptionHelp.properties}.
 */
final class OutOption {

    @Option(names = "--out", paramLabel = "DIR", descriptionKey = "out")
    Path dir;
}
