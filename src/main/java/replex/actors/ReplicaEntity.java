package replex.actors;

import java.util.function.Supplier;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.ReceiveBuilder;
import akka.japi.function.Creator;

/**
 * The life of a sharded replica entity, shared by {@link ReplicaActor} (sample mode) and
 * {@link OptimizeReplicaActor} (optimize mode): the job, chain, replica and epoch it was last
 * initialised for, the coordinator it answers (watched: a coordinator that stops stops the entity),
 * and whether its replica is ready. A repeated Initialize (the coordinator retries until it hears
 * back) must not reset a replica that is already running this epoch for the same coordinator: it is
 * answered again instead. Not thread-safe: its entity actor's only.
 *
 * @param <C> the entity's message type
 */
final class ReplicaEntity<C> {

    /** What an entity reads of its Initialize message. */
    interface Init {
        /** @return the job */
        String jobId();

        /** @return the chain index */
        int chain();

        /** @return the replica index */
        int replica();

        /** @return the epoch the replica is created for; replies carry it */
        int epoch();

        /** @return the job's coordinator */
        ActorRef<ExchangeCoordinator.Command> replyTo();
    }

    /** Where a node keeps its replicas: what the entity's replica is removed from when it stops. */
    interface Store {
        /** Removes one replica of a job from the node. */
        void remove(String jobId, int chain, int replica);
    }

    private final ActorContext<C> context;
    private final C coordinatorGone;
    private String jobId;
    private int chain = -1;
    private int index = -1;
    private ActorRef<ExchangeCoordinator.Command> coordinator;
    private int epoch = -1;
    private boolean ready;

    /**
     * @param context the entity's context
     * @param coordinatorGone the entity's message for its coordinator's stop (the entity stops on it)
     */
    ReplicaEntity(ActorContext<C> context, C coordinatorGone) {
        this.context = context;
        this.coordinatorGone = coordinatorGone;
    }

    /**
     * Handles an Initialize: one that repeats the current epoch's for the same coordinator is answered
     * again with {@code readyAgain}, one of an older epoch not at all; any other (re-)creates the replica
     * with {@code create}, whose answer goes to the coordinator.
     *
     * @param m the message
     * @param readyAgain the answer to a repeat: the replica is ready
     * @param create creates the replica on this node and gives the answer for the coordinator
     * @param readyType the type of {@code create}'s answer when the replica is ready
     */
    void initialize(Init m, Supplier<ExchangeCoordinator.Command> readyAgain,
            Supplier<ExchangeCoordinator.Command> create, Class<? extends ExchangeCoordinator.Command> readyType) {
        if (ready && m.replyTo().equals(coordinator) && m.epoch() <= epoch) {
            if (m.epoch() == epoch) {
                m.replyTo().tell(readyAgain.get());
            }
            return;
        }
        if (coordinator != null && !coordinator.equals(m.replyTo())) {
            context.unwatch(coordinator); // the job restarted under a new coordinator
        }
        if (!m.replyTo().equals(coordinator)) {
            context.watchWith(m.replyTo(), coordinatorGone);
        }
        coordinator = m.replyTo();
        epoch = m.epoch();
        jobId = m.jobId();
        chain = m.chain();
        index = m.replica();
        ExchangeCoordinator.Command answer = create.get();
        ready = readyType.isInstance(answer);
        m.replyTo().tell(answer);
    }

    /** @return the job of the last Initialize, or {@code null} before the first */
    String jobId() {
        return jobId;
    }

    /**
     * Completes an entity's receive with what every replica entity does alike: it stops, through
     * {@code stop}, at {@code release} and when its coordinator stops, and once stopped its replica leaves
     * {@code store} ({@link #stopped}).
     *
     * @param receive the entity's receive, with its Initialize
     * @param release the entity's release message
     * @param stop the entity's stop
     * @param store the node's replicas
     * @return the entity's receive
     */
    Receive<C> stoppingOn(ReceiveBuilder<C> receive, C release, Creator<Behavior<C>> stop, Store store) {
        return receive
                .onMessageEquals(release, stop)
                .onMessageEquals(coordinatorGone, stop)
                .onSignal(PostStop.class, s -> {
                    stopped(store);
                    return Behaviors.same();
                })
                .build();
    }

    /** The entity stopped: its replica, if it created one, leaves the node's store. */
    void stopped(Store store) {
        if (jobId != null) {
            store.remove(jobId, chain, index);
        }
    }
}
