package replex.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;

import replex.cluster.ReplexNode;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.io.JobSpec;

/**
 * A long-lived cluster node that runs 200 small jobs one after the other gives back what they
 * took: every replica entity stops when its job ends, the job manager forgets the jobs after the
 * retention, and the node's thread count and heap return to where they were after the first jobs.
 * Shards are reused job after job, so their count stays at its level after the warm-up too.
 * Retention and rebalance intervals are injected (short), and every wait is on a condition.
 */
class LongLivedNodeTest {

    private static final String JOB = "job { seed = 3, chains = 2, temperatures { count = 3, beta-min = 0.2 }, "
            + "rounds = 20, steps-per-round = 2, checkpoint-every = 5, "
            + "target { name = gaussian, means = [0, 1], sd = 1 } }";

    private static ActorSystem<Void> node;
    private static ActorTestKit kit;

    @BeforeAll
    static void start() {
        Config overrides = ConfigFactory.parseString("""
                akka.remote.artery.canonical.hostname = "127.0.0.1"
                akka.remote.artery.canonical.port = 0
                akka.cluster.seed-nodes = []
                akka.cluster.sharding.rebalance-interval = 200ms
                akka.cluster.gossip-interval = 100ms
                akka.cluster.leader-actions-interval = 100ms
                akka.cluster.periodic-tasks-initial-delay = 0s
                replex.job-retention = 1s
                """);
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

    private static void runJob() throws Exception {
        JobSpec spec = JobSpec.fromConfig(ConfigFactory.parseString(JOB), JobSpec.Overrides.NONE, null);
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        ActorRef<JobClient.Event> client = kit.spawn(JobClient.create(spec.toConfig().root().render(
                ConfigRenderOptions.concise()), spec.sampler(), ProgressListener.NONE, result, Duration.ofSeconds(30)));
        RunResult r = result.get(60, TimeUnit.SECONDS);
        assertEquals(2, r.chains().size());
        kit.stop(client);
    }

    private static ShardRegion.CurrentShardRegionState shardState() {
        TestProbe<ShardRegion.CurrentShardRegionState> probe = kit.createTestProbe();
        ClusterSharding.get(node).shardState().tell(new GetShardRegionState(ReplicaActor.TYPE_KEY,
                probe.ref().unsafeUpcast()));
        return probe.receiveMessage(Duration.ofSeconds(10));
    }

    /** @return replica entities alive on the node, over all shards */
    private static long liveReplicas() {
        return shardState().getShards().stream().mapToLong(s -> s.getEntityIds().size()).sum();
    }

    private static int jobsListed() {
        TestProbe<JobManager.StatusReport> probe = kit.createTestProbe();
        TestProbe<akka.actor.typed.receptionist.Receptionist.Listing> listing = kit.createTestProbe();
        node.receptionist().tell(akka.actor.typed.receptionist.Receptionist.find(JobManager.SERVICE_KEY,
                listing.ref()));
        ActorRef<JobManager.Command> manager = listing.receiveMessage().getServiceInstances(JobManager.SERVICE_KEY)
                .iterator().next();
        manager.tell(new JobManager.GetStatus(probe.ref(), null));
        return probe.receiveMessage().jobs().size();
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Waits (Akka's awaitAssert: looks again every 100 ms, at most 30 s) until {@code value} ≤ {@code bound}. */
    private static void awaitAtMost(String what, LongSupplier value, long bound) {
        kit.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
            long v = value.getAsLong();
            assertTrue(v <= bound, what + ": " + v + " > " + bound);
            return null;
        });
    }

    @Test
    void twoHundredJobsLeaveNoShardsThreadsOrHeapBehind() throws Exception {
        for (int i = 0; i < 20; i++) { // warm up: classes, pools, JIT
            runJob();
        }
        awaitAtMost("replicas alive after the warm-up", LongLivedNodeTest::liveReplicas, 0);
        int shardsBefore = shardState().getShards().size();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long heap = heapAfterGc();
        for (int i = 0; i < 200; i++) {
            runJob();
        }
        // 200 jobs x 6 replicas: every replica entity is stopped when its job ends.
        awaitAtMost("replicas alive after 200 jobs", LongLivedNodeTest::liveReplicas, 0);
        // Shards are reused by every job started with the same members: as many after 220 jobs as after 20.
        int shardsAfter = shardState().getShards().size();
        System.out.println("LongLivedNodeTest: shards " + shardsBefore + " after 20 jobs, " + shardsAfter
                + " after 220");
        assertEquals(shardsBefore, shardsAfter, "shards after 200 more jobs");
        awaitAtMost("jobs listed after the retention", LongLivedNodeTest::jobsListed, 0);
        awaitAtMost("threads after 200 jobs (before: " + threads + ")",
                () -> ManagementFactory.getThreadMXBean().getThreadCount(), threads + 2L);
        // Heap: within 16 MiB of the level after the warm-up (GC noise), not growing with the jobs run.
        awaitAtMost("heap after 200 jobs (before: " + heap + " bytes)", LongLivedNodeTest::heapAfterGc,
                heap + 16L * 1024 * 1024);
    }
}
