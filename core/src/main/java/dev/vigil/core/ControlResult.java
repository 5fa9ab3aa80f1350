package dev.vigil.core;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The rollup of one control over the findings mapped to it.
 *
 * @param findings ids of the findings behind the status
 */
public record ControlResult(
    ControlId control, Optional<String> title, ControlStatus status, List<String> findings) {
  public ControlResult {
    requireNonNull(control, "control");
    requireNonNull(status, "status");
    title = title == null ? Optional.empty() : title;
    findings = List.copyOf(findings);
  }
}
