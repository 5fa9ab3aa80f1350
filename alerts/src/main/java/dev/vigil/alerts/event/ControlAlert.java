package dev.vigil.alerts.event;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.ControlId;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Severity;
import java.util.List;
import java.util.Optional;

/**
 * A control whose rollup on one target changed between satisfied and other-than-satisfied.
 *
 * @param severity the highest severity among the target's findings mapped to the control
 * @param findings ids of the target's findings mapped to the control in this run
 */
public record ControlAlert(
    ControlId control,
    Optional<String> title,
    ControlStatus previous,
    ControlStatus current,
    Severity severity,
    List<String> findings) {

  public ControlAlert {
    requireNonNull(control, "control");
    requireNonNull(previous, "previous");
    requireNonNull(current, "current");
    requireNonNull(severity, "severity");
    title = title == null ? Optional.empty() : title;
    findings = List.copyOf(findings);
  }
}
