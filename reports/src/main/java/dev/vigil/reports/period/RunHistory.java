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
 *
 * <p>The Elasticsearch history (not built yet) plugs in here: an implementation outside this module
 * (vigil-index depends on core only, so in the scheduler or the index module once it may depend on
 * reports) lists the run ids of the window sorted by start time (a composite or terms aggregation
 * on the run id), then fetches each run's findings with {@code search_after} and hands it as an
 * {@link Assessment}; the same runs then give the same report, which {@link MemoryHistory} lets a
 * test check. Meeting the 3-million-finding target will need a coarser seam where the
 * cluster aggregates (per finding id: first failing and first passing time; per target: run dates)
 * instead of streaming every finding; that is future work.
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
