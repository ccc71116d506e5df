package replex.actors;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The cluster nodes a coordinator ({@link ReplicaRecovery} of a sampling job, {@link OptimizeDeadlines}
 * of an optimize job) knows to be unreachable: from {@link ExchangeCoordinator.NodeReachability} until
 * the node is reachable again or has left the cluster. Not thread-safe: its coordinator's only.
 */
final class UnreachableNodes {

    private final Set<String> nodes = new LinkedHashSet<>();

    /** @param m a node became unreachable or reachable again */
    void reachability(ExchangeCoordinator.NodeReachability m) {
        if (m.reachable()) {
            nodes.remove(m.node());
        } else {
            nodes.add(m.node());
        }
    }

    /** @param node a node that left the cluster: it is no longer unreachable */
    void removed(String node) {
        nodes.remove(node);
    }

    /** @return whether no node is unreachable */
    boolean none() {
        return nodes.isEmpty();
    }

    /**
     * @param test a test of a node's address
     * @return whether an unreachable node passes it
     */
    boolean any(Predicate<String> test) {
        for (String node : nodes) {
            if (test.test(node)) {
                return true;
            }
        }
        return false;
    }
}
