package dev.vigil.core;

import com.fasterxml.jackson.annotation.JsonValue;

/** The rollup of the findings mapped to one control, in OSCAL's words. */
public enum ControlStatus {
  /** Every finding mapped to the control passes or is waived. */
  SATISFIED("satisfied"),
  /**
   * At least one finding mapped to the control fails (and is not waived) or could not be checked.
   */
  OTHER_THAN_SATISFIED("other-than-satisfied"),
  /** No automated rule produced a conclusive finding for the control. */
  NOT_ASSESSED("not-assessed");

  private final String wire;

  ControlStatus(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }
}
