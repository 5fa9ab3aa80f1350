package dev.vigil.reports.period;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.Assessment;
import dev.vigil.core.ControlId;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.TargetError;
import dev.vigil.reports.EvidenceArchive;
import dev.vigil.reports.Format;
import dev.vigil.reports.Manifest;
import dev.vigil.reports.ManifestSigner;
import dev.vigil.reports.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveHistoryTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T06:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  private static Assessment run(
      String id, Instant t, List<String> hosts, List<String> unreachable, Status status) {
    List<Target> targets = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (String h : hosts) {
      targets.add(Target.local(h));
      if (!unreachable.contains(h)) {
        findings.add(
            Finding.builder(RuleId.of("audit.enabled"), h, ResourceRef.host())
                .title("Auditing is enabled")
                .status(status)
                .controls(List.of(ControlId.parse("AU-2")))
                .build());
      }
    }
    return new Assessment(
        id,
        "test",
        t,
        t.plusSeconds(10),
        targets,
        "p",
        new TreeMap<>(),
        findings,
        List.of(),
        unreachable.stream().map(h -> new TargetError(h, "connection refused")).toList());
  }

  @Test
  void runsOutsideTheWindowAreNotOpened() throws IOException {
    Path root = tmp.resolve("vigil-out");
    EvidenceArchive a = new EvidenceArchive(root, tmp.resolve("home"));
    a.write(
        run(
            "20261010T020000Z-0001",
            Instant.parse("2026-10-10T02:00:00Z"),
            List.of("a"),
            List.of(),
            Status.PASS),
        List.of(),
        EnumSet.of(Format.JSON));
    // A damaged run long before the window: never opened, so the report still builds.
    Path old = Files.createDirectories(root.resolve("20260101T020000Z-0000"));
    Files.writeString(old.resolve(EvidenceArchive.FINDINGS), "{ not json");
    Files.write(old.resolve(Manifest.FILE), Manifest.of("20260101T020000Z-0000", old).toBytes());
    PeriodQuery q = PeriodQuery.parse("2026-10-01", Optional.of("2026-10-31"), CLOCK);
    PeriodReport r =
        PeriodReport.build(new ArchiveHistory(root), q, ControlCatalog.builtIn(), "t", CLOCK);
    assertEquals(1, r.methodology().runsRead());
    // The same damage inside the window is reported, naming the file.
    Path bad = Files.createDirectories(root.resolve("20261015T020000Z-0000"));
    Files.writeString(bad.resolve(EvidenceArchive.FINDINGS), "{ not json");
    Files.write(bad.resolve(Manifest.FILE), Manifest.of("20261015T020000Z-0000", bad).toBytes());
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                PeriodReport.build(
                    new ArchiveHistory(root), q, ControlCatalog.builtIn(), "t", CLOCK));
    assertTrue(e.getMessage().contains("20261015T020000Z-0000"), e.getMessage());
  }

  @Test
  void unreachableTargetIsNoEvidenceAndDoesNotResolveItsFailures() throws IOException {
    Path root = tmp.resolve("vigil-out");
    EvidenceArchive a = new EvidenceArchive(root, tmp.resolve("home"));
    Instant t0 = Instant.parse("2026-10-01T02:00:00Z");
    for (int d = 0; d < 10; d++) {
      Instant t = t0.plusSeconds(86_400L * d);
      List<String> down = d >= 3 ? List.of("b") : List.of();
      a.write(
          run(
              String.format("202610%02dT020000Z-%04d", d + 1, d),
              t,
              List.of("a", "b"),
              down,
              Status.FAIL),
          List.of(),
          EnumSet.of(Format.JSON));
    }
    PeriodQuery q = PeriodQuery.parse("2026-10-01", Optional.of("2026-10-10"), CLOCK);
    PeriodReport r =
        PeriodReport.build(new ArchiveHistory(root), q, ControlCatalog.builtIn(), "t", CLOCK);
    // b was last reached on 3 October: an ongoing gap, and its failure is still open.
    assertEquals(List.of("b"), r.gaps().stream().map(PeriodReport.Gap::target).toList());
    assertTrue(r.gaps().get(0).ongoing());
    assertEquals(2, r.stillOpen().size());
  }

  @Test
  void facadeWritesAVerifiableFolderAndAHeadline() throws IOException {
    Path root = tmp.resolve("vigil-out");
    EvidenceArchive a = new EvidenceArchive(root, tmp.resolve("home"));
    a.write(
        run(
            "20261010T020000Z-0001",
            Instant.parse("2026-10-10T02:00:00Z"),
            List.of("a"),
            List.of(),
            Status.FAIL),
        List.of(),
        EnumSet.of(Format.JSON));
    PeriodQuery q = PeriodQuery.parse("30d", Optional.of("2026-10-31"), CLOCK);
    PeriodReports.Written w =
        PeriodReports.fromArchive(
            root,
            q,
            tmp.resolve("out"),
            Format.parseList("all"),
            Optional.of(ManifestSigner.inHome(tmp.resolve("home"))),
            "t",
            CLOCK);
    assertTrue(Verifier.selfContained().verify(w.dir()).ok());
    assertTrue(w.headline().contains("1 failures open (1 opened, 0 resolved)"), w.headline());
  }
}
