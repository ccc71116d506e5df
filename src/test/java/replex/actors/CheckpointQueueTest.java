package replex.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import replex.core.chain.ChainSnapshot;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunState;
import replex.core.replica.ReplicaSnapshot;
import replex.io.CheckpointFile;

/**
 * The coordinator's checkpoint queue: parts assembled per round in any order, checkpoints handed
 * out one at a time in round order, a failed write blocks the rounds after it until a retry
 * succeeds.
 */
class CheckpointQueueTest {

    private static final int CHAINS = 3;
    private static final int LEVELS = 2;

    private static ChainSnapshot chain(int c, long round) {
        return new ChainSnapshot(c, round, new double[LEVELS], new double[LEVELS - 1], new long[LEVELS - 1], 0,
                new int[LEVELS], null, new long[LEVELS], new long[LEVELS], new long[LEVELS], new long[LEVELS - 1],
                new long[LEVELS - 1], new double[LEVELS - 1], null, new long[0], null, 0, new double[0], null);
    }

    private static ReplicaSnapshot[] replicas(int c) {
        ReplicaSnapshot[] r = new ReplicaSnapshot[LEVELS];
        for (int i = 0; i < LEVELS; i++) {
            r[i] = new ReplicaSnapshot(c, i, new double[] {c, i}, new byte[0]);
        }
        return r;
    }

    private static CheckpointFile.Payload payload(RunState state) {
        return new CheckpointFile.Payload("test", "{}", "now", state, new RecoveryEvent[0], new String[0]);
    }

    @Test
    void aRoundIsCompleteOnceEveryChainGaveItsPartInAnyOrder() {
        CheckpointQueue q = new CheckpointQueue(CHAINS, LEVELS);
        assertNull(q.add(10, 2, chain(2, 10), replicas(2)));
        assertNull(q.add(20, 0, chain(0, 20), replicas(0)), "a chain ahead starts the next round's checkpoint");
        assertNull(q.add(10, 0, chain(0, 10), replicas(0)));
        RunState ten = q.add(10, 1, chain(1, 10), replicas(1));
        assertEquals(10, ten.round());
        for (int c = 0; c < CHAINS; c++) {
            assertEquals(c, ten.chains()[c].chain());
            for (int r = 0; r < LEVELS; r++) {
                ReplicaSnapshot s = ten.replicas()[c * LEVELS + r];
                assertEquals(c, s.chain());
                assertEquals(r, s.replica());
                assertArrayEquals(new double[] {c, r}, s.state());
            }
        }
        assertNull(q.add(20, 1, chain(1, 20), replicas(1)), "round 20 still misses chain 2");
        assertEquals(20, q.add(20, 2, chain(2, 20), replicas(2)).round());
    }

    @Test
    void checkpointsAreHandedOutOneAtATimeInOrder() {
        CheckpointQueue q = new CheckpointQueue(CHAINS, LEVELS);
        assertNull(q.next(), "nothing queued");
        CheckpointFile.Payload a = payload(new RunState(10, new ChainSnapshot[0], new ReplicaSnapshot[0]));
        CheckpointFile.Payload b = payload(new RunState(20, new ChainSnapshot[0], new ReplicaSnapshot[0]));
        q.enqueue(a);
        q.enqueue(b);
        assertSame(a, q.next());
        assertNull(q.next(), "one write at a time");
        assertFalse(q.written(10), "nothing was unwritten");
        assertSame(b, q.next());
        assertFalse(q.written(20));
        assertNull(q.next());
    }

    /** At the job's end: what is queued is dropped, the write under way is still known until it ends. */
    @Test
    void atTheEndQueuedCheckpointsAreDroppedAndAWriteUnderWayIsAwaited() {
        CheckpointQueue q = new CheckpointQueue(CHAINS, LEVELS);
        q.enqueue(payload(new RunState(10, new ChainSnapshot[0], new ReplicaSnapshot[0])));
        q.enqueue(payload(new RunState(20, new ChainSnapshot[0], new ReplicaSnapshot[0])));
        assertFalse(q.writing());
        q.next();
        assertTrue(q.writing(), "round 10 is being written");
        q.dropQueued();
        assertTrue(q.writing(), "dropping the queue does not forget the write under way");
        q.written(10);
        assertFalse(q.writing());
        assertNull(q.next(), "round 20 was dropped");
    }

    @Test
    void aFailedWriteBlocksTheRoundsAfterItUntilARetrySucceeds() {
        CheckpointQueue q = new CheckpointQueue(CHAINS, LEVELS);
        CheckpointFile.Payload a = payload(new RunState(10, new ChainSnapshot[0], new ReplicaSnapshot[0]));
        CheckpointFile.Payload b = payload(new RunState(20, new ChainSnapshot[0], new ReplicaSnapshot[0]));
        q.enqueue(a);
        q.enqueue(b);
        assertSame(a, q.next());
        assertFalse(q.blocks(11));
        assertTrue(q.failed(a), "the first failure is reported");
        assertTrue(q.blocks(10) && q.blocks(11) && !q.blocks(9));
        q.retry();
        assertSame(a, q.next(), "the unwritten checkpoint goes first");
        q.retry(); // a write is under way: nothing queued twice
        assertFalse(q.failed(a), "a repeated failure is not reported again");
        q.retry();
        assertSame(a, q.next());
        assertTrue(q.written(10), "the chains waiting for it may go on");
        assertFalse(q.blocks(11));
        assertSame(b, q.next());
        assertNull(q.next());
    }
}
