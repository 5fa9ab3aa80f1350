package dev.vigil.alerts.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** The few file-system steps that make a write survive a crash. */
public final class Durable {
  private Durable() {}

  /** Renames {@code from} over {@code to} atomically, or fails saying why. */
  public static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the directory must support atomic rename: " + to, e);
    }
  }

  /**
   * Makes a rename or a new file in {@code dir} durable; a no-op where a directory cannot be
   * opened.
   */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (UnsupportedOperationException | AccessDeniedException e) {
      // Not every platform can sync a directory (Windows); the rename itself is still atomic.
    }
  }
}
