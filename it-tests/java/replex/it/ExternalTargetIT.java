package replex.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model in Python ({@code examples/python/eight_schools.py}, {@code target.command}) through
 * {@code bin/replex}: Ctrl-C (SIGINT) on a run with 2 workers, then {@code replex resume}, gives the
 * uninterrupted run's draws.csv and leaves no child process; a loopback cluster of two nodes gives the
 * same draws; a command that cannot start is rejected by the cluster's admission (exit 2); a cancelled
 * cluster job leaves no child on any node.
 */
class ExternalTargetIT {

    static final Path SCRIPT = ReplexProcess.HOME.resolve("examples/python/eight_schools.py");

    @TempDir
    Path tmp;

    private Path job(String command) throws Exception {
        Path job = tmp.resolve("job.conf");
        Files.writeString(job, "job { seed = 5, chains = 2, temperatures { count = 4, beta-min = 0.05 },\n"
                + "  rounds = 400, steps-per-round = 10, burn-in-rounds = 100, checkpoint-every = 20,\n"
                + "  proposal { adapt = covariance },\n  target { command = " + command + " } }\n");
        return job;
    }

    private byte[] reference(Path job) throws Exception {
        ReplexProcess.Result seq = ReplexProcess.run(tmp, 300, "run", job.toString(), "--workers", "0", "--out",
                tmp.resolve("seq").toString(), "--quiet");
        assertEquals(0, seq.exitCode(), seq.err());
        return Files.readAllBytes(tmp.resolve("seq/draws.csv"));
    }

