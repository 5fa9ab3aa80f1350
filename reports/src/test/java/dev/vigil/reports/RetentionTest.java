package dev.vigil.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.Assessment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
  @TempDir Path tmp;
  EvidenceArchive archive;
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @BeforeEach
  void fiveDailyRuns() throws IOException {
    archive = new EvidenceArchive(tmp.resolve("out"), ControlCatalog.builtIn(), Optional.empty());
    for (int day = 5; day >= 1; day--) {
      Instant start = NOW.minus(Duration.ofDays(day));
      Assessment a = Fixtures.small("run-2026112" + (5 - day));
      a =
          new Assessment(
              a.runId(),
              a.toolVersion(),
              start,
              start.plusSeconds(2),
              a.targets(),
              a.profile(),
              a.parameters(),
              a.findings(),
              a.controls(),
              a.targetErrors());
      archive.write(a, List.of(), Set.of(Format.HTML));
    }
  }

  private List<String> ids() throws IOException {
    return archive.runs().stream().map(RunSummary::runId).toList();
  }

  @Test
  void keepRunsKeepsTheNewestN() throws IOException {
    assertEquals(
        List.of("run-20261120", "run-20261121", "run-20261122"),
        archive.prune(RetentionPolicy.keepRuns(2), NOW));
    assertEquals(List.of("run-20261123", "run-20261124"), ids());
    assertTrue(Files.exists(tmp.resolve("out/index.html")));
  }

  @Test
  void keepDaysDeletesRunsThatStartedBeforeTheCutoff() throws IOException {
    archive.prune(RetentionPolicy.keepDays(3), NOW);
    assertEquals(List.of("run-20261122", "run-20261123", "run-20261124"), ids());
  }

  @Test
  void theNewestRunIsKeptEvenWhenItIsTooOld() throws IOException {
    archive.prune(RetentionPolicy.keepDays(1), NOW.plus(Duration.ofDays(30)));
    assertEquals(List.of("run-20261124"), ids());
  }

  @Test
  void bothLimitsApply() throws IOException {
    archive.prune(RetentionPolicy.keepRuns(4).andKeepDays(2), NOW);
    assertEquals(List.of("run-20261123", "run-20261124"), ids());
  }

  @Test
  void nonsensicalLimitsAreRejectedWithTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.keepRuns(0));
    assertTrue(e.getMessage().endsWith(": 0"), e.getMessage());
  }
}
