package replex.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import akka.actor.typed.ActorSystem;
import akka.cluster.typed.Cluster;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import replex.cluster.KubernetesBootstrap;
import replex.cluster.ReplexNode;
import replex.core.ConfigurationException;

/** {@code replex node}: a worker node of a Replex cluster, running until stopped. */
@Command(name = "node",
        header = "Start a worker node of a Replex cluster and run until stopped (Ctrl-C or SIGTERM).",
        description = {
            "The node joins the cluster through its seed nodes (the first node lists itself), hosts replicas of "
                + "the jobs submitted to the cluster (spread evenly over the worker nodes by cluster sharding), and "
                + "runs their steps on N worker threads. The oldest worker node also runs the job manager.",
            "Settings come from conf/cluster.conf, then the environment (REPLEX_HOST, REPLEX_PORT, "
                + "REPLEX_SEED_NODES=host:port,host:port, REPLEX_WORKERS), then these options. Stopping a node "
                + "(SIGTERM) makes it leave the cluster gracefully.",
            "In Kubernetes (--config kubernetes, or REPLEX_CONFIG=kubernetes) settings come from "
                + "conf/kubernetes.conf instead, and no seed nodes are given: the nodes find each other through "
                + "Akka Cluster Bootstrap, listing the pods of their Deployment through the Kubernetes API; a "
                + "management endpoint on the pod's address serves the /ready and /alive probes "
                + "(docs/kubernetes.md).",
            "It prints one line when it starts and one for each worker node that joins or leaves."
        },
        footer = {
            "  # the first node lists itself as seed node:",
            "  replex node --port 2551 --seed-node 127.0.0.1:2551",
            "  # more nodes, in other terminals or on other machines:",
            "  replex node --port 2552 --seed-node 127.0.0.1:2551",
            "  replex node --port 2553 --seed-node 127.0.0.1:2551 --classpath plugins/",
            "  # in a Kubernetes pod (k8s/): Cluster Bootstrap finds the other nodes",
            "  replex node --config kubernetes",
            "  # then, from a client:",
            "  replex submit examples/mixture.conf --contact 127.0.0.1:2551 \\",
            "      --out out/mixture",
            "",
            "Exit codes: 0 stopped, 1 failed, 2 invalid options."
        })
public final class NodeCommand extends BaseCommand {

    @Option(names = "--config", paramLabel = "NAME",
            description = "Settings of the node: 'cluster' (seed nodes; conf/cluster.conf) or 'kubernetes' "
                + "(Cluster Bootstrap with Kubernetes API discovery; conf/kubernetes.conf). "
                + "Default: REPLEX_CONFIG, or cluster.")
    String configName;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port of this node (Artery TCP). Default: REPLEX_PORT, or 2551.")
    Integer port;

    @Option(names = "--seed-node", paramLabel = "HOST:PORT",
            description = "A seed node to join through; repeatable. The first node of a cluster lists itself. "
                + "Default: REPLEX_SEED_NODES (comma-separated), or akka.cluster.seed-nodes of the config.")
    List<String> seedNodes = new ArrayList<>();

    @Option(names = "--host", paramLabel = "HOST",
            description = "Address to bind and advertise. Default: REPLEX_HOST, or 127.0.0.1.")
    String host;

    @Mixin
    WorkersOption workers;

    @Mixin
    ClasspathOption classpath;

    @Option(names = "--insecure",
            description = "Start even though this node listens on an address outside 127.0.0.0/8 without TLS: any "
                + "process that reaches its port can then join the cluster. Only on a network you trust. "
                + "Default: REPLEX_INSECURE, or off. See docs/security.md.")
    boolean insecure;

    @Mixin
    OperatorTokenOption operatorToken;

