package dev.vigil.controls;

import dev.vigil.core.ControlId;
import dev.vigil.core.ControlResult;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rolls findings up per control. A control is satisfied when every conclusive finding mapped to it
 * passes or is a waived failure; other-than-satisfied when one fails unwaived or could not be
 * evaluated (error, unknown: "we could not tell" is never "satisfied"); not-assessed when no
 * finding mapped to it was conclusive (all notapplicable, notchecked or informational).
 */
public final class Rollup {
  private Rollup() {}

  public static List<ControlResult> compute(List<Finding> findings, ControlCatalog catalog) {
    Map<ControlId, List<Finding>> byControl = new TreeMap<>();
    for (Finding f : findings) {
      for (ControlId c : f.controls()) {
        byControl.computeIfAbsent(c, k -> new ArrayList<>()).add(f);
      }
    }
    List<ControlResult> out = new ArrayList<>();
    for (Map.Entry<ControlId, List<Finding>> e : byControl.entrySet()) {
      boolean conclusive = false;
      boolean bad = false;
      for (Finding f : e.getValue()) {
        switch (f.status()) {
          case PASS -> conclusive = true;
          case FAIL, ERROR, UNKNOWN -> {
            conclusive = true;
            if (!(f.status() == Status.FAIL && f.waived())) {
              bad = true;
            }
          }
          default -> {}
        }
      }
      ControlStatus status =
          !conclusive
              ? ControlStatus.NOT_ASSESSED
              : bad ? ControlStatus.OTHER_THAN_SATISFIED : ControlStatus.SATISFIED;
      out.add(
          new ControlResult(
              e.getKey(),
              catalog.find(e.getKey()).map(ControlInfo::title),
              status,
              e.getValue().stream().map(Finding::id).toList()));
    }
    return out;
  }
}
