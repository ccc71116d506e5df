package replex.cli;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import replex.api.Replex;
import replex.cli.BenchPlan.Setting;
import replex.cli.BenchRunner.RunFailedException;
import replex.core.ConfigurationException;
import replex.io.JobSpec;
import replex.plot.BenchPlot;

/** {@code replex bench FILE --workers LIST [--nodes LIST] --out DIR}: times a job at several worker and node counts. */
@Command(name = "bench",
        usageHelpWidth = 100, // the example table is 95 characters wide
        header = "Time a job at several worker-thread and node counts; report speed-up and parallel efficiency.",
        description = {
            "Runs FILE once per setting and repeat, each run a separate process of this Replex build: with "
                + "nodes 1, `replex run FILE --workers W --out DIR/runs/w<W>-n1-r<R>/ --quiet`; with nodes N > 1, "
                + "N `replex node --workers W` processes on free loopback ports (127.0.0.1) that form one cluster, "
                + "then `replex submit FILE --contact ...`, then the nodes are stopped. Settings are every "
                + "--workers value on every --nodes value, except that workers 0 (the sequential engine, one JVM) "
                + "runs with nodes 1 only. Repeats are interleaved (all settings once, then all again), so that a "
                + "change in the machine's load affects every setting alike.",
            "The wall time of a run is wall_time_seconds of its summary.json: the sampling, JVM start and job "
                + "loading excluded. The time of the whole process (JVM start included) is recorded too.",
            "The BASELINE is the first setting: the first --workers value on the first --nodes value. Speed-up = "
                + "baseline median wall time / wall time. Efficiency = speed-up / (threads / baseline threads), "
                + "threads = workers x nodes, workers 0 counting as 1 thread: 1 is perfect scaling, 0.5 means "
                + "half of the added threads' time was lost. List 0 first to compare with the sequential engine.",
            "Every run's draws.csv must be byte-identical to the baseline's (same job, same seed); a difference "
                + "is reported as an error and the exit code is 1.",
            "At the end it prints one line per setting (workers, nodes, threads, runs, median and min-max wall "
                + "time, speed-up, efficiency, median process time) and writes DIR/bench.csv (one row per run: "
                + "workers,nodes,threads,repeat,wall_s,process_s,speedup,efficiency,draws_identical; a run's "
                + "speed-up is against the baseline's median) and DIR/bench.png (wall time and efficiency against "
                + "workers, one series per node count). Both are written only when every run succeeded.",
            "The runs use this JVM's java and its options (JAVA_OPTS). The machine should be otherwise idle: "
                + "other work on the cores shows up as lower efficiency. See docs/performance.md."
        },
        footerHeading = "%nExample:%n",
        footer = {
            "  # sequential engine, then actors with 1 and 2 worker threads:",
            "  replex bench examples/bench-cpu-burn.conf --workers 0,1,2 --out out/bench",
            "  # the actor engine's own scaling, 3 repeats each:",
            "  replex bench job.conf --workers 1,2,4 --repeats 3 --out out/bench",
            "  # a latency-bound target, up to one thread per replica:",
            "  replex bench examples/bench-sleep.conf --workers 1,4,16 --out out/bench-sleep",
            "  # local clusters of 1, 2 and 3 nodes:",
            "  replex bench job.conf --workers 2 --nodes 1,2,3 --out out/bench-cluster",
            "",
            "A real run and how to read it: docs/performance.md.",
            "",
            "Exit codes: 0 done, draws identical; 1 a run failed (the setting and its last error line are "
                + "printed) or draws differ; 2 invalid input (options or job file)."
        })
