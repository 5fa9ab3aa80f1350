package dev.vigil.rules;

import static java.util.Objects.requireNonNull;

/** One problem found while loading a rule pack, profile or waivers file, with its position. */
public record Problem(String file, int line, int column, String message) {
  public Problem {
    requireNonNull(file, "file");
    requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
