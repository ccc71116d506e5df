package replex.cli;

import picocli.CommandLine.Mixin;

/**
 * What a command that asks the cluster's job manager about jobs shows on its command line (status,
 * cancel): how to reach the cluster ({@link ContactOptions}) and the credential ({@link TokenOptions}).
 */
final class ManagerAccess {

    @Mixin
    ContactOptions contact;

    @Mixin
    TokenOptions tokens;
}
