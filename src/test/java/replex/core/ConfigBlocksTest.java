package replex.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import replex.objectives.RastriginObjective;
import replex.targets.GaussianTarget;

/** A misspelt setting of a target or objective block is refused with its full key. */
class ConfigBlocksTest {

    @Test
    void onlyTheNamedSettingsAndNameAreAllowed() {
        Config block = ConfigFactory.parseString("name = a, sd = 1");
        ConfigBlocks.allowOnly(block, "job.target", "target 'a'", "sd");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ConfigBlocks.allowOnly(block, "job.target", "target 'a'", "means"));
        assertEquals("job.target.sd", e.key());
        assertEquals("job.target.sd: unknown setting for target 'a'; allowed settings: name, means", e.getMessage());
    }

    @Test
    void targetsAndObjectivesRefuseAMisspeltSettingAlike() {
        ConfigurationException target = assertThrows(ConfigurationException.class,
                () -> new GaussianTarget(ConfigFactory.parseString("name = gaussian, mean = [0]")));
        assertEquals("job.target.mean", target.key());
        assertEquals("job.target.mean: unknown setting for target 'gaussian'; allowed settings: name, means, sds, sd,"
                + " prior-means, prior-sds, prior-sd", target.getMessage());
        ConfigurationException objective = assertThrows(ConfigurationException.class,
                () -> new RastriginObjective(ConfigFactory.parseString("name = rastrigin, a = 10")));
        assertEquals("job.objective.a", objective.key());
        assertEquals("job.objective.a: unknown setting for objective 'rastrigin'; allowed settings: name",
                objective.getMessage());
    }
}
