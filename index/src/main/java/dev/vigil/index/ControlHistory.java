package dev.vigil.index;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.ControlStatus;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * The status of each control of one target over time, read back from the findings history: what
 * {@code vigil index history --target web01 --since 30d} prints.
 *
 * @param runs the runs that scanned the target in the window, oldest first
 * @param controls for each control ({@code AC-6(2)}), one point per run that assessed it, oldest
 *     first
 */
public record ControlHistory(
    String target, Instant since, List<Run> runs, SortedMap<String, List<Point>> controls) {
  public ControlHistory {
    requireNonNull(target, "target");
    requireNonNull(since, "since");
    runs = List.copyOf(runs);
    controls =
        java.util.Collections.unmodifiableSortedMap(
            new java.util.TreeMap<>(controls == null ? java.util.Map.of() : controls));
  }

  /** One run that scanned the target, at the time its findings were observed. */
  public record Run(String runId, Instant at) {}

  /**
   * One control in one run: the rollup of the findings mapped to it, and the counts behind it.
   *
   * @param failed failures that are not waived
   * @param other findings that are neither pass nor fail (error, unknown, notapplicable, ...)
   */
  public record Point(
      String runId,
      Instant at,
      ControlStatus status,
      long passed,
      long failed,
      long waived,
      long errors,
      long other) {}
}
