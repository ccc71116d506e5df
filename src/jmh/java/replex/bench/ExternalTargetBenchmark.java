package replex.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import com.typesafe.config.ConfigFactory;

import replex.targets.ExternalTarget;

/**
 * The cost of one evaluation through the external-target protocol (docs/external-targets.md): a
 * Python child ({@code examples/python/constant.py}, through {@code examples/python/replex_target.py})
 * that returns constants for d = 10, so the score is the protocol's own overhead per evaluation:
 * the request written, the child's read, JSON decoding and encoding, the reply read and parsed.
 * {@code batch} scores one {@code log_density_batch} request of 100 points (per request, divide by 100
 * for per point). Run from the repository's root (the child's path is relative to it):
 *
 * <pre>
 * java -jar target/benchmarks.jar ExternalTarget -wi 3 -i 5 -f 1 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExternalTargetBenchmark {

    /** The child's program. */
    @Param({"python3"})
    public String python;

    private ExternalTarget target;
    private double[] x;
    private double[][] xs;

    /** Starts the child. */
    @Setup(Level.Trial)
    public void start() throws Exception {
        Path script = Path.of("examples", "python", "constant.py").toAbsolutePath();
        if (!Files.exists(script)) {
            throw new IllegalStateException(script + " not found: run the benchmark from the repository's root");
        }
        target = new ExternalTarget(ConfigFactory.parseMap(Map.of("command", List.of(python, script.toString()),
                "dimension", 10)));
        x = new double[10];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.1 * i - 0.45;
        }
        xs = new double[100][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = x.clone();
            xs[i][0] += i * 1e-3;
        }
    }

    /** Ends the child. */
    @TearDown(Level.Trial)
    public void stop() {
        target.close();
    }

    /** @return log p + log L of one point, one request (the sampler's logPrior then logLikelihood) */
    @Benchmark
    public double logDensity() {
        return target.logPrior(x) + target.logLikelihood(x);
    }

    /** @return one batch request of 100 points */
    @Benchmark
    public double[][] batch() {
        return target.logDensities(xs);
    }
}
