package dev.vigil.alerts.webhook.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import dev.vigil.alerts.internal.Durable;
import dev.vigil.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent first-in first-out queue of events in a directory, so that events survive a restart
 * and are delivered at least once, in the order they were appended.
 *
 * <p>Layout: each {@link #append} writes one segment {@code segment-<seq>.jsonl} (one entry per
 * line) to a temporary file, fsyncs it and renames it into place, then fsyncs the directory: once
 * {@code append} returns, the entries are durable. Delivery acknowledgements are appended to {@code
 * segment-<seq>.acked} (one key per line) without fsync: after a crash at most the last
 * acknowledgements are lost, and those entries are delivered again (at least once; the receiver
 * drops them by idempotency key). A segment whose entries are all acknowledged is deleted. Entries
 * refused for good go to {@code dead-letter.jsonl}. A lock file keeps a second process (or a second
 * outbox in this one) out of the directory.
 *
 * <p>Thread-safe; {@link #peek}, {@link #ack} and {@link #reject} are meant for one delivering
 * thread at a time, {@link #append} for any.
 */
public final class Outbox implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{20})\\.jsonl");
  private static final Pattern ACKS = Pattern.compile("segment-(\\d{20})\\.acked");
  static final String DEAD_LETTER = "dead-letter.jsonl";

  /** One queued event: its idempotency key, target, action and the exact body to send. */
  public record Entry(String key, String target, String action, String body) {
    public Entry {
      requireNonNull(key, "key");
      requireNonNull(target, "target");
      requireNonNull(action, "action");
      requireNonNull(body, "body");
    }
  }

  /** A refused entry with the receiver's reason, as written to the dead-letter file. */
  public record DeadLetter(String key, String target, String action, String reason, String body) {}

  private static final class Segment {
    final long seq;
    final Path file;
    final Path acks;
    final int size;
    int acked;
    List<Entry> entries;

    Segment(long seq, Path file, Path acks, int size, int acked) {
      this.seq = seq;
      this.file = file;
      this.acks = acks;
      this.size = size;
      this.acked = acked;
    }
  }

  private final Path directory;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Deque<Segment> segments = new ArrayDeque<>();
  private long nextSeq;
  private int pending;
  private FileChannel headAcks;
  private boolean closed;

  private Outbox(Path directory, FileChannel lockChannel, FileLock lock) {
    this.directory = directory;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (creating if needed) the outbox in {@code directory} and takes its lock.
   *
   * @throws IllegalStateException when another process or another open outbox holds the directory
   */
  public static Outbox open(Path directory) throws IOException {
    Files.createDirectories(directory);
    FileChannel ch =
        FileChannel.open(
            directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      throw new IllegalStateException("alert outbox " + directory + " is in use by another sink");
    }
    Outbox box = new Outbox(directory, ch, lock);
    try {
      box.recover();
    } catch (IOException | RuntimeException e) {
      box.close();
      throw e;
    }
    return box;
  }

  private void recover() throws IOException {
    TreeMap<Long, Path> found = new TreeMap<>();
    List<Path> ackFiles = new ArrayList<>();
    long maxSeq = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        Matcher seg = SEGMENT.matcher(name);
        Matcher ack = ACKS.matcher(name);
        if (name.endsWith(".tmp")) {
          // An append that crashed before its rename: never acknowledged to the caller.
          Files.deleteIfExists(p);
        } else if (seg.matches()) {
          found.put(Long.parseLong(seg.group(1)), p);
          maxSeq = Math.max(maxSeq, Long.parseLong(seg.group(1)));
        } else if (ack.matches()) {
          ackFiles.add(p);
        }
      }
    }
    for (Path a : ackFiles) {
      Matcher m = ACKS.matcher(a.getFileName().toString());
      if (m.matches() && !found.containsKey(Long.parseLong(m.group(1)))) {
        Files.deleteIfExists(a);
      }
    }
    for (var e : found.entrySet()) {
      Path acks = acksOf(e.getValue());
      int size = countLines(Files.readAllBytes(e.getValue()));
      int acked = Files.exists(acks) ? countLines(Files.readAllBytes(acks)) : 0;
      if (acked >= size) {
        Files.deleteIfExists(e.getValue());
        Files.deleteIfExists(acks);
        continue;
      }
      segments.add(new Segment(e.getKey(), e.getValue(), acks, size, acked));
      pending += size - acked;
    }
    nextSeq = maxSeq + 1;
    if (pending > 0) {
      LOG.info("alert outbox {}: {} event(s) pending from before", directory, pending);
    }
  }

  public Path directory() {
    return directory;
  }

  /** Appends the entries as one durable segment; returns once they are on disk. */
  public synchronized void append(List<Entry> entries) throws IOException {
    ensureOpen();
    if (entries.isEmpty()) {
      return;
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream(entries.size() * 1024);
    for (Entry e : entries) {
      buf.write(Json.mapper().writeValueAsBytes(e));
      buf.write('\n');
    }
    long seq = nextSeq++;
    Path file = directory.resolve(String.format("segment-%020d.jsonl", seq));
    Path tmp = directory.resolve(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer bb = ByteBuffer.wrap(buf.toByteArray());
      while (bb.hasRemaining()) {
        ch.write(bb);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    Durable.fsyncDirectory(directory);
    Segment s = new Segment(seq, file, acksOf(file), entries.size(), 0);
    s.entries = List.copyOf(entries);
    segments.add(s);
    pending += entries.size();
  }

  /** The oldest entry not yet acknowledged. */
  public synchronized Optional<Entry> peek() throws IOException {
    ensureOpen();
    while (true) {
      Segment head = segments.peekFirst();
      if (head == null) {
        return Optional.empty();
      }
      if (head.entries == null) {
        try {
          head.entries = readEntries(head.file);
        } catch (IOException e) {
          quarantine(head, e);
          continue;
        }
      }
      return Optional.of(head.entries.get(head.acked));
    }
  }

  /** Marks the entry returned by {@link #peek} as delivered. */
  public synchronized void ack() throws IOException {
    ensureOpen();
    Segment head = segments.peekFirst();
    if (head == null || head.entries == null) {
      throw new IllegalStateException("ack without a peeked entry");
    }
    Entry e = head.entries.get(head.acked);
    if (headAcks == null) {
      headAcks =
          FileChannel.open(
              head.acks,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND);
    }
    ByteBuffer bb = ByteBuffer.wrap((e.key() + "\n").getBytes(StandardCharsets.UTF_8));
    while (bb.hasRemaining()) {
      headAcks.write(bb);
    }
    head.acked++;
    pending--;
    if (head.acked >= head.size) {
      headAcks.close();
      headAcks = null;
      segments.removeFirst();
      Files.deleteIfExists(head.file);
      Files.deleteIfExists(head.acks);
    }
  }

  /** Moves the entry returned by {@link #peek} to the dead-letter file, with the reason. */
  public synchronized void reject(String reason) throws IOException {
    ensureOpen();
    Entry e = peek().orElseThrow(() -> new IllegalStateException("reject without an entry"));
    byte[] line =
        Json.mapper()
            .writeValueAsBytes(new DeadLetter(e.key(), e.target(), e.action(), reason, e.body()));
    try (FileChannel ch =
        FileChannel.open(
            directory.resolve(DEAD_LETTER),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      ByteBuffer bb = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
      while (bb.hasRemaining()) {
        ch.write(bb);
      }
      ch.force(true);
    }
    ack();
  }

  /** Entries appended and not yet acknowledged or rejected. */
  public synchronized int pending() {
    return pending;
  }

  private void quarantine(Segment head, IOException e) throws IOException {
    Path aside = head.file.resolveSibling(head.file.getFileName() + ".corrupt");
    Files.move(head.file, aside, StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(head.acks);
    segments.removeFirst();
    pending -= head.size - head.acked;
    LOG.error(
        "alert outbox segment {} is unreadable ({}); moved to {}, its events are not sent",
        head.file,
        e.getMessage(),
        aside.getFileName());
  }

  private static List<Entry> readEntries(Path file) throws IOException {
    List<Entry> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isEmpty()) {
        continue;
      }
      try {
        out.add(Json.mapper().readValue(line, Entry.class));
      } catch (JacksonException | IllegalArgumentException e) {
        throw new IOException("line " + (out.size() + 1) + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static int countLines(byte[] bytes) {
    int n = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        n++;
      }
    }
    return n;
  }

  private static Path acksOf(Path segment) {
    String name = segment.getFileName().toString();
    return segment.resolveSibling(name.substring(0, name.length() - ".jsonl".length()) + ".acked");
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("alert outbox " + directory + " is closed");
    }
  }

  /** Releases the directory; pending entries stay for the next {@link #open}. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (headAcks != null) {
        headAcks.close();
      }
    } finally {
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
    }
  }
}
