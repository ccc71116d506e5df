package replex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import replex.cli.BenchPlan.Setting;
import replex.io.StagedFile;

/**
 * The measurements of {@code replex bench} and what is derived from them: per setting the median,
 * minimum and maximum wall time, the speed-up against the baseline (the first setting) and the
 * parallel efficiency; the table printed at the end and {@code bench.csv}.
 *
 * <ul>
 *   <li>speed-up = median wall time of the baseline / wall time (of a run, or the setting's median);
 *   <li>efficiency = speed-up / (threads / baseline threads), threads = workers × nodes, the
 *       sequential engine (workers 0) counting as 1 thread. 1 means perfect scaling.
 * </ul>
 *
 * <p>Not thread-safe: one thread adds the runs.
 */
final class BenchReport {

    /** The header of {@code bench.csv}. */
    static final String CSV_HEADER = "workers,nodes,threads,repeat,wall_s,process_s,speedup,efficiency,draws_identical";

    /**
     * One run.
     *
     * @param setting its setting
     * @param repeat 1, 2, … within the setting
     * @param wallSeconds {@code wall_time_seconds} of its summary.json: the sampling, JVM start excluded
     * @param processSeconds from starting its process to its exit, JVM start included
     * @param drawsIdentical whether its draws.csv is byte-identical to the baseline's first run's
     */
    record Run(Setting setting, int repeat, double wallSeconds, double processSeconds, boolean drawsIdentical) {
    }

    /**
     * The summary of one setting.
     *
     * @param setting the setting
     * @param runs its runs
     * @param medianWall median wall time, seconds
     * @param minWall shortest wall time, seconds
     * @param maxWall longest wall time, seconds
     * @param medianProcess median process time, seconds
     * @param speedup baseline median / this median
     * @param efficiency speed-up / (threads / baseline threads)
     */
    record Line(Setting setting, int runs, double medianWall, double minWall, double maxWall, double medianProcess,
            double speedup, double efficiency) {
    }

    private final BenchPlan plan;
    private final List<Run> runs = new ArrayList<>();

    BenchReport(BenchPlan plan) {
        this.plan = plan;
    }

    /** Records a run. */
    void add(Run run) {
        runs.add(run);
    }

    /** @return the runs, in the order run */
    List<Run> runs() {
        return List.copyOf(runs);
    }

    /**
     * @param values at least one value
     * @return the median: the middle value, or the mean of the two middle values
     * @throws IllegalArgumentException if {@code values} is empty
     */
    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the median of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** @return baseline / seconds: how many times faster than the baseline */
    static double speedup(double baselineSeconds, double seconds) {
        return baselineSeconds / seconds;
    }

    /** @return speed-up / (threads / baseline threads) */
    static double efficiency(double speedup, int threads, int baselineThreads) {
        return speedup / ((double) threads / baselineThreads);
    }

    private double[] wallTimes(Setting setting) {
        return runs.stream().filter(r -> r.setting().equals(setting)).mapToDouble(Run::wallSeconds).toArray();
    }

    /**
     * @return the baseline's median wall time, seconds
     * @throws IllegalStateException if the baseline has no run yet
     */
    double baselineMedian() {
        double[] wall = wallTimes(plan.baseline());
        if (wall.length == 0) {
            throw new IllegalStateException("no run of the baseline " + plan.baseline().label());
        }
        return median(wall);
    }

    /** @return one line per setting that has runs, in plan order */
    List<Line> lines() {
        double baseline = baselineMedian();
        int baselineThreads = plan.baseline().threads();
        List<Line> lines = new ArrayList<>();
        for (Setting s : plan.settings()) {
            double[] wall = wallTimes(s);
            if (wall.length == 0) {
                continue;
            }
            double[] process = runs.stream().filter(r -> r.setting().equals(s)).mapToDouble(Run::processSeconds)
                    .toArray();
            double median = median(wall);
            double speedup = speedup(baseline, median);
            lines.add(new Line(s, wall.length, median, Arrays.stream(wall).min().orElseThrow(),
                    Arrays.stream(wall).max().orElseThrow(), median(process), speedup,
                    efficiency(speedup, s.threads(), baselineThreads)));
        }
        return lines;
    }

    /** @return whether every run's draws.csv equals the baseline's */
    boolean drawsIdentical() {
        return runs.stream().allMatch(Run::drawsIdentical);
    }

    /** Prints the table: one row per setting. */
    void printTable(PrintWriter out) {
        String header = String.format(Locale.ROOT, "%7s %5s %7s %4s %13s %17s %9s %10s %13s", "workers", "nodes",
                "threads", "runs", "wall s median", "wall s min-max", "speed-up", "efficiency", "process s med");
        out.println(header);
        for (Line l : lines()) {
            out.println(String.format(Locale.ROOT, "%7d %5d %7d %4d %13s %17s %9s %10s %13s", l.setting().workers(),
                    l.setting().nodes(), l.setting().threads(), l.runs(), seconds(l.medianWall()),
                    seconds(l.minWall()) + "-" + seconds(l.maxWall()), ratio(l.speedup()), ratio(l.efficiency()),
                    seconds(l.medianProcess())));
        }
        out.flush();
    }

    /** @return a wall time with 3 significant decimals: 0.0123, 1.234, 12.35, 123.5 */
    static String seconds(double s) {
        if (s < 0.1) {
            return String.format(Locale.ROOT, "%.4f", s);
        }
        if (s < 10) {
            return String.format(Locale.ROOT, "%.3f", s);
        }
        return String.format(Locale.ROOT, s < 100 ? "%.2f" : "%.1f", s);
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    /** @return the lines of {@code bench.csv}: the header, then one row per run in run order */
    List<String> csvLines() {
        double baseline = baselineMedian();
        int baselineThreads = plan.baseline().threads();
        List<String> lines = new ArrayList<>();
        lines.add(CSV_HEADER);
        for (Run r : runs) {
            double speedup = speedup(baseline, r.wallSeconds());
            lines.add(String.format(Locale.ROOT, "%d,%d,%d,%d,%.6f,%.6f,%.6f,%.6f,%b", r.setting().workers(),
                    r.setting().nodes(), r.setting().threads(), r.repeat(), r.wallSeconds(), r.processSeconds(),
                    speedup, efficiency(speedup, r.setting().threads(), baselineThreads), r.drawsIdentical()));
        }
        return lines;
    }

    /**
     * Writes {@code bench.csv} atomically.
     *
     * @param file the destination; its directory must exist
     * @throws IOException if it cannot be written (the destination is then unchanged)
     */
    void writeCsv(Path file) throws IOException {
        byte[] bytes = (String.join("\n", csvLines()) + "\n").getBytes(StandardCharsets.UTF_8);
        StagedFile.write(file, out -> out.write(bytes));
    }
}
