package replex.cli;

import picocli.CommandLine.Option;

/**
 * {@code --seed S}: the seed of a job's random streams, replacing {@code job.seed}. Its help is the key
 * {@code replex.<command>.seed} of {@code OptionHelp.properties}.
 */
final class SeedOption {

    @Option(names = "--seed", paramLabel = "S", descriptionKey = "seed")
    Long value;
}