    @Test
    void sigintThenResumeGivesTheSameDrawsAndLeavesNoChild() throws Exception {
        Path job = job("[\"python3\", \"" + SCRIPT + "\"]");
        byte[] expected = reference(job);
        Path out = tmp.resolve("out");
        Process run = ReplexProcess.start(tmp, tmp.resolve("run.out"), tmp.resolve("run.err"), "run", job.toString(),
                "--workers", "2", "--out", out.toString(), "--quiet");
        List<ProcessHandle> children;
        try {
            Await.until("its first checkpoint", run, Duration.ofSeconds(180), Duration.ofMillis(20),
                    () -> "stderr: " + Files.readString(tmp.resolve("run.err")),
                    () -> !CheckpointIT.checkpoints(out.resolve("checkpoints")).isEmpty());
            children = run.descendants().filter(p -> p.info().commandLine().orElse("").contains("eight_schools"))
                    .toList();
            assertFalse(children.isEmpty(), "the run's python3 children");
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).inheritIO().start().waitFor());
            assertTrue(run.waitFor(150, TimeUnit.SECONDS), "stopped after SIGINT");
        } finally {
            ReplexProcess.stop(run);
        }
        String err = Files.readString(tmp.resolve("run.err"));
        assertEquals(130, run.exitValue(), err);
        for (ProcessHandle child : children) {
            assertFalse(child.isAlive(), "child " + child.pid() + " outlived the stopped run");
        }
        ReplexProcess.Result resumed = ReplexProcess.run(tmp, 300, "resume", out.toString(), "--workers", "1");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertArrayEquals(expected, Files.readAllBytes(out.resolve("draws.csv")), "SIGINT, then resume");
    }

    @Test
    void aClusterGivesTheSameDrawsAndRejectsACommandThatCannotStart() throws Exception {
        Path job = job("[\"python3\", \"" + SCRIPT + "\"]");
        byte[] expected = reference(job);
        Path bad = tmp.resolve("bad.conf");
        Files.writeString(bad, "job { rounds = 50, target { command = [\"python3\", \"no-such-model.py\"] } }\n");
        try (LocalCluster cluster = new LocalCluster(tmp)) {
            cluster.addNode();
            cluster.addNode();
            ReplexProcess.Result r = ReplexProcess.run(tmp, 300, "submit", job.toString(), "--contact",
                    cluster.contact(), "--out", tmp.resolve("cluster").toString(), "--quiet");
            assertEquals(0, r.exitCode(), r.err());
            assertArrayEquals(expected, Files.readAllBytes(tmp.resolve("cluster/draws.csv")), "two nodes");
            ReplexProcess.Result rejected = ReplexProcess.run(tmp, 300, "submit", bad.toString(), "--contact",
                    cluster.contact(), "--out", tmp.resolve("bad").toString(), "--quiet");
            assertEquals(2, rejected.exitCode(), rejected.err());
            assertTrue(rejected.err().contains("job.target.command") && rejected.err().contains("no-such-model.py"),
                    rejected.err());
            cancelledJobLeavesNoChild(cluster);
            cluster.addNode();
            aKilledNodesChildrenEnd(cluster);
        }
    }

    /**
     * A node whose JVM dies without a word (SIGKILL to the JVM alone, as a crash or an OOM kill)
     * leaves no child: each sees its standard input close and exits, as protocol 1 asks.
     */
    private void aKilledNodesChildrenEnd(LocalCluster cluster) throws Exception {
        Path models = tmp.resolve("models"); // the copy made for the cancelled job: its processes are told apart
        Path script = models.resolve("eight_schools.py");
        Path stderr = tmp.resolve("crash.err");
        Process submit = submitLongJob(cluster, "crash", 8, 3, script);
        try {
            Process victim = cluster.process(cluster.size() - 1);
            List<ProcessHandle> children = Await.until("the job running on the last node", submit,
                    Duration.ofSeconds(180), Duration.ofMillis(100), () -> Files.readString(stderr), () -> {
                        // the last node's own children, evaluating
                        List<ProcessHandle> list = victim.descendants().filter(runs(script)).toList();
                        return list.isEmpty() ? null : list;
                    });
            victim.destroyForcibly(); // the JVM alone: its children are not signalled
            assertTrue(victim.waitFor(60, TimeUnit.SECONDS), "the killed node's JVM ended");
            for (ProcessHandle child : children) {
                child.onExit().get(60, TimeUnit.SECONDS);
                assertFalse(child.isAlive(), "child " + child.pid() + " outlived its node");
            }
        } finally {
            ReplexProcess.stop(submit);
        }
    }

    /** A long job on the cluster, cancelled while it runs: every node's children of it end. */
    private void cancelledJobLeavesNoChild(LocalCluster cluster) throws Exception {
        // a copy of the model at a path of its own, so that its processes are told apart from any other
        Path models = Files.createDirectories(tmp.resolve("models"));
        for (String f : new String[] {"eight_schools.py", "replex_target.py", "eight_schools.json"}) {
            Files.copy(SCRIPT.resolveSibling(f), models.resolve(f));
        }
        Path script = models.resolve("eight_schools.py");
        Path stderr = tmp.resolve("long.err");
        Process submit = submitLongJob(cluster, "long", 6, 2, script);
        try {
            // admitted, and the nodes' own children (one per worker thread) evaluating
            Path token = tmp.resolve("long").resolve("cancel-token");
            record Started(String jobId, List<ProcessHandle> children) {
            }
            Started started = Await.until("the long job started", submit, Duration.ofSeconds(180),
                    Duration.ofMillis(100), () -> Files.readString(stderr), () -> {
                        java.util.regex.Matcher id = SubmitClientIT.SUBMITTED.matcher(Files.readString(stderr));
                        List<ProcessHandle> list = ProcessHandle.allProcesses().filter(runs(script)).toList();
                        return id.find() && list.size() >= 2 && Files.isRegularFile(token)
                                ? new Started(id.group(1), list) : null;
                    });
            List<ProcessHandle> children = started.children();
            ReplexProcess.Result cancel = ReplexProcess.run(tmp, 120, "cancel", started.jobId(), "--contact",
                    cluster.contact(), "--connect-timeout", "60", "--token-file", token.toString());
            assertEquals(0, cancel.exitCode(), cancel.err());
            assertTrue(submit.waitFor(120, TimeUnit.SECONDS), "submit ends after the cancel");
            for (ProcessHandle child : ProcessHandle.allProcesses().filter(runs(script)).toList()) {
                child.onExit().get(60, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                assertFalse(child.isAlive(), "child " + child.pid() + " outlived its cancelled job");
            }
        } finally {
            ReplexProcess.stop(submit);
        }
    }

    /**
     * Submits (in the background) a job of {@code chains} chains x 4 levels and 200000 rounds whose
     * target is the python model {@code script}; its files are {@code tmp/<name>.conf}, {@code .out},
     * {@code .err}, its output folder {@code tmp/<name>}.
     */
    private Process submitLongJob(LocalCluster cluster, String name, int seed, int chains, Path script)
            throws Exception {
        Path job = tmp.resolve(name + ".conf");
        Files.writeString(job, "job { seed = " + seed + ", chains = " + chains + ", temperatures.count = 4, "
                + "rounds = 200000,\n  target { command = [\"python3\", \"" + script + "\"] } }\n");
        return cluster.startSubmit(tmp, job, tmp.resolve(name), tmp.resolve(name + ".err"));
    }

    /** @return whether a process runs {@code script} (its command line names it) */
    private static Predicate<ProcessHandle> runs(Path script) {
        return p -> p.info().commandLine().orElse("").contains(script.toString());
    }
}
