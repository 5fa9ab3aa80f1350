package dev.vigil.alerts.change;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import dev.vigil.alerts.internal.Durable;
import dev.vigil.core.Digests;
import dev.vigil.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change detector's memory on disk: one small JSON file per target in a directory, replaced
 * atomically (written to a temporary file, fsynced, renamed over the old one, directory fsynced),
 * so a crash leaves either the old or the new state, never a torn one.
 *
 * <p>Different targets may be loaded and saved concurrently; one target must not be saved by two
 * processes at once (the scheduler runs each target on one node at a time).
 */
public final class StateStore {
  private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

  private final Path directory;

  /** Creates the directory if needed. */
  public StateStore(Path directory) throws IOException {
    this.directory = requireNonNull(directory, "directory");
    Files.createDirectories(directory);
  }

  public Path directory() {
    return directory;
  }

  /** The file of a target: a readable prefix of its name plus a digest, so names never collide. */
  public Path fileOf(String target) {
    String readable = target.replaceAll("[^A-Za-z0-9._-]", "_");
    if (readable.length() > 64) {
      readable = readable.substring(0, 64);
    }
    return directory.resolve(readable + "-" + Digests.sha256(target).substring(0, 12) + ".json");
  }

  /**
   * The remembered state of {@code target}, empty when there is none. A file that cannot be parsed
   * is moved aside ({@code .corrupt-<time>}) with a warning and counts as none: its failures are
   * then reported as new again, which is better than never alerting again.
   */
  public Optional<TargetState> load(String target) throws IOException {
    Path file = fileOf(target);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      TargetState state = Json.mapper().readValue(file.toFile(), TargetState.class);
      if (!state.target().equals(target)) {
        throw new IllegalArgumentException(
            "state file belongs to target '" + state.target() + "', not '" + target + "'");
      }
      return Optional.of(state);
    } catch (JacksonException | IllegalArgumentException e) {
      Path aside =
          file.resolveSibling(file.getFileName() + ".corrupt-" + Instant.now().toEpochMilli());
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      LOG.warn(
          "alert state {} is unreadable ({}); moved to {}, its failures will alert as new",
          file,
          e.getMessage().lines().findFirst().orElse(""),
          aside.getFileName());
      return Optional.empty();
    }
  }

  /** Replaces the state of {@code state.target()} atomically and durably. */
  public void save(TargetState state) throws IOException {
    Path file = fileOf(state.target());
    Path tmp = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
        Json.mapper().writeValue(out, state);
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Durable.moveAtomically(tmp, file);
      Durable.fsyncDirectory(directory);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
