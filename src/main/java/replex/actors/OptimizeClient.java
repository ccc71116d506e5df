package replex.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;

import replex.core.ConfigurationException;
import replex.core.Objective;
import replex.core.engine.RecoveryEvent;
import replex.core.optimize.OptimizeChain;
import replex.core.optimize.OptimizeEngine;
import replex.core.optimize.TableState;
import replex.io.OptimizeSpec;

/**
 * The client's side of one {@code optimize} job, as {@link JobClient} is for sampling jobs: finds the
 * {@link JobManager}, submits the job, feeds progress (with the best value) to a listener, collects
 * the streamed history rows and best state, and completes a future with the run's
 * {@link OptimizeEngine.Result}, from which the client writes the same files as {@code replex run}.
 * It receives the job manager's {@link JobClient.Event}s (accepted, owned, rejected, failed) and the
 * coordinator's events below (JSON, like every client-facing message). When the job's coordinator is
 * lost, it waits {@code replex.client.restart-grace} for a job manager to restart the job from its
 * checkpoint files and follows the new coordinator; this part, shared with {@link JobClient}, is in
 * {@link JobLink}. A {@code replex fetch} of a finished optimize job becomes this client
 * ({@link #fetched}) once the job manager has said what the job is ({@link JobFetch}).
 */
public final class OptimizeClient extends AbstractBehavior<JobClient.Event> {

    /** Values per history or best-state message: keeps JSON frames well under Artery's limit. */
    static final int MAX_VALUES_PER_CHUNK = ExchangeCoordinator.MAX_VALUES_PER_CHUNK;

    /**
     * @param jobId the job
     * @param roundsDone rounds completed
     * @param totalRounds the most rounds
     * @param bestValue the best objective value so far
     */
    public record Progressed(String jobId, long roundsDone, long totalRounds, double bestValue)
            implements JobClient.Event {
    }

    /**
     * History rows {@code firstRow} … of the run, each {@code round, chain, level, temperature,
     * jitter, value, metrics…} (rounds counted from 0), row-major.
     *
     * @param jobId the job
     * @param firstRow index of the first row
     * @param width values per row, 6 + the number of metrics
     * @param rows the values
     */
    public record HistoryAppended(String jobId, int firstRow, int width, double[] rows) implements JobClient.Event {
    }

    /**
     * Cells {@code first} … of the best state, row-major.
     *
     * @param jobId the job
     * @param first index of the first cell
     * @param cells the values
     */
    public record BestCells(String jobId, int first, double[] cells) implements JobClient.Event {
    }

    /**
     * The run is over; every history row and best cell has been sent.
     *
     * @param jobId the job
     * @param stopReason why it ended ({@link OptimizeEngine.StopReason} name)
     * @param roundsDone rounds run
     * @param bestChain the chain that found the best state
     * @param chains every chain's state at the end (acceptance, jitters, temperatures, its best)
     * @param historyRows history rows sent in all
     * @param replicasPerNode replicas hosted by each node
     * @param events what the job recovered from (lost nodes), in order
     */
    public record Finished(String jobId, String stopReason, long roundsDone, int bestChain,
            List<OptimizeChain.State> chains, int historyRows, Map<String, Integer> replicasPerNode,
            List<RecoveryEvent> events) implements JobClient.Event {
    }

    /**
     * A finished job as the client received it.
     *
     * @param result the run's result
     * @param metricNames the objective's metric names
     * @param replicasPerNode replicas per node
     * @param events recoveries
     */
    public record Outcome(OptimizeEngine.Result result, List<String> metricNames, Map<String, Integer> replicasPerNode,
            List<RecoveryEvent> events) {
    }

    /**
     * Sends history rows {@code from} … in bounded chunks.
     *
     * @return the rows sent in all ({@code rows.size()})
     */
    static int sendHistory(ActorRef<JobClient.Event> client, String jobId, List<OptimizeEngine.HistoryRow> rows,
            int from, List<String> metricNames) {
        int width = 6 + metricNames.size();
        int perChunk = Math.max(1, MAX_VALUES_PER_CHUNK / width);
        for (int first = from; first < rows.size(); first += perChunk) {
            int n = Math.min(perChunk, rows.size() - first);
            double[] v = new double[n * width];
            for (int i = 0; i < n; i++) {
                OptimizeEngine.HistoryRow r = rows.get(first + i);
                int at = i * width;
                v[at] = r.round();
                v[at + 1] = r.chain();
                v[at + 2] = r.level();
                v[at + 3] = r.temperature();
                v[at + 4] = r.jitter();
                v[at + 5] = r.evaluation().value();
                System.arraycopy(OptimizeChain.metricValues(r.evaluation(), metricNames), 0, v, at + 6, width - 6);
            }
            client.tell(new HistoryAppended(jobId, first, width, v));
        }
        return Math.max(from, rows.size());
    }

