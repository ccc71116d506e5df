package replex.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A cluster job's folder in the shared checkpoint directory ({@code replex.checkpoint-dir}):
 * {@code job.json} (the job, its id and its client, written at admission), the checkpoints, and
 * at the end either {@code result.rpx} (a sampling job's draws and statistics, in the checkpoint
 * format with no replica state; an optimize job's final state and best state, in its checkpoint
 * format) or a file {@code ended} saying why it stopped (failed, cancelled).
 * A JobManager that takes over after its node was lost reads these folders to restart the jobs
 * that were running and to serve the results of finished ones ({@code replex fetch}).
 */
public final class JobDirectory {

    /** The job's description file. */
    public static final String JOB_FILE = "job.json";
    /** The finished job's result. */
    public static final String RESULT_FILE = "result.rpx";
    /** Present when the job failed or was cancelled; holds the reason. */
    public static final String ENDED_FILE = "ended";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What {@code job.json} holds.
     *
     * @param jobId the job's id
     * @param jobJson the effective job as JSON
     * @param client the submitting client's actor reference (serialised), or empty
     * @param submittedAt ISO-8601 UTC
     * @param ownerHash SHA-256 (hex) of the job's cancel token, or {@code null} (a job directory written before tokens)
     */
    public record Entry(String jobId, String jobJson, String client, String submittedAt, String ownerHash) {
    }

    private JobDirectory() {
    }

    /**
     * Writes {@code job.json} atomically (creating the folder).
     *
     * @param dir the job's folder
     * @param entry what to write
     * @throws IOException if it cannot be written
     */
    public static void register(Path dir, Entry entry) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("job_id", entry.jobId());
        m.put("job", entry.jobJson());
        m.put("client", entry.client());
        m.put("submitted_at", entry.submittedAt());
        if (entry.ownerHash() != null) {
            m.put("owner_sha256", entry.ownerHash());
        }
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
        StagedFile.write(dir.resolve(JOB_FILE), out -> out.write(bytes));
    }

    /**
     * Records that the job ended without a result.
     *
     * @param dir the job's folder
     * @param state {@code failed} or {@code cancelled}
     * @param detail why, or {@code null}
     * @throws IOException if it cannot be written
     */
    public static void markEnded(Path dir, String state, String detail) throws IOException {
        String text = state + (detail == null ? "" : ": " + detail) + "\n" + Instant.now() + "\n";
        StagedFile.write(dir.resolve(ENDED_FILE), out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param dir a job's folder
     * @return its entry
     * @throws IOException if {@code job.json} is missing or unreadable
     */
    public static Entry read(Path dir) throws IOException {
        JsonNode n = JSON.readTree(dir.resolve(JOB_FILE).toFile());
        JsonNode owner = n.get("owner_sha256");
        return new Entry(text(n, "job_id"), text(n, "job"), text(n, "client"), text(n, "submitted_at"),
                owner == null || owner.isNull() ? null : owner.asText());
    }

    private static String text(JsonNode n, String key) throws IOException {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new IOException(JOB_FILE + " has no " + key);
        }
        return v.asText();
    }

    /**
     * @param root the shared checkpoint directory
     * @return the job folders under it (those holding a {@code job.json}), by name; empty if none
     * @throws IOException if the directory cannot be listed
     */
    public static List<Path> jobs(Path root) throws IOException {
        List<Path> dirs = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return dirs;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : stream) {
                if (Files.isRegularFile(d.resolve(JOB_FILE))) {
                    dirs.add(d);
                }
            }
        }
        dirs.sort(null);
        return dirs;
    }

    /** @return true if the job in {@code dir} finished (its result is there) */
    public static boolean finished(Path dir) {
        return Files.isRegularFile(dir.resolve(RESULT_FILE));
    }

    /** @return why the job in {@code dir} ended without a result, or {@code null} if it did not */
    public static String ended(Path dir) {
        try {
            Path f = dir.resolve(ENDED_FILE);
            return Files.isRegularFile(f) ? Files.readString(f).lines().findFirst().orElse("ended") : null;
        } catch (IOException e) {
            return "ended (" + e.getMessage() + ")";
        }
    }
}
