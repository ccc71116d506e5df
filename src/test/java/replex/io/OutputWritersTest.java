package replex.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;

import replex.core.ConfigurationException;
import replex.core.SamplerSettings;
import replex.core.Target;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.core.engine.SequentialEngine;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;
import replex.targets.TargetFactory;

class OutputWritersTest {

    @TempDir
    Path dir;

    /** Every proposal leaves the support, so every draw is the initial state: a run whose draws are known. */
    static class PinnedTarget implements Target {
        /** 1.0E23 is written 9.999999999999999E22 by JDK 17's Double.toString: not the shortest. */
        static final double[] START = {0.5, 1.0E23};

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public List<String> parameterNames() {
            return List.of("a", "b,\"c\"");
        }

        @Override
        public double logPrior(double[] x) {
            return x[0] == START[0] && x[1] == START[1] ? 0.0 : Double.NEGATIVE_INFINITY;
        }

        @Override
        public double logLikelihood(double[] x) {
            return -2.5;
        }

        @Override
        public double[] initialState(UniformRandomProvider rng) {
            return START.clone();
        }
    }

    private static SamplerSettings tinySettings(long seed) {
        // 3 rounds, 1 of burn-in, 2 steps per round: 4 draws per chain
        return SamplerSettings.builder().seed(seed).chains(2).ladder(Ladder.of(1.0, 0.5)).swap(SwapRule.DEO)
                .rounds(3).stepsPerRound(2).burnInRounds(1).thin(1).proposalScale(1.0).adapt(AdaptationMode.NONE)
                .build();
    }

    private JobSpec spec(SamplerSettings settings, String target) {
        return new JobSpec(settings, ConfigFactory.parseString(target), 0, dir.resolve("out"), "sample", null);
    }

    private static String csv(RunResult result) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DrawsCsv.write(result, bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void drawsCsvHasExactBytes() throws IOException {
        RunResult result = SequentialEngine.run(tinySettings(1), new PinnedTarget(), ProgressListener.NONE);
        StringBuilder expected = new StringBuilder("chain,draw,a,\"b,\"\"c\"\"\",log_likelihood,log_prior\n");
        for (int chain = 0; chain < 2; chain++) {
            for (int draw = 0; draw < 4; draw++) {
                expected.append(chain).append(',').append(draw).append(",0.5,1.0E23,-2.5,0.0\n");
            }
        }
        assertEquals(expected.toString(), csv(result));
    }

    @Test
    void drawsCsvIsIdenticalForIdenticalRuns() throws IOException {
        Target target = TargetFactory.create(ConfigFactory.parseString("name = gaussian, means = [1, -2]"), null);
        String first = csv(SequentialEngine.run(tinySettings(7), target, ProgressListener.NONE));
        String second = csv(SequentialEngine.run(tinySettings(7), target, ProgressListener.NONE));
        assertEquals(first, second);
        assertTrue(first.startsWith("chain,draw,x[1],x[2],log_likelihood,log_prior\n0,0,"), first);
        assertEquals(1 + 8, first.split("\n").length);
    }

    @Test
    void summaryJsonHasTheDocumentedShape() throws IOException {
        RunResult result = SequentialEngine.run(tinySettings(1), new PinnedTarget(), ProgressListener.NONE);
        JobSpec spec = spec(result.settings(), "class = \"x.Pinned\", extra = [1, 2]");
        RunSummary summary = RunSummary.of(spec, result, "test", Instant.parse("2024-01-02T03:04:05.678Z"),
                Instant.parse("2024-01-02T03:04:06Z"), 0.25);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        summary.writeTo(bytes);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"));
        assertFalse(text.contains("NaN"), text);
        JsonNode json = new ObjectMapper().readTree(text);
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("replex_version", "settings", "warnings", "parameters", "convergence", "mh_acceptance",
                "swap_acceptance", "communication_barrier", "round_trips", "tempered_restarts",
                "round_trips_per_second", "tempered_restarts_per_second", "log_z", "target_errors_total",
                "draws_per_chain", "level_draws", "replicas_per_node", "recovery", "chains", "wall_time_seconds", "round_seconds",
                "started_at", "finished_at"),
                keys);
        JsonNode rounds = json.get("round_seconds");
        assertEquals(result.settings().rounds(), rounds.get("chain_rounds").asLong(), "one entry per round");
        assertTrue(rounds.get("median").asDouble() > 0 && rounds.get("p90").asDouble() >= rounds.get("median")
                .asDouble(), rounds.toString());
        assertEquals("test", json.get("replex_version").asText());
        JsonNode settings = json.get("settings");
        assertEquals(2, settings.get("chains").asInt());
        assertEquals("deo", settings.get("swap").asText());
        assertEquals("none", settings.get("proposal").get("adapt").asText());
        assertEquals("sequential", settings.get("engine").asText());
        assertEquals("x.Pinned", settings.get("target").get("class").asText());
        assertEquals(2, settings.get("target").get("extra").size());
        JsonNode a = json.get("parameters").get("a");
        assertEquals(0.5, a.get("mean").asDouble());
        assertTrue(a.get("r_hat").isNull(), "constant draws: r_hat undefined, written as null");
        assertEquals(4, json.get("draws_per_chain").asInt());
        assertEquals("2024-01-02T03:04:05.678Z", json.get("started_at").asText());
        JsonNode chain0 = json.get("chains").get(0);
        assertEquals(0.0, chain0.get("mh_acceptance").get(0).asDouble());
        assertEquals(1, chain0.get("swap_acceptance").size());
        assertEquals(2, chain0.get("target_errors").size());
        assertTrue(json.get("warnings").toString().contains("undefined"), json.get("warnings").toString());
        // ℓ = −2.5 everywhere: both estimators give exactly (1 − 0.5)·(−2.5), relative to β = 0.5
        JsonNode logZ = json.get("log_z");
        assertEquals(-1.25, logZ.get("stepping_stone").get("estimate").asDouble(), 1e-15);
        assertEquals(-1.25, logZ.get("thermodynamic_integration").get("estimate").asDouble(), 1e-15);
        assertEquals(0.0, logZ.get("stepping_stone").get("se").asDouble());
        assertEquals(0.5, logZ.get("reference_beta").asDouble());
        assertEquals(0.0, json.get("communication_barrier").get("global").asDouble(), "equal ℓ: every swap accepted");
        assertEquals(1, json.get("communication_barrier").get("recommended_levels").asInt());
        assertTrue(json.get("convergence").get("ess_bulk_min").isNull(), "constant draws: ESS undefined");
    }