    /**
     * Sends a finished job's result: its history rows, the best state's cells (both in bounded
     * chunks), then {@link Finished}.
     *
     * @param result the result (its best state not needed)
     * @param bestCells the best state, row-major
     */
    static void sendResult(ActorRef<JobClient.Event> client, String jobId, OptimizeEngine.Result result,
            double[] bestCells, List<String> metricNames, Map<String, Integer> replicasPerNode,
            List<RecoveryEvent> events) {
        sendHistory(client, jobId, result.history(), 0, metricNames);
        for (int first = 0; first < bestCells.length; first += MAX_VALUES_PER_CHUNK) {
            client.tell(new BestCells(jobId, first, Arrays.copyOfRange(bestCells, first,
                    Math.min(bestCells.length, first + MAX_VALUES_PER_CHUNK))));
        }
        List<OptimizeChain.State> chains = new ArrayList<>();
        for (OptimizeChain chain : result.chains()) {
            chains.add(chain.snapshot(metricNames));
        }
        client.tell(new Finished(jobId, result.stopReason().name(), result.roundsDone(), result.bestChain(), chains,
                result.history().size(), replicasPerNode, List.copyOf(events)));
    }

    private final JobLink link;
    private final OptimizeSpec spec;
    private final OptimizeEngine.Listener listener;
    private final CompletableFuture<Outcome> result;
    private final Consumer<String> onAccepted;
    private final List<double[]> historyChunks = new ArrayList<>();
    private final double[] best;
    private int historyRows;
    private int bestCells;
    private List<String> metricNames;

    private OptimizeClient(ActorContext<JobClient.Event> context, TimerScheduler<JobClient.Event> timers,
            OptimizeSpec spec, OptimizeEngine.Listener listener, CompletableFuture<Outcome> result,
            Consumer<String> onAccepted, Consumer<JobClient.JobOwned> onOwned, BiConsumer<String, String> onNotice) {
        super(context);
        this.link = new JobLink(context, timers, result, this::fail,
                "the job's coordinator stopped before the job finished (see the log above)", "", onOwned, onNotice);
        this.spec = spec;
        this.listener = listener;
        this.result = result;
        this.onAccepted = onAccepted;
        this.best = new double[spec.rows() * spec.columnNames().size()];
    }

