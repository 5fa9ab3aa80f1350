package dev.vigil.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controls.oscal.IndexGenerator;
import dev.vigil.controls.oscal.OscalCatalog;
import dev.vigil.core.ControlId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ControlCatalogTest {
  /**
   * The official OSCAL files: {@code VIGIL_OSCAL_DIR}, else {@code ../shared/data/oscal} next to
   * the repository. They are not part of the repository, so the tests that read them are skipped
   * (with the reason) when the files are not there; the committed index is tested either way.
   */
  static Optional<Path> oscalDir() {
    String explicit = System.getenv("VIGIL_OSCAL_DIR");
    String root = System.getenv("VIGIL_REPO_ROOT");
    Path base = root == null ? Path.of("..").toAbsolutePath() : Path.of(root);
    Path dir =
        explicit != null ? Path.of(explicit) : base.resolve("../shared/data/oscal").normalize();
    if (Files.isRegularFile(dir.resolve(IndexGenerator.CATALOG))) {
      return Optional.of(dir);
    }
    Assumptions.abort("the official OSCAL files are not at " + dir);
    return Optional.empty();
  }

  @Test
  void builtInIndexKnowsControlsTitlesFamiliesAndBaselines() {
    ControlCatalog c = ControlCatalog.builtIn();
    ControlInfo ac62 = c.find(ControlId.parse("AC-6(2)")).orElseThrow();
    assertEquals("Non-privileged Access for Nonsecurity Functions", ac62.title());
    assertEquals("Access Control", ac62.familyTitle());
    assertEquals(java.util.Set.of("moderate", "high"), ac62.baselines());
    assertEquals(149, c.baseline("low").size());
    assertEquals(287, c.baseline("moderate").size());
    assertEquals(370, c.baseline("high").size());
    assertTrue(c.contains(ControlId.parse("CM-6")));
    assertFalse(c.contains(ControlId.parse("AC-2(10)")), "withdrawn controls are not in the index");
    assertEquals(20, c.families().size());
  }

  @Test
  void listFiltersByBaselineAndFamily() {
    ControlCatalog c = ControlCatalog.builtIn();
    var acLow = c.list(Optional.of("low"), Optional.of("ac"));
    assertTrue(
        acLow.stream().allMatch(i -> i.family().equals("AC") && i.baselines().contains("low")));
    assertTrue(acLow.stream().anyMatch(i -> i.id().equals(ControlId.parse("AC-2"))));
  }

  @Test
  void committedIndexMatchesTheOfficialOscalFiles() throws IOException {
    Path dir = oscalDir().orElseThrow();
    String expected = IndexGenerator.generate(dir);
    String committed;
    try (InputStream in =
        ControlCatalog.class.getResourceAsStream("/dev/vigil/controls/index.tsv")) {
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(expected, committed, "regenerate index.tsv with IndexGenerator");
  }

  @Test
  void officialCatalogGivesStatementTextAndBaselines() throws IOException {
    Path dir = oscalDir().orElseThrow();
    ControlCatalog full = ControlCatalog.fromOscalDirectory(dir);
    String statement = full.statement(ControlId.parse("AC-6(2)")).orElseThrow();
    assertTrue(statement.contains("nonsecurity functions"), statement);
    assertEquals(ControlCatalog.builtIn().baseline("moderate"), full.baseline("moderate"));
    String ac2 = full.statement(ControlId.parse("AC-2")).orElseThrow();
    assertTrue(ac2.contains("[Assignment:"), ac2);
  }

  @Test
  void resolvedBaselineCatalogHasNoWithdrawnControls() throws IOException {
    Path dir = oscalDir().orElseThrow();
    OscalCatalog low = OscalCatalog.load(dir.resolve(IndexGenerator.BASELINES.get("low")));
    assertEquals(149, low.controls().size());
    assertTrue(low.controls().stream().noneMatch(OscalCatalog.Control::withdrawn));
    assertTrue(low.version().startsWith("5.1.1"));
  }

  @Test
  void nonCatalogFileIsRejectedWithItsName(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws IOException {
    Path f = tmp.resolve("x.json");
    Files.writeString(f, "{\"profile\": {}}");
    IOException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class, () -> OscalCatalog.load(f));
    assertTrue(e.getMessage().contains("x.json"));
  }
}
