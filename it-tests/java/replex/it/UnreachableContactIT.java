package replex.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replex status} and {@code replex cancel} with a contact where nothing listens, as real
 * processes: one clear line on stderr (no Akka log line, no "cannot create children while
 * terminating"), exit code 1, after the connect timeout. Each run prints how long it took.
 */
class UnreachableContactIT {

    @TempDir
    Path tmp;

    /** @return a loopback port where nothing listens (bound once by the OS, then released) */
    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private void assertOneLine(ReplexProcess.Result r, String contact, int seconds) {
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertEquals(List.of("replex: run failed: could not reach " + contact + " within " + seconds
                + " s: is a replex node running there? (--connect-timeout sets the wait) (--verbose shows the stack "
                + "trace)"), r.err().lines().toList(), "exactly one line on stderr");
    }

    @Test
    void statusWithTheDefaultTimeout() throws Exception {
        String contact = "127.0.0.1:" + freePort();
        long t0 = System.nanoTime();
        ReplexProcess.Result r = ReplexProcess.run(tmp, 120, "status", "--contact", contact);
        System.out.printf("[UnreachableContactIT] status, default --connect-timeout: %.1f s in all%n",
                (System.nanoTime() - t0) / 1e9);
        assertOneLine(r, contact, 8);
    }

    @Test
    void cancelWithAShortTimeout() throws Exception {
        String contact = "127.0.0.1:" + freePort();
        long t0 = System.nanoTime();
        Path token = Files.writeString(tmp.resolve("cancel-token"), "a-token\n");
        ReplexProcess.Result r = ReplexProcess.run(tmp, 120, "cancel", "job-1", "--contact", contact,
                "--connect-timeout", "2", "--token-file", token.toString());
        System.out.printf("[UnreachableContactIT] cancel, --connect-timeout 2: %.1f s in all%n",
                (System.nanoTime() - t0) / 1e9);
        assertOneLine(r, contact, 2);
    }

    @Test
    void anInvalidTimeoutIsAUsageError() throws Exception {
        ReplexProcess.Result r = ReplexProcess.run(tmp, 120, "status", "--contact", "127.0.0.1:2599",
                "--connect-timeout", "0");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("replex: error: --connect-timeout: must be an integer in [1, 600]"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
