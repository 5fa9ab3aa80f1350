package dev.vigil.scheduler.daemon;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory job store forgets everything when the daemon stops, so a schedule missed during
 * downtime would go unnoticed. This file remembers, per trigger, its cron expression and time zone
 * and the last scheduled fire time; the daemon starts each trigger from there, so Quartz sees the
 * missed fire as a misfire and runs it once. The clustered (JDBC) store keeps this itself.
 *
 * <p>Thread-safe; written atomically (temp file and rename) by {@link #flush}.
 */
final class ScheduleState {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleState.class);

  private final Path file;
  private final Map<String, String> entries = new ConcurrentHashMap<>();
  private final AtomicBoolean dirty = new AtomicBoolean();

  ScheduleState(Path file) {
    this.file = file;
    if (Files.isRegularFile(file)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
        p.stringPropertyNames().forEach(k -> entries.put(k, p.getProperty(k)));
      } catch (IOException | IllegalArgumentException e) {
        LOG.warn("ignoring unreadable schedule state {}: {}", file, e.getMessage());
      }
    }
  }

  /** The last scheduled fire of a trigger, if it was recorded with this same schedule. */
  Optional<Instant> lastFire(String trigger, String schedule) {
    String v = entries.get(trigger);
    if (v == null) {
      return Optional.empty();
    }
    int bar = v.indexOf('|');
    if (bar < 0 || !v.substring(bar + 1).equals(schedule)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochMilli(Long.parseLong(v.substring(0, bar))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  void fired(String trigger, String schedule, Instant scheduled) {
    entries.put(trigger, scheduled.toEpochMilli() + "|" + schedule);
    dirty.set(true);
  }

  void retain(java.util.Set<String> triggers) {
    if (entries.keySet().retainAll(triggers)) {
      dirty.set(true);
    }
  }

  void flush() {
    if (!dirty.getAndSet(false)) {
      return;
    }
    Properties p = new Properties();
    p.putAll(entries);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "vigil schedule state: last scheduled fire per trigger");
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      dirty.set(true);
      LOG.warn("cannot write the schedule state {}: {}", file, e.getMessage());
    }
  }
}
