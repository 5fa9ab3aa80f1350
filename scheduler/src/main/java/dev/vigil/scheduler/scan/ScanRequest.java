package dev.vigil.scheduler.scan;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Target;
import dev.vigil.reports.Format;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one run needs.
 *
 * @param out the evidence archive root ({@code vigil-out})
 * @param profile a built-in profile name or a profile file
 * @param rulePaths extra rule packs (files or directories) on top of the built-in ones
 * @param collectorSettings settings passed to collectors ({@code certificates.paths})
 */
public record ScanRequest(
    List<Target> targets,
    Path out,
    Set<Format> formats,
    String profile,
    List<Path> rulePaths,
    Optional<Path> waivers,
    Map<String, String> collectorSettings,
    Duration targetTimeout,
    Clock clock) {
  public ScanRequest {
    targets = List.copyOf(targets);
    requireNonNull(out, "out");
    formats = Set.copyOf(formats);
    requireNonNull(profile, "profile");
    rulePaths = List.copyOf(rulePaths);
    waivers = waivers == null ? Optional.empty() : waivers;
    collectorSettings = Map.copyOf(collectorSettings == null ? Map.of() : collectorSettings);
    requireNonNull(targetTimeout, "targetTimeout");
    requireNonNull(clock, "clock");
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a scan needs at least one target");
    }
  }
}
