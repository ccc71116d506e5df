package replex.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User targets that end or block the JVM, run by the real launcher: {@code System.exit} in the
 * constructor or in {@code logLikelihood} (once a 121 s wait, then a silent exit, with status 0 taken
 * for success), and a likelihood call that never returns when SIGTERM arrives (once no message at
 * all).
 */
class TargetMisbehaviourIT {

    /** Where failsafe's test classes are (MisbehavingTarget), beside replex.jar. */
    static final Path TEST_CLASSES = ReplexProcess.JAR.getParent().resolve("test-classes");

    @TempDir
    Path tmp;

    private Path job(String targetKeys, String workers) throws Exception {
        Path job = tmp.resolve("job.conf");
        Files.writeString(job, "job { target { class = \"" + MisbehavingTarget.class.getName() + "\", " + targetKeys
                + " }, chains = 2, temperatures.count = 2, rounds = 2000, workers = " + workers + " }\n");
        return job;
    }

    private void assertExitIsAFailedRun(String targetKeys, String workers) throws Exception {
        Path out = tmp.resolve("out");
        long t0 = System.nanoTime();
        ReplexProcess.Result r = ReplexProcess.run(tmp, 100, "run", job(targetKeys, workers).toString(), "--out",
                out.toString(), "--classpath", TEST_CLASSES.toString());
        System.out.printf("[TargetMisbehaviourIT] %s, workers %s: exit %d after %.1f s%n", targetKeys, workers,
                r.exitCode(), (System.nanoTime() - t0) / 1e9);
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("replex: run failed: " + MisbehavingTarget.class.getName()), r.err());
        assertTrue(r.err().contains("called System.exit; a target must not exit the JVM"), r.err());
        assertFalse(Files.exists(out.resolve("summary.json")), "no outputs that look complete");
    }

    @Test
    void systemExitZeroInTheConstructorIsAFailedRun() throws Exception {
        assertExitIsAFailedRun("exit-in = constructor, exit-status = 0", "0");
    }

    @Test
    void systemExitInTheLikelihoodIsAFailedRunOnBothEngines() throws Exception {
        assertExitIsAFailedRun("exit-in = likelihood, exit-status = 3", "0");
        assertExitIsAFailedRun("exit-in = likelihood, exit-status = 0", "2");
    }

    @Test
    void sigtermWhileALikelihoodCallNeverReturnsSaysSo() throws Exception {
        Path out = tmp.resolve("out");
        Path stdout = tmp.resolve("run.out");
        Path stderr = tmp.resolve("run.err");
        Process run = ReplexProcess.start(tmp, stdout, stderr, "run", job("hang-after = 5000", "0").toString(),
                "--out", out.toString(), "--classpath", TEST_CLASSES.toString(), "--quiet");
        try {
            // wait until the target hangs: the run stays alive and makes no progress (no output yet)
            Await.until("the target to hang", run, Duration.ofSeconds(60), Duration.ofMillis(100),
                    () -> "stderr: " + Files.readString(stderr), () -> hasThreadInWait(run));
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(run.pid())).start().waitFor());
            String err = Await.until("the message after SIGTERM", Duration.ofSeconds(60), Duration.ofMillis(100),
                    () -> "stderr: " + Files.readString(stderr), () -> {
                        String s = Files.readString(stderr, StandardCharsets.UTF_8);
                        return s.contains("replex: stopping: the current round has not finished") ? s : null;
                    });
            assertTrue(err.contains("kill -9 " + run.pid()), err);
            assertTrue(err.contains("replex resume continues from the newest periodic checkpoint"), err);
        } finally {
            run.destroyForcibly();
            run.waitFor();
        }
    }

    /** @return true once the JVM's main thread waits in MisbehavingTarget (seen with jstack) */
    private static boolean hasThreadInWait(Process run) throws Exception {
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        Process p = new ProcessBuilder(jstack.toString(), Long.toString(run.pid())).redirectErrorStream(true).start();
        String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return dump.contains("at " + MisbehavingTarget.class.getName() + ".logLikelihood");
    }
}
