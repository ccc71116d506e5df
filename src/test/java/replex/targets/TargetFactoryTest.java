package replex.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static replex.targets.TargetTestSupport.config;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import replex.core.ConfigurationException;
import replex.core.Target;
import replex.targets.user.BrokenTargets;
import replex.targets.user.ConfigConstructorTarget;
import replex.targets.user.NoArgConstructorTarget;

class TargetFactoryTest {

    private static final List<String> ALL_NAMES = List.of("gaussian", "gaussian-mixture", "rosenbrock",
            "kidiq-kidscore_momiq", "eight_schools-eight_schools_noncentered", "low_dim_gauss_mix-low_dim_gauss_mix",
            "hudson_lynx_hare-lotka_volterra", "cpu-burn", "sleep");

    /** A valid target block for every built-in target. */
    private static final Map<String, String> BLOCKS = Map.of(
            "gaussian", "means = [0, 1]",
            "gaussian-mixture", "weights = [1, 1], means = [[-3], [3]]",
            "rosenbrock", "",
            "kidiq-kidscore_momiq", "",
            "eight_schools-eight_schools_noncentered", "",
            "low_dim_gauss_mix-low_dim_gauss_mix", "",
            "hudson_lynx_hare-lotka_volterra", "",
            "cpu-burn", "cost-us = 1",
            "sleep", "latency-ms = 0.001");

    private static Target create(String hocon) {
        return TargetFactory.create(config(hocon), TargetFactoryTest.class.getClassLoader());
    }

