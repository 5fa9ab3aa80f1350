package dev.vigil.collectors.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.facts.SourceKind;
import dev.vigil.core.transport.CommandResult;
import dev.vigil.core.transport.FileContent;
import dev.vigil.core.transport.FileStat;
import dev.vigil.core.transport.Transport;
import dev.vigil.core.transport.TransportErrors;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A collector's window on its transport: every read is bounded, classified (ok, missing, error with
 * a one-line reason naming the path) and recorded as provenance. Never throws for a bad file. Not
 * thread-safe: one per collection.
 */
public final class Inputs {
  /** The most entries a collector takes from one directory listing. */
  public static final int MAX_LIST = 10_000;

  private final Transport transport;
  private final CollectionContext context;
  private final Map<String, Provenance> provenance = new LinkedHashMap<>();

  public Inputs(Transport transport, CollectionContext context) {
    this.transport = requireNonNull(transport, "transport");
    this.context = requireNonNull(context, "context");
  }

  public Transport transport() {
    return transport;
  }

  public CollectionContext context() {
    return context;
  }

  public boolean live() {
    return transport.live();
  }

  /** A fresh Inputs on the same transport with its own provenance (for a second fact). */
  public Inputs fork() {
    return new Inputs(transport, context);
  }

  /** The target paths of every file whose bytes were read, in read order. */
  public List<String> files() {
    return provenance.values().stream()
        .filter(p -> p.kind() == SourceKind.FILE && p.sha256().isPresent())
        .map(Provenance::source)
        .toList();
  }

  /** False when the target has no {@code /etc} directory: not a Linux root at all. */
  public boolean hasEtc() {
    Stat s = stat("/etc");
    if (s.stat().isEmpty()) {
      return false;
    }
    var t = s.stat().get().type();
    return t == dev.vigil.core.transport.FileType.DIRECTORY
        || t == dev.vigil.core.transport.FileType.SYMLINK && list("/etc").ok();
  }

  public static final String NO_ETC = "target has no /etc";

  public List<Provenance> provenance() {
    return List.copyOf(provenance.values());
  }

  /** Reads a text file within the context's size bound; binary content is an error. */
  public Text read(String path) {
    return read(path, context.maxFileBytes(), false);
  }

  /** Reads a file within {@code maxBytes}; {@code binaryOk} keeps content that has NUL bytes. */
  public Text read(String path, long maxBytes, boolean binaryOk) {
    try {
      FileContent c = transport.read(path, maxBytes);
      provenance.put("file:" + path, c.provenance());
      if (!binaryOk && c.looksBinary()) {
        return new Text(
            path, Text.Status.ERROR, Optional.of(c), path + ": binary content, not text");
      }
      return new Text(path, Text.Status.OK, Optional.of(c), "");
    } catch (NoSuchFileException | NotDirectoryException e) {
      return new Text(path, Text.Status.MISSING, Optional.empty(), path + ": no such file");
    } catch (IOException | RuntimeException e) {
      provenance.putIfAbsent(
          "file:" + path, Provenance.unread(SourceKind.FILE, path, context.now()));
      String reason =
          e instanceof IOException io ? TransportErrors.reason(path, io) : path + ": " + e;
      return new Text(path, Text.Status.ERROR, Optional.empty(), reason);
    }
  }

  /** lstat; {@link Stat#exists()} false when missing; an error names the path. */
  public Stat stat(String path) {
    try {
      return new Stat(path, transport.stat(path), Optional.empty());
    } catch (IOException | RuntimeException e) {
      String reason =
          e instanceof IOException io ? TransportErrors.reason(path, io) : path + ": " + e;
      return new Stat(path, Optional.empty(), Optional.of(reason));
    }
  }

  /** True when the path exists (following nothing); false on any error. */
  public boolean exists(String path) {
    return stat(path).exists();
  }

