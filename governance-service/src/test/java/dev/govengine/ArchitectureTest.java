package dev.govengine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service's packages in the order of the data flow (docs/ARCHITECTURE.md, "Layers"): each may depend only on the
 * packages before it. The governance track (chain, sync, governance, api) and the reward track (contributions,
 * scoring, allocation, tree, store, submission) share the bottom; the reward track reads governance, never the other
 * way round; the commands sit on top of everything.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.govengine.";
    private static final String GENERATED = "contracts.generated";

    static final List<String> ORDER = List.of(
            "types",
            "json",
            "config",
            "persistence",
            "chain",
            GENERATED,
            "deployment",
            "sync",
            "governance",
            "governance.index",
            "live",
            "rewards.epoch",
            "rewards.policy",
            "contributions",
            "rewards.scoring",
            "rewards.allocation",
            "rewards.tree",
            "rewards.computation",
            "rewards.inputs",
            "rewards.store",
            "rewards.distributor",
            "submission",
            "rewards.lifecycle",
            "rewards.verify",
            "webhooks",
            "api.cache",
            "api",
            "devnet",
            "cli");

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("dev.govengine");
    }

    @Test
    void everyPackageHasAPlaceInTheOrder() {
        Set<String> unplaced = new TreeSet<>();
        for (JavaClass type : classes) {
            String name = type.getPackageName().substring(ROOT.length());
            if (!ORDER.contains(name)) {
                unplaced.add(name);
            }
        }
        assertEquals(Set.of(), unplaced, "packages missing from ArchitectureTest.ORDER: place each in the data flow");
    }

    @Test
    void packagesDependOnlyOnPackagesBelowThem() {
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < ORDER.size(); i++) {
            String[] above = ORDER.subList(i + 1, ORDER.size()).stream().map(name -> ROOT + name).toArray(String[]::new);
            if (above.length == 0) {
                continue;
            }
            EvaluationResult result = noClasses().that().resideInAPackage(ROOT + ORDER.get(i))
                    .should().dependOnClassesThat().resideInAnyPackage(above)
                    .because(ORDER.get(i) + " sits below them")
                    // The generated wrappers come from the contracts module's jar, which is not imported.
                    .allowEmptyShould(ORDER.get(i).equals(GENERATED))
                    .evaluate(classes);
            violations.addAll(result.getFailureReport().getDetails());
        }
        assertEquals(List.of(), violations, "dependencies that point up the layers");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.govengine.(**)").should().beFreeOfCycles().check(classes);
    }
}
