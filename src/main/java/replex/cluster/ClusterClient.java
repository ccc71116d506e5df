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

    /**
     * Default of the longest wait of {@code replex status} and {@code replex cancel} to join the cluster
     * through the contact node ({@code --connect-timeout}): after it the client's actor system shuts
     * down ({@code akka.cluster.shutdown-after-unsuccessful-join-seed-nodes}) and {@link #awaitUp} fails.
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(8);

    /** System property that lets Akka's own warnings through (set by {@code --verbose}). */
    static final String LOG_LEVEL_PROPERTY = "replex.log.level";

    private final ActorSystem<Void> system;
    private final String contact;

    private ClusterClient(ActorSystem<Void> system, String contact) {
        this.system = system;
        this.contact = contact;
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
        return config(contact, host, null, overrides);
    }

    /**
     * The configuration of a client node. Akka's own log messages (an unreachable contact gives
     * several warnings a second) are off, so that the command's one-line error is all the user sees,
     * unless {@code -Dreplex.log.level=INFO} ({@code --verbose}) asks for them.
     *
     * @param contact a node of the cluster, {@code host:port}
     * @param host the address to bind and advertise ({@code null}: 127.0.0.1 or REPLEX_HOST)
     * @param connectTimeout the longest wait to join through the contact (at least 1 s); after it the
     *     client shuts down; {@code null} keeps the node configuration's
     *     {@code shutdown-after-unsuccessful-join-seed-nodes} (30 s in {@code cluster.conf})
     * @param overrides settings that win (may be empty)
     * @return the resolved configuration
     */
    public static Config config(HostPort contact, String host, Duration connectTimeout, Config overrides) {
        boolean verbose = "INFO".equalsIgnoreCase(System.getProperty(LOG_LEVEL_PROPERTY));
        Config c = ConfigFactory.empty()
                .withValue("akka.loglevel", ConfigValueFactory.fromAnyRef(verbose ? "WARNING" : "OFF"))
                .withValue("akka.cluster.seed-nodes", ConfigValueFactory.fromIterable(
                        ReplexNode.seedAddresses(List.of(contact.toString()))))
                .withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(List.of("client")))
                .withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(0));
        if (connectTimeout != null) {
            c = c.withValue("akka.cluster.shutdown-after-unsuccessful-join-seed-nodes",
                    ConfigValueFactory.fromAnyRef(Math.max(1, connectTimeout.toSeconds()) + "s"));
        }
        if (host != null) {
            c = c.withValue("akka.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host));
        }
        return NodeTransport.apply(overrides.withFallback(c).withFallback(ConfigFactory.load("cluster")).resolve());
    }

    /**
     * Starts the client node and spawns {@code main} in it.
     *
     * @param config from {@link #config}
     * @param main the client's work (e.g. a {@link replex.actors.JobClient}), or {@code null}
     * @return the client
     */
    public static ClusterClient start(Config config, Behavior<?> main) {
        List<String> seeds = config.getStringList("akka.cluster.seed-nodes");
        String contact = seeds.isEmpty() ? "the contact node" : seeds.get(0).replaceFirst("^akka://[^@]+@", "");
        return new ClusterClient(ActorSystem.create(Behaviors.setup(ctx -> {
            if (main != null) {
                ctx.spawn(main, "client");
            }
            return Behaviors.<Void>empty();
        }), ReplexNode.SYSTEM_NAME, config), contact);
    }

    /**
     * Waits until this client is a member ({@code Up}) of the cluster.
     *
     * @param timeout the longest wait
     * @throws IllegalStateException if it did not join in time
     */
    public void awaitUp(Duration timeout) {
        awaitUp(timeout, timeout);
    }

    /**
     * Waits until this client is a member ({@code Up}) of the cluster, or its system has shut down
     * because the contact could not be reached.
     *
     * @param timeout the wait to name in the error
     * @param remaining the longest wait from now (part of {@code timeout} may have passed already)
     * @throws IllegalStateException if it did not join in time
     */
    public void awaitUp(Duration timeout, Duration remaining) {
        Instant deadline = Instant.now().plus(remaining.isNegative() ? Duration.ZERO : remaining);
        Cluster cluster = Cluster.get(system);
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (Instant.now().isAfter(deadline) || system.whenTerminated().isCompleted()) {
                throw new IllegalStateException("could not reach " + contact + " within " + timeout.toSeconds()
                        + " s: is a replex node running there? (--connect-timeout sets the wait)");
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
        // A client that never joined (unreachable contact) has nothing to leave; its system may already
        // be terminated, and Cluster.get on a terminated system fails.
        if (!system.whenTerminated().isCompleted()) {
            Cluster cluster = Cluster.get(system);
            MemberStatus status = cluster.selfMember().status();
            if (status == MemberStatus.up() || status == MemberStatus.weaklyUp() || status == MemberStatus.joining()) {
                cluster.manager().tell(Leave.create(cluster.selfMember().address()));
                Instant deadline = Instant.now().plusSeconds(10);
                while (!cluster.isTerminated() && cluster.selfMember().status() != MemberStatus.removed()
                        && cluster.selfMember().status() != MemberStatus.exiting()
                        && Instant.now().isBefore(deadline)) {
                    sleep(50);
                }
            }
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