  /** A sorted directory listing, at most {@link #MAX_LIST} names. */
  public Listing list(String dir) {
    try {
      List<String> names = transport.list(dir);
      boolean capped = names.size() > MAX_LIST;
      if (capped) {
        names = names.subList(0, MAX_LIST);
      }
      provenance.putIfAbsent(
          "dir:" + dir,
          new Provenance(SourceKind.DIRECTORY, dir, Optional.empty(), 0, context.now()));
      return new Listing(dir, Text.Status.OK, List.copyOf(names), capped, "");
    } catch (NoSuchFileException | NotDirectoryException e) {
      return new Listing(dir, Text.Status.MISSING, List.of(), false, dir + ": no such directory");
    } catch (IOException | RuntimeException e) {
      String reason =
          e instanceof IOException io ? TransportErrors.reason(dir, io) : dir + ": " + e;
      return new Listing(dir, Text.Status.ERROR, List.of(), false, reason);
    }
  }

  /** Runs a command on a live target; the error says why it could not run. */
  public Command run(List<String> command, long maxOutputBytes) {
    return run(command, context.commandTimeout(), maxOutputBytes);
  }

  public Command run(List<String> command, Duration timeout, long maxOutputBytes) {
    String line = String.join(" ", command);
    if (!transport.live()) {
      return new Command(Optional.empty(), line + ": target is not live");
    }
    try {
      CommandResult r = transport.run(command, timeout, maxOutputBytes);
      provenance.put("cmd:" + line, r.provenance());
      if (r.timedOut()) {
        return new Command(
            Optional.of(r), line + ": timed out after " + timeout.toMillis() + " ms");
      }
      if (r.truncated()) {
        return new Command(
            Optional.of(r), line + ": output larger than " + maxOutputBytes + " bytes");
      }
      if (r.exitCode() != 0) {
        String err = r.stderr().strip();
        int nl = err.indexOf('\n');
        err = nl >= 0 ? err.substring(0, nl) : err;
        return new Command(
            Optional.of(r),
            line + ": exit " + r.exitCode() + (err.isEmpty() ? "" : ": " + Lines.clip(err, 200)));
      }
      return new Command(Optional.of(r), "");
    } catch (IOException | RuntimeException e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Command(Optional.empty(), msg.startsWith(line) ? msg : line + ": " + msg);
    }
  }

  /** Records a provenance entry for metadata read without content (a stat). */
  public void noteStat(FileStat s) {
    provenance.putIfAbsent(
        "stat:" + s.path(),
        new Provenance(SourceKind.FILE, s.path(), Optional.empty(), s.size(), context.now()));
  }

  /** The result of one file read. */
  public record Text(String path, Status status, Optional<FileContent> content, String reason) {
    public enum Status {
      OK,
      MISSING,
      ERROR
    }

    public boolean ok() {
      return status == Status.OK;
    }

    public boolean missing() {
      return status == Status.MISSING;
    }

    public boolean error() {
      return status == Status.ERROR;
    }

    /** The text, UTF-8 with malformed bytes replaced; empty unless ok. */
    public String text() {
      return ok() ? content.orElseThrow().text() : "";
    }

    public List<String> lines() {
      return Lines.split(text());
    }
  }

  /** The result of one lstat. */
  public record Stat(String path, Optional<FileStat> stat, Optional<String> error) {
    public boolean exists() {
      return stat.isPresent();
    }
  }

  /** The result of one directory listing. */
  public record Listing(
      String dir, Text.Status status, List<String> names, boolean capped, String reason) {
    public boolean ok() {
      return status == Text.Status.OK;
    }

    public boolean missing() {
      return status == Text.Status.MISSING;
    }
  }

  /** The result of one command: the output if it ran; an error reason unless it succeeded. */
  public record Command(Optional<CommandResult> result, String error) {
    public boolean succeeded() {
      return error.isEmpty() && result.isPresent();
    }

    public String stdout() {
      return result.map(CommandResult::stdout).orElse("");
    }
  }

  /** Joins a directory and a name into a target path. */
  public static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  /** Makes an error collection message: a map with a list of problems, capped. */
  public static List<String> cap(List<String> problems, int max) {
    if (problems.size() <= max) {
      return problems;
    }
    List<String> out = new ArrayList<>(problems.subList(0, max));
    out.add("... and " + (problems.size() - max) + " more problems");
    return out;
  }
}
