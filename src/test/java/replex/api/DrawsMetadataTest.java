package replex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import replex.core.SamplerSettings;
import replex.cli.EvaluateRunTest;
import replex.io.CheckpointFile;
import replex.io.DrawsCsv;
import replex.io.JobSpec;

/**
 * {@code output.draws-metadata} end to end: each kept draw's row of {@code draws.csv} goes on, after
 * the metric columns, with the named metadata strings of the target's evaluation of the kept state
 * ({@link MetricsTarget}), quoted where they hold a comma, a quote or a line break, an empty cell where
 * the evaluation lacks one; one evaluation per kept state serves metrics and metadata; the file is
 * byte-identical on the sequential engine, on 1 and 2 workers and after a stop and a resume (the
 * checkpoints hold the strings); an unknown name is refused before the run.
 */
class DrawsMetadataTest {

    static final String METRICS = "[square, sum]";
    static final String METADATA = "[note, sign, right]";

    @TempDir
    Path dir;

    private JobSpec spec(Path out, int workers, String metadata, String extra) {
        return DrawsMetricsTest.spec(dir, out, workers, METRICS
                + (metadata == null ? "" : "\noutput.draws-metadata = " + metadata), extra);
    }

    /** The records of an RFC 4180 file: quoted fields may hold commas, quotes ({@code ""}) and line breaks. */
    static List<List<String>> records(Path file) throws IOException {
        return EvaluateRunTest.csv(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void eachKeptDrawRecordsTheMetadataOfItsStateQuotedWithOneEvaluationForBoth() throws IOException {
        Path metricsOnly = dir.resolve("metrics");
        long before = MetricsTarget.EVALUATIONS.get();
        Replex.runAndWrite(spec(metricsOnly, 0, null, ", checkpoint-every = 0"), null);
        long metricEvaluations = MetricsTarget.EVALUATIONS.get() - before;

        Path on = dir.resolve("on");
        before = MetricsTarget.EVALUATIONS.get();
        CompletedRun run = Replex.runAndWrite(spec(on, 0, METADATA, ", checkpoint-every = 0"), null);
        assertEquals(metricEvaluations, MetricsTarget.EVALUATIONS.get() - before,
                "metadata cost no evaluation beyond the metrics' (one per kept state serves both)");

        List<List<String>> plain = records(metricsOnly.resolve(DrawsCsv.FILE_NAME));
        List<List<String>> rows = records(on.resolve(DrawsCsv.FILE_NAME));
        assertEquals(List.of("chain", "draw", "a", "b", "log_likelihood", "log_prior", "square", "sum", "note", "sign",
                "right"), rows.get(0));
        int draws = 2 * run.result().settings().drawsPerChain();
        assertEquals(1 + draws, rows.size());
        MetricsTarget target = new MetricsTarget();
        int quoted = 0;
        int missing = 0;
        for (int i = 1; i < rows.size(); i++) {
            List<String> cells = rows.get(i);
            assertEquals(11, cells.size(), cells.toString());
            assertEquals(plain.get(i), cells.subList(0, 8), "the draw and its metrics as without metadata, row " + i);
            double[] x = {Double.parseDouble(cells.get(2)), Double.parseDouble(cells.get(3))};
            Map<String, String> expected = target.evaluate(x).metadata();
            assertEquals(expected.get("note"), cells.get(8), "row " + i);
            assertEquals(expected.get("sign"), cells.get(9), "row " + i);
            assertEquals(expected.getOrDefault("right", ""), cells.get(10), "row " + i);
            quoted += cells.get(8).equals(MetricsTarget.NOTE) ? 1 : 0;
            missing += expected.containsKey("right") ? 0 : 1;
        }
        assertTrue(quoted > 0 && quoted < draws, "quoted strings and plain ones: " + quoted + " of " + draws);
        assertTrue(missing > 0 && missing < draws, "missing entries and present ones: " + missing + " of " + draws);
        String text = Files.readString(on.resolve(DrawsCsv.FILE_NAME));
        assertTrue(text.contains(",\"b > 0, \"\"up\"\"\nsecond line\",+,yes\n")
                || text.contains(",\"b > 0, \"\"up\"\"\nsecond line\",-,\n"), "RFC 4180 quoting");

        JsonNode summary = new ObjectMapper().readTree(on.resolve("summary.json").toFile());
        assertEquals("[\"note\",\"sign\",\"right\"]", summary.get("settings").get("draws_metadata").toString());
        JsonNode plainSummary = new ObjectMapper().readTree(metricsOnly.resolve("summary.json").toFile());
        assertEquals("[]", plainSummary.get("settings").get("draws_metadata").toString());
        assertEquals(plainSummary.get("parameters"), summary.get("parameters"), "metadata are not parameters");
        assertTrue(run.summary().spec().render().contains("draws-metadata"), "echoed in the effective job");
    }

    @Test
    void everyLevelsFileRecordsTheMetadataWithOutputAllLevels() throws IOException {
        Path out = dir.resolve("levels");
        Replex.runAndWrite(spec(out, 2, METADATA + "\noutput.all-levels = true", ", checkpoint-every = 0"), null);
        assertEquals(-1, Files.mismatch(out.resolve(DrawsCsv.FILE_NAME), out.resolve(DrawsCsv.levelFileName(0))));
        List<List<String>> hottest = records(out.resolve(DrawsCsv.levelFileName(2)));
        assertEquals("right", hottest.get(0).get(10));
        MetricsTarget target = new MetricsTarget();
        for (List<String> cells : hottest.subList(1, hottest.size())) {
            double[] x = {Double.parseDouble(cells.get(2)), Double.parseDouble(cells.get(3))};
            assertEquals(target.evaluate(x).metadata().get("note"), cells.get(8), cells.toString());
        }
    }

    @Test
    void drawsCsvIsByteIdenticalOnTheSequentialEngineAndOneAndTwoWorkers() throws IOException {
        DrawsMetricsTest.assertByteIdenticalOnEveryEngine(dir, (out, workers, extra) -> spec(out, workers, METADATA,
                extra));
    }

    @Test
    void stoppedAndResumedOnEitherEngineGivesTheUninterruptedDrawsCsv() throws IOException {
        // the checkpoints hold the strings kept so far, in a file of the metadata format version
        DrawsMetricsTest.assertResumedGivesTheUninterruptedFile(dir, (out, workers, extra) -> spec(out, workers,
                METADATA, extra), checkpoints -> assertEquals(CheckpointFile.METADATA_FORMAT_VERSION,
                        CheckpointFile.formatVersion(CheckpointFile.list(checkpoints).get(0))));
    }

    @Test
    void anUnknownNameIsRefusedBeforeTheRunAndBadValuesNameTheKey() {
        DrawsMetricsTest.assertBadNamesAreRefused(dir, (out, names) -> spec(out, 0, names, ""),
                "output.draws-metadata", "[sign, colour]", "no metadata 'colour'", "sign, note, right", "sign",
                SamplerSettings::drawMetadata);
    }
}
