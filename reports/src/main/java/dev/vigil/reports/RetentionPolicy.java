package dev.vigil.reports;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How many runs the evidence archive keeps ({@code --keep-runs N}) and for how long ({@code
 * --keep-days D}); either, both or neither. The newest run is always kept: it is the baseline of
 * the next run's change detection.
 */
public record RetentionPolicy(OptionalInt keepRuns, Optional<Duration> keepFor) {
  public RetentionPolicy {
    keepRuns = keepRuns == null ? OptionalInt.empty() : keepRuns;
    keepFor = keepFor == null ? Optional.empty() : keepFor;
    if (keepRuns.isPresent() && keepRuns.getAsInt() < 1) {
      throw new IllegalArgumentException("keep-runs must be at least 1: " + keepRuns.getAsInt());
    }
    if (keepFor.isPresent() && (keepFor.get().isNegative() || keepFor.get().isZero())) {
      throw new IllegalArgumentException("keep-days must be at least 1: " + keepFor.get().toDays());
    }
  }

  public static RetentionPolicy keepAll() {
    return new RetentionPolicy(OptionalInt.empty(), Optional.empty());
  }

  public static RetentionPolicy keepRuns(int n) {
    return new RetentionPolicy(OptionalInt.of(n), Optional.empty());
  }

  public static RetentionPolicy keepDays(int days) {
    return new RetentionPolicy(OptionalInt.empty(), Optional.of(Duration.ofDays(days)));
  }

  public RetentionPolicy andKeepDays(int days) {
    return new RetentionPolicy(keepRuns, Optional.of(Duration.ofDays(days)));
  }
}
