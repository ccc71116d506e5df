package replex.actors;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;

import replex.core.engine.RecoveryEvent;
import replex.core.replica.RoundReport;

/**
 * The round barrier of an {@link ExchangeCoordinator}'s chains. Starts the next round of each chain
 * that may run, with one {@link ReplicaHost.RunRounds} per host for all of them ({@link RoundBatches});
 * collects the reports of each chain's round in flight ({@link ExchangeCoordinator.RoundsDone}),
 * ignoring stale and duplicate ones; once all K are in, completes the round in the chain's
 * {@code ChainState}, which merges them in replica order and decides the swaps, hands a snapshot
 * round's snapshots to the {@link CheckpointWriter}, and reports progress with the kept draws. Holds
 * a chain at the suspension round or behind a checkpoint that could not be written, and says once
 * when every chain waits for one. Chains do not wait for each other. Confined to the coordinator's
 * thread.
 */
final class RoundBarrier {

    private final ActorContext<ExchangeCoordinator.Command> context;
    private final String jobId;
    private final ActorRef<JobClient.Event> client;
    private final ActorRef<JobManager.Command> manager;
    private final ChainRun[] runs;
    private final int levels;
    private final long rounds;
    /** Rounds between snapshots; 0 = none. */
    private final int every;
    private final RoundBatches batches;
    private final CheckpointQueue queue;
    private final CheckpointWriter writer;
    private final RoundDeadlines deadlines;
    private final ReplicaRecovery recovery;
    /** When this coordinator started: progress carries the job's own clock (rates of the job's rounds). */
    private final long startNanos = System.nanoTime();
    private int chainsFinished;
    private long reportedStep = -1;
    /** The round at which every chain stops for a suspension checkpoint; −1 when not suspending. */
    private long suspendAt = -1;
    /** The unwritten checkpoint's round for which {@link #tellIfAllWaitForCheckpoint} has spoken, or −1. */
    private long toldAllWaitingAt = -1;

    /**
     * @param context the coordinator's context (batches answer it; its log)
     * @param jobId the job
     * @param client receives progress, draws and notices
     * @param manager told of the job's progress
     * @param runs the job's chains
     * @param rounds the rounds each chain runs
     * @param every rounds between snapshots; 0 = none
     * @param batches the hosts and their batches
     * @param queue the checkpoints in the making (a chain waits behind one not written)
     * @param writer takes the snapshots of a snapshot round
     * @param deadlines records the rounds' times
     * @param recovery replays a chain whose host no longer holds its replicas
     */
    RoundBarrier(ActorContext<ExchangeCoordinator.Command> context, String jobId, ActorRef<JobClient.Event> client,
            ActorRef<JobManager.Command> manager, ChainRun[] runs, long rounds, int every, RoundBatches batches,
            CheckpointQueue queue, CheckpointWriter writer, RoundDeadlines deadlines, ReplicaRecovery recovery) {
        this.context = context;
        this.jobId = jobId;
        this.client = client;
        this.manager = manager;
        this.runs = runs;
        this.levels = runs[0].levels;
        this.rounds = rounds;
        this.every = every;
        this.batches = batches;
        this.queue = queue;
        this.writer = writer;
        this.deadlines = deadlines;
        this.recovery = recovery;
    }

    /**
     * Starts the next round of each given chain that may run, one {@link ReplicaHost.RunRounds} per
     * host for all of them.
     *
     * @param candidates the chains, in chain order
     */
    void start(List<ChainRun> candidates) {
        long now = System.nanoTime();
        List<ChainRun> sent = new ArrayList<>(candidates.size());
        for (ChainRun run : candidates) {
            if (!mayRun(run)) {
                continue;
            }
            sent.add(run);
            long round = run.state.roundsDone();
            boolean snapshot = isSnapshotRound(round + 1) || round + 1 == suspendAt;
            for (int r = 0; r < levels; r++) {
                batches.add(run, r, round, run.state.instructionFor(r, round, snapshot));
            }
            RoundDeadlines.sent(run, now);
        }
        if (sent.isEmpty()) {
            tellIfAllWaitForCheckpoint();
            return;
        }
        long[] sentBatches = batches.send(jobId, context.getSelf());
        for (ChainRun run : sent) {
            run.firstBatch = sentBatches[0];
            run.lastBatch = sentBatches[1];
        }
    }

    /** Starts the next round of every chain that was halted (and may run now). */
    void startHalted() {
        List<ChainRun> waiting = new ArrayList<>();
        for (ChainRun run : runs) {
            if (run.halted) {
                waiting.add(run);
            }
        }
        start(waiting);
    }

