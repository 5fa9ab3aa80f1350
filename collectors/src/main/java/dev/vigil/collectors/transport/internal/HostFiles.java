package dev.vigil.collectors.transport.internal;

import dev.vigil.core.transport.FileContent;
import dev.vigil.core.transport.FileStat;
import dev.vigil.core.transport.FileTooLargeException;
import dev.vigil.core.transport.FileType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bounded, read-only access to files of the scanning host, shared by the local and root-directory
 * transports. Exceptions carry the <em>target</em> path, never the host path under a root.
 */
public final class HostFiles {
  /** No directory listing returns more entries than this; a larger one is an error. */
  public static final int MAX_LIST_ENTRIES = 100_000;

  private HostFiles() {}

  /**
   * Reads a regular file up to {@code maxBytes}. A file whose size is known to exceed the bound is
   * refused before reading; a file that reports no size ({@code /proc}) is read until the bound.
   * FIFOs, devices and sockets are refused, so a read can never block.
   */
  public static FileContent read(
      Path hostPath, String targetPath, long maxBytes, boolean followFinal, Instant now)
      throws IOException {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    LinkOption[] links =
        followFinal ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    Map<String, Object> attrs;
    try {
      attrs = Files.readAttributes(hostPath, "unix:mode,size", links);
    } catch (IOException e) {
      throw translate(e, targetPath);
    }
    int mode = (Integer) attrs.get("mode");
    int type = mode & 0170000;
    if (type == 0040000) {
      throw new FileSystemException(targetPath, null, "is a directory");
    }
    if (type == 0120000) {
      throw new FileSystemException(targetPath, null, "is a symbolic link");
    }
    if (type != 0100000) {
      throw new FileSystemException(targetPath, null, "not a regular file");
    }
    long size = (Long) attrs.get("size");
    if (size > maxBytes) {
      throw new FileTooLargeException(targetPath, size, maxBytes);
    }
    List<OpenOption> options = new ArrayList<>();
    options.add(StandardOpenOption.READ);
    if (!followFinal) {
      options.add(LinkOption.NOFOLLOW_LINKS);
    }
    try (SeekableByteChannel ch =
            Files.newByteChannel(hostPath, options.toArray(new OpenOption[0]));
        InputStream in = Channels.newInputStream(ch)) {
      long limit = maxBytes;
      int initial = (int) Math.min(Math.max(size, 256), Math.min(limit + 1, 1 << 20));
      ByteArrayOutputStream out = new ByteArrayOutputStream(initial);
      byte[] buf = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buf, 0, (int) Math.min(buf.length, limit + 1 - total))) > 0) {
        out.write(buf, 0, n);
        total += n;
        if (total > limit) {
          throw new FileTooLargeException(targetPath, total, maxBytes);
        }
      }
      return new FileContent(targetPath, out.toByteArray(), now);
    } catch (FileTooLargeException e) {
      throw e;
    } catch (IOException e) {
      throw translate(e, targetPath);
    }
  }

  /** lstat (or stat when {@code follow}); empty when the path does not exist. */
  public static Optional<FileStat> stat(Path hostPath, String targetPath, boolean follow)
      throws IOException {
    LinkOption[] links = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    Map<String, Object> a;
    try {
      a = Files.readAttributes(hostPath, "unix:mode,uid,gid,size,lastModifiedTime", links);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      IOException t = translate(e, targetPath);
      if (t instanceof NoSuchFileException || t instanceof NotDirectoryException) {
        return Optional.empty();
      }
      throw t;
    }
    int mode = (Integer) a.get("mode");
    FileType type =
        switch (mode & 0170000) {
          case 0100000 -> FileType.FILE;
          case 0040000 -> FileType.DIRECTORY;
          case 0120000 -> FileType.SYMLINK;
          default -> FileType.OTHER;
        };
    Optional<String> link = Optional.empty();
    if (type == FileType.SYMLINK) {
      try {
        link = Optional.of(Files.readSymbolicLink(hostPath).toString());
      } catch (IOException e) {
        throw translate(e, targetPath);
      }
    }
    return Optional.of(
        new FileStat(
            targetPath,
            type,
            mode & 07777,
            ((Number) a.get("uid")).longValue(),
            ((Number) a.get("gid")).longValue(),
            (Long) a.get("size"),
            ((FileTime) a.get("lastModifiedTime")).toInstant(),
            link));
  }

  /** Sorted entry names of a directory (following a final symlink on the host path). */
  public static List<String> list(Path hostDir, String targetPath) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(hostDir)) {
      for (Path p : ds) {
        if (names.size() >= MAX_LIST_ENTRIES) {
          throw new FileSystemException(
              targetPath, null, "directory has more than " + MAX_LIST_ENTRIES + " entries");
        }
        names.add(p.getFileName().toString());
      }
    } catch (FileSystemException e) {
      if (targetPath.equals(e.getFile())) {
        throw e;
      }
      throw translate(e, targetPath);
    } catch (IOException e) {
      throw translate(e, targetPath);
    }
    Collections.sort(names);
    return names;
  }

  /** Rewrites a host-side exception so it names the target path and uses the standard types. */
  public static IOException translate(IOException e, String targetPath) {
    if (e instanceof FileTooLargeException) {
      return e;
    }
    if (e instanceof NoSuchFileException) {
      return new NoSuchFileException(targetPath);
    }
    if (e instanceof AccessDeniedException) {
      return new AccessDeniedException(targetPath);
    }
    if (e instanceof NotDirectoryException) {
      return new NotDirectoryException(targetPath);
    }
    if (e instanceof FileSystemLoopException) {
      return new FileSystemLoopException(targetPath);
    }
    if (e instanceof FileSystemException fse) {
      String reason = fse.getReason() == null ? "" : fse.getReason();
      if (reason.contains("Too many levels of symbolic links")) {
        return new FileSystemLoopException(targetPath);
      }
      if (reason.contains("Not a directory")) {
        return new NotDirectoryException(targetPath);
      }
      return new FileSystemException(targetPath, null, reason.isEmpty() ? "I/O error" : reason);
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new IOException(targetPath + ": " + msg, e);
  }
}