    @Test
    void summaryWarnsAboutTargetErrors() {
        Target failing = new PinnedTarget() {
            @Override
            public double logPrior(double[] x) {
                if (x[0] != START[0]) {
                    throw new IllegalStateException("boom");
                }
                return 0.0;
            }
        };
        RunResult result = SequentialEngine.run(tinySettings(1), failing, ProgressListener.NONE);
        RunSummary summary = RunSummary.of(spec(result.settings(), "name = x"), result, "t", Instant.EPOCH,
                Instant.EPOCH, 0);
        assertTrue(summary.targetErrors() > 0);
        assertTrue(summary.warnings().get(0).contains("target evaluations"), summary.warnings().toString());
    }

    @Test
    void outputsAreWrittenWithoutLeftovers() throws IOException {
        RunResult result = SequentialEngine.run(tinySettings(1), new PinnedTarget(), ProgressListener.NONE);
        JobSpec spec = spec(result.settings(), "name = x");
        RunSummary summary = RunSummary.of(spec, result, "t", Instant.EPOCH, Instant.EPOCH, 0);
        Path out = dir.resolve("nested/out");
        OutputFiles files = RunOutputs.write(out, result, summary);
        assertEquals(out.resolve("draws.csv"), files.draws());
        assertEquals(csv(result), Files.readString(files.draws()));
        assertTrue(Files.readString(files.summary()).startsWith("{\n  \"replex_version\": \"t\","));
        try (Stream<Path> listed = Files.list(out)) {
            assertEquals(List.of("draws.csv", "summary.json"),
                    listed.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void failedWriteLeavesNoFile() throws IOException {
        Path target = dir.resolve("draws.csv");
        IOException e = assertThrows(IOException.class, () -> StagedFile.write(target, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertFalse(Files.exists(target));
        try (Stream<Path> listed = Files.list(dir)) {
            assertEquals(0, listed.count(), "no temporary file is left behind");
        }
    }

    @Test
    void failedWriteKeepsTheOldFile() throws IOException {
        Path target = dir.resolve("summary.json");
        Files.writeString(target, "old");
        assertThrows(IllegalStateException.class, () -> StagedFile.write(target, out -> {
            out.write('x');
            throw new IllegalStateException("writer bug");
        }));
        assertEquals("old", Files.readString(target));
        try (Stream<Path> listed = Files.list(dir)) {
            assertEquals(1, listed.count());
        }
    }

    @Test
    void stagedFileBecomesVisibleOnlyOnCommit() throws IOException {
        Path target = dir.resolve("f.txt");
        try (StagedFile staged = StagedFile.stage(target, out -> out.write(new byte[] {1, 2, 3}))) {
            assertFalse(Files.exists(target));
            staged.commit();
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        Iterator<Path> it;
        try (Stream<Path> listed = Files.list(dir)) {
            it = listed.toList().iterator();
        }
        assertEquals(target, it.next());
        assertFalse(it.hasNext());
    }

    @Test
    void unusableOutputDirectoryNamesOutputDir() throws IOException {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> RunOutputs.prepare(file));
        assertEquals("output.dir", e.key());
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
        ConfigurationException below = assertThrows(ConfigurationException.class,
                () -> RunOutputs.prepare(file.resolve("sub")));
        assertEquals("output.dir", below.key());
    }
}
