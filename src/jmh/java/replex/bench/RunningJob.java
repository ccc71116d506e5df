package replex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import com.typesafe.config.ConfigFactory;

import replex.actors.ActorEngine;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunControl;
import replex.core.engine.RunState;
import replex.core.engine.RunStoppedException;
import replex.core.engine.SequentialEngine;
import replex.io.JobSpec;
import replex.targets.TargetFactory;

/**
 * A job running on a thread of its own, watched through its progress callbacks: a benchmark thread waits
 * (parked, not spinning: the machine may have only two cores) until the job has done some more rounds.
 * Stopped on request ({@link RunControl#stopRequested()}), as {@code replex run} is on SIGINT.
 */
final class RunningJob implements AutoCloseable {

    /** Which engine runs the job. */
    enum Engine {
        /** {@link ActorEngine}: the local actor engine, {@code workers} threads. */
        ACTORS,
        /** {@link SequentialEngine}: the calling thread. */
        SEQUENTIAL
    }

    private volatile long done;
    private volatile long waitingFor = Long.MAX_VALUE;
    private volatile Thread waiter;
    private volatile boolean stop;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Path directory;
    private final Thread thread;

    private RunningJob(Engine engine, JobSpec spec, Path directory) {
        this.directory = directory;
        ProgressListener listener = (roundsDone, total) -> {
            done = roundsDone;
            if (roundsDone >= waitingFor) {
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        };
        RunControl control = new RunControl() {
            @Override
            public int checkpointEvery() {
                return 0;
            }

            @Override
            public void checkpoint(RunState state) {
                // the sequential engine's checkpoint on stop: not kept
            }

            @Override
            public boolean stopRequested() {
                return stop;
            }
        };
        thread = new Thread(() -> {
            try {
                if (engine == Engine.ACTORS) {
                    ActorEngine.run(spec, ClassLoader.getSystemClassLoader(), listener, ConfigFactory.empty(), false,
                            control);
                } else {
                    SequentialEngine.run(spec.sampler(), TargetFactory.create(spec.target(),
                            ClassLoader.getSystemClassLoader()), listener, null, control);
                }
                ended.complete(null);
            } catch (RunStoppedException e) {
                ended.complete(null);
            } catch (Throwable e) {
                ended.completeExceptionally(e);
            }
        }, "bench-job-" + engine.name().toLowerCase());
        thread.setDaemon(true);
    }

    /**
     * Starts a job.
     *
     * @param engine the engine
     * @param jobText the job (HOCON, a {@code job} block); its output and checkpoint directories are set to a
     *     fresh temporary directory, deleted by {@link #close()}
     * @return the running job
     */
    static RunningJob start(Engine engine, com.typesafe.config.Config jobText) {
        try {
            Path dir = Files.createTempDirectory("replex-bench");
            JobSpec spec = JobSpec.fromConfig(jobText.withFallback(ConfigFactory.parseString(
                    "output { dir = \"" + dir.resolve("out") + "\", checkpoint-dir = \"" + dir.resolve("checkpoints")
                    + "\" }")), JobSpec.Overrides.NONE, dir);
            RunningJob job = new RunningJob(engine, spec, dir);
            job.thread.start();
            return job;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return rounds done by every chain, as last reported */
    long roundsDone() {
        return done;
    }

    /**
     * Waits until the job has done at least {@code rounds} rounds.
     *
     * @return the rounds done when the wait ended (≥ {@code rounds})
     * @throws IllegalStateException if the job ended or failed first
     */
    long awaitRounds(long rounds) {
        waiter = Thread.currentThread();
        waitingFor = rounds;
        try {
            long d;
            while ((d = done) < rounds) {
                if (ended.isDone()) {
                    throw new IllegalStateException("the job ended after " + done + " rounds, before round " + rounds
                            + ": make it longer (see the benchmark's parameters)", failure());
                }
                LockSupport.parkNanos(100_000_000L);
            }
            return d;
        } finally {
            waitingFor = Long.MAX_VALUE;
            waiter = null;
        }
    }

    private Throwable failure() {
        try {
            ended.getNow(null);
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        }
    }

    /** Stops the job, waits (at most a minute) for its end and deletes its directory. */
    @Override
    public void close() {
        stop = true;
        try {
            ended.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // reported by awaitRounds while measuring; nothing more to do at the end
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
