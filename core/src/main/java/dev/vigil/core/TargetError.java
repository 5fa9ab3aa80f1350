package dev.vigil.core;

import static java.util.Objects.requireNonNull;

/** A target that could not be scanned at all (unreachable, refused), with the reason. */
public record TargetError(String target, String reason) {
  public TargetError {
    requireNonNull(target, "target");
    requireNonNull(reason, "reason");
  }
}
