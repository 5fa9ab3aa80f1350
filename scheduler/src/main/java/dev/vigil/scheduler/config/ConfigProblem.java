package dev.vigil.scheduler.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One mistake in a configuration file, at a 1-based line and column.
 *
 * <p>{@link #toString()} is the line a user sees: {@code ERROR vigil.yaml:12:7: unknown key
 * 'schedul' (did you mean 'schedule'?)}.
 */
public record ConfigProblem(Path file, int line, int column, String message) {
  public ConfigProblem {
    requireNonNull(file, "file");
    requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return "ERROR " + file + ":" + line + ":" + column + ": " + message;
  }
}
