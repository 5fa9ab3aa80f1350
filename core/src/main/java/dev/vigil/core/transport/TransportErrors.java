package dev.vigil.core.transport;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns transport exceptions into the one-line reasons that facts and findings carry. */
public final class TransportErrors {
  private TransportErrors() {}

  public static String reason(String path, IOException e) {
    if (e instanceof NoSuchFileException) {
      return path + ": no such file";
    }
    if (e instanceof AccessDeniedException denied) {
      // A transport may say why (sudo -n would prompt); keep it for the finding's message.
      String why = denied.getReason();
      if (why == null || why.isBlank()) {
        return path + ": permission denied";
      }
      return why.toLowerCase(java.util.Locale.ROOT).startsWith("permission denied")
          ? path + ": " + why
          : path + ": permission denied (" + why + ")";
    }
    if (e instanceof FileSystemLoopException) {
      return path + ": symlink loop";
    }
    if (e instanceof NotDirectoryException) {
      return path + ": not a directory";
    }
    if (e instanceof FileTooLargeException big) {
      return path + ": " + big.getReason();
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return msg.contains(path) ? msg : path + ": " + msg;
  }
}
