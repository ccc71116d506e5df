package replex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;

import replex.core.Target;
import replex.core.engine.ProgressListener;
import replex.core.engine.RecoveryEvent;
import replex.core.engine.RunControl;
import replex.core.engine.RunState;
import replex.core.engine.RunStoppedException;
import replex.core.engine.SequentialEngine;
import replex.io.CheckpointFile;
import replex.io.JobSpec;
import replex.targets.TargetFactory;

/**
 * {@link FileCheckpoints}: a checkpoint that cannot be written pauses the run (the listener is told
 * once) until it can; a stop request during the pause ends the run naming the last checkpoint.
 */
class FileCheckpointsTest {

    static final Duration RETRY = Duration.ofMillis(50);
    static final String JOB = "job { seed = 3, target { name = gaussian, means = [1, -1] }, chains = 2, "
            + "temperatures.count = 2, rounds = 20, steps-per-round = 2, burn-in-rounds = 4, workers = 0 }";

    /** States after rounds 3 and 5 of a run stopped after round 5. */
    static final List<RunState> states = new ArrayList<>();
    static Target target;

    @TempDir
    Path dir;

    /** What the checkpoints told their listener, one entry per call. */
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final RunListener listener = new RunListener() {
        @Override
        public void checkpointPaused(long round, Path at, String error, Duration retry, long lastWritten) {
            told.add("paused round " + round + " in " + at + " retry " + retry + " last " + lastWritten);
        }

        @Override
        public void checkpointContinued(Path file) {
            told.add("continued " + file);
        }
    };

    @BeforeAll
    static void stoppedRun() {
        JobSpec spec = JobSpec.fromConfig(ConfigFactory.parseString(JOB), JobSpec.Overrides.NONE, null);
        target = TargetFactory.create(spec.target(), FileCheckpointsTest.class.getClassLoader());
        RunControl control = new RunControl() {
            long rounds;

            @Override
            public int checkpointEvery() {
                return 3;
            }

            @Override
            public void checkpoint(RunState state) {
                states.add(state);
            }

            @Override
            public boolean stopRequested() {
                return ++rounds >= 5;
            }
        };
        try {
            SequentialEngine.run(spec.sampler(), target, ProgressListener.NONE, null, control);
        } catch (RunStoppedException e) {
            assertEquals(5, e.round());
        }
        assertEquals(List.of(3L, 5L), states.stream().map(RunState::round).toList());
    }

    private JobSpec spec(Path checkpointDir) {
        return JobSpec.fromConfig(ConfigFactory.parseString(JOB + ", output { checkpoint-dir = \"" + checkpointDir
                + "\" }"), new JobSpec.Overrides(dir.resolve("out"), null, null), dir);
    }

    private FileCheckpoints checkpoints(JobSpec spec, AtomicBoolean stop) {
        return checkpoints(spec, stop::get);
    }

    private FileCheckpoints checkpoints(JobSpec spec, java.util.function.BooleanSupplier stop) {
        return new FileCheckpoints(spec, stop, List.of(new RecoveryEvent("resumed", "2024-01-01T00:00:00Z", 1,
                1, 0, "test")), target.parameterNames(), RETRY, listener);
    }

    /** Runs {@code checkpoint(state)} on a thread; its failure, if any, goes to {@code failure}. */
    private static Thread checkpointOnThread(FileCheckpoints control, RunState state,
            AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                control.checkpoint(state);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "checkpoint-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private long count(String prefix) {
        return told.stream().filter(t -> t.startsWith(prefix)).count();
    }

    @Test
    void pausesWhileTheDirectoryIsBlockedAndWritesOnceItIsFree() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        Files.writeString(ckpt, "in the way"); // createDirectories fails while a file is there
        java.util.concurrent.CountDownLatch attempts = new java.util.concurrent.CountDownLatch(4);
        FileCheckpoints control = checkpoints(spec(ckpt), () -> { // asked after every failed attempt
            attempts.countDown();
            return false;
        });
        RunState state = states.get(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = checkpointOnThread(control, state, failure);
        assertTrue(attempts.await(30, java.util.concurrent.TimeUnit.SECONDS), "four failed attempts");
        assertTrue(writer.isAlive(), "paused while the checkpoint cannot be written");
        assertEquals(List.of("paused round 5 in " + ckpt + " retry " + RETRY + " last -1"), told,
                "told once, not at every retry; no checkpoint yet");

        Files.delete(ckpt);
        writer.join(5_000);
        assertFalse(writer.isAlive(), "continues once the directory can be created");
        assertNull(failure.get());
        Path file = ckpt.resolve(CheckpointFile.fileName(5));
        assertTrue(Files.isRegularFile(file));
        CheckpointFile.Payload payload = CheckpointFile.read(file);
        assertEquals(5, payload.state().round());
        assertEquals(target.parameterNames(), List.of(payload.parameterNames()));
        assertEquals("resumed", payload.events()[0].kind());
        assertEquals(ckpt, CheckpointFile.readLatest(ckpt).spec().checkpointDir());
        assertEquals(1, count("paused"), told.toString());
        assertEquals(List.of("continued " + file), told.subList(1, told.size()), "told once it is written");
    }

    @Test
    void stopWhilePausedFailsNamingTheLastCheckpoint() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        AtomicBoolean stop = new AtomicBoolean();
        FileCheckpoints control = checkpoints(spec(ckpt), stop);
        control.checkpoint(states.get(0)); // round 3: written
        assertTrue(Files.isRegularFile(ckpt.resolve(CheckpointFile.fileName(3))));
        assertEquals(List.of(), told, "nothing to tell");

        Files.move(ckpt, dir.resolve("moved"));
        Files.writeString(ckpt, "in the way");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = checkpointOnThread(control, states.get(1), failure);
        writer.join(300);
        assertTrue(writer.isAlive(), "paused");
        assertTrue(told.size() == 1 && told.get(0).startsWith("paused round 5") && told.get(0).endsWith(" last 3"),
                told.toString());

        stop.set(true);
        writer.join(5_000);
        assertFalse(writer.isAlive(), "a stop request ends the pause");
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, failure.get());
        assertTrue(e.getMessage().contains("checkpoint of round 5"), e.getMessage());
        assertTrue(e.getMessage().contains("last checkpoint: round 3"), e.getMessage());
        assertTrue(e.getMessage().contains("asked to stop"), e.getMessage());
        assertTrue(Files.isRegularFile(ckpt), "nothing written over the blocking file");
    }

    @Test
    void stopAlreadyRequestedFailsAtOnceWithoutAPause() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        Files.writeString(ckpt, "in the way");
        FileCheckpoints control = checkpoints(spec(ckpt), new AtomicBoolean(true));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = checkpointOnThread(control, states.get(1), failure);
        writer.join(5_000);
        assertFalse(writer.isAlive());
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, failure.get());
        assertTrue(e.getMessage().contains("last checkpoint: none yet"), e.getMessage());
        assertEquals(0, count("paused"), told.toString());
    }

    @Test
    void interruptWhilePausedFailsNamingTheLastCheckpoint() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        Files.writeString(ckpt, "in the way");
        FileCheckpoints control = checkpoints(spec(ckpt), new AtomicBoolean());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = checkpointOnThread(control, states.get(1), failure);
        writer.join(200);
        assertTrue(writer.isAlive());
        writer.interrupt();
        writer.join(5_000);
        assertFalse(writer.isAlive());
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, failure.get());
        assertTrue(e.getMessage().contains("interrupted") && e.getMessage().contains("last checkpoint: none yet"),
                e.getMessage());
    }
}
