package replex.cluster;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;

/**
 * Reports, as one line of text each, when this node is up and when a worker node joins or leaves
 * the cluster: {@code replex node} prints them so that operators and scripts can follow the cluster.
 */
public final class MembershipReporter {

    private MembershipReporter() {
    }

    /**
     * @param report receives each line (called from an actor; must be thread-safe)
     * @return the behaviour
     */
    public static Behavior<ClusterEvent.MemberEvent> create(Consumer<String> report) {
        return Behaviors.setup(ctx -> {
            Cluster cluster = Cluster.get(ctx.getSystem());
            ActorRef<ClusterEvent.MemberEvent> self = ctx.getSelf();
            cluster.subscriptions().tell(Subscribe.create(self, ClusterEvent.MemberEvent.class));
            Set<String> workers = new TreeSet<>();
            return Behaviors.receive(ClusterEvent.MemberEvent.class)
                    .onMessage(ClusterEvent.MemberUp.class, e -> {
                        changed(e.member(), true, workers, report, cluster);
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.MemberRemoved.class, e -> {
                        changed(e.member(), false, workers, report, cluster);
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.MemberEvent.class, e -> Behaviors.same())
                    .build();
        });
    }

    private static void changed(Member m, boolean up, Set<String> workers, Consumer<String> report, Cluster cluster) {
        if (up && m.address().equals(cluster.selfMember().address())) {
            report.accept("replex node up: " + m.address());
        }
        if (!m.hasRole("worker")) {
            return;
        }
        if (up) {
            workers.add(m.address().toString());
        } else {
            workers.remove(m.address().toString());
        }
        report.accept("worker node " + (up ? "up: " : "removed: ") + m.address() + " (worker nodes: " + workers.size()
                + ")");
    }
}