    /**
     * A client that submits a job to the cluster's job manager.
     *
     * @param spec the job (its shape: the best state's rows and columns)
     * @param listener progress after every reported round
     * @param result completed with the outcome; exceptionally with a {@link ConfigurationException}
     *     if the job was rejected, or an {@link IllegalStateException} if it failed
     * @param findTimeout how long to look for the job manager
     * @param onAccepted told the job's id once admitted; may be null
     * @param onOwned told the job's cancel token; may be null
     * @param onNotice told the job's id and a notice for the user (a checkpoint that cannot be written, and
     *     then can); may be null (then only logged)
     * @return the behaviour
     */
    public static Behavior<JobClient.Event> submit(OptimizeSpec spec, OptimizeEngine.Listener listener,
            CompletableFuture<Outcome> result, Duration findTimeout, Consumer<String> onAccepted,
            Consumer<JobClient.JobOwned> onOwned, BiConsumer<String, String> onNotice) {
        String json = spec.toJson();
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            OptimizeClient client = new OptimizeClient(ctx, timers, spec, listener, result, onAccepted, onOwned,
                    onNotice);
            client.link.find(new JobManager.SubmitJob(json, ctx.getSelf(), null, false), false, findTimeout);
            return client;
        }));
    }

    /**
     * A fetching client ({@link JobClient#fetch}) that learnt that its job is a finished optimize job:
     * receives the job's result as its submitting client did, starting with the job's metric names.
     *
     * @param accepted the job manager's answer: the job's id, its metric names and its effective job
     * @param result completed with the outcome
     * @return the behaviour
     */
    static Behavior<JobClient.Event> fetched(JobClient.JobAccepted accepted, CompletableFuture<Outcome> result) {
        OptimizeSpec spec = OptimizeSpec.fromJson(accepted.jobJson(), replex.io.JobSpec.Overrides.NONE);
        // No job text to submit, and no manager to look for: the job manager already answers.
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            OptimizeClient client = new OptimizeClient(ctx, timers, spec, OptimizeEngine.Listener.NONE, result, null,
                    null, null); // a finished job: no notices
            client.onAccepted(accepted);
            return client;
        }));
    }

    /**
     * The client of a job whose coordinator runs beside it in the same JVM: send it
     * {@link JobClient.WatchJob} with the coordinator.
     */
    static Behavior<JobClient.Event> direct(OptimizeSpec spec, OptimizeEngine.Listener listener,
            CompletableFuture<Outcome> result) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new OptimizeClient(ctx, timers, spec, listener,
                result, null, null, null)));
    }

    @Override
    public Receive<JobClient.Event> createReceive() {
        return link.handlers(newReceiveBuilder())
                .onMessage(JobClient.JobAccepted.class, this::onAccepted)
                .onMessage(Progressed.class, m -> {
                    try {
                        listener.progressed(m.roundsDone(), m.totalRounds(), m.bestValue());
                    } catch (RuntimeException e) { // a broken listener must not leave the caller waiting forever
                        return fail("the progress listener failed: " + e);
                    }
                    return this;
                })
                .onMessage(HistoryAppended.class, this::onHistory)
                .onMessage(BestCells.class, this::onBest)
                .onMessage(Finished.class, this::onFinished)
                .build();
    }

    private Behavior<JobClient.Event> onAccepted(JobClient.JobAccepted m) {
        boolean first = link.accept(m);
        metricNames = List.copyOf(m.parameterNames());
        if (!first) { // restarted from a checkpoint: the new coordinator sends the whole result again
            historyChunks.clear();
            historyRows = 0;
            bestCells = 0;
        } else if (onAccepted != null) {
            try {
                onAccepted.accept(link.jobId());
            } catch (RuntimeException e) {
                return fail("the job-accepted listener failed: " + e);
            }
        }
        return this;
    }

    private Behavior<JobClient.Event> onHistory(HistoryAppended m) {
        int rows = m.rows().length / m.width();
        if (m.firstRow() > historyRows) {
            return fail("history rows arrived out of order (expected row " + historyRows + ", got " + m.firstRow()
                    + ")");
        }
        int skip = historyRows - m.firstRow(); // rows sent again after a rollback are identical: skip them
        if (skip < rows) {
            historyChunks.add(Arrays.copyOfRange(m.rows(), skip * m.width(), m.rows().length));
            historyRows += rows - skip;
        }
        return this;
    }

    private Behavior<JobClient.Event> onBest(BestCells m) {
        if (m.first() != bestCells || m.first() + m.cells().length > best.length) {
            return fail("best-state cells arrived out of order or too many (expected cell " + bestCells + " of "
                    + best.length + ", got " + m.first() + ")");
        }
        System.arraycopy(m.cells(), 0, best, m.first(), m.cells().length);
        bestCells += m.cells().length;
        return this;
    }

    private Behavior<JobClient.Event> onFinished(Finished m) {
        if (historyRows != m.historyRows() || bestCells != best.length || metricNames == null) {
            return fail("the job ended with " + historyRows + " of " + m.historyRows() + " history rows and "
                    + bestCells + " of " + best.length + " best-state cells received");
        }
        List<OptimizeChain> chains = new ArrayList<>();
        for (int c = 0; c < m.chains().size(); c++) {
            chains.add(OptimizeChain.restore(spec.settings(), c, m.chains().get(c), metricNames));
        }
        OptimizeChain bestChain = chains.get(m.bestChain());
        List<OptimizeEngine.HistoryRow> history = new ArrayList<>(historyRows);
        int width = 6 + metricNames.size();
        for (double[] chunk : historyChunks) {
            for (int at = 0; at < chunk.length; at += width) {
                history.add(new OptimizeEngine.HistoryRow((long) chunk[at], (int) chunk[at + 1], (int) chunk[at + 2],
                        chunk[at + 3], chunk[at + 4], Objective.Evaluation.of(chunk[at + 5], metricNames,
                                Arrays.copyOfRange(chunk, at + 6, at + width))));
            }
        }
        TableState state = new TableState(spec.rows(), spec.columnNames().size(), best, spec.columnNames());
        OptimizeEngine.Result r = new OptimizeEngine.Result(bestChain.bestValue(), bestChain.bestEvaluation(), state,
                bestChain.bestRound(), m.bestChain(),
                bestChain.bestLevel(), m.roundsDone(), OptimizeEngine.StopReason.valueOf(m.stopReason()), chains,
                history);
        result.complete(new Outcome(r, metricNames, m.replicasPerNode(), m.events() == null ? List.of() : m.events()));
        return Behaviors.stopped();
    }

    private Behavior<JobClient.Event> fail(String message) {
        String jobId = link.jobId();
        result.completeExceptionally(new IllegalStateException((jobId == null ? "" : "job " + jobId + ": ") + message));
        return Behaviors.stopped();
    }
}
