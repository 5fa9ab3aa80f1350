package dev.vigil.alerts.file;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.format.AlertFormat;
import dev.vigil.alerts.internal.Durable;
import dev.vigil.alerts.sink.AlertSink;
import dev.vigil.alerts.sink.SinkResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends each event as one line of JSON to a file (JSON Lines, for Filebeat, Vector or {@code tail
 * -f | jq}). Each publish writes its events in one append under an exclusive file lock, then
 * fsyncs: when {@link #publish} returns, the lines are on disk; concurrent writers, in this process
 * or another, never interleave within a batch. Thread-safe.
 */
public final class JsonLinesSink implements AlertSink {
  private final Path file;
  private final AlertFormat format;
  private final String name;

  public JsonLinesSink(Path file, AlertFormat format) {
    this.file = requireNonNull(file, "file").toAbsolutePath();
    this.format = requireNonNull(format, "format");
    this.name = "file";
  }

  @Override
  public String name() {
    return name;
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized SinkResult publish(List<AlertEvent> events) throws IOException {
    if (events.isEmpty()) {
      return SinkResult.delivered(name, 0);
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream(events.size() * 1024);
    for (AlertEvent e : events) {
      buf.write(format.bytes(e));
      buf.write('\n');
    }
    Path dir = file.getParent();
    boolean created = false;
    if (dir != null) {
      Files.createDirectories(dir);
    }
    if (!Files.exists(file)) {
      created = true;
    }
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock = ch.lock();
      try {
        // Every writer holds the lock, so the end found here stays the end while we write. A
        // write cut short earlier (disk full, kill) may have left a partial line: end it first
        // so the new lines stay parseable.
        long size = ch.size();
        ch.position(size);
        if (size > 0) {
          ByteBuffer last = ByteBuffer.allocate(1);
          ch.read(last, size - 1);
          if (last.get(0) != '\n') {
            ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
          }
        }
        ByteBuffer bb = ByteBuffer.wrap(buf.toByteArray());
        while (bb.hasRemaining()) {
          ch.write(bb);
        }
        ch.force(true);
      } finally {
        lock.release();
      }
    }
    if (created && dir != null) {
      Durable.fsyncDirectory(dir);
    }
    return SinkResult.delivered(name, events.size());
  }
}
