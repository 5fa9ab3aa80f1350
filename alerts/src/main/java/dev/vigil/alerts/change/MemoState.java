package dev.vigil.alerts.change;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import java.util.Locale;
import java.util.Optional;

/** The last conclusive state of a finding, as remembered between runs. */
public enum MemoState {
  /** Failing and not waived: an alert is open. */
  OPEN,
  /** Failing under an unexpired waiver. */
  WAIVED,
  PASS,
  /** Never conclusive so far (only error, unknown, notapplicable, ... seen). */
  UNKNOWN;

  /**
   * The conclusive state of a finding, or empty when its status says nothing about pass or fail
   * (error, unknown, notapplicable, notchecked, informational): the previous state then carries
   * forward, so fail, error, fail does not alert twice.
   */
  public static Optional<MemoState> of(Finding f) {
    if (f.status() == Status.FAIL) {
      return Optional.of(f.waived() ? WAIVED : OPEN);
    }
    return f.status() == Status.PASS ? Optional.of(PASS) : Optional.empty();
  }

  public boolean failing() {
    return this == OPEN || this == WAIVED;
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static MemoState parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
