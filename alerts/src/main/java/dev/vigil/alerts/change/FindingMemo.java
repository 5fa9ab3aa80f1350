package dev.vigil.alerts.change;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.ControlId;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Severity;
import java.time.Instant;
import java.util.List;

/**
 * What the change detector remembers about one (target, rule, resource). Rule, title, resource,
 * severity and controls are kept so that a failure whose resource disappears can still be reported
 * as resolved.
 *
 * @param resolvedBefore true once the finding went from failing to passing, so that a later failure
 *     is a regression, not a new failure
 * @param lastSeen the end of the last run that reported the finding
 */
public record FindingMemo(
    RuleId rule,
    String title,
    ResourceRef resource,
    Severity severity,
    List<ControlId> controls,
    MemoState state,
    boolean resolvedBefore,
    Instant lastSeen) {

  public FindingMemo {
    requireNonNull(rule, "rule");
    requireNonNull(title, "title");
    requireNonNull(resource, "resource");
    requireNonNull(severity, "severity");
    requireNonNull(state, "state");
    requireNonNull(lastSeen, "lastSeen");
    controls = List.copyOf(controls == null ? List.of() : controls);
  }

  FindingMemo with(MemoState newState, boolean newResolvedBefore) {
    return new FindingMemo(
        rule, title, resource, severity, controls, newState, newResolvedBefore, lastSeen);
  }
}
