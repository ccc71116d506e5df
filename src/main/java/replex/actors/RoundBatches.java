package replex.actors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import akka.actor.typed.ActorRef;

import replex.core.replica.RoundInstruction;

/**
 * The hosts a coordinator's job uses and the batches it puts together for them: the instructions
 * of every chain that starts a round now are gathered per host, then each host gets one
 * {@link ReplicaHost.RunRounds}. Remembers, per host, chain and level, which version of the
 * proposal's covariance factor the host holds, so that a factor (d × d numbers) travels only in the
 * first batch after it changes. Plain state, no actor: its coordinator's only, not thread-safe.
 */
final class RoundBatches {

    private static final ReplicaHost.Item[] NO_ITEMS = new ReplicaHost.Item[0];
    private static final ReplicaHost.FactorUpdate[] NO_FACTORS = new ReplicaHost.FactorUpdate[0];

    /** A host the job uses: the factor versions it holds, and the batch being put together for it. */
    private static final class HostLink {
        final ActorRef<ReplicaHost.Command> host;
        /** Per chain and level, the factor version the host holds. */
        final int[][] held;
        final List<ReplicaHost.Item> items = new ArrayList<>();
        final List<ReplicaHost.FactorUpdate> factors = new ArrayList<>();

        HostLink(ActorRef<ReplicaHost.Command> host, int chains, int levels) {
            this.host = host;
            this.held = new int[chains][levels];
        }
    }

    private final int chains;
    private final int levels;
    /** The hosts in the order first seen. */
    private final List<HostLink> links = new ArrayList<>();
    private final Map<ActorRef<ReplicaHost.Command>, Integer> linkIndex = new HashMap<>();
    private long nextBatch = 1;

    /**
     * @param chains C
     * @param levels K
     */
    RoundBatches(int chains, int levels) {
        this.chains = chains;
        this.levels = levels;
    }

    /**
     * @param host a replica's host
     * @return the host's index, given when the host is first seen
     */
    int indexOf(ActorRef<ReplicaHost.Command> host) {
        Integer index = linkIndex.get(host);
        if (index == null) {
            index = links.size();
            links.add(new HostLink(host, chains, levels));
            linkIndex.put(host, index);
        }
        return index;
    }

    /**
     * Adds a replica's instruction for its next round to its host's batch, with the proposal's factor
     * if the host does not hold its version yet.
     *
     * @param run the replica's chain
     * @param replica the replica index
     * @param round the round (rounds done so far)
     * @param in the instruction
     */
    void add(ChainRun run, int replica, long round, RoundInstruction in) {
        int factorVersion = run.factorVersion(in.level(), in.proposal());
        HostLink link = links.get(run.hostIndex[replica]);
        if (factorVersion > 0 && link.held[run.index][in.level()] != factorVersion) {
            link.factors.add(new ReplicaHost.FactorUpdate(run.index, in.level(), factorVersion,
                    in.proposal().factor()));
            link.held[run.index][in.level()] = factorVersion;
        }
        link.items.add(new ReplicaHost.Item(run.index, replica, run.epoch, round, in.level(), in.beta(), in.steps(),
                in.proposal().scale(), factorVersion, in.collectMoments(), in.firstDrawStep(), in.thin(),
                in.snapshot()));
    }

    /**
     * Sends every host with instructions its batch.
     *
     * @param jobId the job
     * @param replyTo the coordinator
     * @return the batch numbers sent, {@code [first, last]}; {@code last < first} if none
     */
    long[] send(String jobId, ActorRef<ExchangeCoordinator.Command> replyTo) {
        long first = nextBatch;
        for (HostLink link : links) {
            if (link.items.isEmpty()) {
                continue;
            }
            link.host.tell(new ReplicaHost.RunRounds(jobId, nextBatch++, link.items.toArray(NO_ITEMS),
                    link.factors.isEmpty() ? NO_FACTORS : link.factors.toArray(NO_FACTORS), replyTo));
            link.items.clear();
            link.factors.clear();
        }
        return new long[] {first, nextBatch - 1};
    }

    /** @return every host the job has used */
    List<ActorRef<ReplicaHost.Command>> hosts() {
        List<ActorRef<ReplicaHost.Command>> hosts = new ArrayList<>(links.size());
        for (HostLink link : links) {
            hosts.add(link.host);
        }
        return hosts;
    }
}
