package dev.vigil.index.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The on-disk spool: a directory of segment files, each the documents of one run (or one batch of
 * alerts) as NDJSON, named so that their lexical order is the order they were written. A segment is
 * written whole to a temporary file, forced to disk and renamed, so a segment that exists is
 * complete. A segment is deleted only once every document in it was acknowledged by Elasticsearch;
 * documents Elasticsearch refused for good go to {@code rejected/}, never nowhere.
 *
 * <p>Writers and replayers in this and other processes are serialised by {@link #lock()}.
 */
public final class Spool {
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
  private static final String SUFFIX = ".ndjson";

  private final Path dir;

  public Spool(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path directory() {
    return dir;
  }

  public Path rejectedDirectory() {
    return dir.resolve("rejected");
  }

  /** Holds the spool for this process and others until closed. */
  public interface Lock extends AutoCloseable {
    @Override
    void close();
  }

  public Lock lock() throws IOException {
    Files.createDirectories(dir);
    ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    jvm.lock();
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock = channel.lock();
      FileChannel ch = channel;
      return () -> {
        try {
          fileLock.release();
          ch.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          jvm.unlock();
        }
      };
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      jvm.unlock();
      throw e;
    }
  }

  /** Writes the lines of one segment. */
  public interface SegmentContent {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes a new segment after every existing one; the caller holds the lock. Returns its path. */
  public Path write(String kind, SegmentContent content) throws IOException {
    Files.createDirectories(dir);
    long next = Math.max(System.currentTimeMillis() * 1000, lastSequence() + 1);
    String name = String.format("%020d-%s", next, kind);
    Path tmp = dir.resolve(name + ".tmp");
    Path done = dir.resolve(name + SUFFIX);
    try (FileChannel ch =
            FileChannel.open(
                tmp,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream os =
            new java.io.BufferedOutputStream(
                java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
      content.writeTo(os);
      os.flush();
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    try {
      Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, done);
    }
    return done;
  }

  private long lastSequence() throws IOException {
    long max = 0;
    for (Path p : segments()) {
      max = Math.max(max, sequence(p));
    }
    return max;
  }

  static long sequence(Path segment) {
    String n = segment.getFileName().toString();
    int dash = n.indexOf('-');
    try {
      return Long.parseLong(dash < 0 ? n : n.substring(0, dash));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The complete segments, oldest first. */
  public List<Path> segments() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
          .filter(Files::isRegularFile)
          .forEach(out::add);
    }
    out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return out;
  }

  /** Total bytes of the complete segments. */
  public long bytes() throws IOException {
    long total = 0;
    for (Path p : segments()) {
      total += Files.size(p);
    }
    return total;
  }

  /** Number of documents Elasticsearch refused for good, kept under {@code rejected/}. */
  public long rejectedDocuments() throws IOException {
    Path r = rejectedDirectory();
    if (!Files.isDirectory(r)) {
      return 0;
    }
    long n = 0;
    try (Stream<Path> s = Files.list(r)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        try (Stream<String> lines = Files.lines(p, StandardCharsets.UTF_8)) {
          n += lines.count();
        }
      }
    }
    return n;
  }

  /**
   * Appends documents Elasticsearch refused for good (a mapping conflict) to the rejected file of
   * their segment, with the reason, so an operator can inspect and re-send them.
   */
  public void reject(Path segment, List<String> lines) throws IOException {
    if (lines.isEmpty()) {
      return;
    }
    Files.createDirectories(rejectedDirectory());
    Path target = rejectedDirectory().resolve(segment.getFileName());
    try (Writer w =
        Files.newBufferedWriter(
            target,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE)) {
      for (String line : lines) {
        w.write(line);
        w.write('\n');
      }
    }
  }

  public void delete(Path segment) throws IOException {
    Files.deleteIfExists(segment);
  }
}
