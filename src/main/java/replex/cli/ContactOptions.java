package replex.cli;

import java.time.Duration;

import com.typesafe.config.ConfigFactory;

import picocli.CommandLine.Option;
import replex.cluster.ClusterClient;
import replex.cluster.HostPort;
import replex.core.ConfigurationException;

/** How a client command reaches the cluster: {@code --contact HOST:PORT} and {@code --host}. */
final class ContactOptions {

    @Option(names = "--contact", paramLabel = "HOST:PORT", required = true,
            description = "A node of the cluster (any worker node, e.g. a seed node: 127.0.0.1:2551).")
    String contact;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Address this client binds and advertises to the cluster; the nodes must be able to "
                + "reach it. Default: REPLEX_HOST, or 127.0.0.1.")
    String host;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS",
            description = "Longest wait, in seconds (1-600), to reach the cluster through --contact; then the "
                + "command fails with one line and exit code 1. Default: 8 for status and cancel (about 10 s in "
                + "all with the JVM's start-up), 30 for submit and fetch.")
    Long connectTimeoutSeconds;

    /**
     * @param defaultSeconds the command's default, or {@code null} for the node configuration's
     * @return the {@code --connect-timeout}, or the default
     * @throws ConfigurationException if it is outside 1 … 600 s
     */
    Duration connectTimeout(Long defaultSeconds) {
        Long seconds = connectTimeoutSeconds != null ? connectTimeoutSeconds : defaultSeconds;
        if (seconds == null) {
            return null;
        }
        if (seconds < 1 || seconds > 600) {
            throw new ConfigurationException("--connect-timeout", "must be an integer in [1, 600] (seconds), got "
                    + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    HostPort contact() {
        return HostPort.parse(contact, "--contact");
    }

    String host() {
        return host != null ? host : System.getenv("REPLEX_HOST");
    }

    /**
     * Joins the cluster, waiting at most {@code --connect-timeout}.
     *
     * @return a client node that is up; close it to leave the cluster
     * @throws IllegalStateException if the contact cannot be reached in time
     */
    ClusterClient connect() {
        HostPort address = contact();
        Duration timeout = connectTimeout(ClusterClient.DEFAULT_CONNECT_TIMEOUT.toSeconds());
        long started = System.nanoTime();
        ClusterClient client = ClusterClient.start(ClusterClient.config(address, host(), timeout,
                ConfigFactory.empty()), null);
        try {
            // the wait counts from before the client's actor system starts
            client.awaitUp(timeout, timeout.minusNanos(System.nanoTime() - started));
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }
}
