package dev.vigil.alerts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package arrows of the module: event ← format ← sink ← {webhook, file}; event ← change; the
 * pipeline in the root package uses them all and nothing uses it.
 */
class PackageArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.vigil.alerts");

  @Test
  void subpackagesAreFreeOfCycles() {
    slices().matching("dev.vigil.alerts.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void nothingDependsOnThePipeline() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.vigil.alerts")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.vigil.alerts")
        .check(CLASSES);
  }

  @Test
  void eventsAndChangeDetectionDoNoNetworking() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.vigil.alerts.event..", "dev.vigil.alerts.change..", "dev.vigil.alerts.format..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("okhttp3..", "dev.vigil.alerts.webhook..", "dev.vigil.alerts.file..")
        .check(CLASSES);
  }
}
