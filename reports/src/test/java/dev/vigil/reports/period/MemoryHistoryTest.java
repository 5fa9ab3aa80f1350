package dev.vigil.reports.period;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.Assessment;
import dev.vigil.core.ControlId;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.json.Json;
import dev.vigil.reports.EvidenceArchive;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryHistoryTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T06:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  private static Finding finding(String host, String rule, Status s) {
    return Finding.builder(RuleId.of(rule), host, ResourceRef.host())
        .title(rule)
        .status(s)
        .controls(List.of(ControlId.parse("CM-6")))
        .build();
  }

  private static Assessment run(String id, Instant t, String profile, List<Finding> fs) {
    return new Assessment(
        id,
        "t",
        t,
        t.plusSeconds(5),
        List.of(Target.local("a")),
        profile,
        new TreeMap<>(),
        fs,
        List.of(),
        List.of());
  }

  @Test
  void runsOfAnotherProfileDoNotResolveAFailure() throws IOException {
    List<Assessment> runs = new ArrayList<>();
    Instant t0 = Instant.parse("2026-10-01T02:00:00Z");
    for (int d = 0; d < 10; d++) {
      Instant t = t0.plusSeconds(86_400L * d);
      runs.add(run("cis-" + d, t, "cis", List.of(finding("a", "cis.x", Status.FAIL))));
      runs.add(
          run(
              "nist-" + d,
              t.plusSeconds(600),
              "nist",
              List.of(finding("a", "nist.y", Status.PASS))));
    }
    PeriodQuery q = PeriodQuery.parse("2026-10-01", Optional.of("2026-10-31"), CLOCK);
    PeriodReport r =
        PeriodReport.build(
            new MemoryHistory(runs, "memory"), q, ControlCatalog.builtIn(), "t", CLOCK);
    assertEquals(1, r.failures().size(), r.failures().toString());
    assertTrue(r.failures().get(0).resolvedAt().isEmpty());
    assertEquals(t0, r.failures().get(0).openedAt());
  }

  @Test
  void archiveAndMemoryHistoriesGiveTheSameReport() throws IOException {
    Path archive = tmp.resolve("vigil-out");
    PeriodFixture.write(archive, tmp.resolve("home"));
    List<Assessment> all = new ArrayList<>();
    for (Path d : new EvidenceArchive(archive, tmp.resolve("home")).runDirs()) {
      all.add(
          Json.mapper().readValue(d.resolve(EvidenceArchive.FINDINGS).toFile(), Assessment.class));
    }
    PeriodQuery q =
        PeriodQuery.parse("2026-10-01", Optional.of("2026-10-31"), CLOCK)
            .withTargets(TargetFilter.group("prod"));
    ObjectNode fromArchive =
        Json.mapper()
            .valueToTree(
                PeriodReport.build(
                    new ArchiveHistory(archive), q, ControlCatalog.builtIn(), "t", CLOCK));
    ObjectNode fromMemory =
        Json.mapper()
            .valueToTree(
                PeriodReport.build(
                    new MemoryHistory(all, "memory"), q, ControlCatalog.builtIn(), "t", CLOCK));
    fromArchive.remove("source");
    fromMemory.remove("source");
    assertEquals(fromArchive, fromMemory);
  }
}
