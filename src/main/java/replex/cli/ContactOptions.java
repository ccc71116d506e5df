package replex.cli;

import java.time.Duration;

import com.typesafe.config.ConfigFactory;

import picocli.CommandLine.Option;
import replex.cluster.ClusterClient;
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

    /**
     * @param timeout how long to wait for the client to be a member of the cluster
     * @return a client node that is up; close it to leave the cluster
     */
    ClusterClient connect(Duration timeout) {
        ClusterClient client = ClusterClient.start(ClusterClient.config(contact(), host(), ConfigFactory.empty()),
                null);
        try {
            client.awaitUp(timeout);
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }
}
