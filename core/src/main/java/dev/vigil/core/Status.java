package dev.vigil.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The result of one rule on one resource, in XCCDF's vocabulary. Waived is a flag on the finding,
 * not a status: a waived failure stays {@link #FAIL}.
 */
public enum Status {
  PASS,
  FAIL,
  ERROR,
  UNKNOWN,
  NOTAPPLICABLE,
  NOTCHECKED,
  INFORMATIONAL;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Status parse(String text) {
    for (Status s : values()) {
      if (s.wire().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "status must be one of "
            + Arrays.stream(values()).map(Status::wire).collect(Collectors.joining("|"))
            + ": "
            + text);
  }
}
