package dev.vigil.core.facts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where the bytes behind a fact came from. */
public enum SourceKind {
  FILE,
  DIRECTORY,
  COMMAND,
  NETWORK;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
