package replex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.SamplerSettings;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunStoppedException;
import replex.io.DrawsCsv;
import replex.io.JobSpec;

/**
 * {@code output.draws-metrics} end to end: each kept draw's row of {@code draws.csv} goes on with the
 * named metrics of the target's evaluation of the kept state ({@link MetricsTarget}: known functions
 * of x), an empty cell where the evaluation lacks one; the other columns, {@code summary.json}'s
 * statistics and, with the option off, the whole file are as without it; the sampler calls
 * {@code evaluate} only with the option on, at most once per kept draw; and the file is
 * byte-identical on the sequential engine, on 1 and 2 workers and after a stop and a resume.
 */
class DrawsMetricsTest {

    static final int ROUNDS = 40;
    static final int STOP_AT = 17;
    static final String METRICS = "[square, sum, positive]";

    @TempDir
    Path dir;

    private JobSpec spec(Path out, int workers, String metrics, String extra) {
        return spec(dir, out, workers, metrics, extra);
    }

    /**
     * The test job ({@link MetricsTarget}, 2 chains, 3 levels, {@link #ROUNDS} rounds), relative paths
     * against {@code dir}, with {@code output.draws-metrics = <metrics>} (and whatever lines follow it)
     * unless {@code metrics} is null, and {@code extra} keys inside {@code job}.
     */
    static JobSpec spec(Path dir, Path out, int workers, String metrics, String extra) {
        return JobSpec.fromConfig(ConfigFactory.parseString("job { seed = 11, target { class = \""
                + MetricsTarget.class.getName() + "\" }, chains = 2, temperatures { count = 3, beta-min = 0.1 }, "
                + "rounds = " + ROUNDS + ", steps-per-round = 3, burn-in-rounds = 10, thin = 2, workers = " + workers
                + extra + " }" + (metrics == null ? "" : "\noutput.draws-metrics = " + metrics)),
                new JobSpec.Overrides(out, null, null), dir);
    }

    @Test
    void eachKeptDrawRecordsTheMetricsOfItsStateAndNothingElseChanges() throws IOException {
        Path off = dir.resolve("off");
        long before = MetricsTarget.EVALUATIONS.get();
        Replex.runAndWrite(spec(off, 0, null, ", checkpoint-every = 0"), null);
        assertEquals(before, MetricsTarget.EVALUATIONS.get(), "off: the sampler never calls evaluate()");

        Path on = dir.resolve("on");
        before = MetricsTarget.EVALUATIONS.get();
        CompletedRun run = Replex.runAndWrite(spec(on, 0, METRICS, ", checkpoint-every = 0"), null);
        long evaluations = MetricsTarget.EVALUATIONS.get() - before;

        List<String> plain = Files.readAllLines(off.resolve(DrawsCsv.FILE_NAME));
        List<String> lines = Files.readAllLines(on.resolve(DrawsCsv.FILE_NAME));
        assertEquals("chain,draw,a,b,log_likelihood,log_prior", plain.get(0));
        assertEquals("chain,draw,a,b,log_likelihood,log_prior,square,sum,positive", lines.get(0));
        int draws = 2 * run.result().settings().drawsPerChain();
        assertEquals(1 + draws, lines.size());
        assertEquals(plain.size(), lines.size());
        int empty = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            assertEquals(9, cells.length, lines.get(i));
            assertEquals(plain.get(i), String.join(",", java.util.Arrays.copyOf(cells, 6)),
                    "the draw itself is as without the option, row " + i);
            double a = Double.parseDouble(cells[2]);
            double b = Double.parseDouble(cells[3]);
            assertEquals(a * a, Double.parseDouble(cells[6]), 0.0, "square of row " + i);
            assertEquals(a + b, Double.parseDouble(cells[7]), 0.0, "sum of row " + i);
            if (a > 0) {
                assertEquals(1.0, Double.parseDouble(cells[8]), "positive of row " + i);
            } else {
                assertEquals("", cells[8], "no such metric in this evaluation: an empty cell, row " + i);
                empty++;
            }
        }
        assertTrue(empty > 0 && empty < draws, "both cases occur: " + empty + " empty of " + draws);
        // one evaluation in the pre-flight check, then at most one per kept draw (none for a repeated state)
        assertTrue(evaluations >= 2 && evaluations <= draws + 1L, evaluations + " evaluations, " + draws + " draws");

