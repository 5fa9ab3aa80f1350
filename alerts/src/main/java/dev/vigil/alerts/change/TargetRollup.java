package dev.vigil.alerts.change;

import dev.vigil.core.ControlId;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Finding;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The rollup of each control over the findings of one target, by the rule of the controls module:
 * other-than-satisfied when a finding fails unwaived or could not be evaluated (error, unknown),
 * satisfied when every conclusive finding passes or is waived, not-assessed when none is
 * conclusive.
 */
final class TargetRollup {
  record Result(ControlStatus status, Severity severity, List<String> findings) {}

  private TargetRollup() {}

  static SortedMap<ControlId, Result> compute(List<Finding> findings) {
    Map<ControlId, List<Finding>> byControl = new TreeMap<>();
    for (Finding f : findings) {
      for (ControlId c : f.controls()) {
        byControl.computeIfAbsent(c, k -> new ArrayList<>()).add(f);
      }
    }
    SortedMap<ControlId, Result> out = new TreeMap<>();
    for (Map.Entry<ControlId, List<Finding>> e : byControl.entrySet()) {
      boolean conclusive = false;
      boolean bad = false;
      Severity worst = Severity.INFO;
      List<String> ids = new ArrayList<>(e.getValue().size());
      for (Finding f : e.getValue()) {
        ids.add(f.id());
        if (f.severity().compareTo(worst) > 0) {
          worst = f.severity();
        }
        Status s = f.status();
        if (s == Status.PASS) {
          conclusive = true;
        } else if (s == Status.FAIL || s == Status.ERROR || s == Status.UNKNOWN) {
          conclusive = true;
          bad |= !(s == Status.FAIL && f.waived());
        }
      }
      ControlStatus status =
          !conclusive
              ? ControlStatus.NOT_ASSESSED
              : bad ? ControlStatus.OTHER_THAN_SATISFIED : ControlStatus.SATISFIED;
      out.put(e.getKey(), new Result(status, worst, ids));
    }
    return out;
  }
}
