package dev.vigil.core;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a finding compares with the previous run of the same target, rule and resource. */
public enum Change {
  /** Failing now, never seen before (or passing/absent last time for the first time). */
  NEW_FAILURE("new"),
  /** Failing last time, passing now. */
  RESOLVED("resolved"),
  /** Failing now after having been resolved before. */
  REGRESSED("regressed"),
  STILL_FAILING("still-failing"),
  UNCHANGED("unchanged");

  private final String wire;

  Change(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }
}
