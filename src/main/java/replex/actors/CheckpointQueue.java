package replex.actors;

import java.util.ArrayDeque;
import java.util.TreeMap;

import replex.core.chain.ChainSnapshot;
import replex.core.engine.RunState;
import replex.core.replica.ReplicaSnapshot;
import replex.io.CheckpointFile;

/**
 * A coordinator's checkpoints in the making. Chains reach a checkpoint round at different times:
 * their snapshots are assembled per round until every chain has given its part; complete
 * checkpoints are queued and handed out for writing one at a time, in round order; a failed write
 * is kept as the <em>unwritten</em> checkpoint, and chains do not run past its round until a retry
 * succeeds. Plain state, no I/O: the coordinator writes (on the blocking-I/O dispatcher) and calls
 * {@link #written} or {@link #failed}. Not thread-safe: its coordinator's only.
 */
final class CheckpointQueue {

    private final int chains;
    private final int levels;
    private final TreeMap<Long, ChainSnapshot[]> assembling = new TreeMap<>();
    private final TreeMap<Long, ReplicaSnapshot[]> assemblingReplicas = new TreeMap<>();
    private final ArrayDeque<CheckpointFile.Payload> toWrite = new ArrayDeque<>();
    private boolean writing;
    private CheckpointFile.Payload unwritten;

    /**
     * @param chains C
     * @param levels K
     */
    CheckpointQueue(int chains, int levels) {
        this.chains = chains;
        this.levels = levels;
    }

    /**
     * Adds one chain's part of the checkpoint of a round.
     *
     * @param round the round
     * @param chain the chain
     * @param snapshot the chain's snapshot with its draws
     * @param replicas its replicas' snapshots, length K
     * @return the state of the whole job at that round once every chain has given its part (the
     *     round is then forgotten here), else {@code null}
     */
    RunState add(long round, int chain, ChainSnapshot snapshot, ReplicaSnapshot[] replicas) {
        ChainSnapshot[] parts = assembling.computeIfAbsent(round, k -> new ChainSnapshot[chains]);
        ReplicaSnapshot[] replicaParts = assemblingReplicas.computeIfAbsent(round,
                k -> new ReplicaSnapshot[chains * levels]);
        parts[chain] = snapshot;
        System.arraycopy(replicas, 0, replicaParts, chain * levels, levels);
        for (ChainSnapshot part : parts) {
            if (part == null) {
                return null;
            }
        }
        assembling.remove(round);
        assemblingReplicas.remove(round);
        return new RunState(round, parts, replicaParts);
    }

    /** Queues a complete checkpoint for writing, after those queued before. */
    void enqueue(CheckpointFile.Payload payload) {
        toWrite.add(payload);
    }

    /**
     * @return the next checkpoint to write, now marked as being written; {@code null} while one is
     *     being written or none is queued
     */
    CheckpointFile.Payload next() {
        if (writing || toWrite.isEmpty()) {
            return null;
        }
        writing = true;
        return toWrite.poll();
    }

    /**
     * The checkpoint handed out by {@link #next} is on disk.
     *
     * @param round its round
     * @return whether it was the unwritten one (the chains waiting for it may go on)
     */
    boolean written(long round) {
        writing = false;
        if (unwritten != null && unwritten.state().round() == round) {
            unwritten = null;
            return true;
        }
        return false;
    }

    /**
     * The checkpoint handed out by {@link #next} could not be written: it becomes the unwritten one.
     *
     * @param payload the checkpoint
     * @return whether it is the first failure (nothing was unwritten before: tell the user once)
     */
    boolean failed(CheckpointFile.Payload payload) {
        writing = false;
        boolean first = unwritten == null;
        unwritten = payload;
        return first;
    }

    /** Puts the unwritten checkpoint first in the queue again, unless a write is under way. */
    void retry() {
        if (unwritten != null && !writing) {
            toWrite.addFirst(unwritten);
        }
    }

    /** @return whether a checkpoint handed out by {@link #next} is being written */
    boolean writing() {
        return writing;
    }

    /** Forgets the checkpoints queued and not yet handed out (the job is done: they are not needed). */
    void dropQueued() {
        toWrite.clear();
        unwritten = null;
    }

    /** @return the round of the checkpoint that could not be written, or −1 if there is none */
    long unwrittenRound() {
        return unwritten == null ? -1 : unwritten.state().round();
    }

    /**
     * @param round a round a chain would run
     * @return whether it must wait: a checkpoint at or before that round could not be written
     */
    boolean blocks(long round) {
        return unwritten != null && round >= unwritten.state().round();
    }
}
