package dev.vigil.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A rule identifier: lower-case letters, digits, dots, dashes and underscores, starting with a
 * letter ({@code sshd.permit-root-login}).
 */
public record RuleId(String value) implements Comparable<RuleId> {
  public RuleId {
    if (value == null || !value.matches("[a-z][a-z0-9._-]{0,127}")) {
      throw new IllegalArgumentException(
          "rule id must be lower-case letters, digits, '.', '-' or '_', starting with a letter: "
              + value);
    }
  }

  @JsonCreator
  public static RuleId of(String value) {
    return new RuleId(value);
  }

  @JsonValue
  @Override
  public String toString() {
    return value;
  }

  @Override
  public int compareTo(RuleId other) {
    return value.compareTo(other.value);
  }
}
