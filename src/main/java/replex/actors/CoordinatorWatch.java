package replex.actors;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;

/**
 * The coordinators of the jobs a host serves, each watched from the job's first message on (a
 * restarted job has a new one), so that a coordinator that stops without telling the host (its node
 * was lost, it crashed) lets the host drop what the job left there. Shared by {@link ReplicaHost} and
 * {@link OptimizeHost}. Not thread-safe: its host actor's only.
 *
 * @param <C> the host's message type
 */
final class CoordinatorWatch<C> {

    private final ActorContext<C> context;
    private final BiFunction<String, ActorRef<ExchangeCoordinator.Command>, C> gone;
    private final Map<String, ActorRef<ExchangeCoordinator.Command>> coordinators = new HashMap<>();

    /**
     * @param context the host's context
     * @param gone the host's message for a job's coordinator that stopped
     */
    CoordinatorWatch(ActorContext<C> context, BiFunction<String, ActorRef<ExchangeCoordinator.Command>, C> gone) {
        this.context = context;
        this.gone = gone;
    }

    /** Watches the job's coordinator, unless it is watched already (and no longer the one before it). */
    void watch(String jobId, ActorRef<ExchangeCoordinator.Command> coordinator) {
        ActorRef<ExchangeCoordinator.Command> known = coordinators.get(jobId);
        if (coordinator.equals(known)) {
            return;
        }
        if (known != null) {
            context.unwatch(known);
        }
        coordinators.put(jobId, coordinator);
        context.watchWith(coordinator, gone.apply(jobId, coordinator));
    }

    /** @return whether {@code coordinator} is the job's coordinator watched (one that stopped: forget the job) */
    boolean current(String jobId, ActorRef<ExchangeCoordinator.Command> coordinator) {
        return coordinator.equals(coordinators.get(jobId));
    }

    /** The job is forgotten: its coordinator is no longer watched. */
    void forget(String jobId) {
        ActorRef<ExchangeCoordinator.Command> coordinator = coordinators.remove(jobId);
        if (coordinator != null) {
            context.unwatch(coordinator);
        }
    }
}
