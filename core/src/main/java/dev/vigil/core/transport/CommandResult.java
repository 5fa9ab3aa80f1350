package dev.vigil.core.transport;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Digests;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.facts.SourceKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a read-only command printed on a target.
 *
 * @param truncated the output exceeded the bound and was cut
 * @param timedOut the command was killed at its time limit
 */
public record CommandResult(
    List<String> command,
    int exitCode,
    String stdout,
    String stderr,
    boolean truncated,
    boolean timedOut,
    Instant startedAt,
    Duration elapsed) {
  public CommandResult {
    command = List.copyOf(command);
    requireNonNull(stdout, "stdout");
    requireNonNull(stderr, "stderr");
    requireNonNull(startedAt, "startedAt");
    requireNonNull(elapsed, "elapsed");
  }

  public boolean succeeded() {
    return exitCode == 0 && !timedOut && !truncated;
  }

  public String commandLine() {
    return String.join(" ", command);
  }

  public Provenance provenance() {
    byte[] out = stdout.getBytes(StandardCharsets.UTF_8);
    return new Provenance(
        SourceKind.COMMAND, commandLine(), Optional.of(Digests.sha256(out)), out.length, startedAt);
  }
}
