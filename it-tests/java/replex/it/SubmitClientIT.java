package replex.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user of {@code replex submit} sees on a real cluster (issue 12, items 2, 5 and 15): the job
 * id, Ctrl-C on a terminal (the job goes on, and the client prints how to follow, collect and
 * cancel it), a cancelled or rejected job (no output folder left behind), the progress bar's rate,
 * and a second node on a busy port. One worker node with a shared checkpoint directory, so that
 * the printed {@code replex fetch} works.
 */
class SubmitClientIT {

    /** Wait per likelihood evaluation, in milliseconds. */
    static final double LATENCY_MS = 0.5;
    static final int ROUNDS = 1500;
    /**
     * 2 chains x 4 levels on one worker thread, 10 steps a round, one likelihood call of at least
     * {@link #LATENCY_MS} per step and replica: a chain's round takes at least 40 waits, so no
     * honest rate of the job's rounds exceeds 1 / (40 x 0.5 ms) = 50 rounds/s (about 30 s in all).
     */
    static final double MAX_RATE = 1000.0 / (40 * LATENCY_MS);
    static final String JOB = "job { seed = 3, chains = 2, temperatures { count = 4, beta-min = 0.05 },\n"
            + "  rounds = " + ROUNDS + ", steps-per-round = 10, burn-in-rounds = 100, thin = 10,\n"
            + "  target { name = sleep, dimension = 1, latency-ms = " + LATENCY_MS + " } }\n";
    static final Pattern SUBMITTED = Pattern.compile("replex: submitted job (job-[0-9a-f]{8}) to the cluster at ");

    @TempDir
    static Path tmp;
    static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        Path checkpoints = Files.createDirectories(tmp.resolve("shared-checkpoints"));
        cluster = new LocalCluster(tmp, Map.of("REPLEX_CHECKPOINT_DIR", checkpoints.toString()));
        cluster.addNode();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Ctrl-C typed on the terminal while the bar is shown: exit 130, the job's id, "the job goes on",
     * the status, fetch and cancel commands, not "could not reach"; the output folder submit made is
     * gone; the printed fetch command then collects the whole result. The bar showed the job's rate
     * (at most what the job can do), never the library's "?/s" and "0:00:00" time left.
     */
    @Test
    void ctrlCOnATerminalLeavesTheJobRunningAndSaysHowToCollectIt() throws Exception {
        assumeTrue(Files.isExecutable(ReplexProcess.SCRIPT),
                "script(1) from util-linux is needed for a pseudo-terminal");
        Path dir = Files.createDirectories(tmp.resolve("ctrl-c"));
        Path job = dir.resolve("job.conf");
        Files.writeString(job, JOB);
        Path out = dir.resolve("out");
        Path log = dir.resolve("terminal.txt");
        Process terminal = ReplexProcess.startOnTerminal(dir, log, "-Xmx384m", "submit", job.toString(), "--contact",
                cluster.contact(), "--out", out.toString());
        String jobId;
        try {
            // the id, then the bar with at least three rates (a few seconds of the job's progress)
            awaitScreen(terminal, log, s -> SUBMITTED.matcher(s).find() && rates(s).size() >= 3, 180);
            assertTrue(Files.isDirectory(out), "submit made the output folder before it followed the job");
            ReplexProcess.typeCtrlC(terminal, log, "submit", 60); // the terminal sends SIGINT to the JVM
        } finally {
            ReplexProcess.stop(terminal);
        }
        String screen = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(130, terminal.exitValue(), screen);
        Matcher m = SUBMITTED.matcher(screen);
        assertTrue(m.find(), screen);
        jobId = m.group(1);
        String contact = " --contact " + cluster.contact();
        assertTrue(screen.contains("replex: stopped following job " + jobId + "; the job goes on in the cluster"),
                screen);
        assertTrue(screen.contains("replex status" + contact), screen);
        assertTrue(screen.contains("replex cancel " + jobId + contact), screen);
        String fetch = "replex fetch " + jobId + contact + " --out " + out;
        assertTrue(screen.contains(fetch), screen);
        assertFalse(screen.contains("could not reach"), screen);
        assertFalse(screen.contains("run failed"), screen);
        // no output is written, half or whole: the folder keeps only the job's cancel token, which the
        // printed cancel command names (the job goes on and may still be cancelled from here)
        Path token = out.resolve(replex.actors.JobOwnership.TOKEN_FILE);
        try (java.util.stream.Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(token), files.toList(), "only the cancel token is left in " + out);
        }
        assertTrue(screen.contains("--token-file " + token), screen);

