package replex.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Kryo serialisation time (to bytes) of the round messages of one chain of 8 replicas, in d dimensions
 * ({@link RoundMessages}). The sizes are printed by {@link MessageSizes} (and once per trial here).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class MessageSerializationBenchmark {

    /** Target dimension d. */
    @Param({"2", "10", "100", "1000"})
    public int d;

    private RoundMessages messages;
    private RoundMessages.Round round;

    @Setup
    public void setUp() {
        messages = new RoundMessages();
        round = messages.round(d);
        System.out.printf("%nd = %d: RunRounds %d B, RoundsDone %d B, ReplicaSnapshot %d B%n", d,
                messages.bytes(round.runRounds()).length, messages.bytes(round.roundsDone()).length,
                messages.snapshotBytes(round.snapshot()).length);
    }

    @TearDown
    public void tearDown() {
        messages.close();
    }

    @Benchmark
    public byte[] runRounds() {
        return messages.bytes(round.runRounds());
    }

    @Benchmark
    public byte[] roundsDone() {
        return messages.bytes(round.roundsDone());
    }

    @Benchmark
    public byte[] replicaSnapshot() {
        return messages.snapshotBytes(round.snapshot());
    }
}
