package dev.vigil.alerts.format;

import dev.vigil.core.Severity;

/** Numeric severities shared by both formats: OCSF {@code severity_id}, reused as ECS's. */
final class Severities {
  private Severities() {}

  static int id(Severity s) {
    return switch (s) {
      case INFO -> 1;
      case LOW -> 2;
      case MEDIUM -> 3;
      case HIGH -> 4;
      case CRITICAL -> 5;
    };
  }

  static String caption(Severity s) {
    return switch (s) {
      case INFO -> "Informational";
      case LOW -> "Low";
      case MEDIUM -> "Medium";
      case HIGH -> "High";
      case CRITICAL -> "Critical";
    };
  }
}
