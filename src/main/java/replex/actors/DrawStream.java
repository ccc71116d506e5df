package replex.actors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import akka.actor.typed.ActorRef;

import replex.core.SamplerSettings;
import replex.core.chain.ChainResult;
import replex.core.chain.ChainState;
import replex.core.chain.DrawBuffer;
import replex.core.engine.RunResult;

/**
 * The draws of a sampling job on their way to its {@link JobClient}: {@link #send} cuts a chain's
 * kept draws into {@link JobClient.DrawsAppended} chunks (by the coordinator while the job runs, by
 * the job manager for a fetched result); an instance collects them on the client, per chain and per
 * level that keeps draws (1, or K with {@code output.all-levels}), skips the rows a job restarted from
 * a checkpoint sends again, and makes the {@link RunResult} once the job has finished.
 */
final class DrawStream {

    /**
     * The most bytes of metadata strings one chunk carries (beside at most 64 KiB of doubles), well
     * within Akka's {@code maximum-frame-size} of 2 MiB (conf/application.conf).
     */
    static final long MAX_METADATA_BYTES = 512 * 1024;

    private final SamplerSettings settings;
    /** Per chain, per level that keeps draws; a chain's levels are {@code null} until {@link #open}. */
    private final DrawBuffer[][] draws;
    private List<String> names;

    /** @param settings the job's sampling settings */
    DrawStream(SamplerSettings settings) {
        this.settings = settings;
        this.draws = new DrawBuffer[settings.chains()][];
    }

    /**
     * Sends the draws of every level a chain keeps ({@code output.all-levels}: all K, else level 0)
     * from row {@code from} on; every level holds the same rows, so one count serves them all.
     *
     * @param client the receiver
     * @param jobId the job
     * @param chain the chain
     * @param from the first row to send
     * @return the number of rows sent in all per level ({@code chain.draws().rows()})
     */
    static int send(ActorRef<JobClient.Event> client, String jobId, ChainState chain, int from) {
        List<DrawBuffer> levels = chain.levelDraws();
        int sent = from;
        for (int level = 0; level < levels.size(); level++) {
            sent = send(client, jobId, chain.chain(), level, levels.get(level), from);
        }
        return sent;
    }

    private static int send(ActorRef<JobClient.Event> client, String jobId, int chain, int level, DrawBuffer draws,
            int from) {
        int width = draws.width();
        int rowsPerChunk = Math.max(1, ExchangeCoordinator.MAX_VALUES_PER_CHUNK / width);
        int sent = from;
        while (sent < draws.rows()) {
            int n = rowsWithin(draws, sent, Math.min(rowsPerChunk, draws.rows() - sent));
            client.tell(new JobClient.DrawsAppended(jobId, chain, level, sent, width, draws.rows(sent, n),
                    draws.metadataRows(sent, n)));
            sent += n;
        }
        return sent;
    }

    /**
     * @param draws the buffer
     * @param first the chunk's first row
     * @param rows at most this many rows (their doubles fit {@link ExchangeCoordinator#MAX_VALUES_PER_CHUNK})
     * @return how many of those rows (at least 1) keep the chunk's metadata strings, counted at 3 bytes
     *     a char (the most UTF-8 takes for a Java char), within {@link #MAX_METADATA_BYTES}
     */
    static int rowsWithin(DrawBuffer draws, int first, int rows) {
        int n = draws.metadataWidth();
        if (n == 0) {
            return rows;
        }
        long bytes = 0;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                String value = draws.metadataOf(first + r, i);
                bytes += value == null ? 1 : 3L * value.length() + 1;
            }
            if (bytes > MAX_METADATA_BYTES) {
                return Math.max(1, r);
            }
        }
        return rows;
    }

    /**
     * Starts collecting (the job was accepted): an empty buffer per chain and level.
     *
     * @param parameterNames the target's parameter names, length d
     */
    void open(List<String> parameterNames) {
        names = parameterNames;
        for (int c = 0; c < draws.length; c++) {
            draws[c] = new DrawBuffer[settings.levelsWithDraws()];
            for (int k = 0; k < draws[c].length; k++) {
                draws[c][k] = new DrawBuffer(names.size(), settings.drawMetrics().size(), settings.drawMetadata().size(),
                        settings.drawsPerChain());
            }
        }
    }

    /**
     * Keeps a chunk's rows that are new.
     *
     * @param m the chunk
     * @return {@code null}, or why the chunk cannot be kept (a level the job does not keep, a gap)
     * @throws ArrayIndexOutOfBoundsException for a chain the job does not have
     */
    String append(JobClient.DrawsAppended m) {
        DrawBuffer[] levels = draws[m.chain()];
        if (levels != null && (m.level() < 0 || m.level() >= levels.length)) {
            return "draws of chain " + m.chain() + " arrived for level " + m.level() + ", but the job keeps "
                    + "draws of " + levels.length + " level" + (levels.length == 1 ? "" : "s");
        }
        DrawBuffer buffer = levels == null ? null : levels[m.level()];
        if (buffer == null || m.firstDraw() > buffer.rows()) {
            return "draws of chain " + m.chain() + (m.level() == 0 ? "" : ", level " + m.level())
                    + " arrived out of order (expected row " + (buffer == null ? "none" : buffer.rows()) + ", got "
                    + m.firstDraw() + ")";
        }
        // A job restarted from a checkpoint sends again rows the client has: they are identical, skip them.
        int skip = buffer.rows() - m.firstDraw();
        int rows = m.rows().length / m.width();
        if (skip < rows) {
            int n = buffer.metadataWidth();
            String[] metadata = m.metadata() == null ? new String[0] : m.metadata();
            buffer.append(Arrays.copyOfRange(m.rows(), skip * m.width(), m.rows().length),
                    Arrays.copyOfRange(metadata, Math.min(skip * n, metadata.length), metadata.length));
        }
        return null;
    }

    /**
     * @return {@code null} if every chain and level has all its draws, else which one has not
     * @throws NullPointerException if the stream was never {@link #open}ed
     */
    String missing() {
        for (int c = 0; c < draws.length; c++) {
            for (int k = 0; k < draws[c].length; k++) {
                if (draws[c][k].rows() != settings.drawsPerChain()) {
                    return "chain " + c + (k == 0 ? "" : ", level " + k) + " delivered " + draws[c][k].rows()
                            + " draws, expected " + settings.drawsPerChain();
                }
            }
        }
        return null;
    }

    /**
     * @param m the end of the job, with each chain's statistics
     * @return the run's result, from the draws collected (see {@link #missing()} first)
     */
    RunResult result(JobClient.JobFinished m) {
        List<ChainResult> chains = new ArrayList<>(draws.length);
        for (int c = 0; c < draws.length; c++) {
            chains.add(new ChainResult(m.chains().get(c), draws[c][0],
                    draws[c].length > 1 ? List.of(draws[c]) : List.of()));
        }
        return new RunResult(settings, names, chains, m.engine(), m.replicasPerNode(),
                m.events() == null ? List.of() : m.events(), m.roundTiming());
    }
}
