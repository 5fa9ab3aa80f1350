package dev.vigil.scheduler.scan;

import dev.vigil.alerts.AlertOutcome;
import dev.vigil.core.Assessment;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.index.IndexResult;
import dev.vigil.reports.RunDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one run: the assessment, the snapshots behind it, where the evidence was written,
 * how long each stage took, and what the alert and index sinks did (when configured).
 */
public record ScanResult(
    Assessment assessment,
    List<Snapshot> snapshots,
    RunDirectory run,
    Map<String, Duration> timings,
    Optional<AlertOutcome> alerts,
    Optional<IndexResult> index) {
  public ScanResult {
    snapshots = List.copyOf(snapshots);
    timings = Map.copyOf(timings);
  }
}
