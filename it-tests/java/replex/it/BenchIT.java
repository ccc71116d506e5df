package replex.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/replex bench} as a user runs it: every run a separate JVM, bench.csv and bench.png
 * well formed, identical draws; a failing run gives exit code 1 naming the setting.
 */
class BenchIT {

    @TempDir
    Path tmp;

    private Path tinyJob(String extra) throws Exception {
        Path job = tmp.resolve("tiny.conf");
        Files.writeString(job, "job { target { name = cpu-burn, dimension = 2, cost-us = 20 }, seed = 5, chains = 2, "
                + "temperatures.count = 3, rounds = 30, steps-per-round = 2, burn-in-rounds = 10 }\n" + extra);
        return job;
    }

    @Test
    void benchesTheSequentialEngineAgainstOneWorkerInSeparateProcesses() throws Exception {
        Path job = tinyJob("");
        Path out = tmp.resolve("bench");
        ReplexProcess.Result r = ReplexProcess.run(tmp, 600, "bench", job.toString(), "--workers", "0,1", "--repeats",
                "2", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("[4/4] workers 1, nodes 1, repeat 2"), "a progress line per run:\n" + r.out());
        assertTrue(r.out().contains("draws.csv: byte-identical in all 4 runs"), r.out());

        List<String> csv = Files.readAllLines(out.resolve("bench.csv"), StandardCharsets.UTF_8);
        assertEquals("workers,nodes,threads,repeat,wall_s,process_s,speedup,efficiency,draws_identical", csv.get(0));
        assertEquals(5, csv.size(), "one row per run:\n" + csv);
        double[] baseline = new double[2];
        int b = 0;
        for (String row : csv.subList(1, csv.size())) {
            String[] cells = row.split(",");
            assertEquals(9, cells.length, row);
            int workers = Integer.parseInt(cells[0]);
            assertTrue(workers == 0 || workers == 1, row);
            assertEquals("1", cells[1], row);
            assertEquals("1", cells[2], "threads: " + row);
            double wall = Double.parseDouble(cells[4]);
            double process = Double.parseDouble(cells[5]);
            assertTrue(wall > 0 && process > wall, "the process includes JVM start: " + row);
            assertEquals(cells[6], cells[7], "1 thread as the baseline: efficiency = speed-up: " + row);
            assertEquals("true", cells[8], row);
            if (workers == 0) {
                baseline[b++] = wall;
            }
            // the wall time is the run's own summary.json figure
            Path summary = out.resolve("runs/w" + workers + "-n1-r" + cells[3] + "/summary.json");
            assertTrue(Files.readString(summary).contains("\"wall_time_seconds\""), summary.toString());
        }
        double median = (baseline[0] + baseline[1]) / 2;
        String firstRow = csv.get(1);
        assertEquals(median / Double.parseDouble(firstRow.split(",")[4]), Double.parseDouble(firstRow.split(",")[6]),
                1e-5, "speed-up against the baseline median: " + firstRow);
        assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("0     1       1    2")), r.out());

        BufferedImage png = ImageIO.read(out.resolve("bench.png").toFile());
        assertNotNull(png, "bench.png is a PNG");
        assertEquals(1600, png.getWidth());
        assertEquals(600, png.getHeight());
        assertArrayEqualsFiles(out.resolve("runs/w0-n1-r1/draws.csv"), out.resolve("runs/w1-n1-r2/draws.csv"));
    }

    @Test
    void benchesALocalClusterAndStopsItsNodes() throws Exception {
        Path job = tinyJob("");
        Path out = tmp.resolve("cluster");
        ReplexProcess.Result r = ReplexProcess.run(tmp, 600, "bench", job.toString(), "--workers", "1", "--nodes",
                "1,2", "--out", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals("", r.out(), "--quiet prints nothing on success");
        List<String> csv = Files.readAllLines(out.resolve("bench.csv"), StandardCharsets.UTF_8);
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(csv.get(2).startsWith("1,2,2,1,"), csv.get(2));
        assertTrue(csv.get(2).endsWith(",true"), "the cluster's draws equal one JVM's: " + csv.get(2));
        String node1 = Files.readString(out.resolve("runs/w1-n2-r1/node-1.log"));
        assertTrue(node1.contains("(worker nodes: 2)"), node1);
        assertTrue(Files.exists(out.resolve("runs/w1-n2-r1/node-2.log")));
    }

    @Test
    void aFailingRunIsExitCode1NamingTheSettingAndItsError() throws Exception {
        // valid for the bench's own check, but every run fails at its start: the checkpoint folder cannot exist
        Path job = tinyJob("output { checkpoint-dir = \"/proc/replex-bench-it/checkpoints\" }");
        Path out = tmp.resolve("failing");
        ReplexProcess.Result r = ReplexProcess.run(tmp, 300, "bench", job.toString(), "--workers", "0,1", "--out",
                out.toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("replex: run failed: workers 0, nodes 1: "), err);
        assertTrue(err.contains("output.checkpoint-dir"), "the run's last error line: " + err);
        assertFalse(Files.exists(out.resolve("bench.csv")), "no results from a failed bench");
        assertFalse(Files.exists(out.resolve("bench.png")));
    }

    private static void assertArrayEqualsFiles(Path a, Path b) throws Exception {
        assertEquals(-1L, Files.mismatch(a, b), a + " and " + b + " differ");
    }
}
