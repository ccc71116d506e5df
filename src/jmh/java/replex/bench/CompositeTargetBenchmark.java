package replex.bench;

import java.nio.file.Path;
import java.util.List;
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

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

import replex.core.Target;
import replex.targets.LotkaVolterraTarget;
import replex.targets.TargetFactory;

/**
 * One log-likelihood of a two-term composite target (docs/composite-targets.md), with the terms one
 * after the other ({@code parallel = false}) or the second on a term pool of one thread
 * ({@code parallel = true}), at a point near the posterior:
 *
 * <ul>
 *   <li>{@code terms = lv-halves}: the Lotka–Volterra ODE on 1900–1910 and on 1911–1920
 *       ({@code examples/composite.conf}); the first term solves the ODE over 10 time units, the
 *       second over 20;
 *   <li>{@code terms = cheap}: two 8-dimensional Gaussians, well under a microsecond each, so that
 *       the parallel score is the hand-off's own cost per evaluation.
 * </ul>
 *
 * Run from the repository's root (the data files are read from {@code examples/data}):
 *
 * <pre>
 * java -jar target/benchmarks.jar CompositeTarget -wi 3 -i 5 -f 1 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompositeTargetBenchmark {

    /** The terms. */
    @Param({"lv-halves", "cheap"})
    public String terms;

    /** Whether the terms of one evaluation run concurrently. */
    @Param({"false", "true"})
    public boolean parallel;

    private Target target;
    private final double[] x = {0.547, 0.0277, 0.800, 0.0241, 34.0, 5.94, 0.248, 0.251};

    /** Builds the composite. */
    @Setup(Level.Trial)
    public void build() {
        Config block = ConfigFactory.parseString("type = composite, term-workers = 1")
                .withValue("parallel-terms", ConfigValueFactory.fromAnyRef(parallel));
        List<Object> list;
        if (terms.equals("lv-halves")) {
            Path data = Path.of("examples", "data").toAbsolutePath();
            list = List.of(lv(data, "lynx-hare-1900-1910.json"), lv(data, "lynx-hare-1911-1920.json"));
        } else {
            String gaussian = "name = gaussian, means = [0.5, 0.03, 0.8, 0.02, 34, 6, 0.25, 0.25], sd = 1";
            list = List.of(ConfigFactory.parseString(gaussian).root().unwrapped(),
                    ConfigFactory.parseString(gaussian).root().unwrapped());
        }
        target = TargetFactory.create(block.withValue("terms", ConfigValueFactory.fromIterable(list)), null, 1);
    }

    private static Object lv(Path dir, String file) {
        return LotkaVolterraTarget.inlineDataFile(ConfigFactory.parseString("name = " + LotkaVolterraTarget.NAME
                + ", data = \"" + file + "\""), dir, "job.target").root().unwrapped();
    }

    /** Shuts the term pool down. */
    @TearDown(Level.Trial)
    public void close() {
        TargetFactory.close(target);
    }

    /** @return log L at a point near the posterior */
    @Benchmark
    public double logLikelihood() {
        return target.logLikelihood(x);
    }
}
