package dev.vigil.scheduler.scan;

import dev.vigil.core.Assessment;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.reports.RunDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one run: the assessment, the snapshots behind it, where the evidence was written,
 * and how long each stage took (for the methodology appendix and the benchmark).
 */
public record ScanResult(
    Assessment assessment,
    List<Snapshot> snapshots,
    RunDirectory run,
    Map<String, Duration> timings) {
  public ScanResult {
    snapshots = List.copyOf(snapshots);
    timings = Map.copyOf(timings);
  }
}
