package replex.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;

import replex.core.engine.ProgressListener;
import replex.core.engine.RunControl;
import replex.core.engine.RunResult;
import replex.core.engine.RunState;
import replex.core.engine.RunStoppedException;
import replex.core.engine.SequentialEngine;
import replex.io.CheckpointFile;
import replex.io.JobSpec;
import replex.targets.TargetFactory;

/**
 * The actor engine's coordinator writes checkpoints in the common format, stops on request after a
 * final checkpoint, and continues from one; both engines resume each other's checkpoints to the bit.
 * Messages are serialised (Kryo) even locally.
 */
class ActorCheckpointTest {

    /** Stops once the run has passed {@code after} rounds. */
    static RunControl stopAfter(AtomicLong progress, long after) {
        return new RunControl() {
            @Override
            public int checkpointEvery() {
                return 0;
            }

            @Override
            public void checkpoint(RunState state) {
                throw new AssertionError("the actor engine writes its own checkpoints");
            }

            @Override
            public boolean stopRequested() {
                return progress.get() >= after;
            }
        };
    }

    private static JobSpec spec(Path dir, int workers, int every) {
        return spec(ParallelismInvarianceTest.JOB, dir, workers, every);
    }

    private static JobSpec spec(String job, Path dir, int workers, int every) {
        return JobSpec.fromConfig(ConfigFactory.parseString(job
                + "\njob.workers = " + workers + "\njob.checkpoint-every = " + every
                + "\noutput { dir = \"" + dir.resolve("out") + "\", checkpoint-dir = \"" + dir.resolve("ckpt") + "\" }"),
                JobSpec.Overrides.NONE, null);
    }

    @Test
    void actorCheckpointsResumeOnEitherEngineToTheBit(@TempDir Path dir) throws Exception {
        // long enough that the stop request (polled every 100 ms) arrives well before the end
        JobSpec spec = spec(ParallelismInvarianceTest.JOB.replace("rounds = 120", "rounds = 20000")
                .replace("burn-in-rounds = 40", "burn-in-rounds = 400"), dir, 2, 25);
        RunResult reference = SequentialEngine.run(spec.sampler(), TargetFactory.create(spec.target(),
                ClassLoader.getSystemClassLoader()), ProgressListener.NONE);
        AtomicLong progress = new AtomicLong();
        ProgressListener listener = (done, total) -> progress.set(done);
        RunStoppedException stopped = assertThrows(RunStoppedException.class, () -> ActorEngine.run(spec,
                ClassLoader.getSystemClassLoader(), listener, ParallelismInvarianceTest.SERIALIZE, false,
                stopAfter(progress, 30)));
        assertTrue(stopped.round() > 30 && stopped.round() < 20000, "stopped at " + stopped.round());

        CheckpointFile.Loaded loaded = CheckpointFile.readLatest(dir.resolve("ckpt"));
        assertEquals(stopped.round(), loaded.payload().state().round(), "the final checkpoint is the newest");
        List<Path> files = CheckpointFile.list(dir.resolve("ckpt"));
        long periodic = CheckpointFile.roundOf(files.get(1));
        assertTrue(files.size() == 2 && periodic % 25 == 0 && periodic < stopped.round(),
                "the newest periodic checkpoint is kept too: " + files);

        // the sequential engine continues the actor engine's checkpoint
        RunResult sequential = SequentialEngine.run(spec.sampler(), TargetFactory.create(spec.target(),
                ClassLoader.getSystemClassLoader()), ProgressListener.NONE, loaded.payload().state(), RunControl.NONE);
        ParallelismInvarianceTest.assertSameResult(reference, sequential, 0);

        // the actor engine continues it too, and reports the resume
        RunResult actors = ActorEngine.run(spec, ClassLoader.getSystemClassLoader(), ProgressListener.NONE,
                ParallelismInvarianceTest.SERIALIZE, true, RunControl.NONE);
        ParallelismInvarianceTest.assertSameResult(reference, actors, 2);
        assertEquals("resumed", actors.events().get(actors.events().size() - 1).kind());
        assertEquals(stopped.round(), actors.events().get(actors.events().size() - 1).restoredRound());
    }

    /** As the sequential engine: a stop request writes a checkpoint even without periodic ones. */
    @Test
    void aStopWritesACheckpointEvenWithCheckpointEveryZero(@TempDir Path dir) throws Exception {
        JobSpec spec = spec(ParallelismInvarianceTest.JOB.replace("rounds = 120", "rounds = 20000")
                .replace("burn-in-rounds = 40", "burn-in-rounds = 400"), dir, 2, 0);
        AtomicLong progress = new AtomicLong();
        RunStoppedException stopped = assertThrows(RunStoppedException.class, () -> ActorEngine.run(spec,
                ClassLoader.getSystemClassLoader(), (done, total) -> progress.set(done),
                ParallelismInvarianceTest.SERIALIZE, false, stopAfter(progress, 10)));
        List<Path> files = CheckpointFile.list(spec.checkpointDir());
        assertEquals(1, files.size(), "only the stop's checkpoint: " + files);
        assertEquals(stopped.round(), CheckpointFile.roundOf(files.get(0)));
    }

