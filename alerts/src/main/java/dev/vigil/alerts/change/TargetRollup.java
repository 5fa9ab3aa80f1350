package dev.vigil.alerts.change;

import dev.vigil.core.ControlId;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Finding;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import java.util.ArrayList;
import java.util.HashMap;
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

  private static final class Acc {
    boolean conclusive;
    boolean bad;
    Severity worst = Severity.INFO;
    final List<String> ids = new ArrayList<>();
  }

  static SortedMap<ControlId, Result> compute(List<Finding> findings) {
    Map<ControlId, Acc> byControl = new HashMap<>();
    for (Finding f : findings) {
      Status s = f.status();
      boolean conclusive =
          s == Status.PASS || s == Status.FAIL || s == Status.ERROR || s == Status.UNKNOWN;
      boolean bad = conclusive && s != Status.PASS && !(s == Status.FAIL && f.waived());
      for (ControlId c : f.controls()) {
        Acc a = byControl.computeIfAbsent(c, k -> new Acc());
        a.ids.add(f.id());
        a.conclusive |= conclusive;
        a.bad |= bad;
        if (f.severity().compareTo(a.worst) > 0) {
          a.worst = f.severity();
        }
      }
    }
    SortedMap<ControlId, Result> out = new TreeMap<>();
    for (Map.Entry<ControlId, Acc> e : byControl.entrySet()) {
      Acc a = e.getValue();
      ControlStatus status =
          !a.conclusive
              ? ControlStatus.NOT_ASSESSED
              : a.bad ? ControlStatus.OTHER_THAN_SATISFIED : ControlStatus.SATISFIED;
      out.put(e.getKey(), new Result(status, a.worst, a.ids));
    }
    return out;
  }
}
