package dev.vigil.collectors.transport.root;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.transport.FileStat;
import dev.vigil.core.transport.FileTooLargeException;
import dev.vigil.core.transport.FileType;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootDirTransportTest {
  @TempDir Path tmp;
  Path root;
  Path outside;
  RootDirTransport t;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("root"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createDirectories(root.resolve("etc/ssh"));
    write(root.resolve("etc/ssh/sshd_config"), "PermitRootLogin no\n");
    write(root.resolve("etc/hostname"), "inside\n");
    write(outside.resolve("secret"), "host secret\n");
    t = new RootDirTransport(root);
  }

  private static void write(Path p, String s) throws IOException {
    Files.writeString(p, s, StandardCharsets.UTF_8);
  }

  @Test
  void readsAFileByItsTargetPath() throws IOException {
    var c = t.read("/etc/ssh/sshd_config", 1024);
    assertEquals("PermitRootLogin no\n", c.text());
    assertEquals("/etc/ssh/sshd_config", c.path());
  }

  @Test
  void absoluteSymlinkResolvesInsideTheRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("etc/alias"), Path.of("/etc/hostname"));
    assertEquals("inside\n", t.read("/etc/alias", 1024).text());
  }

  @Test
  void absoluteSymlinkToAHostPathIsContainedNotFollowedToTheHost() throws IOException {
    // outside/secret exists on the host; inside the root the same absolute path does not
    Files.createSymbolicLink(root.resolve("etc/leak"), outside.resolve("secret"));
    assertThrows(NoSuchFileException.class, () -> t.read("/etc/leak", 1024));
  }

  @Test
  void relativeSymlinkClimbingOutIsClampedAtTheRoot() throws IOException {
    Files.createSymbolicLink(
        root.resolve("etc/up"), Path.of("../../../../../../../../etc/hostname"));
    assertEquals("inside\n", t.read("/etc/up", 1024).text());
    Files.createSymbolicLink(root.resolve("etc/out"), Path.of("../../outside/secret"));
    assertThrows(NoSuchFileException.class, () -> t.read("/etc/out", 1024));
  }

  @Test
  void dotDotInTheRequestedPathCannotEscape() throws IOException {
    assertEquals("inside\n", t.read("/../../../etc/hostname", 1024).text());
    assertThrows(NoSuchFileException.class, () -> t.read("/../outside/secret", 1024));
  }

  @Test
  void symlinkedDirectoryInTheMiddleResolvesInsideTheRoot() throws IOException {
    Files.createDirectories(root.resolve("usr/lib"));
    write(root.resolve("usr/lib/os-release"), "ID=debian\n");
    Files.createSymbolicLink(root.resolve("lib"), Path.of("/usr/lib"));
    assertEquals("ID=debian\n", t.read("/lib/os-release", 1024).text());
    assertEquals(List.of("os-release"), t.list("/lib"));
  }

  @Test
  void symlinkLoopIsAFileSystemLoop() throws IOException {
    Files.createSymbolicLink(root.resolve("etc/a"), Path.of("b"));
    Files.createSymbolicLink(root.resolve("etc/b"), Path.of("/etc/a"));
    assertThrows(FileSystemLoopException.class, () -> t.read("/etc/a", 1024));
    assertThrows(FileSystemLoopException.class, () -> t.list("/etc/a"));
    assertThrows(FileSystemLoopException.class, () -> t.read("/etc/a/x", 1024));
    // lstat of the link itself is fine
    assertEquals(FileType.SYMLINK, t.stat("/etc/a").orElseThrow().type());
  }

  @Test
  void selfLoopThroughADirectoryIsAFileSystemLoop() throws IOException {
    Files.createSymbolicLink(root.resolve("etc/self"), Path.of("self/x"));
    assertThrows(FileSystemLoopException.class, () -> t.read("/etc/self", 1024));
  }

  @Test
  void statIsLstatWithNumericOwnersAndMode() throws IOException {
    Path f = root.resolve("etc/ssh/sshd_config");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    Files.createSymbolicLink(root.resolve("etc/link"), Path.of("/etc/ssh/sshd_config"));
    FileStat s = t.stat("/etc/ssh/sshd_config").orElseThrow();
    assertEquals(FileType.FILE, s.type());
    assertEquals(0600, s.mode());
    assertEquals("0600", s.modeOctal());
    assertEquals(19, s.size());
    assertEquals(((Number) Files.getAttribute(f, "unix:uid")).longValue(), s.uid());
    FileStat l = t.stat("/etc/link").orElseThrow();
    assertEquals(FileType.SYMLINK, l.type());
    assertEquals(Optional.of("/etc/ssh/sshd_config"), l.linkTarget());
    assertEquals(Optional.empty(), t.stat("/etc/nope"));
    assertEquals(Optional.empty(), t.stat("/nope/deeper/still"));
    assertEquals(FileType.DIRECTORY, t.stat("/").orElseThrow().type());
  }

  @Test
  void setuidAndStickyBitsAreInTheMode() throws IOException {
    Path f = root.resolve("etc/suid");
    write(f, "x");
    Files.setAttribute(f, "unix:mode", 04755);
    Path d = Files.createDirectories(root.resolve("tmp"));
    Files.setAttribute(d, "unix:mode", 01777);
    assertEquals("4755", t.stat("/etc/suid").orElseThrow().modeOctal());
    assertEquals(01777, t.stat("/tmp").orElseThrow().mode());
    assertTrue(t.stat("/tmp").orElseThrow().worldWritable());
  }

  @Test
  void twoGigabyteFileIsRefusedWithoutReadingIt() throws IOException {
    Path big = root.resolve("etc/big");
    try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
      raf.setLength(2L * 1024 * 1024 * 1024); // sparse: no disk used
    }
    FileTooLargeException e =
        assertThrows(FileTooLargeException.class, () -> t.read("/etc/big", 4096));
    assertEquals(2L * 1024 * 1024 * 1024, e.size());
    assertEquals("/etc/big", e.getFile());
  }

  @Test
  void directoriesAndFifosAreNotReadAsFiles() throws Exception {
    assertThrows(FileSystemException.class, () -> t.read("/etc", 4096));
    Path fifo = root.resolve("etc/fifo");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertEquals(0, p.waitFor());
    FileSystemException e = assertThrows(FileSystemException.class, () -> t.read("/etc/fifo", 10));
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
  }

  @Test
  void exceptionsNameTheTargetPathNotTheHostPath() {
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> t.read("/etc/missing", 10));
    assertEquals("/etc/missing", e.getFile());
    assertFalse(e.getMessage().contains(root.toString()));
  }

  @Test
  void listIsSortedAndInsideTheRoot() throws IOException {
    assertEquals(List.of("hostname", "ssh"), t.list("/etc"));
    assertThrows(NoSuchFileException.class, () -> t.list("/nope"));
  }

  @Test
  void isNotLiveAndRefusesCommands() {
    assertFalse(t.live());
    assertThrows(
        UnsupportedOperationException.class,
        () -> t.run(List.of("id"), Duration.ofSeconds(1), 100));
  }

  @Test
  void missingRootIsRefused() {
    assertThrows(NoSuchFileException.class, () -> new RootDirTransport(tmp.resolve("none")));
  }
}
