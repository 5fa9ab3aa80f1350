package dev.vigil.core.facts;

import static java.util.Objects.requireNonNull;

/** A collector that failed as a whole on a target; its facts are missing and say so. */
public record CollectorError(String collector, String message) {
  public CollectorError {
    requireNonNull(collector, "collector");
    requireNonNull(message, "message");
  }
}
