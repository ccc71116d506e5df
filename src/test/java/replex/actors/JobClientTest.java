package replex.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;

import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.io.JobSpec;

/**
 * A submitting client watches its job's coordinator: when the coordinator is lost and no job
 * manager restarts the job within {@code replex.client.restart-grace} (injected: 300 ms), the
 * client fails with a message that says why, instead of waiting forever; a restart in time (a new
 * coordinator accepting the job again) keeps it waiting.
 */
class JobClientTest {

    private static ActorTestKit testKit;
    private static JobSpec spec;

    @BeforeAll
    static void parse() {
        spec = JobSpec.fromConfig(ConfigFactory.parseString(ParallelismInvarianceTest.JOB), JobSpec.Overrides.NONE,
                null);
    }

    /** A system per test: each registers its own job manager stand-in with the Receptionist. */
    @org.junit.jupiter.api.BeforeEach
    void start() {
        testKit = ActorTestKit.create("client", ConfigFactory.parseString("""
                akka.actor.provider = local
                replex.client.restart-grace = 300ms
                """).withFallback(ConfigFactory.load()));
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    /** A job manager stand-in registered with the Receptionist; returns the client's submission. */
    private static JobManager.SubmitJob submit(CompletableFuture<RunResult> result) {
        TestProbe<JobManager.Command> manager = testKit.createTestProbe();
        testKit.system().receptionist().tell(Receptionist.register(JobManager.SERVICE_KEY, manager.ref()));
        testKit.spawn(JobClient.create(spec.toConfig().root().render(ConfigRenderOptions.concise()), spec.sampler(),
                ProgressListener.NONE, result, Duration.ofSeconds(20)));
        return manager.expectMessageClass(JobManager.SubmitJob.class, Duration.ofSeconds(20));
    }

    @Test
    void aLostCoordinatorThatIsNotReplacedFailsTheClientWithTheReason() throws Exception {
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        JobManager.SubmitJob submitted = submit(result);
        ActorRef<ExchangeCoordinator.Command> coordinator = testKit.spawn(Behaviors.empty());
        submitted.replyTo().tell(new JobClient.JobAccepted("job-1", List.of("a", "b"), null, coordinator));
        testKit.stop(coordinator);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> result.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("coordinator was lost and no worker node restarted the job"),
                e.getCause().getMessage());
        assertTrue(e.getCause().getMessage().contains("REPLEX_CHECKPOINT_DIR"), e.getCause().getMessage());
    }

    @Test
    void aNoticeGoesToTheClientsListenerAndOneThatThrowsDoesNotStopIt() throws Exception {
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        java.util.concurrent.BlockingQueue<String> told = new java.util.concurrent.LinkedBlockingQueue<>();
        TestProbe<JobManager.Command> manager = testKit.createTestProbe();
        testKit.system().receptionist().tell(Receptionist.register(JobManager.SERVICE_KEY, manager.ref()));
        testKit.spawn(JobClient.create(spec.toConfig().root().render(ConfigRenderOptions.concise()), spec.sampler(),
                ProgressListener.NONE, result, Duration.ofSeconds(20), null, null, (jobId, message) -> {
                    told.add(jobId + ": " + message);
                    throw new IllegalStateException("a broken listener");
                }));
        JobManager.SubmitJob submitted = manager.expectMessageClass(JobManager.SubmitJob.class, Duration.ofSeconds(20));
        submitted.replyTo().tell(new JobClient.Notice("job-3", "checkpoint of round 5 written"));
        submitted.replyTo().tell(new JobClient.Notice("job-3", "every chain waits"));
        assertEquals("job-3: checkpoint of round 5 written", told.poll(20, TimeUnit.SECONDS));
        assertEquals("job-3: every chain waits", told.poll(20, TimeUnit.SECONDS));
        assertFalse(result.isDone(), "a broken notice listener does not stop the client");
    }

    @Test
    void aCoordinatorReplacedInTimeKeepsTheClientWaiting() throws Exception {
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        JobManager.SubmitJob submitted = submit(result);
        ActorRef<ExchangeCoordinator.Command> first = testKit.spawn(Behaviors.empty());
        submitted.replyTo().tell(new JobClient.JobAccepted("job-2", List.of("a", "b"), null, first));
        testKit.stop(first);
        // The job manager that takes over restarts the job: a new coordinator accepts it again.
        ActorRef<ExchangeCoordinator.Command> second = testKit.spawn(Behaviors.empty());
        submitted.replyTo().tell(new JobClient.JobAccepted("job-2", List.of("a", "b"), null, second));
        TestProbe<Object> quiet = testKit.createTestProbe();
        quiet.expectNoMessage(Duration.ofMillis(900)); // three times the grace: the client must not give up
        assertFalse(result.isDone(), "the client still waits for the restarted job");
        testKit.stop(second);
        org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> result.get(20, TimeUnit.SECONDS));
    }
}