        ObjectMapper json = new ObjectMapper();
        JsonNode onSummary = json.readTree(on.resolve("summary.json").toFile());
        JsonNode offSummary = json.readTree(off.resolve("summary.json").toFile());
        List<String> parameters = new java.util.ArrayList<>();
        onSummary.get("parameters").fieldNames().forEachRemaining(parameters::add);
        assertEquals(List.of("a", "b"), parameters, "metrics are not parameters");
        assertEquals(offSummary.get("parameters"), onSummary.get("parameters"));
        assertEquals(offSummary.get("chains"), onSummary.get("chains"));
        assertTrue(run.summary().spec().render().contains("draws-metrics"), "echoed in the effective job");
        assertEquals("[\"square\",\"sum\",\"positive\"]", onSummary.get("settings").get("draws_metrics").toString());
        assertEquals("[]", offSummary.get("settings").get("draws_metrics").toString());
    }

    @Test
    void everyLevelsDrawsRecordTheMetricsWithOutputAllLevels() throws IOException {
        Path out = dir.resolve("levels");
        Replex.runAndWrite(spec(out, 0, METRICS + "\noutput.all-levels = true", ", checkpoint-every = 0"), null);
        assertEquals(-1, Files.mismatch(out.resolve(DrawsCsv.FILE_NAME), out.resolve(DrawsCsv.levelFileName(0))));
        List<String> hottest = Files.readAllLines(out.resolve(DrawsCsv.levelFileName(2)));
        assertEquals("chain,draw,a,b,log_likelihood,log_prior,square,sum,positive", hottest.get(0));
        for (String line : hottest.subList(1, hottest.size())) {
            String[] cells = line.split(",", -1);
            assertEquals(Double.parseDouble(cells[2]) + Double.parseDouble(cells[3]), Double.parseDouble(cells[7]),
                    0.0, line);
        }
    }

    /** A job of the test target: its output directory, workers and further {@code job} keys → the job. */
    interface Specs {
        JobSpec spec(Path out, int workers, String extra);
    }

    /** Looks at the checkpoint directory of a stopped run, before it is resumed. */
    interface StoppedCheck {
        void check(Path checkpoints) throws IOException;
    }

    @Test
    void drawsCsvIsByteIdenticalOnTheSequentialEngineAndOneAndTwoWorkers() throws IOException {
        assertByteIdenticalOnEveryEngine(dir, (out, workers, extra) -> spec(out, workers, METRICS, extra));
    }

    /** Asserts that {@code draws.csv} is byte-identical on 0, 1 and 2 workers. */
    static void assertByteIdenticalOnEveryEngine(Path dir, Specs specs) throws IOException {
        Path sequential = dir.resolve("w0");
        Replex.runAndWrite(specs.spec(sequential, 0, ", checkpoint-every = 0"), null);
        for (int workers : new int[] {1, 2}) {
            Path actors = dir.resolve("w" + workers);
            Replex.runAndWrite(specs.spec(actors, workers, ", checkpoint-every = 0"), null);
            assertEquals(-1, Files.mismatch(sequential.resolve(DrawsCsv.FILE_NAME), actors.resolve(DrawsCsv.FILE_NAME)),
                    "workers = " + workers);
        }
    }

    private static RunStoppedException stopped(JobSpec spec, long round) {
        AtomicLong done = new AtomicLong();
        ProgressListener progress = (roundsDone, total) -> done.set(roundsDone);
        return assertThrows(RunStoppedException.class,
                () -> Replex.runAndWrite(spec, null, progress, () -> done.get() >= round));
    }

    @Test
    void stoppedAndResumedOnEitherEngineGivesTheUninterruptedDrawsCsv() throws IOException {
        assertResumedGivesTheUninterruptedFile(dir, (out, workers, extra) -> spec(out, workers, METRICS, extra),
                checkpoints -> { });
    }

    /**
     * Asserts that a run stopped on the sequential engine and resumed on 2 workers, and one stopped on 2
     * workers and resumed on the sequential engine, write the {@code draws.csv} of the uninterrupted run;
     * {@code check} looks at each stopped run's checkpoints first.
     */
    static void assertResumedGivesTheUninterruptedFile(Path dir, Specs specs, StoppedCheck check)
            throws IOException {
        Path straight = dir.resolve("straight");
        Replex.runAndWrite(specs.spec(straight, 0, ", checkpoint-every = 0"), null);
        Path out = dir.resolve("seq");
        assertEquals(STOP_AT, stopped(specs.spec(out, 0, ", checkpoint-every = 5"), STOP_AT).round());
        check.check(out.resolve("checkpoints"));
        Replex.resumeAndWrite(out, 2, null, ProgressListener.NONE, () -> false);
        assertEquals(-1, Files.mismatch(straight.resolve(DrawsCsv.FILE_NAME), out.resolve(DrawsCsv.FILE_NAME)),
                "stopped on 0 workers, resumed on 2");

        // long enough that the stop request (polled every 100 ms) arrives well before the end
        String longer = ", rounds = 20000, steps-per-round = 1, thin = 10, checkpoint-every = 500";
        Path longStraight = dir.resolve("long-straight");
        Replex.runAndWrite(specs.spec(longStraight, 0, longer), null);
        Path actors = dir.resolve("actors");
        long at = stopped(specs.spec(actors, 2, longer), STOP_AT).round();
        assertTrue(at > 10 && at < 20000, "stopped after burn-in: " + at);
        check.check(actors.resolve("checkpoints"));
        Replex.resumeAndWrite(actors, 0, null, ProgressListener.NONE, () -> false);
        assertEquals(-1, Files.mismatch(longStraight.resolve(DrawsCsv.FILE_NAME),
                actors.resolve(DrawsCsv.FILE_NAME)), "stopped on 2 workers at round " + at + ", resumed on 0");
    }

    @Test
    void badValuesNameTheKey() {
        assertBadNamesAreRefused(dir, (out, names) -> spec(out, 0, names, ""), "output.draws-metrics",
                "[square, steps]", "no metric 'steps'", "square, sum, positive", "square", SamplerSettings::drawMetrics);
    }

    /** A job of the test target on the sequential engine: its output directory, the names (null: none) → the job. */
    interface Named {
        JobSpec spec(Path out, String names);
    }

    /**
     * Asserts that {@code unknown} names are refused before the run under {@code key} with a message holding
     * {@code message} and the names the target {@code reported}, that malformed lists are refused under
     * {@code key}, and that {@code [name]} is kept in the settings ({@code names}) and the job's JSON.
     */
    static void assertBadNamesAreRefused(Path dir, Named specs, String key, String unknown, String message,
            String reported, String name, java.util.function.Function<SamplerSettings, List<String>> names) {
        ConfigurationException refused = assertThrows(ConfigurationException.class,
                () -> Replex.runAndWrite(specs.spec(dir.resolve("x"), unknown), null));
        assertEquals(key, refused.key());
        assertTrue(refused.getMessage().contains(message) && refused.getMessage().contains(reported),
                refused.getMessage());
        assertTrue(!Files.exists(dir.resolve("x").resolve(DrawsCsv.FILE_NAME)), "nothing written");
        for (String bad : new String[] {"true", "[" + name + ", " + name + "]", "[\"\"]", "[1]"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> specs.spec(dir.resolve("y"), bad), bad);
            assertEquals(key, e.key(), bad);
        }
        JobSpec one = specs.spec(dir.resolve("z"), "[" + name + "]");
        assertEquals(List.of(name), names.apply(one.sampler()));
        assertEquals(List.of(name), names.apply(JobSpec.fromJson(one.toJson()).sampler()),
                "kept in the job that clients, nodes and checkpoints pass on");
        assertEquals(List.of(), names.apply(specs.spec(dir.resolve("z"), null).sampler()));
    }
}
