package replex.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job folders of a cluster's shared checkpoint directory. */
class JobDirectoryTest {

    @Test
    void registeredJobsAreFoundWithTheirStateAndEverythingElseIsIgnored(@TempDir Path root) throws IOException {
        JobDirectory.Entry a = new JobDirectory.Entry("job-a", "{\"job\":{\"seed\":1}}", "akka://replex@h:1/user/c",
                "2026-11-22T00:00:00Z", "ab12");
        JobDirectory.register(root.resolve("job-a"), a);
        JobDirectory.register(root.resolve("job-b"), new JobDirectory.Entry("job-b", "{}", "", "t", null));
        JobDirectory.register(root.resolve("job-c"), new JobDirectory.Entry("job-c", "{}", "", "t", null));
        Files.createDirectories(root.resolve("not-a-job"));
        Files.writeString(root.resolve("stray-file"), "x");

        assertEquals(List.of(root.resolve("job-a"), root.resolve("job-b"), root.resolve("job-c")),
                JobDirectory.jobs(root));
        assertEquals(a, JobDirectory.read(root.resolve("job-a")), "job.json round trip, JSON quoting included");
        assertNull(JobDirectory.read(root.resolve("job-b")).ownerHash(), "a job without an owner hash reads back");

        Files.writeString(root.resolve("job-b").resolve(JobDirectory.RESULT_FILE), "result");
        JobDirectory.markEnded(root.resolve("job-c"), "cancelled", null);
        assertFalse(JobDirectory.finished(root.resolve("job-a")));
        assertNull(JobDirectory.ended(root.resolve("job-a")), "running: neither finished nor ended");
        assertTrue(JobDirectory.finished(root.resolve("job-b")));
        assertEquals("cancelled", JobDirectory.ended(root.resolve("job-c")));

        JobDirectory.markEnded(root.resolve("job-a"), "failed", "target threw");
        assertEquals("failed: target threw", JobDirectory.ended(root.resolve("job-a")));
    }

    @Test
    void aMissingRootHasNoJobsAndABrokenJobFileIsAnError(@TempDir Path root) throws IOException {
        assertEquals(List.of(), JobDirectory.jobs(root.resolve("absent")));
        Files.createDirectories(root.resolve("job-x"));
        Files.writeString(root.resolve("job-x").resolve(JobDirectory.JOB_FILE), "{\"job_id\": \"job-x\"}");
        IOException e = assertThrows(IOException.class, () -> JobDirectory.read(root.resolve("job-x")));
        assertTrue(e.getMessage().contains("no job"), e.getMessage());
    }
}
