import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes n points (x, y) of two independent standard normals as CSV, from a fixed seed:
 *
 * <pre>java examples/data/TwoNormals.java 1000 20261201 &gt; examples/data/two-normals-1000.csv</pre>
 *
 * SplittableRandom's algorithm is specified by the JDK, and the normals come from the Box–Muller
 * transform written out here, so the file is the same on every Java 17+ runtime.
 */
public final class TwoNormals {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        SplittableRandom rng = new SplittableRandom(Long.parseLong(args[1]));
        StringBuilder out = new StringBuilder("x,y\n");
        for (int i = 0; i < n; i++) {
            double u1 = 1.0 - rng.nextDouble(); // (0, 1]
            double u2 = rng.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u1));
            double x = r * Math.cos(2 * Math.PI * u2);
            double u3 = 1.0 - rng.nextDouble();
            double u4 = rng.nextDouble();
            double y = Math.sqrt(-2 * Math.log(u3)) * Math.cos(2 * Math.PI * u4);
            out.append(String.format(Locale.ROOT, "%.6f,%.6f%n", x, y));
        }
        System.out.print(out);
    }
}