public final class BenchCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The job file (.conf HOCON or .json) to time.")
    Path jobFile;

    @Option(names = "--workers", paramLabel = "LIST", required = true,
            description = "Worker threads per node, a comma-separated list such as 0,1,2,4; 0 is the sequential "
                + "engine (nodes 1 only). The first value, on the first --nodes value, is the baseline.")
    String workers;

    @Option(names = "--nodes", paramLabel = "LIST", defaultValue = "1",
            description = "Nodes (JVMs on this machine), a comma-separated list such as 1,2,3; each N > 1 starts a "
                + "local cluster of N nodes. Default: ${DEFAULT-VALUE}.")
    String nodes;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "1",
            description = "Runs of every setting; the table shows the median and the range. Default: "
                + "${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Directory for bench.csv, bench.png and runs/<setting>/ (each run's draws.csv, "
                + "summary.json and process output). Created if missing; earlier results there are replaced.")
    Path out;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600",
            description = "The longest one run may take before it is killed and the bench fails. Default: "
                + "${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Mixin
    ClasspathOption classpath;

    @Override
    protected int execute() throws Exception {
        BenchPlan plan = BenchPlan.parse(workers, nodes, repeats);
        if (timeoutSeconds < 1) {
            throw new ConfigurationException("--timeout", "must be a number of seconds >= 1, got " + timeoutSeconds);
        }
        Path job = jobFile.toAbsolutePath().normalize();
        // the whole job is checked here, before any process starts: a bad file is exit 2, not N failed runs
        JobSpec spec = JobSpec.load(job, JobSpec.Overrides.NONE);
        try (URLClassLoader loader = classpath.loader()) {
            replex.targets.TargetFactory.close(Replex.preflight(spec, loader));
        }
        Path dir = out.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir.resolve("runs"));
        } catch (IOException e) {
            throw new ConfigurationException("--out", "cannot create directory " + dir + ": " + e.getMessage(), e);
        }
        Path csv = dir.resolve("bench.csv");
        Path png = dir.resolve("bench.png");
        // earlier results must not pass for this bench's if it fails
        Files.deleteIfExists(csv);
        Files.deleteIfExists(png);

        BenchReport report = new BenchReport(plan);
        Path reference = null;
        List<String> mismatches = new ArrayList<>();
        progress("replex bench: " + jobFile + ": " + plan.settings().size() + " setting"
                + (plan.settings().size() == 1 ? "" : "s") + " x " + plan.repeats() + " repeat"
                + (plan.repeats() == 1 ? "" : "s") + " = " + plan.runs() + " run" + (plan.runs() == 1 ? "" : "s")
                + "; baseline: " + plan.baseline().label() + " (" + plan.baseline().engine() + ")");
        try (BenchRunner runner = new BenchRunner(BenchRunner.thisJvm(), job, classpath.entries,
                Duration.ofSeconds(timeoutSeconds))) {
            runner.installShutdownHook();
            int index = 0;
            for (int r = 1; r <= plan.repeats(); r++) {
                for (Setting s : plan.settings()) {
                    index++;
                    String name = s.id() + "-r" + r;
                    progressStart(String.format(Locale.ROOT, "[%d/%d] %s, repeat %d (%s) ... ", index, plan.runs(),
                            s.label(), r, s.engine()));
                    BenchRunner.Outcome outcome;
                    try {
                        outcome = runner.run(s, dir.resolve("runs").resolve(name));
                    } catch (RunFailedException e) {
                        progressEnd("failed");
                        err().println("replex: run failed: " + e.getMessage());
                        err().flush();
                        return ExitCodes.RUN_FAILED;
                    }
                    boolean identical;
                    if (reference == null) {
                        reference = outcome.draws();
                        identical = true;
                    } else {
                        identical = Files.mismatch(reference, outcome.draws()) == -1;
                        if (!identical) {
                            mismatches.add(name);
                        }
                    }
                    report.add(new BenchReport.Run(s, r, outcome.wallSeconds(), outcome.processSeconds(), identical));
                    progressEnd(String.format(Locale.ROOT, "wall %s s, process %s s%s",
                            BenchReport.seconds(outcome.wallSeconds()), BenchReport.seconds(outcome.processSeconds()),
                            identical ? "" : "; DRAWS DIFFER from the baseline's"));
                }
            }
        }

        report.writeCsv(csv);
        BenchPlot.write(points(report), jobFile.getFileName().toString(), png);
        if (!quiet()) {
            out().println();
            report.printTable(out());
            out().println();
            if (mismatches.isEmpty()) {
                out().println("draws.csv: byte-identical in all " + plan.runs() + " runs ("
                        + Files.size(reference) + " bytes)");
            }
            out().println("baseline: " + plan.baseline().label() + " (" + plan.baseline().engine()
                    + "); efficiency = speed-up / (threads / " + plan.baseline().threads() + ")");
            out().println("wrote " + csv);
            out().println("      " + png);
            out().flush();
        }
        if (!mismatches.isEmpty()) {
            err().println("replex: error: draws.csv DIFFERS from the baseline's (" + dir.resolve("runs")
                    .resolve(plan.baseline().id() + "-r1").resolve("draws.csv") + ") in " + mismatches.size()
                    + " of " + plan.runs() + " runs: " + String.join(", ", mismatches)
                    + "; the same job and seed must give the same draws for any number of workers and nodes: "
                    + "this is a bug, please report it");
            err().flush();
            return ExitCodes.RUN_FAILED;
        }
        return ExitCodes.OK;
    }

    private static List<BenchPlot.Point> points(BenchReport report) {
        List<BenchPlot.Point> points = new ArrayList<>();
        for (BenchReport.Line l : report.lines()) {
            double[] wall = report.runs().stream().filter(r -> r.setting().equals(l.setting()))
                    .mapToDouble(BenchReport.Run::wallSeconds).toArray();
            points.add(new BenchPlot.Point(l.setting().workers(), l.setting().nodes(), l.medianWall(), l.efficiency(),
                    wall));
        }
        return points;
    }

    private void progress(String line) {
        if (!quiet()) {
            out().println(line);
            out().flush();
        }
    }

    private void progressStart(String text) {
        if (!quiet()) {
            out().print(text);
            out().flush();
        }
    }

    private void progressEnd(String text) {
        if (!quiet()) {
            out().println(text);
            out().flush();
        }
    }
}
