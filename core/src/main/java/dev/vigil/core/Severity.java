package dev.vigil.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How bad a failure of a rule is, in rising order. */
public enum Severity {
  INFO,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code low|medium|high|critical|info}, any case; names the accepted values on error. */
  @JsonCreator
  public static Severity parse(String text) {
    for (Severity s : values()) {
      if (s.wire().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "severity must be one of "
            + Arrays.stream(values()).map(Severity::wire).collect(Collectors.joining("|"))
            + ": "
            + text);
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }
}
