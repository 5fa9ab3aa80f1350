package dev.vigil.collectors.transport.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.transport.CommandResult;
import dev.vigil.core.transport.FileTooLargeException;
import dev.vigil.core.transport.FileType;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTransportTest {
  @TempDir Path tmp;
  final LocalTransport t = new LocalTransport();

  @Test
  void readsRealFilesAndProcFilesWithoutSize() throws IOException {
    Path f = tmp.resolve("a");
    Files.writeString(f, "hello");
    assertEquals("hello", t.read(f.toString(), 100).text());
    assertFalse(t.read("/proc/self/status", 1 << 20).text().isEmpty());
    assertTrue(t.live());
  }

  @Test
  void procFileLargerThanTheBoundIsTooLarge() {
    assertThrows(FileTooLargeException.class, () -> t.read("/proc/self/status", 10));
  }

  @Test
  void sparseTwoGigabyteFileIsRefusedBeforeReading() throws IOException {
    Path big = tmp.resolve("big");
    try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
      raf.setLength(2L * 1024 * 1024 * 1024);
    }
    assertThrows(FileTooLargeException.class, () -> t.read(big.toString(), 1 << 20));
  }

  @Test
  void symlinkLoopAndMissingFilesUseStandardExceptions() throws IOException {
    Files.createSymbolicLink(tmp.resolve("a"), tmp.resolve("b"));
    Files.createSymbolicLink(tmp.resolve("b"), tmp.resolve("a"));
    assertThrows(FileSystemLoopException.class, () -> t.read(tmp.resolve("a").toString(), 10));
    assertThrows(NoSuchFileException.class, () -> t.read(tmp.resolve("zz").toString(), 10));
    assertEquals(FileType.SYMLINK, t.stat(tmp.resolve("a").toString()).orElseThrow().type());
    assertTrue(t.stat(tmp.resolve("zz").toString()).isEmpty());
  }

  @Test
  void statReportsNumericOwnersAndSpecialBits() throws IOException {
    Path f = tmp.resolve("owned");
    Files.writeString(f, "x");
    boolean root = "0".equals(String.valueOf(Files.getAttribute(tmp, "unix:uid")));
    if (root) {
      Files.setAttribute(f, "unix:uid", 65534);
      Files.setAttribute(f, "unix:gid", 4242);
    }
    Files.setAttribute(f, "unix:mode", 02750); // after chown, which clears setgid
    var s = t.stat(f.toString()).orElseThrow();
    assertEquals("2750", s.modeOctal());
    if (root) {
      assertEquals(65534, s.uid());
      assertEquals(4242, s.gid()); // a gid with no name on this host stays a number
    }
  }

  @Test
  void runsACommandWithoutAShell() throws IOException {
    CommandResult r = t.run(List.of("echo", "a;b", "$HOME"), Duration.ofSeconds(30), 1000);
    assertTrue(r.succeeded());
    assertEquals("a;b $HOME\n", r.stdout());
  }

  @Test
  void outputBeyondTheBoundIsCutAndMarked() throws IOException {
    CommandResult r = t.run(List.of("seq", "1", "200000"), Duration.ofSeconds(60), 100);
    assertTrue(r.truncated());
    assertFalse(r.succeeded());
    assertEquals(100, r.stdout().length());
  }

  @Test
  void commandIsKilledAtItsTimeLimit() throws IOException {
    CommandResult r = t.run(List.of("sleep", "600"), Duration.ofMillis(300), 100);
    assertTrue(r.timedOut());
    assertFalse(r.succeeded());
  }

  @Test
  void missingProgramIsAnIOExceptionNamingIt() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> t.run(List.of("/no/such/program"), Duration.ofSeconds(5), 100));
    assertTrue(e.getMessage().contains("/no/such/program"), e.getMessage());
  }
}