    @Test
    void actorEngineResumesASequentialCheckpoint(@TempDir Path dir) throws Exception {
        ParallelismInvarianceTest.runSequential();
        JobSpec spec = spec(dir, 1, 40);
        AtomicLong progress = new AtomicLong();
        replex.core.engine.RunControl control = new replex.core.engine.RunControl() {
            @Override
            public int checkpointEvery() {
                return 40;
            }

            @Override
            public void checkpoint(RunState state) {
                try {
                    CheckpointFile.write(spec.checkpointDir(), new CheckpointFile.Payload("test",
                            spec.toJson(), "now", state, new replex.core.engine.RecoveryEvent[0],
                            new String[] {"x[0]", "x[1]"}));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public boolean stopRequested() {
                return progress.get() >= 57;
            }
        };
        assertThrows(RunStoppedException.class, () -> SequentialEngine.run(spec.sampler(), TargetFactory.create(
                spec.target(), ClassLoader.getSystemClassLoader()), (d, t) -> progress.set(d), null, control));
        assertEquals(57, CheckpointFile.readLatest(spec.checkpointDir()).payload().state().round());
        RunResult actors = ActorEngine.run(spec, ClassLoader.getSystemClassLoader(), ProgressListener.NONE,
                ParallelismInvarianceTest.SERIALIZE, true, RunControl.NONE);
        ParallelismInvarianceTest.assertSameResult(ParallelismInvarianceTest.sequential, actors, 1);
    }

    /** A checkpoint that cannot be written pauses the job (no lost state); it continues once writing works. */
    @Test
    void anUnwritableCheckpointDirectoryPausesTheJobUntilItIsWritable(@TempDir Path dir) throws Exception {
        ParallelismInvarianceTest.runSequential();
        JobSpec spec = spec(dir, 2, 20);
        Path ckpt = spec.checkpointDir();
        java.util.concurrent.atomic.AtomicBoolean blocked = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicLong progress = new AtomicLong();
        java.util.concurrent.CountDownLatch pausedAt = new java.util.concurrent.CountDownLatch(1);
        ProgressListener listener = (done, total) -> {
            progress.set(done);
            if (done == 5 && blocked.compareAndSet(false, true)) {
                try { // a regular file where the directory was: every write fails
                    java.nio.file.Files.deleteIfExists(ckpt); // no checkpoint yet: the directory is empty or absent
                    java.nio.file.Files.writeString(ckpt, "in the way");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                pausedAt.countDown();
            }
        };
        AtomicLong pausedRound = new AtomicLong(-1);
        String allWait = "every chain waits until the checkpoint of round 20 is written";
        java.util.concurrent.CountDownLatch allWaiting = new java.util.concurrent.CountDownLatch(1);
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                if (toString().contains(allWait)) {
                    allWaiting.countDown();
                }
            }
        };
        Thread unblock = new Thread(() -> {
            try {
                pausedAt.await();
                allWaiting.await(); // the coordinator says so once no chain runs: no progress until written
                pausedRound.set(progress.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try { // writable again, whatever happened
                    java.nio.file.Files.deleteIfExists(ckpt);
                    java.nio.file.Files.createDirectories(ckpt);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        unblock.start();
        java.io.PrintStream err = System.err;
        RunResult actors;
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            actors = ActorEngine.run(spec, ClassLoader.getSystemClassLoader(), listener,
                    ParallelismInvarianceTest.SERIALIZE, false, RunControl.NONE);
        } finally {
            System.setErr(err);
        }
        unblock.join();
        // The write runs off the coordinator's thread: chains learn of the failure a round or so after the
        // checkpoint's round, and wait there, before the next checkpoint round (40), with nothing lost.
        assertTrue(pausedRound.get() >= 20 && pausedRound.get() < 40, "the chains wait after the checkpoint "
                + "round that could not be written (20) and before the next one (40): " + pausedRound.get());
        ParallelismInvarianceTest.assertSameResult(ParallelismInvarianceTest.sequential, actors, 2);
        String text = captured.toString();
        assertTrue(text.contains("cannot write the checkpoint of round 20") && text.contains("paused"), text);
        assertTrue(text.contains("checkpoint of round 20 written; the job continues"), text);
        assertTrue(text.indexOf(allWait) < text.indexOf("checkpoint of round 20 written"), text);
    }
}
