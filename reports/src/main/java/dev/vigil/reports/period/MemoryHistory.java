package dev.vigil.reports.period;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Assessment;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A history held in memory, with the same selection rules as {@link ArchiveHistory}: for tests, and
 * as the reference another history (Elasticsearch) must match on the same runs.
 */
public final class MemoryHistory implements RunHistory {
  private final List<Assessment> runs;
  private final String description;

  public MemoryHistory(List<Assessment> runs, String description) {
    List<Assessment> sorted = new ArrayList<>(requireNonNull(runs, "runs"));
    sorted.sort(Comparator.comparing(Assessment::startedAt));
    this.runs = List.copyOf(sorted);
    this.description = requireNonNull(description, "description");
  }

  @Override
  public void forEachRun(
      Instant from,
      Instant until,
      TargetFilter targets,
      Optional<String> profile,
      RunVisitor visitor)
      throws IOException {
    for (Assessment a : runs) {
      if (a.startedAt().isBefore(from) || a.startedAt().isAfter(until)) {
        continue;
      }
      if (profile.isPresent() && !profile.get().equals(a.profile())) {
        continue;
      }
      Optional<Assessment> kept = ArchiveHistory.restrict(a, targets);
      if (kept.isPresent()) {
        visitor.visit(kept.get());
      }
    }
  }

  @Override
  public String describe() {
    return description;
  }
}
