package dev.vigil.reports.period;

import dev.vigil.core.Assessment;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a period report reads the history of runs: the evidence archive ({@link ArchiveHistory})
 * or, later, the Elasticsearch index. The period report only depends on this seam, so the same
 * history gives the same report wherever it lives.
 *
 * <p>An implementation hands runs one at a time, oldest first by start time, so a report over
 * months of a large fleet keeps only one run in memory besides what it accumulates.
 */
public interface RunHistory {

  /** Receives one run; may throw to stop the walk. */
  @FunctionalInterface
  interface RunVisitor {
    void visit(Assessment run) throws IOException;
  }

  /**
   * Visits, oldest first, every run started in {@code [from, until]} (both inclusive) of {@code
   * profile} (any when empty), each reduced to the targets {@code targets} accepts and their
   * findings; runs left with no target are skipped.
   */
  void forEachRun(
      Instant from,
      Instant until,
      TargetFilter targets,
      Optional<String> profile,
      RunVisitor visitor)
      throws IOException;

  /** Where the history is read from, for the report's methodology section. */
  String describe();
}