    private static ConfigurationException rejected(String hocon, String key) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> create(hocon), hocon);
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
        return e;
    }

    private static String userClass(Class<?> type) {
        return "class = \"" + type.getName() + "\"";
    }

    @Test
    void builtInNamesInOrder() {
        assertEquals(ALL_NAMES, TargetFactory.builtInNames());
    }

    @Test
    void createsEveryBuiltInTargetWithValidInitialStates() {
        for (String name : TargetFactory.builtInNames()) {
            Target target = create("name = \"" + name + "\"\n" + BLOCKS.get(name));
            assertEquals(name, target.toString().replaceAll("\\(.*", ""));
            TargetTestSupport.assertInitialStatesInSupport(target);
        }
    }

    @Test
    void builtInSettingsErrorsNameTheirKey() {
        rejected("name = gaussian", "job.target.means");
        rejected("name = rosenbrock, dimension = 0", "job.target.dimension");
    }

    @Test
    void needsExactlyOneOfNameAndClass() {
        String neither = rejected("means = [1]", "job.target").getMessage();
        assertTrue(neither.contains("name") && neither.contains("class"), neither);
        assertTrue(neither.contains("gaussian-mixture"), neither);
        String both = rejected("name = gaussian, " + userClass(NoArgConstructorTarget.class), "job.target")
                .getMessage();
        assertTrue(both.contains("more than one of 'name', 'class' and 'command'"), both);
        assertTrue(neither.contains("none of 'name', 'class' and 'command'") && neither.contains("command = ["),
                neither);
    }

    @Test
    void unknownNameListsTheAllowedNames() {
        String message = rejected("name = gausian", "job.target.name").getMessage();
        assertTrue(message.contains("gausian"), message);
        for (String name : ALL_NAMES) {
            assertTrue(message.contains(name), message);
        }
        rejected("name = [1, 2]", "job.target.name");
        rejected("name = \"\"", "job.target.name");
    }

    @Test
    void loadsAUserClassThroughItsConfigConstructor() {
        Target target = create(userClass(ConfigConstructorTarget.class) + ", center = 2.5");
        ConfigConstructorTarget user = assertInstanceOf(ConfigConstructorTarget.class, target);
        assertEquals(2.5, user.center());
        assertEquals(List.of("position"), target.parameterNames());
    }

    @Test
    void loadsAUserClassThroughItsNoArgConstructor() {
        Target target = create(userClass(NoArgConstructorTarget.class));
        assertInstanceOf(NoArgConstructorTarget.class, target);
        assertEquals(List.of("x[1]", "x[2]"), target.parameterNames());
    }

    @Test
    void nullClassLoaderMeansTheContextLoader() {
        Target target = TargetFactory.create(config(userClass(NoArgConstructorTarget.class)), null);
        assertInstanceOf(NoArgConstructorTarget.class, target);
    }

    @Test
    void missingClassSuggestsClasspath() {
        String message = rejected("class = com.example.Missing", "job.target.class").getMessage();
        assertTrue(message.contains("com.example.Missing"), message);
        assertTrue(message.contains("not found on the classpath"), message);
        assertTrue(message.contains("--classpath"), message);
    }

    @Test
    void classMustImplementTarget() {
        String message = rejected(userClass(BrokenTargets.NotATarget.class), "job.target.class").getMessage();
        assertTrue(message.contains("does not implement replex.core.Target"), message);
        rejected(userClass(BrokenTargets.Base.class), "job.target.class");
    }

    /** Probe 1 of issue 13: naming a non-Target class must not run its static initialiser. */
    @Test
    void nonTargetClassIsRejectedWithoutRunningItsStaticInitialiser() {
        String message = rejected(userClass(BrokenTargets.NotATargetWithInitialiser.class), "job.target.class")
                .getMessage();
        assertTrue(message.contains("does not implement replex.core.Target"), message);
        assertFalse(BrokenTargets.NOT_A_TARGET_INITIALISED.get(), "the class's static initialiser ran");
        rejected(userClass(BrokenTargets.AbstractWithInitialiser.class), "job.target.class");
        assertFalse(BrokenTargets.ABSTRACT_INITIALISED.get(), "the abstract class's static initialiser ran");
    }

    @Test
    void staticInitialiserOfATargetThatThrowsIsReported() {
        String message = rejected(userClass(BrokenTargets.ThrowingInitialiser.class), "job.target.class")
                .getMessage();
        assertTrue(message.contains("static initialisation") && message.contains("initialiser failed"), message);
    }

    @Test
    void classNeedsAUsableConstructor() {
        String message = rejected(userClass(BrokenTargets.NoUsableConstructor.class), "job.target.class")
                .getMessage();
        assertTrue(message.contains("public constructor"), message);
        assertTrue(message.contains("no-argument"), message);
    }

    @Test
    void throwingConstructorReportsTheCause() {
        ConfigurationException e = rejected(userClass(BrokenTargets.ThrowingConstructor.class), "job.target.class");
        assertTrue(e.getMessage().contains("cannot open model file /nowhere"), e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void validatesWhatTheClassReturns() {
        assertTrue(rejected(userClass(BrokenTargets.ZeroDimension.class), "job.target.class").getMessage()
                .contains("dimension() must be >= 1"));
        assertTrue(rejected(userClass(BrokenTargets.WrongNameCount.class), "job.target.class").getMessage()
                .contains("exactly 2 names"));
        assertTrue(rejected(userClass(BrokenTargets.DuplicateNames.class), "job.target.class").getMessage()
                .contains("'a' twice"));
        assertTrue(rejected(userClass(BrokenTargets.EmptyName.class), "job.target.class").getMessage()
                .contains("empty"));
    }

    @Test
    void negativeDimensionSaysWhatIsAllowedAndNamesTheClass() {
        String message = rejected(userClass(BrokenTargets.NegativeDimension.class), "job.target.class").getMessage();
        assertTrue(message.contains("dimension() must be >= 1, got -2"), message);
        assertTrue(message.contains(BrokenTargets.NegativeDimension.class.getName()), message);
        assertTrue(!message.contains("Capacity"), message);
    }

    @Test
    void namesThatBreakCsvOrTerminalsAreRefusedNamingTheClass() {
        Map<Class<?>, String> cases = Map.of(
                BrokenTargets.CommaName.class, "a comma",
                BrokenTargets.QuoteName.class, "a double quote",
                BrokenTargets.NewlineName.class, "a line break",
                BrokenTargets.EscapeName.class, "the control character U+001B");
        cases.forEach((type, what) -> {
            String message = rejected(userClass(type), "job.target.class").getMessage();
            assertTrue(message.contains(type.getName()) && message.contains("element 0 holds " + what), message);
        });
    }
}
