package replex;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layers of docs/design.md hold as dependencies between the compiled classes of src/main:
 * core ← targets, objectives ← io ← actors ← cluster ← api ← cli (the built-in targets and objectives
 * use core only), with plot on io. A dependency that runs backwards, or a cycle between packages, fails
 * the build naming the classes.
 */
class LayersTest {

    /** Each top-level package and the other top-level packages it may use. */
    static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("core", Set.of());
        MAY_USE.put("targets", Set.of("core"));
        MAY_USE.put("objectives", Set.of("core"));
        MAY_USE.put("io", Set.of("core", "targets", "objectives"));
        MAY_USE.put("plot", Set.of("core", "io"));
        MAY_USE.put("actors", Set.of("core", "io", "targets", "objectives"));
        MAY_USE.put("cluster", Set.of("core", "io", "targets", "objectives", "actors"));
        MAY_USE.put("api", Set.of("core", "io", "targets", "objectives", "actors", "cluster"));
        MAY_USE.put("cli", Set.of("core", "io", "targets", "objectives", "actors", "cluster", "api", "plot"));
    }

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("replex");
    }

    @Test
    void everyClassIsInAKnownLayer() {
        String[] known = MAY_USE.keySet().stream().map(p -> "replex." + p + "..").toArray(String[]::new);
        classes().should().resideInAnyPackage(known)
                .because("every package belongs to a layer of docs/design.md (add a new one to this test)")
                .check(main);
    }

    @Test
    void noLayerUsesALayerAboveIt() {
        for (Map.Entry<String, Set<String>> layer : MAY_USE.entrySet()) {
            List<String> forbidden = new ArrayList<>();
            for (String other : MAY_USE.keySet()) {
                if (!other.equals(layer.getKey()) && !layer.getValue().contains(other)) {
                    forbidden.add("replex." + other + "..");
                }
            }
            noClasses().that().resideInAPackage("replex." + layer.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because("replex." + layer.getKey() + " may use only " + layer.getValue())
                    .check(main);
        }
    }

    @Test
    void noCyclesBetweenLayers() {
        slices().matching("replex.(*)..").should().beFreeOfCycles().check(main);
    }
}
