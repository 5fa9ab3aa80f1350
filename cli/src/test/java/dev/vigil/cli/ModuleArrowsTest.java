package dev.vigil.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module arrows of DESIGN.md, held by the build: arrows point one way. */
class ModuleArrowsTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.vigil");
  }

  private static void dependsOnlyOn(String module, String... allowed) {
    String[] forbidden =
        java.util.stream.Stream.of(
                "core",
                "controls",
                "collectors",
                "rules",
                "reports",
                "index",
                "alerts",
                "scheduler",
                "cli")
            .filter(m -> !m.equals(module))
            .filter(m -> !java.util.Arrays.asList(allowed).contains(m))
            .map(m -> "dev.vigil." + m + "..")
            .toArray(String[]::new);
    noClasses()
        .that()
        .resideInAPackage("dev.vigil." + module + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .because("DESIGN.md: " + module + " depends on " + String.join(", ", allowed))
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void coreDependsOnNothingOfOurs() {
    dependsOnlyOn("core");
  }

  @Test
  void controlsDependOnlyOnCore() {
    dependsOnlyOn("controls", "core");
  }

  @Test
  void collectorsDependOnlyOnCore() {
    dependsOnlyOn("collectors", "core");
  }

  @Test
  void rulesNeverImportATransportOrCollector() {
    dependsOnlyOn("rules", "core", "controls");
  }

  @Test
  void reportsNeverImportCollectors() {
    dependsOnlyOn("reports", "core", "controls");
  }

  @Test
  void indexDependsOnlyOnCore() {
    dependsOnlyOn("index", "core");
  }

  @Test
  void alertsDependOnlyOnCore() {
    dependsOnlyOn("alerts", "core");
  }

  @Test
  void schedulerDependsOnEverythingButCli() {
    dependsOnlyOn(
        "scheduler", "core", "controls", "collectors", "rules", "reports", "index", "alerts");
  }
}
