package replex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import replex.cli.BenchPlan.Setting;

class BenchReportTest {

    @TempDir
    Path dir;

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, BenchReport.median(new double[] {5, 3, 1}));
        assertEquals(2.5, BenchReport.median(new double[] {4, 1, 3, 2}));
        assertEquals(7.0, BenchReport.median(new double[] {7}));
        double[] values = {9, 1, 5};
        BenchReport.median(values);
        assertEquals(9, values[0], "the input is not sorted in place");
        assertThrows(IllegalArgumentException.class, () -> BenchReport.median(new double[0]));
    }

    @Test
    void speedupAndEfficiencyAgainstTheBaseline() {
        assertEquals(2.0, BenchReport.speedup(10, 5));
        assertEquals(0.5, BenchReport.speedup(5, 10));
        // 2x faster on 4 threads than the 1-thread baseline: half of perfect scaling
        assertEquals(0.5, BenchReport.efficiency(2.0, 4, 1));
        // against a 2-thread baseline, 4 threads that are 2x faster scale perfectly
        assertEquals(1.0, BenchReport.efficiency(2.0, 4, 2));
    }

    /** Baseline workers 0 (1 thread) with runs 4, 6, 5 s; workers 2 (2 threads) 3, 2 s; workers 4, nodes 2 (8 threads) 1 s. */
    private static BenchReport example() {
        BenchPlan plan = BenchPlan.parse("0,2,4", "1,2", 3);
        BenchReport report = new BenchReport(plan);
        report.add(new BenchReport.Run(new Setting(0, 1), 1, 4.0, 5.0, true));
        report.add(new BenchReport.Run(new Setting(2, 1), 1, 3.0, 4.0, true));
        report.add(new BenchReport.Run(new Setting(4, 2), 1, 1.0, 9.0, true));
        report.add(new BenchReport.Run(new Setting(0, 1), 2, 6.0, 7.0, true));
        report.add(new BenchReport.Run(new Setting(2, 1), 2, 2.0, 3.0, false));
        report.add(new BenchReport.Run(new Setting(0, 1), 3, 5.0, 6.5, true));
        return report;
    }

    @Test
    void linesPerSettingInPlanOrder() {
        BenchReport report = example();
        assertEquals(5.0, report.baselineMedian());
        List<BenchReport.Line> lines = report.lines();
        assertEquals(3, lines.size(), "settings without runs are left out");
        BenchReport.Line base = lines.get(0);
        assertEquals(new Setting(0, 1), base.setting());
        assertEquals(3, base.runs());
        assertEquals(5.0, base.medianWall());
        assertEquals(4.0, base.minWall());
        assertEquals(6.0, base.maxWall());
        assertEquals(6.5, base.medianProcess());
        assertEquals(1.0, base.speedup());
        assertEquals(1.0, base.efficiency());
        BenchReport.Line two = lines.get(1);
        assertEquals(2.5, two.medianWall());
        assertEquals(2.0, two.speedup());
        assertEquals(1.0, two.efficiency(), "2x faster on 2 threads");
        BenchReport.Line cluster = lines.get(2);
        assertEquals(new Setting(4, 2), cluster.setting());
        assertEquals(5.0, cluster.speedup());
        assertEquals(5.0 / 8, cluster.efficiency());
        assertFalse(report.drawsIdentical());
    }

    @Test
    void csvHasOneRowPerRunWithItsOwnSpeedupAgainstTheBaselineMedian() throws Exception {
        BenchReport report = example();
        Path csv = dir.resolve("bench.csv");
        report.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(7, lines.size());
        assertEquals("workers,nodes,threads,repeat,wall_s,process_s,speedup,efficiency,draws_identical", lines.get(0));
        assertTrue(lines.get(0).startsWith("workers,nodes,") && lines.get(0).contains(",repeat,wall_s,")
                && lines.get(0).contains("speedup,efficiency"));
        assertEquals("0,1,1,1,4.000000,5.000000,1.250000,1.250000,true", lines.get(1));
        assertEquals("2,1,2,1,3.000000,4.000000,1.666667,0.833333,true", lines.get(2));
        assertEquals("4,2,8,1,1.000000,9.000000,5.000000,0.625000,true", lines.get(3));
        assertEquals("2,1,2,2,2.000000,3.000000,2.500000,1.250000,false", lines.get(5));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void tablePrintsOneRowPerSetting() {
        StringWriter text = new StringWriter();
        example().printTable(new PrintWriter(text));
        List<String> rows = text.toString().lines().toList();
        assertEquals(4, rows.size(), text.toString());
        assertTrue(rows.get(0).contains("workers") && rows.get(0).contains("speed-up")
                && rows.get(0).contains("efficiency"), rows.get(0));
        assertEquals(List.of("0", "1", "1", "3", "5.000", "4.000-6.000", "1.00", "1.00", "6.500"),
                List.of(rows.get(1).trim().split("\\s+")));
        assertEquals(List.of("4", "2", "8", "1", "1.000", "1.000-1.000", "5.00", "0.63", "9.000"),
                List.of(rows.get(3).trim().split("\\s+")));
    }

    @Test
    void secondsKeepThreeSignificantDecimals() {
        assertEquals("0.0123", BenchReport.seconds(0.01234));
        assertEquals("1.235", BenchReport.seconds(1.23456));
        assertEquals("12.35", BenchReport.seconds(12.3456));
        assertEquals("123.5", BenchReport.seconds(123.456));
    }
}
