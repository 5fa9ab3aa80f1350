package dev.vigil.collectors;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a collector may know besides its transport: the clock (fixed in tests), its bounds, and
 * settings from the configuration ({@code certificates.paths}).
 *
 * @param maxFileBytes the default bound for one file read
 * @param commandTimeout the default time limit of one command
 * @param deadline when the collector must stop walking and report that the bound was hit
 */
public record CollectionContext(
    Clock clock,
    long maxFileBytes,
    Duration commandTimeout,
    Duration collectorTimeout,
    Map<String, String> settings) {
  public static final long DEFAULT_MAX_FILE_BYTES = 4L * 1024 * 1024;

  public CollectionContext {
    requireNonNull(clock, "clock");
    requireNonNull(commandTimeout, "commandTimeout");
    requireNonNull(collectorTimeout, "collectorTimeout");
    settings = Map.copyOf(settings == null ? Map.of() : settings);
    if (maxFileBytes <= 0) {
      throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
    }
  }

  public static CollectionContext defaults(Clock clock) {
    return new CollectionContext(
        clock, DEFAULT_MAX_FILE_BYTES, Duration.ofSeconds(10), Duration.ofSeconds(60), Map.of());
  }

  public Instant now() {
    return clock.instant();
  }

  public Optional<String> setting(String key) {
    return Optional.ofNullable(settings.get(key));
  }
}