    @Override
    protected int execute() throws Exception {
        List<String> seeds = new ArrayList<>(seedNodes);
        if (seeds.isEmpty() && System.getenv("REPLEX_SEED_NODES") != null) {
            Arrays.stream(System.getenv("REPLEX_SEED_NODES").split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).forEach(seeds::add);
        }
        int threads = workers.count != null ? workers.count : envInt("REPLEX_WORKERS", Runtime.getRuntime().availableProcessors());
        if (threads < 1) {
            throw new ConfigurationException("--workers", "must be an integer >= 1, got " + threads);
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw new ConfigurationException("--port", "must be in 0..65535, got " + port);
        }
        String mode = configName != null ? configName.strip()
                : System.getenv("REPLEX_CONFIG") != null && !System.getenv("REPLEX_CONFIG").isBlank()
                ? System.getenv("REPLEX_CONFIG").strip() : "cluster";
        boolean kubernetes = KubernetesBootstrap.CONFIG.equals(mode);
        if (!kubernetes && !"cluster".equals(mode)) {
            throw new ConfigurationException(configName != null ? "--config" : "REPLEX_CONFIG",
                    "must be 'cluster' or 'kubernetes', got '" + mode + "'");
        }
        if (kubernetes) {
            if (!seeds.isEmpty()) {
                throw new ConfigurationException(seedNodes.isEmpty() ? "REPLEX_SEED_NODES" : "--seed-node",
                        "cannot be used with --config kubernetes: the nodes find each other through Cluster "
                        + "Bootstrap");
            }
            Config config = ReplexNode.config(mode, host, port, seeds, threads,
                    securityOverrides().withFallback(KubernetesBootstrap.overrides(host)));
            return runNode(config, threads, true, KubernetesBootstrap.describe(config));
        }
        Config config = ReplexNode.config("cluster", host, port, seeds, threads, securityOverrides());
        if (config.getStringList("akka.cluster.seed-nodes").isEmpty()) {
            throw new ConfigurationException("--seed-node", "no seed node given: pass --seed-node HOST:PORT (the "
                    + "first node of a cluster lists its own address) or set REPLEX_SEED_NODES");
        }
        return runNode(config, threads, false, "seed nodes " + config.getStringList("akka.cluster.seed-nodes"));
    }

    /** @return the security options given on the command line, as settings that win */
    private Config securityOverrides() {
        Config c = insecure ? ConfigFactory.empty().withValue("replex.security.insecure",
                com.typesafe.config.ConfigValueFactory.fromAnyRef(true)) : ConfigFactory.empty();
        Path operatorTokenFile = operatorToken.file;
        if (operatorTokenFile != null) {
            c = c.withValue("replex.security.operator-token-file",
                    com.typesafe.config.ConfigValueFactory.fromAnyRef(operatorTokenFile.toAbsolutePath().toString()));
        }
        return c;
    }

    private int runNode(Config config, int threads, boolean bootstrap, String joining) throws Exception {
        replex.cluster.NodeTransport.checkExposure(config); // before binding anything
        ClassLoader loader = classpath.loader();
        refuseBusyPort(config);
        ActorSystem<Void> system = ReplexNode.start(config, loader == null ? NodeCommand.class.getClassLoader()
                : loader, this::line);
        if (bootstrap) {
            try {
                KubernetesBootstrap.start(system).toCompletableFuture().get();
            } catch (java.util.concurrent.ExecutionException e) {
                system.terminate();
                throw new ConfigurationException("akka.management.http", "the management endpoint could not be "
                        + "started on " + config.getString("akka.management.http.hostname") + ":"
                        + config.getInt("akka.management.http.port") + ": " + e.getCause().getMessage(), e);
            }
        }
        String self = Cluster.get(system).selfMember().address().toString();
        line("replex node started: " + self + " (role worker, " + threads + " worker threads, "
                + (replex.cluster.NodeTransport.tlsEnabled(config) ? "mutual TLS" : "plain TCP") + "); " + joining);
        CountDownLatch terminated = new CountDownLatch(1);
        system.getWhenTerminated().thenRun(terminated::countDown);
        terminated.await();
        line("replex node stopped: " + self);
        return ExitCodes.OK;
    }

    /**
     * Fails with one clear line if the node's port is taken (for example by a node already running
     * there), before Akka starts and logs its own bind failure with a stack trace.
     *
     * @param config the node's configuration
     * @throws IllegalStateException if something already listens on the address the node would bind
     */
    static void refuseBusyPort(Config config) {
        String bindHost = config.getString("akka.remote.artery.bind.hostname");
        String host = bindHost.isEmpty() ? config.getString("akka.remote.artery.canonical.hostname") : bindHost;
        String bindPort = config.getString("akka.remote.artery.bind.port");
        int port = bindPort.isEmpty() ? config.getInt("akka.remote.artery.canonical.port") : Integer.parseInt(bindPort);
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": the port is already in use "
                    + "(is a replex node running there?); choose another --port");
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            // not a busy port (e.g. an unresolvable host): Akka reports it when it binds
        }
    }

    private synchronized void line(String text) {
        out().println(text);
        out().flush();
    }

    private static int envInt(String name, int fallback) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name, "must be an integer, got '" + v + "'");
        }
    }
}
