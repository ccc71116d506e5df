package replex.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C typed on a real terminal while the progress bar is shown. {@code bin/replex run} runs under
 * a pseudo-terminal made by {@code script(1)} (util-linux), so that standard input and output are a
 * terminal and the progress bar is drawn; the test types Ctrl-C (byte 0x03) into the terminal, whose
 * line discipline sends SIGINT to the foreground process, as a user's keyboard does. The run must
 * write a final checkpoint at the round it stopped, say how to resume, and {@code replex resume} must
 * finish the run.
 *
 * <p>The progress-bar library's terminal once reset SIGINT to the operating system's default action,
 * so that Ctrl-C killed the JVM without its shutdown hooks: exit status 130 as well, but no final
 * checkpoint and no message. The assertions therefore look at the message and the checkpoint, not
 * only at the exit status.
 */
class TerminalInterruptIT {

    static final int ROUNDS = 400_000;
    static final int THIN = 1000;
    static final int CHAINS = 2;
    static final String JOB = "job { seed = 5, chains = " + CHAINS + ", temperatures { count = 4, beta-min = 0.05 },\n"
            + "  rounds = " + ROUNDS + ", steps-per-round = 10, burn-in-rounds = 1000, thin = " + THIN + ",\n"
            + "  checkpoint-every = 2000,\n"
            + "  target { name = gaussian-mixture, weights = [0.5, 0.5], means = [[-3], [3]], sd = 1 } }\n";

    @TempDir
    Path tmp;

    /** Sequential engine: Ctrl-C, final checkpoint, then resume to the end. */
    @Test
    void ctrlCWithTheProgressBarOnTheSequentialEngineCheckpointsAndResumes() throws Exception {
        Path out = tmp.resolve("out");
        long round = interruptOnATerminal(out, "0");

        ReplexProcess.Result resumed = ReplexProcess.run(tmp, 300, "resume", out.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains(checkpointName(round)), "resumed from the stop round's checkpoint: "
                + resumed.err());
        List<String> rows = Files.readAllLines(out.resolve("draws.csv"));
        assertEquals(1 + CHAINS * ((ROUNDS - 1000L) * 10 / THIN), rows.size(),
                "header + every kept draw of every chain");
        assertTrue(Files.exists(out.resolve("summary.json")));
    }

    /** Actor engine (2 workers): the same Ctrl-C writes a final checkpoint too. */
    @Test
    void ctrlCWithTheProgressBarOnTheActorEngineCheckpoints() throws Exception {
        interruptOnATerminal(tmp.resolve("out"), "2");
    }

    /**
     * Runs the job under a pseudo-terminal, types Ctrl-C once the progress bar is drawn and a periodic
     * checkpoint exists, and checks what the run left.
     *
     * @return the round the run stopped after
     */
    private long interruptOnATerminal(Path out, String workers) throws Exception {
        assumeTrue(Files.isExecutable(ReplexProcess.SCRIPT),
                "script(1) from util-linux is needed for a pseudo-terminal");
        Path job = tmp.resolve("job.conf");
        Files.writeString(job, JOB);
        Path log = tmp.resolve("terminal.txt");
        Process terminal = ReplexProcess.startOnTerminal(tmp, log, "-Xmx512m", "run", job.toString(), "--workers",
                workers, "--out", out.toString());
        try {
            Await.until("the progress bar and a checkpoint (to interrupt the run)", terminal, Duration.ofSeconds(120),
                    Duration.ofMillis(20), () -> Files.readString(log),
                    () -> barShown(log) && checkpointCount(out.resolve("checkpoints")) > 0);
            ReplexProcess.typeCtrlC(terminal, log, "the run", 150);
        } finally {
            ReplexProcess.stop(terminal);
        }
        String screen = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(130, terminal.exitValue(), screen);
        Matcher m = Pattern.compile("replex: stopped after round (\\d+) of " + ROUNDS).matcher(screen);
        assertTrue(m.find(), "'replex: stopped after round N' on the terminal: " + screen);
        long round = Long.parseLong(m.group(1));
        assertTrue(screen.contains("replex: continue with: replex resume " + out), screen);
        assertTrue(Files.exists(out.resolve("checkpoints").resolve(checkpointName(round))),
                "a final checkpoint at the stop round " + round);
        assertTrue(!Files.exists(out.resolve("draws.csv")) && !Files.exists(out.resolve("summary.json")),
                "a stopped run writes no outputs that look complete");
        return round;
    }

    /** @return true once the terminal shows the progress bar (task name, counts and rate) */
    private static boolean barShown(Path log) throws IOException {
        String s = Files.readString(log, StandardCharsets.ISO_8859_1);
        return Pattern.compile("rounds .*\\d+/" + ROUNDS + " .*/s").matcher(s).find();
    }

    private static long checkpointCount(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".rpx")).count();
        }
    }

    static String checkpointName(long round) {
        return String.format("checkpoint-%012d.rpx", round);
    }
}
