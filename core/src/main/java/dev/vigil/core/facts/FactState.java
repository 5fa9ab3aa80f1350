package dev.vigil.core.facts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a fact could be established. Rules that need a fact in any state but OK do not pass. */
public enum FactState {
  /** Collected and parsed; the value is meaningful. */
  OK,
  /**
   * The facility is absent on the target (no sshd installed): dependent rules are notapplicable.
   */
  ABSENT,
  /**
   * It should be there but could not be read or parsed: dependent rules are error, with the reason.
   */
  ERROR;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
