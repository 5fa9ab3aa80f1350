package dev.vigil.alerts.event;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Change;
import dev.vigil.core.ControlId;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import dev.vigil.core.WaiverRef;
import java.util.List;
import java.util.Optional;

/**
 * The finding an event is about.
 *
 * @param id the finding id, stable per (target, rule, resource)
 * @param status the status in this run; empty when the resource is no longer reported (a failure
 *     resolved because the account, file or certificate is gone)
 */
public record FindingAlert(
    String id,
    RuleId rule,
    String title,
    ResourceRef resource,
    Severity severity,
    List<ControlId> controls,
    Optional<Status> status,
    Change change,
    Optional<String> observed,
    Optional<String> expected,
    Optional<String> remediation,
    Optional<WaiverRef> waiver) {

  public FindingAlert {
    requireNonNull(id, "id");
    requireNonNull(rule, "rule");
    requireNonNull(title, "title");
    requireNonNull(resource, "resource");
    requireNonNull(severity, "severity");
    requireNonNull(change, "change");
    controls = List.copyOf(controls);
    status = status == null ? Optional.empty() : status;
    observed = observed == null ? Optional.empty() : observed;
    expected = expected == null ? Optional.empty() : expected;
    remediation = remediation == null ? Optional.empty() : remediation;
    waiver = waiver == null ? Optional.empty() : waiver;
  }

  public static FindingAlert of(Finding f, Change change) {
    return new FindingAlert(
        f.id(),
        f.rule(),
        f.title(),
        f.resource(),
        f.severity(),
        f.controls(),
        Optional.of(f.status()),
        change,
        f.observed(),
        f.expected(),
        f.remediation(),
        f.waiver());
  }

  /** True when the resource was not reported in this run. */
  public boolean absent() {
    return status.isEmpty();
  }
}
