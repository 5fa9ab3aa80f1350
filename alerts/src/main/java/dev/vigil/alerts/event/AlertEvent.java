package dev.vigil.alerts.event;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Digests;
import java.time.Instant;
import java.util.Optional;

/**
 * One failed-control event, independent of its wire format ({@link
 * dev.vigil.alerts.format.AlertFormat}). Exactly one of {@code finding} and {@code control} is
 * present.
 *
 * @param key the idempotency key: deterministic from the subject, the run id and the action, so
 *     processing the same run twice yields the same keys and a receiver can drop the duplicate
 * @param time the end of the run that produced the event (not the wall clock, so that re-rendering
 *     an event yields the same bytes)
 * @param target the target name ({@code host.name})
 */
public record AlertEvent(
    String key,
    AlertAction action,
    String runId,
    String toolVersion,
    Instant time,
    String target,
    Optional<FindingAlert> finding,
    Optional<ControlAlert> control) {

  public AlertEvent {
    requireNonNull(key, "key");
    requireNonNull(action, "action");
    requireNonNull(runId, "runId");
    requireNonNull(toolVersion, "toolVersion");
    requireNonNull(time, "time");
    requireNonNull(target, "target");
    finding = finding == null ? Optional.empty() : finding;
    control = control == null ? Optional.empty() : control;
    if (finding.isPresent() == control.isPresent()) {
      throw new IllegalArgumentException(
          "an alert event is about exactly one finding or one control: " + action);
    }
    if ((action == AlertAction.CONTROL_CHANGED) != control.isPresent()) {
      throw new IllegalArgumentException(
          "control-changed events, and only they, are about a control: " + action);
    }
  }

  public static AlertEvent forFinding(
      AlertAction action,
      String runId,
      String toolVersion,
      Instant time,
      String target,
      FindingAlert finding) {
    return new AlertEvent(
        keyFor(finding.id(), runId, action),
        action,
        runId,
        toolVersion,
        time,
        target,
        Optional.of(finding),
        Optional.empty());
  }

  public static AlertEvent forControl(
      String runId, String toolVersion, Instant time, String target, ControlAlert control) {
    return new AlertEvent(
        keyFor(controlSubjectId(target, control), runId, AlertAction.CONTROL_CHANGED),
        AlertAction.CONTROL_CHANGED,
        runId,
        toolVersion,
        time,
        target,
        Optional.empty(),
        Optional.of(control));
  }

  /** The idempotency key: SHA-256 over subject id, run id and action, as 64 hex digits. */
  public static String keyFor(String subjectId, String runId, AlertAction action) {
    return Digests.sha256(subjectId + "\u0000" + runId + "\u0000" + action.wire());
  }

  /**
   * The id of what the event is about, stable across runs: the finding id, or for a control a
   * digest of target and control id (shaped like a finding id).
   */
  public String subjectId() {
    return finding.map(FindingAlert::id).orElseGet(() -> controlSubjectId(target, control.get()));
  }

  private static String controlSubjectId(String target, ControlAlert control) {
    return Digests.sha256("control\u0000" + target + "\u0000" + control.control()).substring(0, 32);
  }
}
