package replex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import replex.actors.JobClient;
import replex.actors.JobOwnership;

/** The cancel token a submitting client keeps: readable by its owner only, read back by replex cancel. */
class CancelTokenFileTest {

    @Test
    void theTokenIsKeptForItsOwnerOnlyAndReadsBack(@TempDir Path dir) throws Exception {
        String token = JobOwnership.newToken();
        ClusterJobs.keepToken(dir, new JobClient.JobOwned("job-12345678", token));
        Path file = dir.resolve(JobOwnership.TOKEN_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(token, JobOwnership.readToken(file, "--token-file"));
        assertFalse(Files.exists(dir.resolve(JobOwnership.TOKEN_FILE + ".tmp")), "no staged file left");
        assertEquals(22, token.length(), "128 random bits, URL-safe Base64");
    }
}
