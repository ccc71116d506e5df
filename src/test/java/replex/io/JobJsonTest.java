package replex.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;

import replex.core.ConfigurationException;

/** A job that travelled between machines is read as strict JSON: no include, no substitution. */
class JobJsonTest {

    @Test
    void theJsonAClientSendsReadsBackAsTheSameJob() {
        JobSpec spec = JobSpec.fromConfig(ConfigFactory.parseString("job { seed = 9, chains = 2, rounds = 30, "
                + "target { name = gaussian, means = [0, 1] } }"), JobSpec.Overrides.NONE, null);
        String json = spec.toConfig().root().render(ConfigRenderOptions.concise());
        JobSpec back = JobSpec.fromJson(json);
        assertEquals(spec.sampler(), back.sampler());
        assertEquals(spec.target(), back.target());
    }

    @Test
    void includesAreRefusedAndTheFileIsNeverRead(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.conf"), "name = \"secret-xyz\"\n");
        for (String text : new String[] {
            "{\"job\":{\"target\":{include file(\"" + secret + "\")}}}",
            "job { target { include file(\"" + secret + "\") } }",
            "include file(\"" + secret + "\")",
            "{\"job\":{\"target\":{include \"" + secret + "\"}}}"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> JobJson.parse(text), text);
            assertTrue(e.getMessage().startsWith("job: a submitted job must be plain JSON"), e.getMessage());
            assertFalse(e.getMessage().contains("secret-xyz"), e.getMessage());
        }
    }

    @Test
    void substitutionsAndHoconAreRefused() {
        for (String text : new String[] {
            "{\"job\":{\"seed\":${?HOME}}}",
            "{\"job\":{\"seed\":${user.home}}}",
            "job.seed = 1",
            "{\"job\":{\"seed\":1} \"output\":{}}"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> JobJson.parse(text), text);
            assertEquals("job", e.key(), e.getMessage());
        }
    }

    @Test
    void overlongTextIsRefusedBeforeParsing() {
        String text = "{\"job\":\"" + "x".repeat(JobJson.MAX_CHARS) + "\"}";
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> JobJson.parse(text));
        assertTrue(e.getMessage().contains("at most " + JobJson.MAX_CHARS), e.getMessage());
    }
}
