package dev.vigil.core.transport;

import dev.vigil.core.Target;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How bytes are read from a target. Local, root-directory and SSH transports implement it, so every
 * collector works on every target. Paths are absolute paths as the target sees them ({@code
 * /etc/ssh/sshd_config}); a root-directory transport resolves them, symlinks included, inside its
 * root.
 *
 * <p>Nothing is ever written to a target, and every read is bounded. Implementations are safe for
 * use by several collectors of the same scan at once. Failures are reported with the standard
 * {@link java.nio.file.FileSystemException} subclasses ({@code NoSuchFileException}, {@code
 * AccessDeniedException}, {@code FileSystemLoopException}), {@link FileTooLargeException}, or an
 * {@link IOException} whose message names the path and the reason.
 */
public interface Transport extends Closeable {

  Target target();

  /**
   * True when the target is a running system: processes, {@code /proc} and commands reflect it. A
   * root-directory transport is not live.
   */
  boolean live();

  /** Reads a whole regular file, following symlinks (inside the root), up to {@code maxBytes}. */
  FileContent read(String path, long maxBytes) throws IOException;

  /** Metadata of a path without following a final symlink; empty when the path does not exist. */
  Optional<FileStat> stat(String path) throws IOException;

  /** The entry names of a directory, sorted; follows symlinks to the directory inside the root. */
  List<String> list(String dir) throws IOException;

  /**
   * Runs a read-only command on a live target, with a time limit and a bound on the output kept.
   *
   * @throws UnsupportedOperationException when the target is not {@link #live()}
   */
  CommandResult run(List<String> command, Duration timeout, long maxOutputBytes) throws IOException;

  @Override
  default void close() throws IOException {}
}