    /**
     * Says once per unwritten checkpoint when no chain runs any more because of it: from then on the
     * job makes no progress until the checkpoint is written.
     */
    private void tellIfAllWaitForCheckpoint() {
        long unwritten = queue.unwrittenRound();
        if (unwritten < 0 || unwritten == toldAllWaitingAt) {
            return;
        }
        for (ChainRun run : runs) {
            if (run.inFlight || !run.halted && run.state.roundsDone() < rounds) {
                return;
            }
        }
        toldAllWaitingAt = unwritten;
        String message = "every chain waits until the checkpoint of round " + unwritten + " is written";
        context.getLog().warn("job {}: {}", jobId, message);
        client.tell(new JobClient.Notice(jobId, message));
    }

    /** Whether the chain may start its next round now; if not, whether it waits (halted) or is done. */
    private boolean mayRun(ChainRun run) {
        long round = run.state.roundsDone();
        if (!run.isReady() || run.inFlight) {
            return false;
        }
        if (round >= rounds || round == suspendAt || queue.blocks(round)) {
            run.halted = round < rounds;
            return false;
        }
        run.halted = false;
        return true;
    }

    /** @return whether the replicas report snapshots at the end of the round that makes {@code done} rounds */
    private boolean isSnapshotRound(long done) {
        return every > 0 && done % every == 0 && done < rounds;
    }

    /**
     * A host ran a batch: its reports go to their chains; a chain with all K reports completes its
     * round and, if it has rounds left and the job is not finished, starts the next one. A chain
     * whose replicas the host no longer holds is replayed.
     *
     * @param m the host's answer
     * @return why the job fails (a replica failed, or a round kept being replayed), or {@code null}
     */
    String roundsDone(ExchangeCoordinator.RoundsDone m) {
        List<ChainRun> completed = new ArrayList<>();
        Set<ChainRun> missing = new LinkedHashSet<>();
        for (ReplicaHost.Result result : m.results()) {
            ChainRun run = runs[result.chain()];
            if (result.epoch() != run.epoch || !run.inFlight) {
                continue; // stale: an earlier epoch, or a duplicate
            }
            if (result.failure() != null) {
                return result.failure();
            }
            if (result.missing()) {
                missing.add(run);
                continue;
            }
            RoundReport report = result.report();
            if (report.round() != run.state.roundsDone() || run.pending[report.replica()] != null) {
                continue;
            }
            run.pending[report.replica()] = report;
            if (++run.pendingCount == levels) {
                completed.add(run);
            }
        }
        for (ChainRun run : missing) {
            String failure = recovery.replay(run, RecoveryEvent.Kind.REPLICAS_RESTORED, "node " + m.node()
                    + " no longer holds replicas of chain " + run.index);
            if (failure != null) {
                return failure;
            }
        }
        List<ChainRun> continuing = new ArrayList<>();
        for (ChainRun run : completed) {
            if (complete(run)) {
                continuing.add(run);
            }
        }
        if (!finished()) {
            start(continuing);
        }
        return null;
    }

    /** Records a chain's finished round; @return whether the chain has rounds left. */
    private boolean complete(ChainRun run) {
        long round = run.pending[0].round();
        deadlines.completed(run);
        run.state.complete(round, run.pending);
        if (run.pending[0].snapshot() != null) {
            writer.recordSnapshot(run);
        }
        run.clearPending();
        reportProgress();
        if (round + 1 < rounds) {
            return true;
        }
        chainsFinished++;
        return false;
    }

    /** @return whether every chain has run all its rounds */
    boolean finished() {
        return chainsFinished == runs.length;
    }

    /**
     * Has every chain stop at the end of the round after the furthest one's current round (every
     * chain can still be told to snapshot there), unless the job is nearly done.
     *
     * @return whether the job suspends (at {@link #suspendAt()}); {@code false} if finishing is quicker
     */
    boolean suspend() {
        long furthest = 0;
        for (ChainRun run : runs) {
            furthest = Math.max(furthest, run.state.roundsDone());
        }
        long at = furthest + 2;
        if (at >= rounds) {
            return false; // nearly done: finishing is quicker than a checkpoint
        }
        suspendAt = at;
        return true;
    }

    /** @return the round at which every chain stops for a suspension checkpoint; −1 when not suspending */
    long suspendAt() {
        return suspendAt;
    }

    private void reportProgress() {
        long slowest = Long.MAX_VALUE;
        for (ChainRun run : runs) {
            slowest = Math.min(slowest, run.state.roundsDone());
        }
        long step = slowest * ExchangeCoordinator.PROGRESS_STEPS / rounds;
        if (step != reportedStep) {
            reportedStep = step;
            ChainRun.sendNewDraws(runs, client, jobId);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            client.tell(new JobClient.Progress(jobId, slowest, rounds, seconds));
            manager.tell(new JobManager.JobProgressed(jobId, slowest));
        }
    }
}
