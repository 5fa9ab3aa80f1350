package dev.vigil.scheduler.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run journal of one node: {@code <archive>/.vigil/journal-<node>.jsonl}, one {@link RunRecord}
 * per line, written through at once (a node killed mid-scan leaves its {@code started} line
 * behind). A journal that cannot be written is logged, never fatal to a scan.
 */
public final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Path file;
  private final FileChannel channel;

  Journal(Path file) throws IOException {
    this.file = file;
    Files.createDirectories(file.getParent());
    channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  public Path file() {
    return file;
  }

  synchronized void append(RunRecord record) {
    try {
      byte[] line =
          (JSON.writeValueAsString(record) + "\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
    } catch (IOException e) {
      LOG.warn("cannot write the run journal {}: {}", file, e.getMessage());
    }
  }

  /** Every record of every node's journal under {@code archive}. */
  public static List<RunRecord> readAll(Path archive) throws IOException {
    Path dir = archive.resolve(".vigil");
    List<RunRecord> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (var files = Files.list(dir)) {
      for (Path p :
          files.filter(f -> f.getFileName().toString().startsWith("journal-")).sorted().toList()) {
        for (String line : Files.readAllLines(p)) {
          if (!line.isBlank()) {
            try {
              out.add(JSON.readValue(line, RunRecord.class));
            } catch (IOException e) {
              // a node killed while writing leaves a torn last line
              LOG.debug("skipping torn journal line in {}", p);
            }
          }
        }
      }
    }
    return out;
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
