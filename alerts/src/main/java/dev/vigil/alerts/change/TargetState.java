package dev.vigil.alerts.change;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Assessment;
import dev.vigil.core.Change;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The change detector's memory of one target after a run: one memo per finding id and the last
 * conclusive rollup (satisfied or other-than-satisfied) of each control on the target.
 *
 * @param version the file format version, {@value #VERSION}
 * @param controls control id (as printed, {@code AC-6(2)}) to its last conclusive status
 */
public record TargetState(
    int version,
    String target,
    String runId,
    Instant updatedAt,
    Map<String, FindingMemo> findings,
    Map<String, ControlStatus> controls) {

  public static final int VERSION = 1;

  public TargetState {
    requireNonNull(target, "target");
    requireNonNull(runId, "runId");
    requireNonNull(updatedAt, "updatedAt");
    if (version != VERSION) {
      throw new IllegalArgumentException("alert state version must be " + VERSION + ": " + version);
    }
    // HashMap-backed, not Map.copyOf: with 10^5 entries its lookups are several times faster.
    findings = FrozenMap.copyOf(findings == null ? Map.of() : findings);
    controls = FrozenMap.copyOf(controls == null ? Map.of() : controls);
  }

  /**
   * The state of {@code target} as far as a single earlier run tells it (the evidence archive's
   * latest run, when no state directory is kept). A finding counts as resolved before when that run
   * marked it resolved or regressed; older history, and a failure hidden behind an error in that
   * run, are not known, so such a regression is reported as a new failure.
   */
  public static Optional<TargetState> fromAssessment(Assessment previous, String target) {
    return Optional.ofNullable(fromAssessment(previous).get(target));
  }

  /** {@link #fromAssessment(Assessment, String)} for every target of the run at once. */
  public static Map<String, TargetState> fromAssessment(Assessment previous) {
    Map<String, List<Finding>> byTarget = new HashMap<>();
    for (Finding f : previous.findings()) {
      byTarget.computeIfAbsent(f.target(), t -> new ArrayList<>()).add(f);
    }
    Map<String, TargetState> out = new HashMap<>();
    byTarget.forEach((target, mine) -> out.put(target, of(previous, target, mine)));
    return out;
  }

  private static TargetState of(Assessment previous, String target, List<Finding> mine) {
    Map<String, FindingMemo> memos = new HashMap<>();
    for (Finding f : mine) {
      boolean resolvedBefore =
          f.change().map(c -> c == Change.RESOLVED || c == Change.REGRESSED).orElse(false);
      memos.put(
          f.id(),
          new FindingMemo(
              f.rule(),
              f.title(),
              f.resource(),
              f.severity(),
              f.controls(),
              MemoState.of(f).orElse(MemoState.UNKNOWN),
              resolvedBefore,
              previous.finishedAt()));
    }
    Map<String, ControlStatus> controls = new HashMap<>();
    TargetRollup.compute(mine)
        .forEach(
            (id, r) -> {
              if (r.status() != ControlStatus.NOT_ASSESSED) {
                controls.put(id.toString(), r.status());
              }
            });
    return new TargetState(
        VERSION, target, previous.runId(), previous.finishedAt(), memos, controls);
  }
}
