package dev.vigil.alerts.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why an event was emitted; the wire value is ECS {@code event.action}. */
public enum AlertAction {
  /** A finding became an open (unwaived) failure for the first time. */
  NEW("new", "New failure"),
  /** A finding that had been resolved before is an open failure again. */
  REGRESSED("regressed", "Regression"),
  /** An open failure passes now, or its resource is no longer reported. */
  RESOLVED("resolved", "Resolved"),
  /** A waived failure is an open failure again because its waiver expired. */
  WAIVER_EXPIRED("waiver-expired", "Waiver expired"),
  /** A control's rollup on a target moved between satisfied and other-than-satisfied. */
  CONTROL_CHANGED("control-changed", "Control changed");

  private final String wire;
  private final String caption;

  AlertAction(String wire, String caption) {
    this.wire = wire;
    this.caption = caption;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  /** For humans: {@code New failure}. */
  public String caption() {
    return caption;
  }

  /** True for the actions that open an alert (the finding fails now). */
  public boolean opens() {
    return this == NEW || this == REGRESSED || this == WAIVER_EXPIRED;
  }
}
