package replex.bench;

import java.util.concurrent.TimeUnit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The fixed cost of a round: one long job of the local actor engine ({@code replex.actors.ActorEngine}, one
 * {@code RunRounds} to the node's replica host and one {@code RoundsDone} back per round) or of the
 * sequential engine, measured while it runs, with one step per round on a cheap target (the two-mode
 * Gaussian mixture in d = 5) so that the sampling itself costs almost nothing.
 *
 * <p>Read the secondary result {@code round:rounds}: microseconds per round (JMH divides the time by the
 * rounds counted, {@link AuxCounters}). The primary score is per wait, where a wait lasts until the job
 * reports {@code ticks} more rounds (the actor engine reports progress 500 times per job, so a tick is
 * 1/500 of the job).
 *
 * <p>Job: C × K replicas ({@code shape}, e.g. {@code 8x8}), geometric ladder (β_min = 0.01), DEO swaps,
 * steps-per-round 1, no burn-in, no adaptation, thin 100 (so that level-0 draws are a small payload: this
 * measures the protocol, not the draws), no checkpoints. A tick is {@code roundsPerTick} rounds (default
 * 4000, 400 and 50 for 1x8, 8x8 and 64x8, ⌈32000 / (C·K)⌉ for other shapes: about 20–100 ms on a
 * 2-core machine); the actor job lasts 500 ticks (the measurement must end before it: raise
 * {@code roundsPerTick} for longer runs than {@code -wi 2 -i 3 -r 1s}), the sequential job {@code 100 ×}
 * longer (it reports every round).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class RoundCostBenchmark {

    /** Chains × levels. */
    @Param({"1x8", "8x8", "64x8"})
    public String shape;

    /** {@code actors} or {@code sequential}. */
    @Param({"actors", "sequential"})
    public String engine;

    /** Worker threads of the actor engine. */
    @Param({"2"})
    public int workers;

    /** Rounds per wait, 0 for the default of the shape; sets the job's length (see the class comment). */
    @Param({"0"})
    public int roundsPerTick;

    private RunningJob job;
    private long tick;
    private long seen;

    /** Rounds counted in the measured waits. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rounds {
        /** Rounds done during the measured waits. */
        public long rounds;

        @Setup(Level.Iteration)
        public void reset() {
            rounds = 0;
        }
    }

    @Setup(Level.Trial)
    public void start() {
        String[] ck = shape.split("x");
        int chains = Integer.parseInt(ck[0]);
        int levels = Integer.parseInt(ck[1]);
        tick = roundsPerTick > 0 ? roundsPerTick : switch (shape) {
            case "1x8" -> 4000;
            case "8x8" -> 400;
            case "64x8" -> 50;
            default -> Math.max(1, (32000 + chains * levels - 1) / (chains * levels));
        };
        boolean actors = engine.equals("actors");
        long rounds = 500 * tick * (actors ? 1 : 100);
        if (rounds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("job too long: " + rounds + " rounds");
        }
        Config job = ConfigFactory.parseString("job { seed = 1, chains = " + chains + ", temperatures { count = "
                + levels + ", beta-min = 0.01, adapt = false }, swap = deo, rounds = " + rounds
                + ", steps-per-round = 1, burn-in-rounds = 0, thin = 100, proposal { scale = 1.0, adapt = none }, "
                + "workers = " + (actors ? workers : 0) + ", checkpoint-every = 0 }")
                .withValue("job.target", BenchTargets.twoModes(5).root());
        this.job = RunningJob.start(actors ? RunningJob.Engine.ACTORS : RunningJob.Engine.SEQUENTIAL, job);
    }

    /** Starts each iteration at a progress report, so that the first wait is a whole tick. */
    @Setup(Level.Iteration)
    public void synchronise() {
        seen = job.awaitRounds(job.roundsDone() + 1);
    }

    @TearDown(Level.Trial)
    public void stop() {
        job.close();
    }

    /** Waits for the next {@code tick} rounds of the running job. */
    @Benchmark
    public long round(Rounds counter) {
        long now = job.awaitRounds(seen + tick);
        counter.rounds += now - seen;
        seen = now;
        return now;
    }
}
