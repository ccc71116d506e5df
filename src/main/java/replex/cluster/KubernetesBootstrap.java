package replex.cluster;

import java.util.concurrent.CompletionStage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

import akka.actor.typed.ActorSystem;
import akka.management.cluster.bootstrap.ClusterBootstrap;
import akka.management.javadsl.AkkaManagement;

/**
 * A worker node in Kubernetes ({@code conf/kubernetes.conf}): starts Akka Management (the health
 * checks {@code /ready} and {@code /alive} that the pod's probes call, and the contact point other
 * nodes probe) and Akka Cluster Bootstrap, which finds the other nodes by listing the pods of the
 * node Deployment through the Kubernetes API ({@code akka.discovery.kubernetes-api}) and forms a new
 * cluster or joins the existing one. Used instead of seed nodes.
 */
public final class KubernetesBootstrap {

    /** The configuration resource of this mode, {@code conf/kubernetes.conf}. */
    public static final String CONFIG = "kubernetes";

    private KubernetesBootstrap() {
    }

    /**
     * Settings that follow from the command line: the management endpoint is advertised on the same
     * address as the node (the pod's address).
     *
     * @param host the address given with {@code --host}, or {@code null} for the configuration's
     *     ({@code REPLEX_HOST})
     * @return overrides for {@link ReplexNode#config}
     */
    public static Config overrides(String host) {
        Config c = ConfigFactory.empty();
        if (host != null) {
            c = c.withValue("akka.management.http.hostname", ConfigValueFactory.fromAnyRef(host));
        }
        return c;
    }

    /**
     * Starts the management HTTP endpoint and Cluster Bootstrap on a started node.
     *
     * @param system a node started with {@link ReplexNode#start} on a {@code kubernetes} configuration
     * @return completes with the management endpoint's URI once it is bound; fails if the address or
     *     port cannot be bound
     */
    public static CompletionStage<String> start(ActorSystem<?> system) {
        AkkaManagement management = AkkaManagement.get(system.classicSystem());
        CompletionStage<String> bound = management.start().thenApply(Object::toString);
        ClusterBootstrap.get(system.classicSystem()).start();
        return bound;
    }

    /**
     * @param config a resolved node configuration
     * @return one line for the start-up message: how this node finds the others
     */
    public static String describe(Config config) {
        String prefix = "akka.management.cluster.bootstrap.contact-point-discovery.";
        String selector = config.getString("akka.discovery.kubernetes-api.pod-label-selector")
                .replace("%s", config.getString(prefix + "service-name"));
        return "cluster bootstrap: pods '" + selector + "' (kubernetes-api), "
                + config.getInt(prefix + "required-contact-point-nr") + " contact points to form a cluster; "
                + "management http://" + config.getString("akka.management.http.hostname") + ":"
                + config.getInt("akka.management.http.port");
    }
}
