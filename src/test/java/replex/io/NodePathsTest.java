package replex.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import replex.core.ConfigurationException;

/** A job names only a relative subfolder of a node's own folder. */
class NodePathsTest {

    private static final Path ROOT = Path.of("/srv/replex/checkpoints");

    @Test
    void relativeSubfoldersResolveUnderTheRoot() {
        assertEquals(ROOT.resolve("runs/a"), NodePaths.subfolder(ROOT, "runs/a", "k"));
        assertEquals(ROOT.resolve("x.y-z_1"), NodePaths.subfolder(ROOT, "x.y-z_1", "k"));
    }

    @Test
    void absolutePathsClimbingAndOddCharactersAreRefused() {
        for (String bad : new String[] {"/etc", "/srv/replex/checkpoints/a", "..", "../x", "a/../../x", "a/..",
            "./a", "a//b", "a/", "", " ", "~/x", "a\\..\\b", "C:x", "a\u0000b", "a\nb", "x".repeat(256)}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> NodePaths.subfolder(ROOT, bad, "checkpoint-subdir"), bad);
            assertEquals("checkpoint-subdir", e.key());
            assertTrue(e.getMessage().contains("relative subfolder"), e.getMessage());
        }
        assertThrows(ConfigurationException.class, () -> NodePaths.subfolder(ROOT, null, "k"));
    }
}
