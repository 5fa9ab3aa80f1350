package dev.vigil.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.Assessment;
import dev.vigil.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceArchiveTest {
  @TempDir Path tmp;

  private EvidenceArchive archive() {
    return new EvidenceArchive(
        tmp.resolve("vigil-out"),
        ControlCatalog.builtIn(),
        Optional.of(ManifestSigner.inHome(tmp.resolve("home"))));
  }

  @Test
  void writeProducesEveryFileOfTheLayoutAndAManifestCoveringThem() throws IOException {
    Assessment a = Fixtures.small("20261125T143518Z-3f9a");
    RunDirectory run = archive().write(a, Fixtures.snapshots(a), EnumSet.allOf(Format.class));

    assertEquals(tmp.resolve("vigil-out/20261125T143518Z-3f9a"), run.dir());
    for (String name :
        List.of(
            "report.html",
            "findings.json",
            "snapshot.json",
            "summary.json",
            "findings.csv",
            "junit.xml",
            "assessment-results.json",
            "manifest.json",
            "manifest.sig")) {
      assertTrue(Files.isRegularFile(run.dir().resolve(name)), name);
      assertTrue(run.files().contains(run.dir().resolve(name)), name);
    }
    assertEquals(Optional.of(run.dir().resolve("report.html")), run.report());
    Manifest m = Manifest.read(run.dir().resolve("manifest.json"));
    assertEquals(
        List.of(
            "assessment-results.json",
            "findings.csv",
            "findings.json",
            "junit.xml",
            "report.html",
            "snapshot.json",
            "summary.json"),
        m.files().stream().map(Manifest.Entry::path).toList());
    assertTrue(Files.isRegularFile(tmp.resolve("vigil-out/index.html")));
    assertFalse(Files.exists(tmp.resolve("vigil-out/.20261125T143518Z-3f9a.partial")));
  }

  @Test
  void findingsJsonIsTheFullAssessmentAndLatestReadsItBack() throws IOException {
    EvidenceArchive archive = archive();
    assertEquals(Optional.empty(), archive.latest());
    Assessment first = Fixtures.small("20261125T100000Z-aaaa");
    Assessment second = Fixtures.small("20261125T110000Z-bbbb");
    archive.write(second, Fixtures.snapshots(second), Set.of(Format.HTML));
    archive.write(first, Fixtures.snapshots(first), Set.of(Format.HTML));

    assertEquals(Optional.of(second), archive.latest());
    Assessment fromFile =
        Json.mapper()
            .readValue(
                tmp.resolve("vigil-out/20261125T100000Z-aaaa/findings.json").toFile(),
                Assessment.class);
    assertEquals(first, fromFile);
    assertEquals(
        List.of("20261125T100000Z-aaaa", "20261125T110000Z-bbbb"),
        archive.runs().stream().map(RunSummary::runId).toList());
  }

  @Test
  void onlyTheChosenFormatsAreWrittenBesideTheAlwaysWrittenFiles() throws IOException {
    Assessment a = Fixtures.small("r1");
    RunDirectory run = archive().write(a, Fixtures.snapshots(a), Set.of(Format.CSV));
    assertTrue(Files.exists(run.dir().resolve("findings.csv")));
    assertTrue(Files.exists(run.dir().resolve("findings.json")));
    assertTrue(Files.exists(run.dir().resolve("snapshot.json")));
    assertFalse(Files.exists(run.dir().resolve("report.html")));
    assertFalse(Files.exists(run.dir().resolve("junit.xml")));
    assertEquals(Optional.empty(), run.report());
  }

  @Test
  void aRunThatExistsIsNotOverwritten() throws IOException {
    Assessment a = Fixtures.small("r1");
    EvidenceArchive archive = archive();
    archive.write(a, Fixtures.snapshots(a), Set.of(Format.HTML));
    IOException e =
        assertThrows(IOException.class, () -> archive.write(a, List.of(), Set.of(Format.HTML)));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
  }

  @Test
  void aRunIdThatIsNotASafeFolderNameIsRejected() {
    Assessment a = Fixtures.small("../escape");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> archive().write(a, List.of(), Set.of(Format.HTML)));
    assertTrue(e.getMessage().contains("../escape"), e.getMessage());
  }
}
