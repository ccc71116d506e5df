package replex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import replex.cli.BenchPlan.Setting;
import replex.core.ConfigurationException;

class BenchPlanTest {

    private static ConfigurationException rejected(String workers, String nodes, int repeats, String key) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> BenchPlan.parse(workers, nodes, repeats), workers + " / " + nodes + " / " + repeats);
        assertEquals(key, e.key(), e.getMessage());
        return e;
    }

    @Test
    void parsesListsInTheGivenOrder() {
        assertEquals(List.of(0, 1, 2, 4), BenchPlan.parseList("--workers", "0,1,2,4", 0, 64));
        assertEquals(List.of(4, 1), BenchPlan.parseList("--workers", " 4 , 1 ", 0, 64));
        assertEquals(List.of(3), BenchPlan.parseList("--nodes", "3", 1, 16));
    }

    @Test
    void rejectsMalformedListsNamingTheOption() {
        for (String bad : new String[] {"", " ", "1,,2", "1,2,", "a", "1;2", "1.5", "-1", "1,1", "99999"}) {
            ConfigurationException e = rejected(bad, "1", 1, "--workers");
            assertTrue(e.getMessage().contains("comma-separated list"), e.getMessage());
        }
        assertTrue(rejected("1,2,1", "1", 1, "--workers").getMessage().contains("1 is listed twice"));
        assertTrue(rejected("x,1", "1", 1, "--workers").getMessage().contains("'x'"));
        rejected("1", "0", 1, "--nodes");
        rejected("1", "1,17", 1, "--nodes");
        rejected("1", "one", 1, "--nodes");
    }

    @Test
    void settingsAreNodesOuterWorkersInnerAndTheFirstIsTheBaseline() {
        BenchPlan plan = BenchPlan.parse("0,1,2", "1,2", 3);
        assertEquals(List.of(new Setting(0, 1), new Setting(1, 1), new Setting(2, 1), new Setting(1, 2),
                new Setting(2, 2)), plan.settings(), "workers 0 runs with nodes 1 only");
        assertEquals(new Setting(0, 1), plan.baseline());
        assertEquals(15, plan.runs());
        assertEquals(new Setting(4, 1), BenchPlan.parse("4,1", "1", 1).baseline(), "the first listed, not the least");
        assertEquals(new Setting(2, 3), BenchPlan.parse("2", "3,1", 1).baseline());
    }

    @Test
    void workersZeroWithOnlyMoreThanOneNodeIsRejected() {
        String message = rejected("0", "1,2", 1, "--nodes").getMessage();
        assertTrue(message.contains("sequential engine") && message.contains("nodes 1 only"), message);
        rejected("0", "2", 1, "--nodes");
        String noOne = rejected("0,2", "2,3", 1, "--workers").getMessage();
        assertTrue(noOne.contains("needs nodes 1"), noOne);
    }

    @Test
    void repeatsMustBePositive() {
        rejected("0", "1", 0, "--repeats");
        rejected("0", "1", -2, "--repeats");
        assertEquals(2, BenchPlan.parse("0", "1", 2).repeats());
    }

    @Test
    void threadsCountTheSequentialEngineAsOne() {
        assertEquals(1, new Setting(0, 1).threads());
        assertEquals(1, new Setting(1, 1).threads());
        assertEquals(6, new Setting(2, 3).threads());
        assertEquals("w2-n3", new Setting(2, 3).id());
        assertEquals("sequential engine", new Setting(0, 1).engine());
        assertEquals("actor engine, 3 nodes x 2 worker threads", new Setting(2, 3).engine());
    }
}
