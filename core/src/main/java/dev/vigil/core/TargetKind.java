package dev.vigil.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a target is reached. */
public enum TargetKind {
  LOCAL,
  ROOT,
  SSH,
  TLS;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
