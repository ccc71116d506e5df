package replex.actors;

import java.util.List;


import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import akka.cluster.typed.Cluster;

import replex.core.ConfigurationException;
import replex.core.Target;
import replex.core.replica.Replica;
import replex.targets.TargetFactory;

/**
 * One per worker node: answers whether this node can run a job's target, by building it with the
 * node's class loader (its {@code --classpath}) and every replica's initial state. The
 * {@link JobManager} admits a job only if every worker node can.
 */
public final class NodeAgent extends AbstractBehavior<NodeAgent.Command> {

    /** Receptionist key under which every worker node's agent is registered. */
    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "replex-node-agent");

    /** Messages a node agent accepts. */
    public interface Command extends JsonSerializable {
    }

    /**
     * @param targetJson the job's {@code target} block as JSON
     * @param seed the job's seed
     * @param chains C
     * @param levels K
     * @param replyTo where the answer goes
     */
    public record CheckTarget(String targetJson, long seed, int chains, int levels, ActorRef<TargetChecked> replyTo)
            implements Command {
    }

    /**
     * Whether this node can run an {@code optimize} job: builds its objective with the node's class
     * loader and the initial replicas ({@link OptimizeNode#check}); answered like {@link CheckTarget}
     * (dimension = the state's columns, parameter names = the objective's metric names).
     *
     * @param jobJson the effective job, its table inline
     * @param replyTo where the answer goes
     */
    public record CheckObjective(String jobJson, ActorRef<TargetChecked> replyTo) implements Command {
    }

    /**
     * @param node this node's address
     * @param ok whether the target can run here
     * @param dimension d (if ok)
     * @param parameterNames the names (if ok)
     * @param message why not (if not ok)
     */
    public record TargetChecked(String node, boolean ok, int dimension, List<String> parameterNames, String message)
            implements JsonSerializable {
    }

    private final ClassLoader classLoader;
    private final String node;

    private NodeAgent(ActorContext<Command> context, ClassLoader classLoader) {
        super(context);
        this.classLoader = classLoader;
        this.node = Cluster.get(context.getSystem()).selfMember().address().toString();
        context.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, context.getSelf()));
    }

    /**
     * @param classLoader where user target classes are found on this node
     * @return the behaviour
     */
    public static Behavior<Command> create(ClassLoader classLoader) {
        return Behaviors.setup(ctx -> new NodeAgent(ctx, classLoader));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(CheckTarget.class, this::onCheckTarget)
                .onMessage(CheckObjective.class, m -> {
                    m.replyTo().tell(OptimizeNode.check(m.jobJson(), classLoader, node));
                    return this;
                })
                .build();
    }

    private Behavior<Command> onCheckTarget(CheckTarget m) {
        Target target = null;
        try {
            target = TargetFactory.create(replex.io.JobJson.parse(m.targetJson()), classLoader);
            for (int c = 0; c < m.chains(); c++) {
                for (int r = 0; r < m.levels(); r++) {
                    new Replica(target, m.seed(), c, r);
                }
            }
            m.replyTo().tell(new TargetChecked(node, true, target.dimension(), target.parameterNames(), null));
        } catch (ConfigurationException e) {
            m.replyTo().tell(new TargetChecked(node, false, 0, List.of(), e.getMessage()));
        } catch (RuntimeException | LinkageError e) {
            m.replyTo().tell(new TargetChecked(node, false, 0, List.of(), "cannot build the target: " + e));
        } finally {
            TargetFactory.close(target); // the check's own children (target.command) end here
        }
        return this;
    }
}
