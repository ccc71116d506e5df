package replex.cli;

import picocli.CommandLine.Option;
import replex.cluster.HostPort;

/** How a client command reaches the cluster: {@code --contact HOST:PORT} and {@code --host}. */
final class ContactOptions {

    @Option(names = "--contact", paramLabel = "HOST:PORT", required = true,
            description = "A node of the cluster (any worker node, e.g. a seed node: 127.0.0.1:2551).")
    String contact;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Address this client binds and advertises to the cluster; the nodes must be able to "
                + "reach it. Default: REPLEX_HOST, or 127.0.0.1.")
    String host;

    HostPort contact() {
        return HostPort.parse(contact, "--contact");
    }

    String host() {
        return host != null ? host : System.getenv("REPLEX_HOST");
    }
}
