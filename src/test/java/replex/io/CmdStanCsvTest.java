package replex.io;

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
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;

import replex.api.CompletedRun;
import replex.api.Replex;
import replex.core.ConfigurationException;
import replex.core.engine.ProgressListener;
import replex.core.engine.RunResult;
import replex.core.engine.SequentialEngine;
import replex.core.SamplerSettings;
import replex.core.ladder.Ladder;
import replex.core.proposal.AdaptationMode;
import replex.core.swap.SwapRule;

class CmdStanCsvTest {

    @TempDir
    Path dir;

    @Test
    void stanNamesTurnBracketsIntoDots() {
        assertEquals("beta.1", CmdStanCsv.stanName("beta[1]"));
        assertEquals("Sigma.2.3", CmdStanCsv.stanName("Sigma[2,3]"));
        assertEquals("theta.1", CmdStanCsv.stanName("theta[ 1 ]"));
        assertEquals("sigma", CmdStanCsv.stanName("sigma"));
        assertEquals("[1]", CmdStanCsv.stanName("[1]"));
        assertEquals("a[1", CmdStanCsv.stanName("a[1"));
    }

    @Test
    void oneChainHasExactBytes() throws IOException {
        // every draw is the start (0.5, 1.0E23) with ℓ = −2.5 and log-prior 0: lp__ = −2.5
        SamplerSettings settings = SamplerSettings.builder().seed(7).chains(2).ladder(Ladder.of(1.0, 0.5))
                .swap(SwapRule.DEO).rounds(3).stepsPerRound(2).burnInRounds(1).thin(1).proposalScale(1.0)
                .adapt(AdaptationMode.NONE).build();
        RunResult result = SequentialEngine.run(settings, new OutputWritersTest.PinnedTarget() {
            @Override
            public List<String> parameterNames() {
                return List.of("a[1]", "b");
            }
        }, ProgressListener.NONE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CmdStanCsv.write(result, 1, "x.Pinned", "1.2.3", bytes);
        String expected = """
                # Written by Replex 1.2.3 in the layout of CmdStan's output CSV
                # model = x.Pinned
                # method = sample (Default)
                #   sample
                #     num_samples = 4
                #     num_warmup = 0
                #     save_warmup = 0
                #     thin = 1
                #     adapt
                #       engaged = 0
                #     algorithm = parallel_tempering
                #       parallel_tempering
                #         levels = 2
                #         swap = deo
                #         rounds = 3
                #         burn_in_rounds = 1
                #         steps_per_round = 2
                # id = 2
                # random
                #   seed = 7
                lp__,a.1,b
                -2.5,0.5,1.0E23
                -2.5,0.5,1.0E23
                -2.5,0.5,1.0E23
                -2.5,0.5,1.0E23
                """;
        assertEquals(expected, bytes.toString(StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> CmdStanCsv.write(result, 2, "m", "v", bytes));
    }

    private JobSpec job(String output) {
        return JobSpec.fromConfig(ConfigFactory.parseString("job { target { name = gaussian, means = [1, 2] }, "
                + "chains = 3, temperatures.count = 2, rounds = 20, steps-per-round = 2, workers = 0 }\n" + output),
                new JobSpec.Overrides(dir.resolve("out"), null, null), dir);
    }

    private List<String> listed() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("checkpoints")).sorted().toList();
        }
    }

    @Test
    void formatsCmdstanWritesOneFilePerChainBesideDrawsCsv() throws IOException {
        CompletedRun run = Replex.runAndWrite(job("output { formats = [csv, cmdstan] }"), ProgressListener.NONE);
        assertEquals(List.of("draws-cmdstan-1.csv", "draws-cmdstan-2.csv", "draws-cmdstan-3.csv", "draws.csv",
                "summary.json"), listed());
        assertEquals(3, run.outputs().cmdstan().size());
        List<String> drawsCsv = Files.readAllLines(run.outputs().draws());
        for (int c = 0; c < 3; c++) {
            List<String> lines = Files.readAllLines(run.outputs().cmdstan().get(c));
            assertTrue(lines.contains("# model = gaussian"), lines.toString());
            assertTrue(lines.contains("# id = " + (c + 1)), lines.toString());
            List<String> data = lines.stream().filter(l -> !l.startsWith("#")).toList();
            assertEquals("lp__,x.1,x.2", data.get(0));
            int perChain = run.summary().drawsPerChain();
            assertEquals(1 + perChain, data.size());
            // the same numbers as draws.csv, row for row
            for (int row = 0; row < perChain; row++) {
                String[] mine = data.get(1 + row).split(",");
                String[] csv = drawsCsv.get(1 + c * perChain + row).split(",");
                assertEquals(csv[2], mine[1]);
                assertEquals(csv[3], mine[2]);
                assertEquals(Double.parseDouble(csv[4]) + Double.parseDouble(csv[5]), Double.parseDouble(mine[0]));
            }
        }
        // a later run without cmdstan in the same directory leaves no stale CmdStan file
        CompletedRun plain = Replex.runAndWrite(job(""), ProgressListener.NONE);
        assertEquals(List.of("draws.csv", "summary.json"), listed());
        assertTrue(plain.outputs().cmdstan().isEmpty());
    }

    @Test
    void formatsAreCheckedAndKeptInTheEffectiveJob() {
        assertEquals(List.of(OutputFormat.CSV), job("").outputFormats());
        JobSpec both = job("output { formats = [csv, CmdStan] }");
        assertEquals(List.of(OutputFormat.CSV, OutputFormat.CMDSTAN), both.outputFormats());
        JobSpec again = JobSpec.fromConfig(both.toConfig(), JobSpec.Overrides.NONE, dir);
        assertEquals(both.outputFormats(), again.outputFormats());
        // The effective job writes its ladder out whole: read back, the hottest level is decided.
        assertEquals(both.withHottestLevel(false), again);

        ConfigurationException noCsv = assertThrows(ConfigurationException.class,
                () -> job("output { formats = [cmdstan] }"));
        assertEquals("output.formats", noCsv.key());
        assertTrue(noCsv.getMessage().contains("must hold csv"), noCsv.getMessage());
        ConfigurationException unknown = assertThrows(ConfigurationException.class,
                () -> job("output { formats = [csv, parquet] }"));
        assertEquals("output.formats[1]", unknown.key());
        assertTrue(unknown.getMessage().contains("csv | cmdstan"), unknown.getMessage());
        ConfigurationException twice = assertThrows(ConfigurationException.class,
                () -> job("output { formats = [csv, csv] }"));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        ConfigurationException notList = assertThrows(ConfigurationException.class,
                () -> job("output { formats = cmdstan }"));
        assertEquals("output.formats", notList.key());
        assertFalse(notList.getMessage().isEmpty());
    }

    @Test
    void writeWithoutCmdstanListsNoCmdstanFile() throws IOException {
        JobSpec spec = job("");
        RunResult result = Replex.run(spec, ProgressListener.NONE);
        RunSummary summary = RunSummary.of(spec, result, "t", Instant.EPOCH, Instant.EPOCH, 0);
        assertTrue(RunOutputs.write(dir.resolve("out"), result, summary).cmdstan().isEmpty());
    }
}
