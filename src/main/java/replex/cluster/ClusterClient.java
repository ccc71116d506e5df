package replex.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Leave;

import replex.actors.JobManager;

/**
 * A short-lived cluster member with role {@code client} (it hosts no replicas): what
 * {@code replex submit}, {@code status} and {@code cancel} run on. It joins through a contact node,
 * finds the {@link JobManager} through the Receptionist, and leaves gracefully when closed.
 */
public final class ClusterClient implements AutoCloseable {

    private final ActorSystem<Void> system;

    private ClusterClient(ActorSystem<Void> system) {
        this.system = system;
    }

    /**
     * The configuration of a client node.
     *
     * @param contact a node of the cluster, {@code host:port}
     * @param host the address to bind and advertise ({@code null}: 127.0.0.1 or REPLEX_HOST)
     * @param overrides settings that win (may be empty)
     * @return the resolved configuration
     */
    public static Config config(HostPort contact, String host, Config overrides) {
        Config c = ConfigFactory.empty()
                .withValue("akka.cluster.seed-nodes", ConfigValueFactory.fromIterable(
                        ReplexNode.seedAddresses(List.of(contact.toString()))))
                .withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(List.of("client")))
                .withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(0));
        if (host != null) {
            c = c.withValue("akka.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host));
        }
        return overrides.withFallback(c).withFallback(ConfigFactory.load("cluster")).resolve();
    }

    /**
     * Starts the client node and spawns {@code main} in it.
     *
     * @param config from {@link #config}
     * @param main the client's work (e.g. a {@link replex.actors.JobClient}), or {@code null}
     * @return the client
     */
    public static ClusterClient start(Config config, Behavior<?> main) {
        return new ClusterClient(ActorSystem.create(Behaviors.setup(ctx -> {
            if (main != null) {
                ctx.spawn(main, "client");
            }
            return Behaviors.<Void>empty();
        }), ReplexNode.SYSTEM_NAME, config));
    }

    /**
     * Waits until this client is a member ({@code Up}) of the cluster.
     *
     * @param timeout the longest wait
     * @throws IllegalStateException if it did not join in time
     */
    public void awaitUp(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Cluster cluster = Cluster.get(system);
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("could not join the cluster through the contact node within "
                        + timeout.toSeconds() + " s: is a node running there?");
            }
            sleep(50);
        }
    }

    /**
     * Finds the job manager, waiting for the Receptionist's view of the cluster to arrive.
     *
     * @param timeout the longest wait
     * @return the job manager
     * @throws IllegalStateException if none is found in time
     */
    public ActorRef<JobManager.Command> jobManager(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            CompletionStage<Receptionist.Listing> listing = AskPattern.ask(system.receptionist(),
                    replyTo -> Receptionist.find(JobManager.SERVICE_KEY, replyTo), Duration.ofSeconds(5),
                    system.scheduler());
            Set<ActorRef<JobManager.Command>> found = await(listing, Duration.ofSeconds(6))
                    .getServiceInstances(JobManager.SERVICE_KEY);
            if (!found.isEmpty()) {
                return found.iterator().next();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no JobManager found in the cluster within " + timeout.toSeconds()
                        + " s: are worker nodes running?");
            }
            sleep(100);
        }
    }

    /**
     * Asks the job manager.
     *
     * @param request builds the request from the reply address
     * @param timeout the longest wait
     * @param <R> the reply type
     * @return the reply
     */
    public <R> R ask(akka.japi.function.Function<ActorRef<R>, JobManager.Command> request, Duration timeout) {
        ActorRef<JobManager.Command> manager = jobManager(timeout);
        return await(AskPattern.ask(manager, request, timeout, system.scheduler()), timeout.plusSeconds(1));
    }

    /** @return the client's actor system */
    public ActorSystem<Void> system() {
        return system;
    }

    /** Leaves the cluster gracefully and stops the system. */
    @Override
    public void close() {
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Leave.create(cluster.selfMember().address()));
        Instant deadline = Instant.now().plusSeconds(10);
        while (!cluster.isTerminated() && cluster.selfMember().status() != MemberStatus.removed()
                && cluster.selfMember().status() != MemberStatus.exiting() && Instant.now().isBefore(deadline)) {
            sleep(50);
        }
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Best effort: the client's work is done.
        }
    }

    static <T> T await(CompletionStage<T> stage, Duration timeout) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the cluster within " + timeout.toSeconds() + " s", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
