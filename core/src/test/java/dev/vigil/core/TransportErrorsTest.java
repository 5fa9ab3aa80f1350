package dev.vigil.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.core.transport.FileTooLargeException;
import dev.vigil.core.transport.TransportErrors;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class TransportErrorsTest {
  @Test
  void reasonsNameThePathAndWhatWentWrong() {
    assertEquals(
        "/etc/x: no such file",
        TransportErrors.reason("/etc/x", new NoSuchFileException("/etc/x")));
    assertEquals(
        "/etc/x: symlink loop",
        TransportErrors.reason("/etc/x", new FileSystemLoopException("/etc/x")));
    assertEquals(
        "/etc/x: file is 10 bytes, larger than the limit of 5 bytes",
        TransportErrors.reason("/etc/x", new FileTooLargeException("/etc/x", 10, 5)));
  }

  @Test
  void accessDeniedKeepsTheTransportsExplanation() {
    assertEquals(
        "/etc/shadow: permission denied",
        TransportErrors.reason("/etc/shadow", new AccessDeniedException("/etc/shadow")));
    assertEquals(
        "/etc/shadow: permission denied; sudo -n failed (a password is required)",
        TransportErrors.reason(
            "/etc/shadow",
            new AccessDeniedException(
                "/etc/shadow",
                null,
                "permission denied; sudo -n failed (a password is required)")));
    assertEquals(
        "/etc/shadow: permission denied (read-only snapshot)",
        TransportErrors.reason(
            "/etc/shadow", new AccessDeniedException("/etc/shadow", null, "read-only snapshot")));
  }
}
