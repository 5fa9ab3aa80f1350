package dev.vigil.collectors.transport.root;

import static java.util.Objects.requireNonNull;

import dev.vigil.collectors.transport.internal.HostFiles;
import dev.vigil.core.Target;
import dev.vigil.core.transport.CommandResult;
import dev.vigil.core.transport.FileContent;
import dev.vigil.core.transport.FileStat;
import dev.vigil.core.transport.Transport;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A root filesystem that is not running: a mounted disk or an unpacked container image. Every
 * target path is resolved inside the root, one component at a time, the way the kernel would
 * resolve it if the root were {@code /}: {@code ..} stops at the root, an absolute symlink {@code
 * /etc/x -> /etc/y} resolves to {@code ROOT/etc/y}, and a relative one that climbs out is clamped
 * at the root. More than {@value #MAX_SYMLINKS} symlinks in one resolution is a loop ({@link
 * FileSystemLoopException}). The host's own files are never reached through a link.
 *
 * <p>Not live: {@link #run} throws {@link UnsupportedOperationException}. Safe for concurrent use.
 */
public final class RootDirTransport implements Transport {
  /** The kernel's limit (MAXSYMLINKS) on symlinks followed in one path resolution. */
  public static final int MAX_SYMLINKS = 40;

  private final Path root;
  private final Target target;
  private final Clock clock;

  /**
   * @throws NoSuchFileException when the root does not exist
   * @throws NotDirectoryException when it is not a directory
   */
  public RootDirTransport(Path root) throws IOException {
    this(root, Clock.systemUTC());
  }

  public RootDirTransport(Path root, Clock clock) throws IOException {
    requireNonNull(root, "root");
    this.clock = requireNonNull(clock, "clock");
    Path real;
    try {
      real = root.toRealPath();
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(root.toString(), null, "root does not exist");
    }
    if (!Files.isDirectory(real)) {
      throw new NotDirectoryException(root.toString());
    }
    this.root = real;
    this.target = Target.root(real.toString());
  }

  public Path root() {
    return root;
  }

  @Override
  public Target target() {
    return target;
  }

  @Override
  public boolean live() {
    return false;
  }

  @Override
  public FileContent read(String path, long maxBytes) throws IOException {
    return HostFiles.read(resolve(path, true), path, maxBytes, false, clock.instant());
  }

  @Override
  public Optional<FileStat> stat(String path) throws IOException {
    Path host;
    try {
      host = resolve(path, false);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    }
    return HostFiles.stat(host, path, false);
  }

  @Override
  public List<String> list(String dir) throws IOException {
    return HostFiles.list(resolve(dir, true), dir);
  }

  @Override
  public CommandResult run(List<String> command, Duration timeout, long maxOutputBytes) {
    throw new UnsupportedOperationException(
        "cannot run '" + String.join(" ", command) + "' on a root directory target (not live)");
  }

  /**
   * The host path of a target path, every symlink (and the final one when {@code followFinal})
   * resolved inside the root. A missing final component is allowed (the caller finds out); a
   * missing directory on the way throws {@link NoSuchFileException}.
   */
  Path resolve(String path, boolean followFinal) throws IOException {
    requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("target paths must be absolute: " + path);
    }
    if (path.indexOf('\0') >= 0) {
      throw new FileSystemException(path, null, "invalid path: contains NUL");
    }
    Deque<String> todo = new ArrayDeque<>();
    pushFront(todo, path);
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      done.add(c);
      Path host = hostPath(done, path);
      boolean last = todo.stream().allMatch(s -> s.isEmpty() || s.equals("."));
      if (!Files.isSymbolicLink(host)) {
        if (!last && !Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
          throw new NoSuchFileException(path);
        }
        if (!last && !Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
          throw new NotDirectoryException(path);
        }
        continue;
      }
      if (last && !followFinal) {
        continue;
      }
      if (++links > MAX_SYMLINKS) {
        throw new FileSystemLoopException(path);
      }
      String linkTarget;
      try {
        linkTarget = Files.readSymbolicLink(host).toString();
      } catch (IOException e) {
        throw HostFiles.translate(e, path);
      }
      done.remove(done.size() - 1);
      if (linkTarget.startsWith("/")) {
        done.clear();
      }
      pushFront(todo, linkTarget);
    }
    return hostPath(done, path);
  }

  private Path hostPath(List<String> components, String original) throws IOException {
    if (components.isEmpty()) {
      return root;
    }
    try {
      return root.resolve(String.join("/", components));
    } catch (InvalidPathException e) {
      throw new FileSystemException(original, null, "invalid path: " + e.getReason());
    }
  }

  private static void pushFront(Deque<String> todo, String path) {
    String[] parts = path.split("/", -1);
    for (int i = parts.length - 1; i >= 0; i--) {
      todo.addFirst(parts[i]);
    }
  }
}
