package replex.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;

import replex.cluster.ReplexNode;
import replex.io.CheckpointFile;
import replex.io.JobSpec;

/**
 * Issue 13's probes 2, 3 and 4 against a real one-node cluster (in this JVM): a client that sends
 * raw {@link JobManager} messages cannot make the node follow an include, write outside its own
 * checkpoint directory, cancel another client's job, or read another client's reasons.
 */
class NodeSecurityTest {

    private static final String OPERATOR_TOKEN = "operator-token-0123456789";

    private static Path root;
    private static Path checkpointRoot;
    private static ActorSystem<Void> node;
    private static ActorTestKit kit;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("replex-security");
        checkpointRoot = Files.createDirectories(root.resolve("checkpoints"));
        Path operator = Files.writeString(root.resolve("operator-token"), OPERATOR_TOKEN + "\n");
        Config overrides = ConfigFactory.parseString("""
                akka.remote.artery.canonical.hostname = "127.0.0.1"
                akka.remote.artery.canonical.port = 0
                akka.cluster.seed-nodes = []
                """)
                .withValue("replex.checkpoint-dir", ConfigValueFactory.fromAnyRef(checkpointRoot.toString()))
                .withValue("replex.security.operator-token-file", ConfigValueFactory.fromAnyRef(operator.toString()));
        Config config = ReplexNode.config("cluster", null, null, List.of(), 2, overrides);
        node = ReplexNode.start(config, ClassLoader.getSystemClassLoader());
        Cluster cluster = Cluster.get(node);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        kit = ActorTestKit.create(node);
    }

    @AfterAll
    static void stop() {
        node.terminate();
    }

    private static ActorRef<JobManager.Command> manager() {
        TestProbe<Receptionist.Listing> listing = kit.createTestProbe();
        return listing.awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
            node.receptionist().tell(Receptionist.find(JobManager.SERVICE_KEY, listing.ref()));
            var found = listing.receiveMessage().getServiceInstances(JobManager.SERVICE_KEY);
            assertFalse(found.isEmpty(), "no JobManager yet");
            return found.iterator().next();
        });
    }

    /** A job as the client sends it: resolved on the client, rendered as JSON. */
    private static String json(String hocon) {
        return JobSpec.fromConfig(ConfigFactory.parseString(hocon).resolve(), JobSpec.Overrides.NONE, null).toConfig()
                .root().render(ConfigRenderOptions.concise());
    }

    private static final String SHORT_JOB = "job { seed = 5, chains = 1, temperatures { count = 2, beta-min = 0.5 }, "
            + "rounds = 20, steps-per-round = 1, checkpoint-every = 5, target { name = gaussian, means = [0] } }";

    /** Runs 10 minutes unless cancelled; uses no CPU (the sleep target). */
    private static final String LONG_JOB = "job { seed = 6, chains = 1, temperatures { count = 2, beta-min = 0.5 }, "
            + "rounds = 600000, steps-per-round = 1, target { name = sleep, latency-ms = 1 } }";

    private static <T extends JobClient.Event> T first(TestProbe<JobClient.Event> client, Class<T> type) {
        return type.cast(client.fishForMessage(Duration.ofSeconds(60), e -> type.isInstance(e)
                ? akka.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                : akka.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore()).get(0));
    }

    private static List<JobManager.JobStatus> status(String token) {
        TestProbe<JobManager.StatusReport> probe = kit.createTestProbe();
        manager().tell(new JobManager.GetStatus(probe.ref(), token));
        return probe.receiveMessage(Duration.ofSeconds(10)).jobs();
    }

    private static JobManager.JobStatus statusOf(String jobId, String token) {
        return status(token).stream().filter(j -> j.jobId().equals(jobId)).findFirst().orElseThrow();
    }

    private static JobManager.CancelReply cancel(String jobId, String token) {
        TestProbe<JobManager.CancelReply> probe = kit.createTestProbe();
        manager().tell(new JobManager.CancelJob(jobId, token, probe.ref()));
        return probe.receiveMessage(Duration.ofSeconds(10));
    }

    /**
     * Probe 3: job text with {@code include file("...")} is refused by the node, which never reads
     * the file; the file's value appears in no reply and in no status. (Parsed as before the fix,
     * with {@code ConfigFactory.parseString}, the include is followed: the control assertion.)
     */
    @Test
    void includeInSubmittedJobIsRefusedAndTheFileNeverRead() throws Exception {
        String secret = "secret-value-7f3a9c";
        Path secretFile = Files.writeString(root.resolve("secret.conf"), "class = \"" + secret + "\"\n");
        String text = "job { seed = 1, chains = 1, rounds = 10, target { include file(\"" + secretFile + "\") } }";
        assertEquals(secret, ConfigFactory.parseString(text).resolve().getString("job.target.class"),
                "control: a HOCON parse follows the include");

        TestProbe<JobClient.Event> client = kit.createTestProbe();
        manager().tell(new JobManager.SubmitJob(text, client.ref(), null, false));
        JobClient.JobRejected rejected = client.expectMessageClass(JobClient.JobRejected.class, Duration.ofSeconds(30));
        assertTrue(rejected.reason().contains("must be plain JSON"), rejected.reason());
        assertFalse(rejected.reason().contains(secret), rejected.reason());

        String substituted = "{\"job\":{\"seed\":1,\"target\":{\"name\":${?HOME}}}}";
        manager().tell(new JobManager.SubmitJob(substituted, client.ref(), null, false));
        rejected = client.expectMessageClass(JobClient.JobRejected.class, Duration.ofSeconds(30));
        assertTrue(rejected.reason().contains("must be plain JSON"), rejected.reason());

        for (JobManager.JobStatus job : status(OPERATOR_TOKEN)) {
            assertFalse(String.valueOf(job.detail()).contains(secret), job.toString());
        }
    }

    /**
     * Probe 2: a raw SubmitJob cannot choose where the node writes: an absolute path or one with
     * {@code ..} is refused and nothing is created; a relative subfolder lands under the node's own
     * {@code replex.checkpoint-dir}.
     */
    @Test
    void checkpointLocationIsTheNodesOwnAndAJobNamesOnlyARelativeSubfolder() throws Exception {
        Path outside = root.resolve("outside-" + System.nanoTime());
        TestProbe<JobClient.Event> client = kit.createTestProbe();
        for (String dir : List.of(outside.toString(), "../" + outside.getFileName(), "a/../../x", "")) {
            manager().tell(new JobManager.SubmitJob(json(SHORT_JOB), client.ref(), dir, false));
            JobClient.JobRejected rejected = client.expectMessageClass(JobClient.JobRejected.class,
                    Duration.ofSeconds(30));
            assertTrue(rejected.reason().startsWith("checkpoint-subdir: "), rejected.reason());
            assertTrue(rejected.reason().contains("relative subfolder"), rejected.reason());
        }
        assertFalse(Files.exists(outside), "nothing created outside the node's checkpoint directory");
        try (var files = Files.list(root)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals("x")));
        }

        manager().tell(new JobManager.SubmitJob(json(SHORT_JOB), client.ref(), "runs/a", false));
        first(client, JobClient.JobFinished.class);
        Path inside = checkpointRoot.resolve("runs").resolve("a");
        client.awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
            try {
                assertFalse(CheckpointFile.list(inside).isEmpty(), "checkpoints written under the node's own folder");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            return null;
        });
    }

    /**
     * Probe 4: only the job's owner (its cancel token) or an operator can cancel it; another
     * client's status shows the job without its reasons.
     */
    @Test
    void onlyTheOwnerOrAnOperatorCancelsAndReadsReasons() throws Exception {
        TestProbe<JobClient.Event> owner = kit.createTestProbe();
        manager().tell(new JobManager.SubmitJob(json(LONG_JOB), owner.ref(), null, false));
        JobClient.JobOwned owned = first(owner, JobClient.JobOwned.class);
        assertNotNull(owned.cancelToken());
        String jobId = owned.jobId();

        JobManager.CancelReply refused = cancel(jobId, null);
        assertFalse(refused.found(), refused.message());
        assertTrue(refused.message().contains("no token was given"), refused.message());
        refused = cancel(jobId, "not-" + owned.cancelToken());
        assertFalse(refused.found(), refused.message());
        assertEquals("running", statusOf(jobId, null).state(), "still running after the refused cancels");

        JobManager.CancelReply done = cancel(jobId, owned.cancelToken());
        assertTrue(done.found(), done.message());
        first(owner, JobClient.JobFailed.class);

        // A job rejected by the nodes' target check: its reason is recorded, shown to an operator only.
        String rejectedJob = json("job { seed = 1, chains = 1, rounds = 10, target { class = \"no.such.Target\" } }");
        TestProbe<JobClient.Event> other = kit.createTestProbe();
        manager().tell(new JobManager.SubmitJob(rejectedJob, other.ref(), null, false));
        other.expectMessageClass(JobClient.JobRejected.class, Duration.ofSeconds(30));
        JobManager.JobStatus hidden = status(null).stream().filter(j -> "rejected".equals(j.state())).findFirst()
                .orElseThrow();
        assertEquals(JobOwnership.REDACTED, hidden.detail());
        assertEquals(JobOwnership.REDACTED, statusOf(hidden.jobId(), owned.cancelToken()).detail(),
                "another job's token does not show this job's reasons");
        assertTrue(statusOf(hidden.jobId(), OPERATOR_TOKEN).detail().contains("no.such.Target"));
        TestProbe<JobClient.Event> fetcher = kit.createTestProbe();
        manager().tell(new JobManager.FetchJob(hidden.jobId(), fetcher.ref()));
        JobClient.JobFailed fetched = fetcher.expectMessageClass(JobClient.JobFailed.class, Duration.ofSeconds(10));
        assertFalse(fetched.reason().contains("no.such.Target"), "a fetch by id shows no reason: " + fetched.reason());
        assertNull(statusOf(jobId, null).detail(), "a cancelled job has no reason to hide");
    }
}
