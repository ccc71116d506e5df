/**
 * The {@code replex} command line (picocli): {@link replex.cli.ReplexCommand} and its
 * subcommands, which share {@link replex.cli.BaseCommand}'s options, output writers and exit codes
 * ({@link replex.cli.ExitCodes}).
 */
package replex.cli;
