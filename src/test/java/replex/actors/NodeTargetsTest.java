package replex.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;

import replex.core.Target;
import replex.targets.ExternalTarget;
import replex.targets.ProtocolChild;

/**
 * A node's targets: one per job, shared by its replicas; releasing a job (its end, its cancellation,
 * its coordinator gone) ends the child processes of a {@code target.command}.
 */
class NodeTargetsTest {

    @TempDir
    Path dir;

    @Test
    void releasingAJobEndsItsChildren() throws Exception {
        String json = ConfigFactory.parseMap(Map.of("command", List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ProtocolChild.class.getName()),
                "stderr-log", dir.resolve("e.log").toString())).root().render(ConfigRenderOptions.concise());
        NodeTargets targets = new NodeTargets(null);
        Target target = targets.targetFor("job-1", json);
        assertSame(target, targets.targetFor("job-1", json));
        List<ProcessHandle> children = ((ExternalTarget) target).children();
        assertEquals(1, children.size());
        targets.release("job-1");
        for (ProcessHandle child : children) {
            child.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(child.isAlive());
        }
    }
}