        // the progress bar: the job's own rate, and no placeholder figures
        List<Double> rates = rates(screen);
        assertTrue(rates.stream().allMatch(r -> r > 0 && r <= MAX_RATE),
                "rates of the job's rounds, at most " + MAX_RATE + "/s: " + rates);
        assertFalse(screen.contains("?/s"), screen);
        assertFalse(screen.contains("0:00:00 / 0:00:00"), "no time left of 0 at the start: " + screen);

        // the job went on: the printed fetch command waits for it and writes the whole result
        ReplexProcess.Result fetched = ReplexProcess.run(dir, 300, fetch.substring("replex ".length()).split(" "));
        assertEquals(0, fetched.exitCode(), fetched.err());
        List<String> rows = Files.readAllLines(out.resolve("draws.csv"));
        assertEquals(1 + 2 * (ROUNDS - 100) * 10 / 10, rows.size(), "header and every draw of both chains");
    }

    /** {@code replex cancel} from elsewhere: the following client exits 1, and leaves no empty folder. */
    @Test
    void aCancelledJobLeavesNoOutputFolder() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cancel"));
        Path job = dir.resolve("job.conf");
        Files.writeString(job, JOB.replace("seed = 3", "seed = 4"));
        Path out = dir.resolve("out");
        Path stderr = dir.resolve("submit.err");
        Process submit = cluster.startSubmit(dir, job, out, stderr);
        try {
            String err = awaitScreen(submit, stderr, s -> SUBMITTED.matcher(s).find(), 180);
            Matcher m = SUBMITTED.matcher(err);
            assertTrue(m.find());
            assertTrue(Files.isDirectory(out));
            Path token = out.resolve("cancel-token");
            ReplexProcess.Result refused = ReplexProcess.run(dir, 120, "cancel", m.group(1), "--contact",
                    cluster.contact(), "--connect-timeout", "60", "--operator-token-file", job.toString());
            assertEquals(2, refused.exitCode(), "another client's cancel (wrong token) is refused: " + refused.err());
            assertTrue(refused.err().contains("was not cancelled"), refused.err());
            awaitScreen(submit, stderr, s -> Files.isRegularFile(token), 60);
            ReplexProcess.Result cancel = ReplexProcess.run(dir, 120, "cancel", m.group(1), "--contact",
                    cluster.contact(), "--connect-timeout", "60", "--token-file", token.toString());
            assertEquals(0, cancel.exitCode(), cancel.err());
            if (!submit.waitFor(120, TimeUnit.SECONDS)) {
                fail("submit did not end within 120 s of the cancel: " + Files.readString(stderr));
            }
        } finally {
            ReplexProcess.stop(submit);
        }
        String err = Files.readString(stderr);
        assertEquals(1, submit.exitValue(), err);
        assertTrue(err.contains("cancelled"), err);
        assertFalse(Files.exists(out), "the empty output folder is removed: " + err);
    }

    /** A job that the cluster rejects (a class no node can load): exit 2, the reason, no output folder. */
    @Test
    void aRejectedJobLeavesNoOutputFolder() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("rejected"));
        Path job = dir.resolve("job.conf");
        Files.writeString(job, "job { rounds = 50, target { class = \"com.example.NoSuchTarget\" } }\n");
        Path out = dir.resolve("out");
        ReplexProcess.Result r = ReplexProcess.run(dir, 300, "submit", job.toString(), "--contact",
                cluster.contact(), "--out", out.toString(), "--quiet");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("job rejected") && r.err().contains("com.example.NoSuchTarget"), r.err());
        assertFalse(Files.exists(out), "no output folder: " + r.err());
    }

    /** A second node on the port of a running node: one line on the real stderr, no stack trace from Akka. */
    @Test
    void aSecondNodeOnTheSamePortPrintsOneLine() throws Exception {
        ReplexProcess.Result r = ReplexProcess.run(tmp, 120, "node", "--port", cluster.contact().split(":")[1],
                "--seed-node", cluster.contact());
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertEquals(List.of("replex: run failed: cannot listen on " + cluster.contact() + ": the port is already in "
                + "use (is a replex node running there?); choose another --port (--verbose shows the stack trace)"),
                r.err().lines().toList());
    }

    /** @return every rate the bar showed, in rounds per second */
    static List<Double> rates(String screen) {
        List<Double> rates = new ArrayList<>();
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?) rounds/s").matcher(screen);
        while (m.find()) {
            rates.add(Double.parseDouble(m.group(1)));
        }
        return rates;
    }

    /** Waits until the file shows what {@code done} wants, failing if the process ends first or in time. */
    private static String awaitScreen(Process p, Path file, Predicate<String> done, int seconds) throws Exception {
        return Await.until("what the test waits for in " + file, p, Duration.ofSeconds(seconds), Duration.ofMillis(50),
                () -> screen(file), () -> {
                    String s = screen(file);
                    return done.test(s) ? s : null;
                });
    }

    private static String screen(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    }
}
